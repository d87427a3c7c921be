"""The family record through the JSON API, by persona: who may record and read, who is
refused (and how), what bad input gets, and that a refusal writes nothing."""

import datetime
from typing import Any

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Agency, AgencyKind, Team
from earlyhelp.pathways.services import add_taf_member, open_pathway
from earlyhelp.people.models import Consent, ConsentDecision, Family, FamilyMember, Person
from tests.conftest import demo_user, sign_in
from tests.people.helpers import (
    BROMSGROVE_TEAM,
    MALVERN_TEAM,
    family_with_pathway,
    give_consent,
    make_family,
)

TODAY = datetime.date.today()


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "first_name": "Leo",
        "last_name": "Hill",
        "relationship": "child",
        "date_of_birth": "2016-02-14",
        "sex": "male",
        "ethnicity": "WBRI",
    }
    body.update(overrides)
    return body


def consent(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "decision": "given",
        "to_assessment": True,
        "share_with": [],
        "given_by": "Dawn (mother)",
        "given_on": TODAY.isoformat(),
    }
    body.update(overrides)
    return body


def partner_school() -> Agency:
    return demo_user("practitioner2").agency


def written() -> tuple[int, int, int, int]:
    return (
        Family.objects.count(),
        Person.objects.count(),
        FamilyMember.objects.count(),
        Consent.objects.count(),
    )


def messages(response: Any) -> str:
    """Every message in a JSON error answer, for asserting on."""
    body = response.json()
    return " ".join([body["detail"], *(error["msg"] for error in body.get("errors", []))])


# Recording and reading ------------------------------------------------------------------


def test_owning_teams_worker_records_a_family_and_reads_it_back(demo):
    client = sign_in(Client(), "fsw")
    team = Team.objects.get(name=BROMSGROVE_TEAM)

    response = post(
        client,
        "/api/families",
        {"name": " Marsh family ", "owning_team_id": str(team.public_id), "postcode": "b60 1aa"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    family = Family.objects.get(public_id=body["id"])
    assert (family.name, family.postcode, family.owning_team) == ("Marsh family", "B60 1AA", team)
    assert body["reference"] == family.reference and body["can_edit"] is True
    assert client.get(f"/api/families/{family.public_id}").json()["name"] == "Marsh family"


def test_a_family_is_recorded_only_for_a_team_whose_families_you_work_with(demo):
    client = sign_in(Client(), "fsw")
    before = written()

    response = post(
        client,
        "/api/families",
        {
            "name": "Marsh family",
            "owning_team_id": str(Team.objects.get(name=MALVERN_TEAM).public_id),
        },
    )

    assert response.status_code == 403
    assert "team whose families you work with" in response.json()["detail"]
    assert written() == before


def test_worker_adds_a_child_with_checked_identifiers(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    response = post(
        client,
        f"/api/families/{family.public_id}/people",
        person(nhs_number="943 476 5919", upn="h801200001001", postcode="wr1 2ab"),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["nhs_number"], body["upn"], body["postcode"]) == (
        "9434765919",
        "H801200001001",
        "WR1 2AB",
    )
    assert body["families"][0]["family_id"] == str(family.public_id)
    leo = Person.objects.get(public_id=body["id"])
    assert leo.memberships.get().family == family
    assert client.get(f"/api/people/{leo.public_id}").json()["first_name"] == "Leo"


def test_an_unborn_baby_is_recorded_with_an_expected_due_date(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    due = TODAY + datetime.timedelta(days=100)

    response = post(
        client,
        f"/api/families/{family.public_id}/people",
        person(relationship="unborn", date_of_birth=None, expected_due_date=due.isoformat()),
    )

    assert response.status_code == 201, response.content
    assert response.json()["expected_due_date"] == due.isoformat()


def test_lead_professional_from_a_partner_agency_adds_a_person(demo):
    family, _ = family_with_pathway(lead="practitioner2")
    client = sign_in(Client(), "practitioner2")

    response = post(client, f"/api/families/{family.public_id}/people", person())

    assert response.status_code == 201


def test_consent_is_recorded_with_the_agencies_named_and_then_withdrawn(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    school = partner_school()

    response = post(
        client,
        f"/api/families/{family.public_id}/consents",
        consent(share_with=[str(school.public_id)], notes="Agreed at home visit"),
    )

    assert response.status_code == 201, response.content
    assert response.json()["share_with"] == [school.name]
    assert client.get(f"/api/families/{family.public_id}").json()["consent"]["given_by"] == (
        "Dawn (mother)"
    )

    response = post(
        client,
        f"/api/families/{family.public_id}/consents/withdraw",
        {"reason": "The family asked us to stop."},
    )

    assert response.status_code == 200
    assert client.get(f"/api/families/{family.public_id}").json()["consent"] is None
    assert Consent.objects.get(family=family).end_reason == "The family asked us to stop."


def test_a_refusal_is_recorded_without_an_answer_about_assessment(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    response = post(
        client,
        f"/api/families/{family.public_id}/consents",
        consent(decision="refused", to_assessment=None),
    )

    assert response.status_code == 201, response.content
    assert Consent.objects.get(family=family).decision == ConsentDecision.REFUSED


# Who is refused -------------------------------------------------------------------------


def test_analyst_reads_the_family_and_its_people_but_every_write_is_403(demo):
    family = make_family(team=MALVERN_TEAM, by="practitioner2")
    dawn = Person.objects.get(first_name="Dawn", memberships__family=family)
    client = sign_in(Client(), "analyst")
    before = written()

    assert client.get(f"/api/families/{family.public_id}").json()["can_edit"] is False
    assert client.get(f"/api/people/{dawn.public_id}").status_code == 200
    refusals = [
        post(
            client,
            "/api/families",
            {"name": "Oak family", "owning_team_id": str(family.owning_team.public_id)},
        ),
        post(client, f"/api/families/{family.public_id}/people", person()),
        post(client, f"/api/families/{family.public_id}/consents", consent()),
        post(client, f"/api/families/{family.public_id}/consents/withdraw", {"reason": "Asked"}),
    ]

    assert [response.status_code for response in refusals] == [403, 403, 403, 403]
    assert written() == before


def test_practitioner_of_another_team_gets_404_learns_nothing_and_never_sees_it_listed(demo):
    family = make_family()
    dawn = Person.objects.get(first_name="Dawn", memberships__family=family)
    client = sign_in(Client(), "practitioner2")
    before = written()
    logged = AccessLog.objects.count()

    responses = [
        client.get(f"/api/families/{family.public_id}"),
        client.get(f"/api/people/{dawn.public_id}"),
        post(client, f"/api/families/{family.public_id}/people", person()),
        post(client, f"/api/families/{family.public_id}/consents", consent()),
        post(client, f"/api/families/{family.public_id}/consents/withdraw", {"reason": "Asked"}),
    ]

    assert {response.status_code for response in responses} == {404}
    assert {response.json()["detail"] for response in responses} == {"Not found"}
    assert client.get("/api/families?q=Hill").json() == {"items": [], "count": 0}
    assert written() == before
    assert AccessLog.objects.count() == logged


def test_a_partner_who_loses_consent_loses_the_person_too(demo):
    family = make_family()
    give_consent(family, partner_school())
    pathway = open_pathway(by=demo_user("fsw"), family=family, opened_on=TODAY)
    add_taf_member(by=demo_user("fsw"), pathway=pathway, member=demo_user("practitioner2"))
    dawn = Person.objects.get(first_name="Dawn", memberships__family=family)
    client = sign_in(Client(), "practitioner2")
    assert client.get(f"/api/people/{dawn.public_id}").status_code == 200

    post(
        sign_in(Client(), "fsw"),
        f"/api/families/{family.public_id}/consents/withdraw",
        {"reason": "Asked us to stop"},
    )

    assert client.get(f"/api/people/{dawn.public_id}").status_code == 404


def test_signed_out_writes_are_refused_with_json(demo, client):
    family = make_family()

    response = post(client, f"/api/families/{family.public_id}/people", person())

    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in to use the API"}


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_people_are_404(demo, bad_id):
    client = sign_in(Client(), "fsw")

    assert client.get(f"/api/people/{bad_id}").status_code == 404
    assert post(client, f"/api/families/{bad_id}/people", person()).status_code == 404


# The access log -------------------------------------------------------------------------


def test_every_read_of_a_family_or_person_is_in_the_access_log(demo):
    family = make_family()
    dawn = Person.objects.get(first_name="Dawn", memberships__family=family)
    client = sign_in(Client(), "fsw")
    rows = AccessLog.objects.filter(
        user_email="fsw@demo.earlyhelp.test", family_id=family.public_id
    )

    client.get(f"/api/families/{family.public_id}")
    client.get(f"/api/people/{dawn.public_id}")

    assert set(rows.values_list("object_type", "purpose")) >= {
        ("people.family", AccessPurpose.VIEW),
        ("people.person", AccessPurpose.VIEW),
    }
    assert rows.filter(object_id=str(dawn.public_id)).count() == 1


def test_analysts_reads_are_logged_too(demo):
    family = make_family()
    client = sign_in(Client(), "analyst")

    client.get(f"/api/families/{family.public_id}")

    assert AccessLog.objects.filter(
        user_email="analyst@demo.earlyhelp.test", family_id=family.public_id
    ).exists()


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "Enter a real NHS number"),
        ({"upn": "A801200001001"}, "Enter a real Unique Pupil Number"),
        ({"postcode": "WRR1 2AB"}, "Enter a real postcode"),
        ({"first_name": "   "}, "Enter their first name"),
        ({"relationship": "cousin"}, "Input should be"),
        ({"sex": "unknown"}, "Input should be"),
        ({"date_of_birth": (TODAY + datetime.timedelta(days=1)).isoformat()}, "in the past"),
        ({"date_of_birth": "1890-01-01"}, "Date of birth must be after"),
        ({"date_of_birth": "2016-02-30"}, "valid date"),
        (
            {"expected_due_date": (TODAY + datetime.timedelta(days=30)).isoformat()},
            "not both",
        ),
        (
            {"relationship": "unborn", "date_of_birth": None},
            "Enter the expected due date of the unborn baby",
        ),
        (
            {
                "relationship": "unborn",
                "date_of_birth": None,
                "expected_due_date": (TODAY + datetime.timedelta(days=400)).isoformat(),
            },
            "within the next 10 months",
        ),
    ],
)
def test_bad_person_details_are_422_with_the_forms_message_and_write_nothing(
    demo, overrides, message
):
    family = make_family()
    client = sign_in(Client(), "fsw")
    before = written()

    response = post(client, f"/api/families/{family.public_id}/people", person(**overrides))

    assert response.status_code == 422, response.content
    assert message in messages(response)
    assert written() == before


def test_an_nhs_number_already_recorded_is_400_and_writes_nothing(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    assert (
        post(
            client, f"/api/families/{family.public_id}/people", person(nhs_number="9434765919")
        ).status_code
        == 201
    )
    before = written()

    response = post(
        client,
        f"/api/families/{family.public_id}/people",
        person(first_name="Leon", nhs_number="943 476 5919"),
    )

    assert response.status_code == 400
    assert "Someone with this NHS number is already recorded" in response.json()["detail"]
    assert written() == before


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            {"given_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            400,
            "today or in the past",
        ),
        ({"to_assessment": None}, 422, "Choose whether they agreed to an assessment"),
        ({"decision": "maybe"}, 422, "Input should be"),
        ({"given_by": ""}, 422, "Enter who in the family gave the answer"),
        ({"decision": "refused", "to_assessment": True}, 400, "A refusal agrees to nothing"),
        ({"share_with": ["00000000-0000-0000-0000-000000000000"]}, 400, "partner agencies"),
    ],
)
def test_bad_consent_is_refused_and_writes_nothing(demo, body, status, message):
    family = make_family()
    client = sign_in(Client(), "fsw")
    before = written()

    response = post(client, f"/api/families/{family.public_id}/consents", consent(**body))

    assert response.status_code == status, response.content
    assert message in messages(response)
    assert written() == before


def test_consent_cannot_name_the_council_itself_as_a_partner(demo):
    family = make_family()
    council = Agency.objects.get(authority=family.authority, kind=AgencyKind.LOCAL_AUTHORITY)
    client = sign_in(Client(), "fsw")

    response = post(
        client,
        f"/api/families/{family.public_id}/consents",
        consent(share_with=[str(council.public_id)]),
    )

    assert response.status_code == 400
    assert not Consent.objects.filter(family=family).exists()


def test_withdrawing_needs_a_reason_and_a_consent_in_force(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    url = f"/api/families/{family.public_id}/consents/withdraw"

    no_reason = post(client, url, {"reason": "  "})
    nothing_to_withdraw = post(client, url, {"reason": "Asked us to stop"})

    assert no_reason.status_code == 422
    assert "Say why consent was withdrawn" in messages(no_reason)
    assert nothing_to_withdraw.status_code == 400
    assert nothing_to_withdraw.json() == {"detail": "There is no consent in force to withdraw"}


def test_a_body_that_is_not_json_is_a_4xx_json_answer(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    response = client.post(
        f"/api/families/{family.public_id}/people", "{not json", content_type="application/json"
    )

    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_bad_family_details_are_refused(demo):
    client = sign_in(Client(), "fsw")
    team = Team.objects.get(name=BROMSGROVE_TEAM)
    before = written()

    no_name = post(client, "/api/families", {"name": " ", "owning_team_id": str(team.public_id)})
    bad_postcode = post(
        client,
        "/api/families",
        {"name": "Oak family", "owning_team_id": str(team.public_id), "postcode": "12345"},
    )
    no_team = post(
        client,
        "/api/families",
        {"name": "Oak family", "owning_team_id": "00000000-0000-0000-0000-000000000000"},
    )

    assert no_name.status_code == 422 and "Enter a name for the household" in messages(no_name)
    assert bad_postcode.status_code == 422 and "Enter a real postcode" in messages(bad_postcode)
    assert no_team.status_code == 400
    assert written() == before
