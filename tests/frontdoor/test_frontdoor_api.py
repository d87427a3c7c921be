"""Requests and decisions as JSON, with the pages' rules."""

import pytest

from earlyhelp.accounts.models import AccessLog, Team
from earlyhelp.frontdoor.models import Decision, RequestForSupport, RequestStatus
from tests.conftest import demo_user
from tests.frontdoor.test_front_door import professional_request
from tests.people.helpers import BROMSGROVE_TEAM

pytestmark = pytest.mark.django_db

NEW_REQUEST = {
    "child_first_name": "Noah",
    "child_last_name": "Price",
    "child_date_of_birth": "2016-05-09",
    "district": "E07000234",
    "worries": "Noah's attendance has dropped and he is withdrawn.",
    "suggested_band": "yellow",
    "consent": "given",
}


def test_practitioner_makes_a_request(signed_in) -> None:
    response = signed_in("practitioner").post(
        "/api/requests", NEW_REQUEST, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "awaiting_decision" and body["district"] == "E07000234"
    assert RequestForSupport.objects.get().submitted_by == demo_user("practitioner")


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"worries": "   "}, 422, "Say what worries you"),
        ({"district": "E99999999"}, 400, "no district"),
        ({"consent": "maybe"}, 422, "consent"),
        ({"worries": "x" * 4001}, 422, "4000"),
        ({"source": "step_down"}, 400, "social worker's summary"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(signed_in, change, status, text) -> None:
    response = signed_in("practitioner").post(
        "/api/requests", {**NEW_REQUEST, **change}, content_type="application/json"
    )
    assert response.status_code == status
    assert text in str(response.json())
    assert RequestForSupport.objects.count() == 0


def test_awaiting_list_is_the_front_doors_queue_and_a_practitioners_own(signed_in) -> None:
    mine = professional_request("practitioner")
    professional_request("practitioner2")
    queue = signed_in("frontdoor").get("/api/requests?status=awaiting_decision").json()
    assert queue["count"] == 2
    own = signed_in("practitioner").get("/api/requests?status=awaiting_decision").json()
    assert [item["reference"] for item in own["items"]] == [mine.reference]
    assert signed_in("fsw").get("/api/requests?status=awaiting_decision").json() == {
        "items": [],
        "count": 0,
    }
    assert AccessLog.objects.filter(object_type="frontdoor.requestforsupport").count() == 3


def test_front_door_decides_through_the_api(signed_in) -> None:
    support_request = professional_request()
    response = signed_in("frontdoor").post(
        f"/api/requests/{support_request.public_id}/decision",
        {
            "kind": "pathway",
            "reason": "Needs a coordinated plan.",
            "team_id": str(Team.objects.get(name=BROMSGROVE_TEAM).public_id),
            "lead_professional_email": demo_user("fsw").email,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == RequestStatus.DECIDED and body["decision"]["pathway_id"]
    again = signed_in("frontdoor").post(
        f"/api/requests/{support_request.public_id}/decision",
        {"kind": "escalate", "reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "already been decided" in again.json()["detail"]


def test_decision_refusals_write_nothing(signed_in) -> None:
    support_request = professional_request()
    client = signed_in("frontdoor")
    url = f"/api/requests/{support_request.public_id}/decision"
    no_team = client.post(url, {"kind": "pathway", "reason": "x"}, content_type="application/json")
    assert no_team.status_code == 400 and "team" in no_team.json()["detail"]
    unknown_lead = client.post(
        url,
        {
            "kind": "pathway",
            "reason": "x",
            "team_id": str(Team.objects.get(name=BROMSGROVE_TEAM).public_id),
            "lead_professional_email": "nobody@example.org",
        },
        content_type="application/json",
    )
    assert unknown_lead.status_code == 400
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("persona", ["practitioner", "fsw", "manager"])
def test_only_front_door_officers_decide_or_see_matches(signed_in, persona) -> None:
    support_request = professional_request("practitioner")
    client = signed_in(persona)
    decision = client.post(
        f"/api/requests/{support_request.public_id}/decision",
        {"kind": "escalate", "reason": "x"},
        content_type="application/json",
    )
    assert decision.status_code == 404
    assert client.get(f"/api/requests/{support_request.public_id}/matches").status_code == 404
    assert Decision.objects.count() == 0


def test_reading_someone_elses_request_is_404(signed_in) -> None:
    theirs = professional_request("practitioner2")
    assert signed_in("practitioner").get(f"/api/requests/{theirs.public_id}").status_code == 404
    assert signed_in("frontdoor").get(f"/api/requests/{theirs.public_id}").status_code == 200
