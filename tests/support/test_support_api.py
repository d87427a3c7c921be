"""The Family Support Line and FSW interventions through the JSON API, by persona, with the
same rules and access logging as the pages; bad input is refused and writes nothing."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, Authority
from earlyhelp.frontdoor.models import RequestForSupport, RequestSource
from earlyhelp.support.models import FswIntervention, InterventionSession, SupportLineCall
from earlyhelp.support.services import end_intervention, start_intervention
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, family_with_pathway, make_family
from tests.support.helpers import allocate, children_of, last

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
CALLS = "/api/support-line/calls"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def a_wednesday_morning() -> str:
    return f"{last(2).isoformat()}T10:15:00"


def call_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "caller_kind": "parent_carer",
        "caller_name": "Jo",
        "called_at": a_wednesday_morning(),
        "issue_codes": ["FAM-BEHAVIOUR"],
        "notes": "Mum worried about her son's angry outbursts at bedtime.",
        "advice": "Talked through a calm bedtime routine.",
        "outcome": "resolved",
    }
    body.update(overrides)
    return body


def written() -> tuple[int, ...]:
    return (
        SupportLineCall.objects.count(),
        RequestForSupport.objects.count(),
        FswIntervention.objects.count(),
        InterventionSession.objects.count(),
    )


# Calls ------------------------------------------------------------------------------------


def test_fsw_logs_a_call_and_reads_it_back(signed_in):
    client = signed_in("fsw")

    response = post(client, CALLS, call_body())

    assert response.status_code == 201
    body = response.json()
    assert body["district"] == "Bromsgrove"  # the worker's team's district
    assert body["issue_codes"] == ["FAM-BEHAVIOUR"]
    assert body["out_of_hours"] is False
    assert body["taken_by"] == "fsw@demo.earlyhelp.test"
    assert body["request_reference"] is None
    again = client.get(f"{CALLS}/{body['id']}").json()
    assert again == body


def test_a_call_opening_a_pathway_sends_a_request_about_the_family(signed_in):
    family = make_family("Hill family")
    client = signed_in("frontdoor")

    body = post(
        client, CALLS, call_body(outcome="opened_pathway", family_id=str(family.public_id))
    ).json()

    request = RequestForSupport.objects.get()
    assert body["request_reference"] == request.reference
    assert body["family_id"] == str(family.public_id)
    assert request.source == RequestSource.SUPPORT_LINE and request.family == family
    assert SupportLineCall.objects.get().request == request


def test_saturday_call_through_the_api_is_out_of_hours(signed_in):
    body = post(
        signed_in("fsw"), CALLS, call_body(called_at=f"{last(5).isoformat()}T11:00:00")
    ).json()

    assert body["out_of_hours"] is True


def test_calls_are_listed_and_filtered(signed_in):
    client = signed_in("fsw")
    worcester = Authority.objects.get().districts.get(name="Worcester")
    post(client, CALLS, call_body())
    post(client, CALLS, call_body(district_id=str(worcester.public_id), caller_name="Al"))
    week_before = (last(2) - datetime.timedelta(days=7)).isoformat()
    post(client, CALLS, call_body(called_at=f"{week_before}T10:00:00", caller_name="Old"))

    everything = client.get(CALLS).json()
    in_worcester = client.get(f"{CALLS}?district={worcester.public_id}").json()
    recent = client.get(f"{CALLS}?from={last(2).isoformat()}&to={TODAY.isoformat()}").json()
    old = client.get(f"{CALLS}?to={week_before}").json()

    assert everything["count"] == 3
    assert [item["caller_name"] for item in everything["items"]][-1] == "Old"
    assert in_worcester["count"] == 1 and in_worcester["items"][0]["caller_name"] == "Al"
    assert recent["count"] == 2
    assert old["count"] == 1
    assert signed_in("manager").get(CALLS).json()["count"] == 3


@pytest.mark.parametrize(
    "overrides, status, message",
    [
        ({"called_at": f"{TOMORROW.isoformat()}T10:00:00"}, 400, "now or in the past"),
        ({"outcome": "referred"}, 400, "Say where the caller was referred to"),
        ({"outcome": "opened_pathway"}, 400, "Enter the child's first name"),
        (
            {"outcome": "opened_pathway", "child_first_name": "Leo", "child_last_name": "Marsh"},
            400,
            "Enter the child's date of birth",
        ),
        ({"issue_codes": ["NOT-A-CODE"]}, 400, "Unknown issue codes: NOT-A-CODE"),
        ({"district_id": "00000000-0000-4000-8000-000000000000"}, 400, "Choose a district"),
        ({"notes": "   "}, 422, "Say what the caller told you"),
        ({"caller_kind": "robot"}, 422, "Input should be"),
        ({"called_at": "yesterday"}, 422, "datetime"),
    ],
)
def test_bad_calls_are_refused_and_nothing_is_written(signed_in, overrides, status, message):
    response = post(signed_in("fsw"), CALLS, call_body(**overrides))

    assert response.status_code == status
    body = response.json()
    assert message in " ".join([body["detail"], *(e["msg"] for e in body.get("errors", []))])
    assert written() == (0, 0, 0, 0)


def test_a_family_the_worker_cannot_see_cannot_be_linked(signed_in):
    hidden = make_family("Moss family", team=MALVERN_TEAM, by="practitioner2")

    response = post(signed_in("fsw"), CALLS, call_body(family_id=str(hidden.public_id)))

    assert response.status_code == 400
    assert response.json()["detail"] == "No family you can see has that id"
    assert written() == (0, 0, 0, 0)


def test_practitioner_is_refused_the_call_log(signed_in):
    client = signed_in("practitioner")

    assert client.get(CALLS).status_code == 403
    assert post(client, CALLS, call_body()).status_code == 403
    assert written() == (0, 0, 0, 0)


def test_a_linked_call_is_404_for_someone_who_cannot_see_the_family_and_reads_are_logged(
    signed_in,
):
    family = make_family("Hill family")
    call_id = post(signed_in("fsw"), CALLS, call_body(family_id=str(family.public_id))).json()["id"]

    assert signed_in("practitioner2").get(f"{CALLS}/{call_id}").status_code == 404
    assert signed_in("analyst").get(f"{CALLS}/{call_id}").status_code == 200
    row = AccessLog.objects.get(object_type="support.supportlinecall")
    assert row.family_id == family.public_id and row.user == demo_user("analyst")


def test_signed_out_api_requests_are_refused(client, demo):
    assert client.get(CALLS).status_code == 401
    assert client.get("/api/interventions").status_code == 401


# Interventions ----------------------------------------------------------------------------


def allocation_body(family, **overrides: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    body: dict[str, object] = {
        "family_id": str(family.public_id),
        "worker_email": "FSW@demo.earlyhelp.test",
        "children_ids": [str(child.public_id) for child in children_of(family)],
        "source": "direct_referral",
        "is_remote": True,
    }
    body.update(overrides)
    return body


def test_the_front_door_allocates_and_the_worker_works_the_intervention(signed_in):
    family = make_family("Hill family")

    response = post(signed_in("frontdoor"), "/api/interventions", allocation_body(family))

    assert response.status_code == 201
    body = response.json()
    assert body["worker_email"] == "fsw@demo.earlyhelp.test"
    assert body["is_remote"] is True and body["allocated_on"] == TODAY.isoformat()
    assert [child["first_name"] for child in body["children"]] == ["Ruby"]
    url = f"/api/interventions/{body['id']}"
    fsw = signed_in("fsw")
    started = post(fsw, f"{url}/start", {"started_on": TODAY.isoformat()})
    session = post(
        fsw, f"{url}/sessions", {"held_on": TODAY.isoformat(), "kind": "phone", "note": "Hello"}
    )
    ended = post(
        fsw,
        f"{url}/end",
        {"ended_on": TODAY.isoformat(), "outcome": "positive", "note": "Sorted."},
    )

    assert started.status_code == 200 and started.json()["started_on"] == TODAY.isoformat()
    assert session.status_code == 201 and session.json()["kind"] == "phone"
    assert ended.status_code == 200
    final = fsw.get(url).json()
    assert final["outcome"] == "positive" and final["end_note"] == "Sorted."
    assert [s["note"] for s in final["sessions"]] == ["Hello"]
    assert final["can_change"] is False
    refused = post(
        fsw, f"{url}/sessions", {"held_on": TODAY.isoformat(), "kind": "phone", "note": "x"}
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "This intervention has ended and can no longer change"


def test_a_pathway_allocation_defaults_to_the_open_pathway(signed_in):
    family, pathway = family_with_pathway()

    body = post(
        signed_in("manager"), "/api/interventions", allocation_body(family, source="pathway")
    ).json()

    assert body["pathway_id"] == str(pathway.public_id)


def test_interventions_are_listed_for_the_worker(signed_in):
    allocate(make_family("Hill family"), worker="fsw", days_ago=60, is_remote=True)
    ended = allocate(make_family("Moss family"), worker="fsw", days_ago=10)
    start_intervention(by=demo_user("fsw"), intervention=ended, started_on=TODAY)
    end_intervention(by=demo_user("fsw"), intervention=ended, ended_on=TODAY, outcome="positive")
    client = signed_in("fsw")

    mine = client.get("/api/interventions?worker=me&open=true").json()
    everything = client.get("/api/interventions").json()

    assert mine["count"] == 1
    item = mine["items"][0]
    assert item["family_name"] == "Hill family" and item["children_count"] == 1
    assert item["overruns"] is True and item["weeks"] == pytest.approx(8.6, abs=0.1)
    assert everything["count"] == 2
    assert signed_in("manager").get("/api/interventions?worker=me").json()["count"] == 0
    assert signed_in("practitioner2").get("/api/interventions").json()["count"] == 0
    assert client.get("/api/interventions?worker=someone").status_code == 400


@pytest.mark.parametrize(
    "overrides, status, message",
    [
        ({"worker_email": "nobody@example.org"}, 400, "no member of staff"),
        ({"worker_email": "practitioner@demo.earlyhelp.test"}, 400, "not a family support worker"),
        ({"children_ids": []}, 400, "Choose at least one child"),
        (
            {"children_ids": ["00000000-0000-4000-8000-000000000000"]},
            400,
            "Choose children who are in this family now",
        ),
        ({"source": "pathway"}, 400, "needs the family's open pathway"),
        ({"allocated_on": TOMORROW.isoformat()}, 400, "today or in the past"),
        ({"source": "magic"}, 422, "Input should be"),
        ({"worker_email": "not an email"}, 422, "Enter an email address"),
    ],
)
def test_bad_allocations_are_refused_and_nothing_is_written(signed_in, overrides, status, message):
    family = make_family("Hill family")

    response = post(
        signed_in("frontdoor"), "/api/interventions", allocation_body(family, **overrides)
    )

    assert response.status_code == status
    body = response.json()
    assert message in " ".join([body["detail"], *(e["msg"] for e in body.get("errors", []))])
    assert written() == (0, 0, 0, 0)


def test_who_may_not_allocate_is_refused(signed_in):
    family = make_family("Hill family")
    hidden = make_family("Moss family", team=MALVERN_TEAM, by="practitioner2")

    practitioner = post(signed_in("practitioner"), "/api/interventions", allocation_body(family))
    outsider = post(signed_in("fsw"), "/api/interventions", allocation_body(hidden))

    assert practitioner.status_code == 403
    assert outsider.status_code == 404
    assert written() == (0, 0, 0, 0)


def test_changes_are_refused_to_readers_and_outsiders(signed_in):
    intervention = allocate(make_family("Hill family"))
    url = f"/api/interventions/{intervention.public_id}"

    assert signed_in("practitioner2").get(url).status_code == 404
    assert (
        post(
            signed_in("practitioner2"), f"{url}/start", {"started_on": TODAY.isoformat()}
        ).status_code
        == 404
    )
    reader = signed_in("analyst")
    assert reader.get(url).status_code == 200
    assert post(reader, f"{url}/start", {"started_on": TODAY.isoformat()}).status_code == 403
    assert (
        post(signed_in("fsw"), f"{url}/start", {"started_on": TOMORROW.isoformat()}).status_code
        == 400
    )
    assert post(signed_in("fsw"), f"{url}/end", {"ended_on": TODAY.isoformat()}).status_code == 422
    intervention.refresh_from_db()
    assert intervention.started_on is None
