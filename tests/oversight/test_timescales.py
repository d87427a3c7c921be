"""Each timescale rule flags exactly the records it should, measured on fixed days (every
rule takes the day as an argument, so no clock is frozen), bank holidays respected; the
command line prints the same counts."""

import datetime
import io
import json
import zoneinfo

import pytest
from django.core.management import CommandError, call_command

from earlyhelp.frontdoor.models import (
    Decision,
    DecisionKind,
    RequestConsent,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.oversight.models import TimescaleRules
from earlyhelp.oversight.selectors import authority_work
from earlyhelp.oversight.timescales import timescales_for
from earlyhelp.oversight.working_days import add_working_days, bank_holidays
from tests.conftest import demo_user
from tests.oversight.helpers import intervention, pathway

D = datetime.date
LONDON = zoneinfo.ZoneInfo("Europe/London")


def flagged(authority, as_of):  # type: ignore[no-untyped-def]
    return {
        (item.rule, item.record, "overdue" if item.is_overdue else "due soon")
        for item in authority_work(authority, as_of)
    }


def overdue_command(*args: str) -> dict:
    out = io.StringIO()
    call_command("overdue", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_working_days_skip_weekends_and_english_bank_holidays():
    assert add_working_days(D(2026, 4, 3), 1) == D(2026, 4, 7)  # Good Friday to Tuesday
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)  # Maundy Thursday too
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)  # Boxing Day moved to 28
    assert add_working_days(D(2026, 6, 5), 1) == D(2026, 6, 8)  # an ordinary weekend
    years = {day.year for day in bank_holidays()}
    assert set(range(2018, 2031)) <= years


def make_request(received_at: datetime.datetime, *, decided: bool = False) -> RequestForSupport:
    support_request = RequestForSupport.objects.create(
        authority=demo_user("practitioner").authority,
        source=RequestSource.PROFESSIONAL,
        status=RequestStatus.DECIDED if decided else RequestStatus.AWAITING_DECISION,
        received_at=received_at,
        submitted_by=demo_user("practitioner"),
        requester_name="Pat Head",
        child_first_name="Ruby",
        child_last_name="Hill",
        worries="Struggling at school since the new baby.",
        consent=RequestConsent.GIVEN,
    )
    if decided:
        Decision.objects.create(
            request=support_request,
            kind=DecisionKind.SIGNPOST,
            reason="Parenting leaflet",
            decided_by=demo_user("frontdoor"),
        )
    return support_request


def test_a_request_sent_on_good_friday_is_due_after_easter_monday(demo):
    wednesday = make_request(datetime.datetime(2026, 4, 1, 10, 0, tzinfo=LONDON))
    good_friday = make_request(datetime.datetime(2026, 4, 3, 11, 30, tzinfo=LONDON))
    make_request(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=LONDON), decided=True)
    authority = demo.authority

    def requests_on(day: datetime.date) -> set:
        return {row for row in flagged(authority, day) if row[0] == "request_decision"}

    assert requests_on(D(2026, 4, 1)) == {
        ("request_decision", f"Request {wednesday.reference}", "due soon")
    }
    # Good Friday and Easter Monday are bank holidays: Tuesday is the next working day.
    assert requests_on(D(2026, 4, 7)) == {
        ("request_decision", f"Request {wednesday.reference}", "overdue"),
        ("request_decision", f"Request {good_friday.reference}", "due soon"),
    }
    assert requests_on(D(2026, 4, 8)) == {
        ("request_decision", f"Request {wednesday.reference}", "overdue"),
        ("request_decision", f"Request {good_friday.reference}", "overdue"),
    }


AS_OF = D(2026, 6, 1)  # a Monday; due soon means due by 8 June


def test_each_rule_flags_exactly_its_records_and_the_command_counts_them(demo):
    assessed = D(2026, 1, 5)
    a1 = pathway("A1", consent_on=D(2026, 4, 20))  # due 20 May: overdue
    a2 = pathway("A2", consent_on=D(2026, 5, 5))  # due 4 June: due soon
    pathway("A3", consent_on=D(2026, 5, 20))  # due 19 June
    f1 = pathway("F1", consent_on=D(2026, 1, 2), assessed_on=assessed, plan_on=D(2026, 4, 15))
    f2 = pathway("F2", consent_on=D(2026, 1, 2), assessed_on=assessed, plan_on=D(2026, 4, 25))
    pathway(  # reviewed in time, next due 15 July
        "F3",
        consent_on=D(2026, 1, 2),
        assessed_on=assessed,
        plan_on=D(2026, 4, 15),
        reviews=(D(2026, 5, 20),),
    )
    r1 = pathway("R1", consent_on=D(2026, 1, 2), assessed_on=assessed, reviews=(D(2026, 4, 1),))
    r2 = pathway(
        "R2",
        consent_on=D(2026, 1, 2),
        assessed_on=assessed,
        reviews=(D(2026, 3, 1), D(2026, 4, 10)),  # the latest counts: due 5 June
    )
    l1 = pathway("L1", consent_on=D(2025, 5, 31), assessed_on=assessed)  # 12 months on 31 May
    l2 = pathway("L2", consent_on=D(2025, 6, 5), assessed_on=assessed)  # 12 months on 5 June
    i1 = intervention("I1", allocated_on=D(2026, 1, 12), started_on=D(2026, 1, 20))
    i2 = intervention("I2", allocated_on=D(2026, 1, 30))  # not started: counted from allocation
    intervention(
        "I3", allocated_on=D(2026, 1, 12), started_on=D(2026, 1, 20), ended_on=D(2026, 5, 1)
    )
    m1 = intervention("M1", allocated_on=D(2026, 4, 10), started_on=D(2026, 4, 10), is_remote=True)
    m2 = intervention("M2", allocated_on=D(2026, 4, 25), started_on=D(2026, 4, 25), is_remote=True)

    assert flagged(demo.authority, AS_OF) == {
        ("assessment", f"Pathway {a1.reference}", "overdue"),
        ("assessment", f"Pathway {a2.reference}", "due soon"),
        ("first_review", f"Pathway {f1.reference}", "overdue"),
        ("first_review", f"Pathway {f2.reference}", "due soon"),
        ("review", f"Pathway {r1.reference}", "overdue"),
        ("review", f"Pathway {r2.reference}", "due soon"),
        ("long_pathway", f"Pathway {l1.reference}", "overdue"),
        ("long_pathway", f"Pathway {l2.reference}", "due soon"),
        ("long_fsw_intervention", f"Intervention {i1.reference}", "overdue"),
        ("long_fsw_intervention", f"Intervention {i2.reference}", "due soon"),
        ("long_remote_intervention", f"Intervention {m1.reference}", "overdue"),
        ("long_remote_intervention", f"Intervention {m2.reference}", "due soon"),
    }
    one_of_each = {"overdue": 1, "due_soon": 1}
    assert overdue_command("--as-of", "2026-06-01", "--authority", "worcestershire") == {
        "as_of": "2026-06-01",
        "rules": {
            "request_decision": {"overdue": 0, "due_soon": 0},
            "assessment": one_of_each,
            "first_review": one_of_each,
            "review": one_of_each,
            "long_pathway": one_of_each,
            "long_fsw_intervention": one_of_each,
            "long_remote_intervention": one_of_each,
        },
    }

    # The authority's own timescales: with reviews every 9 weeks, R1 is due on 3 June and
    # R2 on 12 June.
    TimescaleRules.objects.update_or_create(
        authority=demo.authority, defaults={"review_interval_weeks": 9}
    )
    assert overdue_command("--as-of", "2026-06-01")["rules"]["review"] == {
        "overdue": 0,
        "due_soon": 1,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "1 June"], "'1 June' is not a date"),
        (["--authority", "atlantis"], "No authority 'atlantis'"),
    ],
)
def test_the_command_refuses_a_bad_date_or_authority(db, args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("overdue", *args, "--format", "json")
    assert error.value.returncode == 2


def test_an_administrator_changes_the_timescales_in_the_admin_site(signed_in, demo):
    # Until an administrator changes them the defaults apply, and the pages that read
    # them write nothing.
    assert signed_in("manager").get("/timescales/").status_code == 200
    assert signed_in("analyst").get("/monitoring/").status_code == 200
    assert not TimescaleRules.objects.filter(authority=demo.authority).exists()
    defaults = timescales_for(demo.authority)
    assert (defaults.assessment_days, defaults.review_interval_weeks) == (30, 8)

    admin = signed_in("admin")
    fields = {
        "request_decision_working_days": 2,
        "assessment_days": 20,
        "first_review_weeks": 6,
        "review_interval_weeks": 8,
        "pathway_months": 12,
        "fsw_intervention_weeks": 18,
        "due_soon_days": 7,
        "narrative_min_length": 120,
        "inactive_weeks": 8,
    }
    assert admin.get("/admin/oversight/timescalerules/add/").status_code == 200
    added = admin.post("/admin/oversight/timescalerules/add/", {**fields, "assessment_days": 25})
    assert added.status_code == 302
    rules = TimescaleRules.objects.get(authority=demo.authority)
    assert timescales_for(demo.authority).assessment_days == 25
    # One row per authority: from now on it is changed, not added again.
    assert admin.get("/admin/oversight/timescalerules/add/").status_code == 403

    url = f"/admin/oversight/timescalerules/{rules.pk}/change/"
    assert admin.get(url).status_code == 200
    assert admin.post(url, fields).status_code == 302
    changed = timescales_for(demo.authority)
    assert (changed.request_decision_working_days, changed.assessment_days) == (2, 20)
    assert admin.post(url, {**fields, "assessment_days": 0}).status_code == 200  # refused
