"""Which families the retention rule makes due, and why: a dry run on crafted dates."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.accounts.models import Authority, Team
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus
from earlyhelp.people.models import Family, Person, Relationship
from earlyhelp.protection.models import Combine, RetentionRule
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, make_family


def _family(name: str, *, closed_on: datetime.date | None, child_born: datetime.date) -> Family:
    family = make_family(name, team=MALVERN_TEAM)
    Person.objects.filter(
        memberships__family=family, memberships__relationship=Relationship.CHILD
    ).update(date_of_birth=child_born)
    Pathway.objects.create(
        family=family,
        team=Team.objects.get(name=MALVERN_TEAM),
        opened_on=datetime.date(2018, 1, 1),
        opened_by=demo_user("fsw"),
        status=PathwayStatus.CLOSED if closed_on else PathwayStatus.OPEN,
        closed_on=closed_on,
        outcome=Outcome.CLOSED_POSITIVELY if closed_on else "",
    )
    return family


def _report(*args: str) -> dict:
    out = StringIO()
    call_command("retention", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _due(report: dict) -> dict[str, tuple[str, str]]:
    return {row["family_id"]: (row["due_on"], row["rule"]) for row in report["families"]}


def test_the_dry_run_lists_the_families_due_with_the_rule_and_date(demo, signed_in):
    ash = _family(
        "Ash family", closed_on=datetime.date(2020, 3, 1), child_born=datetime.date(2015, 4, 2)
    )
    birch = _family(
        "Birch family", closed_on=datetime.date(2020, 3, 1), child_born=datetime.date(1999, 1, 1)
    )
    cedar = _family("Cedar family", closed_on=None, child_born=datetime.date(1990, 5, 5))
    ash_id, birch_id = str(ash.public_id), str(birch.public_id)

    # Default: 6 years after closure or the youngest child at 25, whichever is later.
    report = _report("--as-of", "2030-01-01")
    assert report["dry_run"] is True
    assert _due(report) == {birch_id: ("2026-03-01", "after_closure")}
    assert report["held_open"] == 0  # Cedar's dates have not passed yet
    report = _report("--as-of", "2041-01-01")
    assert _due(report) == {
        birch_id: ("2026-03-01", "after_closure"),
        ash_id: ("2040-04-02", "youngest_child_age"),
    }
    assert report["by_rule"] == {"after_closure": 1, "youngest_child_age": 1}
    assert report["held_open"] == 1  # Cedar: past both dates, but its pathway is open

    # An administrator's rule: the earlier date, ten years after closure.
    authority = Authority.objects.get(slug="worcestershire")
    rule = RetentionRule.objects.create(
        authority=authority, years_after_closure=6, youngest_child_age=25, combine=Combine.EARLIER
    )
    assert _due(_report("--as-of", "2027-01-01")) == {
        ash_id: ("2026-03-01", "after_closure"),
        birch_id: ("2024-01-01", "youngest_child_age"),
    }
    rule.years_after_closure, rule.combine = 10, Combine.LATER
    rule.save()
    assert _due(_report("--as-of", "2030-01-01")) == {}

    # The text report names no one and changes nothing.
    out = StringIO()
    call_command("retention", "--as-of", "2041-01-01", stdout=out)
    text = out.getvalue()
    assert text.startswith("Dry run, nothing changed")
    assert birch.reference in text and ash_id in text
    for name in ("Ash", "Birch", "Cedar", "Ruby", "Dawn"):
        assert name not in text
    assert not Family.objects.filter(anonymised_at__isnull=False).exists()
    assert Family.objects.filter(name="Ash family").exists()

    # The administrators' page shows the same dry run; nobody else sees it.
    admin = signed_in("admin")
    page = admin.get("/data-protection/retention/", {"as_of": "1/1/2041"})
    assert page.status_code == 200
    assert birch.reference in page.content.decode() and "Ash family" not in page.content.decode()
    bad = admin.get("/data-protection/retention/", {"as_of": "31/2/2041"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    for persona in ("practitioner", "analyst", "frontdoor", "manager"):
        assert signed_in(persona).get("/data-protection/retention/").status_code == 403
    assert cedar.anonymised_at is None


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "next year"),
        ("--authority", "atlantis"),
        ("--queue",),
    ],
)
def test_bad_arguments_are_one_line_errors_with_exit_code_2(demo, args):
    with pytest.raises(CommandError) as error:
        call_command("retention", *args)
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
