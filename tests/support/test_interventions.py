"""FSW interventions by persona: the front door, managers and family support workers
allocate; the worker records the start, sessions and the end; a manager sees each
worker's caseload against the target; someone with no part in the family learns nothing."""

import datetime
import html

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, Authority, Role, User
from earlyhelp.accounts.services import set_roles
from earlyhelp.pathways.models import TafMember
from earlyhelp.people.models import Person, Relationship
from earlyhelp.people.services import PersonDetails, add_new_person_to_family
from earlyhelp.support.models import (
    FswIntervention,
    InterventionOutcome,
    InterventionSession,
    InterventionSource,
    SessionKind,
)
from earlyhelp.support.selectors import (
    allocations_by_worker,
    family_events,
    interventions_for_family,
)
from earlyhelp.support.services import (
    SupportError,
    allocate_intervention,
    end_intervention,
    record_session,
    start_intervention,
)
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, family_with_pathway, make_family
from tests.support.helpers import allocate, children_of, uk

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def another_fsw(email: str = "sam.lee@demo.earlyhelp.test") -> User:
    worker = User.objects.create_user(
        email=email,
        first_name="Sam",
        last_name="Lee",
        authority=Authority.objects.get(),
        agency=demo_user("fsw").agency,
    )
    set_roles(worker, {Role.FAMILY_SUPPORT_WORKER})
    return worker


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


# Allocation rules -------------------------------------------------------------------------


def test_the_front_door_allocates_a_worker_to_the_familys_children(demo):
    family = make_family("Hill family")

    intervention = allocate(family, worker="fsw", by="frontdoor")

    assert intervention.worker == demo_user("fsw")
    assert intervention.allocated_by == demo_user("frontdoor")
    assert [child.first_name for child in intervention.children.all()] == ["Ruby"]
    assert intervention.is_open and intervention.started_on is None
    assert intervention.reference.startswith("I")


def test_an_intervention_within_a_pathway_adds_the_worker_to_the_team(demo):
    family, pathway = family_with_pathway(lead="practitioner")
    worker = another_fsw()

    intervention = allocate_intervention(
        by=demo_user("manager"),
        family=family,
        worker=worker,
        children=children_of(family),
        source=InterventionSource.PATHWAY,
        pathway=pathway,
    )

    assert intervention.pathway == pathway
    assert intervention.allocated_on == TODAY
    assert TafMember.objects.filter(pathway=pathway, user=worker).exists()


def refused(**changes: object) -> str:
    family = changes.pop("family", None) or make_family("Hill family")
    fields: dict[str, object] = {
        "by": demo_user("frontdoor"),
        "family": family,
        "worker": demo_user("fsw"),
        "children": children_of(family),
        "source": InterventionSource.DIRECT_REFERRAL,
    }
    fields.update(changes)
    with pytest.raises(SupportError) as error:
        allocate_intervention(**fields)  # type: ignore[arg-type]
    return str(error.value)


def test_the_worker_must_be_a_family_support_worker(demo):
    assert "is not a family support worker" in refused(worker=demo_user("practitioner"))


def test_the_worker_must_be_active(demo):
    worker = another_fsw()
    worker.is_active = False
    worker.save()

    assert "is not a family support worker" in refused(worker=worker)


def test_the_children_must_be_in_the_family_now(demo):
    family = make_family("Hill family")
    other = make_family("Moss family")
    parent = Person.objects.get(first_name="Dawn", last_name="Hill")

    assert refused(family=family, children=[]) == (
        "Choose at least one child the intervention is for"
    )
    assert "in this family now" in refused(family=family, children=children_of(other))
    assert "in this family now" in refused(family=family, children=[parent])


def test_an_intervention_within_a_pathway_needs_the_open_pathway(demo):
    family, pathway = family_with_pathway()
    other_family = make_family("Moss family")

    assert "needs the family's open pathway" in refused(
        family=family, source=InterventionSource.PATHWAY
    )
    assert "needs the family's open pathway" in refused(
        family=other_family, source=InterventionSource.PATHWAY, pathway=pathway
    )
    assert "not part of a pathway" in refused(family=family, pathway=pathway)


def test_a_worker_has_one_open_intervention_per_family(demo):
    family = make_family("Hill family")
    allocate(family)

    assert "already has an open intervention" in refused(family=family)
    assert FswIntervention.objects.count() == 1


def test_a_new_intervention_is_allowed_once_the_last_one_ended(demo):
    family = make_family("Hill family")
    first = allocate(family, days_ago=20)
    start_intervention(by=demo_user("fsw"), intervention=first, started_on=days_ago(20))
    end_intervention(
        by=demo_user("fsw"),
        intervention=first,
        ended_on=days_ago(1),
        outcome=InterventionOutcome.POSITIVE,
    )

    second = allocate(family)

    assert second.is_open and FswIntervention.objects.count() == 2


def test_allocation_cannot_be_in_the_future(demo):
    assert "today or in the past" in refused(allocated_on=TOMORROW)


def test_a_family_of_another_authority_is_refused(demo):
    family = make_family("Hill family")
    outsider = another_fsw("outsider@example.org")
    outsider.authority = None
    outsider.save()

    assert "not recorded by your authority" in refused(family=family, by=outsider)


# Start, sessions, end ---------------------------------------------------------------------


def test_an_intervention_runs_from_start_to_end(demo):
    family = make_family("Hill family")
    intervention = allocate(family, days_ago=30)
    fsw = demo_user("fsw")

    start_intervention(by=fsw, intervention=intervention, started_on=days_ago(21))
    record_session(
        by=fsw,
        intervention=intervention,
        held_on=days_ago(14),
        kind=SessionKind.HOME_VISIT,
        note="Routines chart made with Ruby and Dawn.",
    )
    end_intervention(
        by=fsw,
        intervention=intervention,
        ended_on=TODAY,
        outcome=InterventionOutcome.POSITIVE,
        note="Bedtimes calmer.",
    )

    intervention.refresh_from_db()
    assert intervention.weeks() == 3.0
    assert intervention.outcome == InterventionOutcome.POSITIVE
    assert intervention.sessions.get().kind == SessionKind.HOME_VISIT
    titles = [event.title for event in family_events(family)]
    assert titles == ["FSW intervention ended", "FSW intervention allocated"]


def test_duration_counts_from_allocation_until_started(demo):
    intervention = allocate(make_family("Hill family"), days_ago=14)

    assert intervention.weeks() == 2.0
    assert intervention.weeks(today=days_ago(7)) == 1.0


@pytest.mark.parametrize(
    "operation, message",
    [
        (
            lambda i, by: start_intervention(by=by, intervention=i, started_on=days_ago(40)),
            "between the allocation and today",
        ),
        (
            lambda i, by: start_intervention(by=by, intervention=i, started_on=TOMORROW),
            "between the allocation and today",
        ),
        (
            lambda i, by: record_session(
                by=by, intervention=i, held_on=TOMORROW, kind=SessionKind.PHONE, note="Call"
            ),
            "between the allocation and today",
        ),
        (
            lambda i, by: record_session(
                by=by, intervention=i, held_on=days_ago(31), kind=SessionKind.PHONE, note="Call"
            ),
            "between the allocation and today",
        ),
        (
            lambda i, by: record_session(
                by=by, intervention=i, held_on=TODAY, kind=SessionKind.PHONE, note="  "
            ),
            "Say what happened in the session",
        ),
        (
            lambda i, by: end_intervention(
                by=by, intervention=i, ended_on=TODAY, outcome=InterventionOutcome.POSITIVE
            ),
            "Record when the intervention started before ending it",
        ),
    ],
)
def test_changes_with_bad_dates_are_refused(demo, operation, message):
    intervention = allocate(make_family("Hill family"), days_ago=30)

    with pytest.raises(SupportError, match=message):
        operation(intervention, demo_user("fsw"))

    assert InterventionSession.objects.count() == 0


def test_an_ended_intervention_can_no_longer_change(demo):
    intervention = allocate(make_family("Hill family"), days_ago=10)
    fsw = demo_user("fsw")
    start_intervention(by=fsw, intervention=intervention, started_on=days_ago(10))
    with pytest.raises(SupportError, match="between the start and today"):
        end_intervention(
            by=fsw, intervention=intervention, ended_on=days_ago(11), outcome="positive"
        )
    end_intervention(
        by=fsw, intervention=intervention, ended_on=TODAY, outcome=InterventionOutcome.DISENGAGED
    )

    for attempt in [
        lambda: record_session(
            by=fsw, intervention=intervention, held_on=TODAY, kind="phone", note="Late call"
        ),
        lambda: end_intervention(
            by=fsw, intervention=intervention, ended_on=TODAY, outcome="positive"
        ),
        lambda: start_intervention(by=fsw, intervention=intervention, started_on=TODAY),
    ]:
        with pytest.raises(SupportError, match="has ended and can no longer change"):
            attempt()
    intervention.refresh_from_db()
    assert intervention.outcome == InterventionOutcome.DISENGAGED


# Counting allocations ----------------------------------------------------------------------


def test_allocations_count_children_in_open_interventions_by_worker(demo):
    hill = make_family("Hill family")
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=hill,
        details=PersonDetails(
            first_name="Tom", last_name="Hill", date_of_birth=datetime.date(2018, 1, 5)
        ),
        relationship=Relationship.CHILD,
    )
    moss = make_family("Moss family")
    sam = another_fsw()
    allocate(hill, worker="fsw")
    ended = allocate(moss, worker="fsw", days_ago=5)
    start_intervention(by=demo_user("fsw"), intervention=ended, started_on=days_ago(5))
    end_intervention(by=demo_user("fsw"), intervention=ended, ended_on=TODAY, outcome="positive")
    allocate_intervention(
        by=demo_user("manager"),
        family=moss,
        worker=sam,
        children=children_of(moss),
        source=InterventionSource.DIRECT_REFERRAL,
    )
    authority = Authority.objects.get()

    assert allocations_by_worker(authority) == {demo_user("fsw").pk: 2, sam.pk: 1}
    assert allocations_by_worker(authority, [sam]) == {sam.pk: 1}
    assert [i.children_count for i in interventions_for_family(hill)] == [2]


# Pages ------------------------------------------------------------------------------------


def test_allocation_page_lists_workers_with_their_caseload(signed_in):
    family = make_family("Hill family")
    allocate(make_family("Moss family"), worker="fsw")
    another_fsw()
    client = signed_in("frontdoor")
    fsw = demo_user("fsw")

    page = page_text(client.get(f"/families/{family.public_id}/interventions/new/"))

    assert f"{fsw.get_full_name()} (1 of 22)" in page
    assert "Sam Lee (0 of 22)" in page
    assert "Ruby Hill" in page
    assert "Part of an Early Help Pathway" not in page  # the family has no open pathway


def test_front_door_allocates_an_intervention_on_the_page(signed_in):
    family = make_family("Hill family")
    client = signed_in("frontdoor")
    ruby = children_of(family)[0]

    response = client.post(
        f"/families/{family.public_id}/interventions/new/",
        {
            "worker": demo_user("fsw").pk,
            "children": [ruby.pk],
            "source": "direct_referral",
            "is_remote": "yes",
            "allocated_on": uk(TODAY),
        },
        follow=True,
    )

    intervention = FswIntervention.objects.get()
    assert response.redirect_chain[-1][0] == f"/interventions/{intervention.public_id}/"
    page = page_text(response)
    assert f"FSW intervention {intervention.reference} allocated to" in page
    assert "Yes, for up to 6 weeks" in page
    assert intervention.is_remote and list(intervention.children.all()) == [ruby]


def test_allocation_from_a_pathway_page_is_part_of_the_pathway(signed_in):
    family, pathway = family_with_pathway()
    client = signed_in("fsw")
    url = f"/families/{family.public_id}/interventions/new/?pathway={pathway.public_id}"

    page = page_text(client.get(url))
    response = client.post(
        url,
        {
            "worker": demo_user("fsw").pk,
            "children": [p.pk for p in children_of(family)],
            "source": "pathway",
            "is_remote": "no",
            "allocated_on": uk(TODAY),
        },
    )

    assert 'value="pathway" checked' in page
    assert response.status_code == 302
    assert FswIntervention.objects.get().pathway == pathway


@pytest.mark.parametrize(
    "data, message",
    [
        ({"children": []}, "Choose at least one child the intervention is for"),
        ({"worker": ""}, "Choose the family support worker"),
        ({"worker": "PRACTITIONER"}, "Choose a family support worker from the list"),
        ({"allocated_on": "someday"}, "Date of allocation must be a real date"),
        ({"allocated_on": uk(TOMORROW)}, "The allocation date must be today or in the past"),
        ({"source": "pathway"}, "Choose how the family came to the intervention"),
    ],
)
def test_bad_allocation_input_is_refused_and_nothing_is_written(signed_in, data, message):
    family = make_family("Hill family")
    client = signed_in("frontdoor")
    form = {
        "worker": demo_user("fsw").pk,
        "children": [p.pk for p in children_of(family)],
        "source": "direct_referral",
        "is_remote": "no",
        "allocated_on": uk(TODAY),
    }
    if data.get("worker") == "PRACTITIONER":
        data = {"worker": demo_user("practitioner").pk}
    form.update(data)

    response = client.post(f"/families/{family.public_id}/interventions/new/", form)

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page and message in page
    assert FswIntervention.objects.count() == 0


def test_allocation_page_refuses_who_may_not_allocate(signed_in, client):
    family = make_family("Hill family")
    malvern = make_family("Moss family", team=MALVERN_TEAM, by="practitioner2")
    url = f"/families/{family.public_id}/interventions/new/"

    assert signed_in("practitioner").get(url).status_code == 403
    assert signed_in("analyst").get(url).status_code == 403
    fsw = signed_in("fsw")
    assert fsw.get(f"/families/{malvern.public_id}/interventions/new/").status_code == 404
    assert fsw.get(f"{url}?pathway={malvern.public_id}").status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_detail_shows_the_duration_in_weeks_and_the_sessions(signed_in):
    intervention = allocate(make_family("Hill family"), days_ago=30)
    start_intervention(by=demo_user("fsw"), intervention=intervention, started_on=days_ago(21))
    record_session(
        by=demo_user("fsw"),
        intervention=intervention,
        held_on=days_ago(14),
        kind=SessionKind.CENTRE,
        note="Met at the family centre with Ruby.",
    )

    page = page_text(signed_in("fsw").get(f"/interventions/{intervention.public_id}/"))

    assert "3 weeks" in page
    assert "Met at the family centre with Ruby." in page
    assert "At a Children and Family Centre" in page
    assert "End the intervention" in page and "Add a session" in page
    assert "govuk-warning-text" not in page


def test_a_remote_intervention_past_its_limit_is_flagged(signed_in):
    intervention = allocate(make_family("Hill family"), days_ago=60, is_remote=True)
    start_intervention(by=demo_user("fsw"), intervention=intervention, started_on=days_ago(50))
    fresh = allocate(make_family("Moss family"), days_ago=10, is_remote=True)
    client = signed_in("fsw")

    page = page_text(client.get(f"/interventions/{intervention.public_id}/"))
    fresh_page = page_text(client.get(f"/interventions/{fresh.public_id}/"))

    assert "govuk-warning-text" in page
    assert "has run for 7.1 weeks, past the limit of 6 weeks" in page
    assert "govuk-warning-text" not in fresh_page
    listing = page_text(client.get("/interventions/"))
    assert listing.count("Over 6 weeks") == 1


def test_the_worker_records_start_session_and_end_on_the_pages(signed_in):
    intervention = allocate(make_family("Hill family"), days_ago=7)
    client = signed_in("fsw")
    base = f"/interventions/{intervention.public_id}/"

    client.post(f"{base}start/", {"started_on": uk(days_ago(6))})
    client.post(
        f"{base}sessions/new/",
        {"held_on": uk(days_ago(3)), "kind": "video", "note": "Talked through bedtimes."},
    )
    response = client.post(
        f"{base}end/",
        {"outcome": "positive", "ended_on": uk(TODAY), "note": "Going well."},
        follow=True,
    )

    intervention.refresh_from_db()
    assert intervention.started_on == days_ago(6)
    assert intervention.ended_on == TODAY and intervention.outcome == "positive"
    assert intervention.sessions.get().kind == "video"
    page = page_text(response)
    assert "Intervention ended." in page and "Going well." in page
    assert "Add a session" not in page
    again = client.get(f"{base}sessions/new/", follow=True)
    assert "This intervention has ended and can no longer change." in page_text(again)


@pytest.mark.parametrize(
    "path, data, message",
    [
        ("start/", {"started_on": uk(TOMORROW)}, "between the allocation and today"),
        ("start/", {"started_on": "soon"}, "Start date must be a real date"),
        ("sessions/new/", {"held_on": uk(TODAY), "kind": "phone"}, "Say what happened"),
        (
            "sessions/new/",
            {"held_on": uk(TOMORROW), "kind": "phone", "note": "x"},
            "between the allocation and today",
        ),
        ("sessions/new/", {"held_on": uk(TODAY), "note": "x"}, "Choose the kind of session"),
        ("end/", {"ended_on": uk(TODAY)}, "Choose the outcome"),
        ("end/", {"ended_on": uk(TODAY), "outcome": "positive"}, "Record when the intervention"),
    ],
)
def test_bad_input_on_the_change_pages_is_refused(signed_in, path, data, message):
    intervention = allocate(make_family("Hill family"), days_ago=7)

    response = signed_in("fsw").post(f"/interventions/{intervention.public_id}/{path}", data)

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page and message in page
    intervention.refresh_from_db()
    assert intervention.started_on is None and intervention.sessions.count() == 0


def test_someone_with_no_part_in_the_family_gets_404(signed_in):
    intervention = allocate(make_family("Hill family"))
    client = signed_in("practitioner2")

    for path in ["", "start/", "sessions/new/", "end/"]:
        assert client.get(f"/interventions/{intervention.public_id}/{path}").status_code == 404


def test_a_practitioner_of_the_team_reads_but_does_not_change_it(signed_in):
    intervention = allocate(make_family("Hill family"))
    client = signed_in("practitioner")

    page = page_text(client.get(f"/interventions/{intervention.public_id}/"))

    assert "Ruby Hill" in page and "Add a session" not in page
    assert client.get(f"/interventions/{intervention.public_id}/start/").status_code == 403
    assert (
        client.post(
            f"/interventions/{intervention.public_id}/start/", {"started_on": uk(TODAY)}
        ).status_code
        == 403
    )
    assert FswIntervention.objects.get().started_on is None


def test_reading_an_intervention_is_logged_with_the_family(signed_in):
    family = make_family("Hill family")
    intervention = allocate(family)

    signed_in("manager").get(f"/interventions/{intervention.public_id}/")

    row = AccessLog.objects.get(object_type="support.fswintervention")
    assert row.family_id == family.public_id and row.user == demo_user("manager")


def test_your_allocations_lists_open_work_against_the_target(signed_in):
    allocate(make_family("Hill family"), days_ago=14)
    done = allocate(make_family("Moss family"), days_ago=20)
    start_intervention(by=demo_user("fsw"), intervention=done, started_on=days_ago(20))
    end_intervention(by=demo_user("fsw"), intervention=done, ended_on=TODAY, outcome="positive")
    client = signed_in("fsw")

    page = page_text(client.get("/interventions/"))

    assert "You are allocated 1 child in open FSW interventions. The target is at most 22." in page
    assert "1 open intervention" in page
    assert "Hill family" in page and "Moss family" not in page
    assert signed_in("practitioner").get("/interventions/").status_code == 403


def test_the_manager_sees_each_workers_caseload_against_the_target(signed_in):
    authority = Authority.objects.get()
    authority.fsw_allocation_target = 1
    authority.save()
    hill = make_family("Hill family")
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=hill,
        details=PersonDetails(
            first_name="Tom", last_name="Hill", date_of_birth=datetime.date(2018, 1, 5)
        ),
        relationship=Relationship.CHILD,
    )
    allocate(hill, worker="fsw")
    remote = allocate(make_family("Moss family"), worker="fsw", days_ago=60, is_remote=True)
    start_intervention(by=demo_user("fsw"), intervention=remote, started_on=days_ago(50))
    fsw = demo_user("fsw")

    response = signed_in("manager").get("/interventions/caseloads/")

    page = page_text(response)
    row = page[page.index(fsw.get_full_name()) :].split("</tr>")[0]
    assert "Bromsgrove Early Help Family Support" in row
    assert ">2<" in row  # open interventions
    assert "3 of 1: over target" in row
    assert 'govuk-tag--orange">1<' in row  # one remote intervention past 6 weeks
    assert "1 over target" in page
    # Bromsgrove's synthetic family support workers are listed with nothing allocated.
    assert page.count("0 of 1") == 2


def test_caseloads_are_for_managers_only(signed_in, client):
    assert signed_in("practitioner").get("/interventions/caseloads/").status_code == 403
    assert signed_in("fsw").get("/interventions/caseloads/").status_code == 403
    assert client.get("/interventions/caseloads/").status_code == 302


def test_a_family_support_worker_sees_their_allocations_against_the_target_on_my_work(
    signed_in,
):
    page = signed_in("fsw").get("/dashboard/").content.decode()
    assert "You are allocated" in page and "0 children in FSW interventions" in page
    assert "against a target of 22" in page
    assert "You are allocated" not in signed_in("practitioner").get("/dashboard/").content.decode()
