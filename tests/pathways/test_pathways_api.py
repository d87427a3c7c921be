"""A pathway through the JSON API, by persona: the Lead Professional and the owning team
work it, the analyst reads it, another team's practitioner learns nothing; bad input is
refused with a clear message and writes nothing; no edit is lost to another."""

import datetime
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.pathways import services
from earlyhelp.pathways.models import (
    ActionProgress,
    ActionStatus,
    Outcome,
    Pathway,
    PathwayStatus,
    PlanAction,
    Review,
    Triage,
    TriageEntry,
)
from earlyhelp.pathways.services import (
    add_plan_action,
    add_taf_member,
    add_triage_entry,
    appoint_lead_professional,
    start_triage,
)
from tests.conftest import demo_user, sign_in
from tests.people.helpers import family_with_pathway, give_consent, make_family

TODAY = datetime.date.today()
TOMORROW = TODAY + datetime.timedelta(days=1)


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return send(client, "post", url, body)


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return send(client, "patch", url, body)


def messages(response: Any) -> str:
    body = response.json()
    return " ".join([body["detail"], *(error["msg"] for error in body.get("errors", []))])


def written() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Pathway, Triage, TriageEntry, PlanAction, Review, ActionProgress)
    )


def with_an_issue(pathway: Pathway) -> TriageEntry:
    """The pathway's draft assessment triage, with one issue in it."""
    fsw = demo_user("fsw")
    triage = start_triage(by=fsw, pathway=pathway, stage="assessment")
    return add_triage_entry(
        by=fsw, triage=triage, band="orange", narrative="Ruby not attending school, 62%."
    )


def with_an_action(pathway: Pathway) -> PlanAction:
    return add_plan_action(
        by=demo_user("fsw"),
        pathway=pathway,
        description="Attend the parenting course",
        entries=[with_an_issue(pathway)],
        owner=None,
        owner_agency=None,
        owner_text="Mum",
        due_on=TODAY + datetime.timedelta(days=28),
    )


def action_body(entry: TriageEntry, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "description": "Attend the parenting course",
        "entry_ids": [str(entry.public_id)],
        "owner_text": "Mum",
        "due_on": (TODAY + datetime.timedelta(days=28)).isoformat(),
    }
    body.update(overrides)
    return body


# The whole pathway ------------------------------------------------------------------------


def test_lead_professional_works_a_pathway_from_assessment_to_closure(demo):
    family = make_family()
    give_consent(family)
    client = sign_in(Client(), "fsw")

    opened = post(
        client, f"/api/families/{family.public_id}/pathways", {"opened_on": TODAY.isoformat()}
    )
    assert opened.status_code == 201, opened.content
    pathway = opened.json()
    assert pathway["lead_professional"]["email"] == "fsw@demo.earlyhelp.test"
    assert [member["email"] for member in pathway["taf"]] == ["fsw@demo.earlyhelp.test"]
    url = f"/api/pathways/{pathway['id']}"

    triage = post(client, f"{url}/triages", {"stage": "assessment"}).json()
    assert post(client, f"{url}/triages", {"stage": "assessment"}).json()["id"] == triage["id"]
    ruby = family.members.get(person__first_name="Ruby").person
    entry = post(
        client,
        f"/api/triages/{triage['id']}/entries",
        {
            "band": "orange",
            "narrative": "Ruby not attending school, 62% attendance.",
            "person_id": str(ruby.public_id),
        },
    )
    assert entry.status_code == 201, entry.content
    assert entry.json()["person_id"] == str(ruby.public_id)
    completed = post(
        client, f"/api/triages/{triage['id']}/complete", {"completed_on": TODAY.isoformat()}
    )
    assert completed.status_code == 200 and completed.json()["completed_on"] == TODAY.isoformat()

    action = post(
        client,
        f"{url}/actions",
        action_body(
            TriageEntry.objects.get(public_id=entry.json()["id"]),
            owner_email="FSW@demo.earlyhelp.test",
        ),
    )
    assert action.status_code == 201, action.content
    assert action.json()["owner_email"] == "fsw@demo.earlyhelp.test"
    review = post(
        client,
        f"{url}/reviews",
        {
            "held_on": TODAY.isoformat(),
            "attendee_emails": ["fsw@demo.earlyhelp.test"],
            "other_attendees": "Mum",
            "progress": [
                {"action_id": action.json()["id"], "status": "in_progress", "note": "Started"}
            ],
            "plan_changes": "None",
            "next_review_on": (TODAY + datetime.timedelta(days=42)).isoformat(),
        },
    )
    assert review.status_code == 201, review.content
    assert review.json()["progress"] == [
        {"action_id": action.json()["id"], "status": "in_progress", "note": "Started"}
    ]

    closure = post(client, f"{url}/triages", {"stage": "closure"}).json()
    post(
        client,
        f"/api/triages/{closure['id']}/entries",
        {"band": "blue", "narrative": "Ruby attending 96%, settled. Mum managing."},
    )
    post(client, f"/api/triages/{closure['id']}/complete", {"completed_on": TODAY.isoformat()})
    current = client.get(url).json()
    closed = post(
        client,
        f"{url}/close",
        {
            "version": current["version"],
            "outcome": "closed_positively",
            "closed_on": TODAY.isoformat(),
            "summary": "Attendance back to normal.",
        },
    )

    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert (body["status"], body["outcome"], body["can_edit"]) == (
        "closed",
        "closed_positively",
        False,
    )
    assert [t["stage"] for t in body["triages"]] == ["assessment", "closure"]
    assert body["triages"][0]["entries"][0]["band"] == "orange"
    assert body["actions"][0]["status"] == "in_progress" and body["actions"][0]["version"] == 2
    assert body["reviews"][0]["attendee_emails"] == ["fsw@demo.earlyhelp.test"]
    refused = post(client, f"{url}/actions", action_body(TriageEntry.objects.first()))
    assert refused.status_code == 400
    assert refused.json()["detail"] == "This pathway is closed: reopen it to change it"


def test_owning_team_appoints_a_partner_lead_professional_who_then_works_the_pathway(demo):
    family = make_family()
    give_consent(family, demo_user("practitioner2").agency)

    opened = post(
        sign_in(Client(), "fsw"),
        f"/api/families/{family.public_id}/pathways",
        {
            "opened_on": TODAY.isoformat(),
            "lead_professional_email": "practitioner2@demo.earlyhelp.test",
        },
    )
    assert opened.status_code == 201, opened.content
    lead = sign_in(Client(), "practitioner2")
    url = f"/api/pathways/{opened.json()['id']}"

    assert lead.get(url).json()["lead_professional"]["email"] == (
        "practitioner2@demo.earlyhelp.test"
    )
    triage = post(lead, f"{url}/triages", {"stage": "assessment"})
    assert triage.status_code == 200
    entry = post(
        lead,
        f"/api/triages/{triage.json()['id']}/entries",
        {"band": "yellow", "narrative": "Mum low mood since separation, GP aware."},
    )
    assert entry.status_code == 201


def test_a_lead_professional_must_be_staff_the_family_agreed_to_share_with(demo):
    family = make_family()
    give_consent(family)  # no partner agencies named
    client = sign_in(Client(), "fsw")
    before = written()

    partner = post(
        client,
        f"/api/families/{family.public_id}/pathways",
        {
            "opened_on": TODAY.isoformat(),
            "lead_professional_email": "practitioner2@demo.earlyhelp.test",
        },
    )
    nobody = post(
        client,
        f"/api/families/{family.public_id}/pathways",
        {"opened_on": TODAY.isoformat(), "lead_professional_email": "nobody@example.org"},
    )

    assert partner.status_code == 400
    assert "has not agreed to share its information" in partner.json()["detail"]
    assert nobody.status_code == 400
    assert "no member of staff" in nobody.json()["detail"]
    assert written() == before


def test_a_pathway_does_not_open_without_consent_or_in_the_future(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    url = f"/api/families/{family.public_id}/pathways"

    no_consent = post(client, url, {"opened_on": TODAY.isoformat()})
    give_consent(family)
    future = post(client, url, {"opened_on": TOMORROW.isoformat()})

    assert no_consent.status_code == 400
    assert "consent to an Early Help assessment first" in no_consent.json()["detail"]
    assert future.status_code == 400
    assert future.json()["detail"] == "The pathway cannot open in the future"
    assert not Pathway.objects.filter(family=family).exists()


# Who is refused ---------------------------------------------------------------------------


def every_write(client: Client, pathway: Pathway, action: PlanAction) -> list[Any]:
    entry = action.entries.get()
    triage = entry.triage
    return [
        post(
            client,
            f"/api/families/{pathway.family.public_id}/pathways",
            {"opened_on": TODAY.isoformat()},
        ),
        post(client, f"/api/pathways/{pathway.public_id}/triages", {"stage": "review"}),
        post(
            client,
            f"/api/triages/{triage.public_id}/entries",
            {"band": "green", "narrative": "Some words about the issue."},
        ),
        patch(
            client,
            f"/api/triage-entries/{entry.public_id}",
            {"version": 1, "band": "green", "narrative": "Some words about the issue."},
        ),
        post(
            client, f"/api/triages/{triage.public_id}/complete", {"completed_on": TODAY.isoformat()}
        ),
        post(client, f"/api/pathways/{pathway.public_id}/actions", action_body(entry)),
        patch(client, f"/api/plan-actions/{action.public_id}", {"version": 1, "status": "done"}),
        post(
            client,
            f"/api/pathways/{pathway.public_id}/reviews",
            {"held_on": TODAY.isoformat(), "other_attendees": "Mum"},
        ),
        post(
            client,
            f"/api/pathways/{pathway.public_id}/close",
            {
                "version": pathway.version,
                "outcome": "relocated",
                "closed_on": TODAY.isoformat(),
                "summary": "Moved away.",
            },
        ),
    ]


def test_analyst_reads_the_pathway_but_every_write_is_403(demo):
    _, pathway = family_with_pathway()
    action = with_an_action(pathway)
    client = sign_in(Client(), "analyst")
    before = written()

    read = client.get(f"/api/pathways/{pathway.public_id}")
    refusals = every_write(client, pathway, action)

    assert read.status_code == 200 and read.json()["can_edit"] is False
    assert [response.status_code for response in refusals] == [403] * len(refusals)
    assert {response.json()["detail"] for response in refusals} == {
        "You do not have access to this"
    }
    assert written() == before
    action.refresh_from_db()
    assert (action.version, action.status) == (1, ActionStatus.NOT_STARTED)


def test_practitioner_of_another_team_gets_404_for_every_read_and_write(demo):
    family, pathway = family_with_pathway()
    action = with_an_action(pathway)
    client = sign_in(Client(), "practitioner2")
    before = written()
    logged = AccessLog.objects.count()

    responses = [client.get(f"/api/pathways/{pathway.public_id}")]
    responses += every_write(client, pathway, action)

    assert [response.status_code for response in responses] == [404] * len(responses)
    assert {response.json()["detail"] for response in responses} == {"Not found"}
    assert written() == before
    assert AccessLog.objects.count() == logged
    assert "Hill" not in client.get("/api/families?q=Hill").content.decode()


def test_a_taf_member_loses_the_pathway_when_consent_is_withdrawn(demo):
    family, pathway = family_with_pathway()
    give_consent(family, demo_user("practitioner2").agency)
    add_taf_member(by=demo_user("fsw"), pathway=pathway, member=demo_user("practitioner2"))
    client = sign_in(Client(), "practitioner2")
    assert client.get(f"/api/pathways/{pathway.public_id}").status_code == 200

    post(
        sign_in(Client(), "fsw"),
        f"/api/families/{family.public_id}/consents/withdraw",
        {"reason": "Asked us to stop"},
    )

    assert client.get(f"/api/pathways/{pathway.public_id}").status_code == 404


# The access log ---------------------------------------------------------------------------


def test_every_read_of_a_pathway_is_in_the_access_log(demo):
    family, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    rows = AccessLog.objects.filter(
        user_email="fsw@demo.earlyhelp.test",
        family_id=family.public_id,
        object_type="pathways.pathway",
    )

    client.get(f"/api/pathways/{pathway.public_id}")
    client.get(f"/api/pathways/{pathway.public_id}")

    assert list(rows.values_list("purpose", flat=True)) == [AccessPurpose.VIEW] * 2


def test_a_change_is_logged_as_an_edit(demo):
    family, pathway = family_with_pathway()
    entry = with_an_issue(pathway)
    client = sign_in(Client(), "fsw")

    patch(client, f"/api/triage-entries/{entry.public_id}", {"version": 1, "band": "yellow"})

    assert AccessLog.objects.filter(
        object_id=str(entry.public_id), purpose=AccessPurpose.EDIT, family_id=family.public_id
    ).exists()


# Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"band": "purple"}, "Input should be 'blue', 'green', 'yellow', 'orange' or 'red'"),
        ({"narrative": ""}, "Describe the issue"),
        ({"narrative": "   "}, "Describe the issue"),
        ({"narrative": "sad"}, "Describe the issue in at least a few words"),
        ({"narrative": "x" * 4001}, "at most 4000 characters"),
        ({"person_id": "not-a-uuid"}, "valid UUID"),
    ],
)
def test_bad_triage_entries_are_422_and_write_nothing(demo, body, message):
    _, pathway = family_with_pathway()
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage="assessment")
    client = sign_in(Client(), "fsw")
    before = written()

    response = post(
        client,
        f"/api/triages/{triage.public_id}/entries",
        {"band": "orange", "narrative": "Ruby not attending school.", **body},
    )

    assert response.status_code == 422, response.content
    assert message in messages(response)
    assert written() == before


def test_an_issue_about_someone_outside_the_family_is_refused(demo):
    _, pathway = family_with_pathway()
    other = make_family("Oak family")
    outsider = other.members.first().person
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage="assessment")
    client = sign_in(Client(), "fsw")

    response = post(
        client,
        f"/api/triages/{triage.public_id}/entries",
        {
            "band": "green",
            "narrative": "Needs help with school.",
            "person_id": str(outsider.public_id),
        },
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Choose someone in this family"
    assert not TriageEntry.objects.exists()


def test_a_triage_completes_only_with_an_issue_and_a_date_not_in_the_future(demo):
    _, pathway = family_with_pathway()
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage="assessment")
    client = sign_in(Client(), "fsw")
    url = f"/api/triages/{triage.public_id}/complete"

    empty = post(client, url, {"completed_on": TODAY.isoformat()})
    add_triage_entry(
        by=demo_user("fsw"), triage=triage, band="green", narrative="Needs help with school."
    )
    future = post(client, url, {"completed_on": TOMORROW.isoformat()})
    not_a_date = post(client, url, {"completed_on": "yesterday"})

    assert empty.status_code == 400 and "Record at least one issue" in empty.json()["detail"]
    assert future.status_code == 400
    assert "between the pathway's opening and today" in future.json()["detail"]
    assert not_a_date.status_code == 422
    triage.refresh_from_db()
    assert triage.completed_on is None


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"owner_text": ""}, 400, "Say who will do it"),
        ({"owner_text": "", "owner_email": "nobody@example.org"}, 400, "no member of staff"),
        ({"owner_text": "", "owner_email": "not an email"}, 422, "Enter an email address"),
        (
            {"owner_text": "", "owner_agency_id": "00000000-0000-0000-0000-000000000000"},
            400,
            "Choose an agency of this authority",
        ),
        ({"entry_ids": []}, 422, "Choose at least one issue from the triage"),
        (
            {"entry_ids": ["00000000-0000-0000-0000-000000000000"]},
            400,
            "Choose issues from this pathway's triages",
        ),
        ({"description": " "}, 422, "Say what will be done"),
        ({"due_on": None}, 422, "Input should be a valid date"),
    ],
)
def test_bad_plan_actions_are_refused_and_write_nothing(demo, overrides, status, message):
    _, pathway = family_with_pathway()
    entry = with_an_issue(pathway)
    client = sign_in(Client(), "fsw")
    before = written()

    response = post(
        client, f"/api/pathways/{pathway.public_id}/actions", action_body(entry, **overrides)
    )

    assert response.status_code == status, response.content
    assert message in messages(response)
    assert written() == before


def test_a_plan_action_cannot_address_another_pathways_issue(demo):
    _, pathway = family_with_pathway()
    _, other = family_with_pathway(name="Oak family")
    elsewhere = with_an_issue(other)
    client = sign_in(Client(), "fsw")

    response = post(client, f"/api/pathways/{pathway.public_id}/actions", action_body(elsewhere))

    assert response.status_code == 400
    assert response.json()["detail"] == "Choose issues from this pathway's triages"
    assert not PlanAction.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": TOMORROW.isoformat()}, "between the pathway's opening and today"),
        ({"next_review_on": TODAY.isoformat()}, "The next review must be after this one"),
        ({"attendee_emails": ["practitioner2@demo.earlyhelp.test"]}, "Only members of the Team"),
        (
            {"progress": [{"action_id": "00000000-0000-0000-0000-000000000000", "status": "done"}]},
            "Progress can only be recorded on this pathway's actions",
        ),
    ],
)
def test_bad_reviews_are_400_and_write_nothing(demo, overrides, message):
    _, pathway = family_with_pathway()
    action = with_an_action(pathway)
    client = sign_in(Client(), "fsw")
    before = written()
    body = {
        "held_on": TODAY.isoformat(),
        "progress": [{"action_id": str(action.public_id), "status": "done", "note": "Finished"}],
        **overrides,
    }

    response = post(client, f"/api/pathways/{pathway.public_id}/reviews", body)

    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert written() == before
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.NOT_STARTED, 1)


def test_a_pathway_closes_only_after_the_closure_triage_and_with_a_summary(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    url = f"/api/pathways/{pathway.public_id}/close"
    body = {"version": 1, "outcome": "closed_positively", "closed_on": TODAY.isoformat()}

    no_triage = post(client, url, {**body, "summary": "All better."})
    no_summary = post(client, url, {**body, "outcome": "relocated", "summary": " "})
    escalated = post(client, url, {**body, "outcome": "escalated", "summary": "Harm."})

    assert no_triage.status_code == 400
    assert no_triage.json()["detail"] == "Complete the repeat triage at closure first"
    assert no_summary.status_code == 422 and "Write a closing summary" in messages(no_summary)
    assert escalated.status_code == 400 and "use Escalate" in escalated.json()["detail"]
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.OPEN and pathway.version == 1


# No lost edits ----------------------------------------------------------------------------


def test_two_changes_to_one_plan_action_from_the_same_version_lose_nothing(demo):
    _, pathway = family_with_pathway()
    action = with_an_action(pathway)
    entry = action.entries.get()
    fsw, manager = sign_in(Client(), "fsw"), sign_in(Client(), "manager")
    url = f"/api/plan-actions/{action.public_id}"

    first = patch(
        fsw,
        url,
        action_body(
            entry, version=1, description="Attend the Tuesday course", status="in_progress"
        ),
    )
    second = patch(
        manager, url, action_body(entry, version=1, description="Attend the Friday course")
    )

    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert "changed by someone else" in second.json()["detail"]
    current = second.json()["current"]
    assert current["id"] == str(action.public_id)
    assert (current["version"], current["description"], current["status"]) == (
        2,
        "Attend the Tuesday course",
        "in_progress",
    )
    action.refresh_from_db()
    assert (action.version, action.description) == (2, "Attend the Tuesday course")

    again = patch(
        manager, url, action_body(entry, version=2, description="Attend the Friday course")
    )

    assert again.status_code == 200
    assert again.json()["version"] == 3
    kept = set(action.history.values_list("description", "version"))
    assert {("Attend the Tuesday course", 2), ("Attend the Friday course", 3)} <= kept


def test_a_change_leaves_out_what_it_does_not_send(demo):
    _, pathway = family_with_pathway()
    action = with_an_action(pathway)
    client = sign_in(Client(), "fsw")

    response = patch(
        client, f"/api/plan-actions/{action.public_id}", {"version": 1, "status": "done"}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["description"], body["owner_text"]) == (
        "done",
        "Attend the parenting course",
        "Mum",
    )
    assert body["entry_ids"] == [str(action.entries.get().public_id)]


def test_a_review_moves_an_action_on_so_an_edit_from_before_it_is_stale(demo):
    _, pathway = family_with_pathway()
    action = with_an_action(pathway)
    client = sign_in(Client(), "fsw")
    post(
        client,
        f"/api/pathways/{pathway.public_id}/reviews",
        {
            "held_on": TODAY.isoformat(),
            "progress": [{"action_id": str(action.public_id), "status": "done", "note": "Done"}],
        },
    )

    response = patch(
        client, f"/api/plan-actions/{action.public_id}", {"version": 1, "description": "Changed"}
    )

    assert response.status_code == 409
    assert response.json()["current"]["status"] == "done"
    action.refresh_from_db()
    assert action.description == "Attend the parenting course"


def test_two_changes_to_one_issue_from_the_same_version_lose_nothing(demo):
    _, pathway = family_with_pathway()
    entry = with_an_issue(pathway)
    client = sign_in(Client(), "fsw")
    url = f"/api/triage-entries/{entry.public_id}"

    first = patch(
        client, url, {"version": 1, "band": "red", "narrative": "Disclosure at school today."}
    )
    second = patch(client, url, {"version": 1, "narrative": "Attendance now 70%, improving."})

    assert first.status_code == 200 and first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["current"]["narrative"] == "Disclosure at school today."
    entry.refresh_from_db()
    assert (entry.band, entry.version) == ("red", 2)


def test_closing_from_a_stale_version_is_409_with_the_pathway_as_it_is(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    appoint_lead_professional(by=demo_user("fsw"), pathway=pathway, lead=demo_user("manager"))

    response = post(
        client,
        f"/api/pathways/{pathway.public_id}/close",
        {
            "version": 1,
            "outcome": "relocated",
            "closed_on": TODAY.isoformat(),
            "summary": "Moved to Cornwall.",
        },
    )

    assert response.status_code == 409
    current = response.json()["current"]
    assert current["version"] == 2
    assert current["lead_professional"]["email"] == "manager@demo.earlyhelp.test"
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.OPEN and pathway.outcome == ""


def test_declined_closes_without_a_repeat_triage(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    response = post(
        client,
        f"/api/pathways/{pathway.public_id}/close",
        {"version": 1, "outcome": "declined", "closed_on": TODAY.isoformat(), "summary": "No."},
    )

    assert response.status_code == 200
    pathway.refresh_from_db()
    assert pathway.outcome == Outcome.DECLINED


def test_a_save_the_database_refuses_as_a_clash_is_409_not_500(demo, monkeypatch):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    def clash(**kwargs: Any) -> None:
        raise IntegrityError("UNIQUE constraint failed: one_draft_triage_per_stage")

    monkeypatch.setattr(services, "start_triage", clash)
    response = post(client, f"/api/pathways/{pathway.public_id}/triages", {"stage": "review"})

    assert response.status_code == 409
    assert "Someone else changed this record at the same time" in response.json()["detail"]


# The published schema ---------------------------------------------------------------------


def test_openapi_schema_lists_the_family_and_pathway_routes(demo):
    client = sign_in(Client(), "practitioner")

    paths = client.get("/api/openapi.json").json()["paths"]

    assert {
        "/api/families": {"get", "post"},
        "/api/families/{family_id}": {"get"},
        "/api/families/{family_id}/people": {"post"},
        "/api/people/{person_id}": {"get"},
        "/api/families/{family_id}/consents": {"post"},
        "/api/families/{family_id}/consents/withdraw": {"post"},
        "/api/families/{family_id}/pathways": {"post"},
        "/api/pathways/{pathway_id}": {"get"},
        "/api/pathways/{pathway_id}/triages": {"post"},
        "/api/triages/{triage_id}/entries": {"post"},
        "/api/triage-entries/{entry_id}": {"patch"},
        "/api/triages/{triage_id}/complete": {"post"},
        "/api/pathways/{pathway_id}/actions": {"post"},
        "/api/plan-actions/{action_id}": {"patch"},
        "/api/pathways/{pathway_id}/reviews": {"post"},
        "/api/pathways/{pathway_id}/close": {"post"},
    }.items() <= {path: set(methods) for path, methods in paths.items()}.items()
    assert "409" in paths["/api/plan-actions/{action_id}"]["patch"]["responses"]
