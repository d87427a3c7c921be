"""The coder through the JSON API, by persona: analysts work the review queue, anyone who
may see an entry reads its codes, the front door and the family's managers close
safeguarding flags (never without an action and a note); bad input writes nothing."""

from typing import Any

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.coding.models import EntryCoding, FlagAction, SafeguardingFlag
from earlyhelp.pathways.models import CodeSource, CodeStatus
from tests.coding.conftest import (
    DEBT,
    coded_entry,
    draft_triage,
    give_code,
    mark_coded,
    raise_flag,
    uncoded_entry,
)
from tests.conftest import demo_user

pytestmark = pytest.mark.django_db

NOTE = "Rang the MASH: a social worker is visiting the family today."


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def messages(response: Any) -> str:
    body = response.json()
    return " ".join([body["detail"], *(error["msg"] for error in body.get("errors", []))])


# The review queue -------------------------------------------------------------------------


def test_an_analyst_reads_the_queue_flagged_entries_first(signed_in):
    calm = uncoded_entry(DEBT)
    give_code(calm, "FIN-DEBT", confidence=0.71)
    mark_coded(calm)
    urgent = uncoded_entry("Ruby has a bruise on her cheek and says dad hit her.")
    mark_coded(urgent)
    raise_flag(urgent)

    response = signed_in("analyst").get("/api/coding/queue")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["entry_id"] == str(urgent.public_id) and first["flagged"] is True
    assert second == {
        "entry_id": str(calm.public_id),
        "family_id": str(calm.triage.pathway.family.public_id),
        "band": "yellow",
        "narrative": DEBT,
        "suggestions": [{"code": "FIN-DEBT", "confidence": 0.71}],
        "flagged": False,
    }
    assert AccessLog.objects.filter(
        user=demo_user("analyst"),
        family_id=calm.triage.pathway.family.public_id,
        purpose=AccessPurpose.SEARCH,
    ).exists()


@pytest.mark.parametrize("local_part", ["practitioner", "frontdoor", "manager"])
def test_only_analysts_read_the_queue(signed_in, local_part):
    uncoded_entry()

    response = signed_in(local_part).get("/api/coding/queue")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have access to this"}


def test_signed_out_callers_get_401(demo, client):
    assert client.get("/api/coding/queue").status_code == 401
    assert client.get("/api/safeguarding/flags").status_code == 401


def test_an_analyst_confirms_codes(signed_in):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND", confidence=0.88)
    give_code(entry, "DA", confidence=0.31)
    mark_coded(entry)

    response = post(
        signed_in("analyst"),
        f"/api/coding/entries/{entry.public_id}/review",
        {"codes": ["EDU-ATTEND", "housing"]},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reviewed_by"] == demo_user("analyst").email
    shown = {row["code"]: row for row in body["codes"]}
    assert set(shown) == {"EDU-ATTEND", "HOUSING"}  # the rejected one is not shown
    assert shown["HOUSING"]["source"] == CodeSource.ANALYST
    assert shown["EDU-ATTEND"]["status"] == CodeStatus.CONFIRMED
    assert entry.codes.get(code__code="DA").status == CodeStatus.REJECTED


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"codes": ["EDU-ATTEND", "NOT-A-CODE"]}, 400, "Unknown issue codes: NOT-A-CODE"),
        ({"codes": "EDU-ATTEND"}, 422, "list"),
        ({}, 422, "required"),
        ({"codes": [" "]}, 422, "Name each code"),
    ],
)
def test_bad_reviews_are_refused_and_nothing_is_saved(signed_in, body, status, message):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND")
    mark_coded(entry)

    response = post(signed_in("analyst"), f"/api/coding/entries/{entry.public_id}/review", body)

    assert response.status_code == status
    assert message in messages(response)
    assert entry.codes.get().status == CodeStatus.SUGGESTED
    assert EntryCoding.objects.get(entry=entry).reviewed_at is None


def test_only_analysts_confirm_codes(signed_in):
    entry = uncoded_entry()
    give_code(entry, "EDU-ATTEND")

    response = post(
        signed_in("fsw"), f"/api/coding/entries/{entry.public_id}/review", {"codes": []}
    )

    assert response.status_code == 403
    assert entry.codes.get().status == CodeStatus.SUGGESTED


def test_reviewing_an_unknown_entry_is_404(signed_in):
    client = signed_in("analyst")
    for entry_id in ("not-an-id", "6b1e2a9c-8f4d-4d3e-9a57-1c2b3d4e5f60"):
        response = post(client, f"/api/coding/entries/{entry_id}/review", {"codes": []})
        assert response.status_code == 404


# An entry's codes -------------------------------------------------------------------------


def test_who_may_see_the_entry_reads_its_codes(signed_in):
    entry = coded_entry()
    url = f"/api/coding/entries/{entry.public_id}/codes"

    for local_part in ("fsw", "analyst"):
        response = signed_in(local_part).get(url)
        assert response.status_code == 200
        body = response.json()
        assert body["coded"] is True and body["flagged"] is False
        assert "EDU-ATTEND" in [row["code"] for row in body["codes"]]
        assert {row["status"] for row in body["codes"]} == {"suggested"}
    assert signed_in("practitioner2").get(url).status_code == 404


def test_an_entry_not_coded_yet_says_so(signed_in):
    entry = uncoded_entry()

    body = signed_in("fsw").get(f"/api/coding/entries/{entry.public_id}/codes").json()

    assert body["coded"] is False and body["codes"] == []


# Safeguarding flags -----------------------------------------------------------------------


def test_the_front_door_lists_open_flags(signed_in):
    entry = uncoded_entry("Ruby has a bruise on her cheek and says dad hit her.")
    flag = raise_flag(entry)
    closed = raise_flag(uncoded_entry(DEBT))
    SafeguardingFlag.objects.filter(pk=closed.pk).update(
        action=FlagAction.NOT_A_CONCERN,
        note="Read with the school: no concern.",
        closed_by=demo_user("frontdoor"),
        closed_at=closed.created_at,
    )
    client = signed_in("frontdoor")

    body = client.get("/api/safeguarding/flags?open=true").json()

    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == str(flag.public_id)
    assert item["family_reference"] == entry.triage.pathway.family.reference
    assert item["open"] is True and item["action"] == ""
    assert client.get("/api/safeguarding/flags").json()["count"] == 2
    assert client.get("/api/safeguarding/flags?open=false").json()["items"][0]["action"] == (
        "not_a_concern"
    )
    assert AccessLog.objects.filter(
        user=demo_user("frontdoor"),
        family_id=entry.triage.pathway.family.public_id,
        purpose=AccessPurpose.SEARCH,
    ).exists()


def test_a_manager_sees_only_the_flags_of_their_districts(signed_in):
    mine = raise_flag(uncoded_entry())
    theirs = raise_flag(uncoded_entry(triage=draft_triage(malvern=True)))
    client = signed_in("manager")

    body = client.get("/api/safeguarding/flags?open=true").json()

    assert [item["id"] for item in body["items"]] == [str(mine.public_id)]
    response = post(
        client,
        f"/api/safeguarding/flags/{theirs.public_id}/close",
        {"action": "escalated", "note": NOTE},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open


@pytest.mark.parametrize("local_part", ["practitioner", "analyst"])
def test_others_may_not_list_or_close_flags(signed_in, local_part):
    flag = raise_flag(uncoded_entry())
    client = signed_in(local_part)

    assert client.get("/api/safeguarding/flags").status_code == 403
    response = post(
        client,
        f"/api/safeguarding/flags/{flag.public_id}/close",
        {"action": "escalated", "note": NOTE},
    )
    assert response.status_code == 403
    flag.refresh_from_db()
    assert flag.is_open


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"note": NOTE}, "required"),
        ({"action": "shrugged", "note": NOTE}, "escalated"),
        ({"action": "escalated"}, "required"),
        ({"action": "escalated", "note": "   "}, "Say what was done, in a sentence"),
        ({"action": "escalated", "note": "done"}, "Say what was done, in a sentence"),
    ],
)
def test_a_flag_is_never_closed_without_an_action_and_a_note(signed_in, body, message):
    flag = raise_flag(uncoded_entry())

    response = post(signed_in("frontdoor"), f"/api/safeguarding/flags/{flag.public_id}/close", body)

    assert response.status_code == 422
    assert message in messages(response)
    flag.refresh_from_db()
    assert flag.is_open and flag.action == "" and flag.closed_by is None


def test_a_flag_closes_with_an_action_and_a_note_once(signed_in):
    flag = raise_flag(uncoded_entry())
    client = signed_in("frontdoor")
    url = f"/api/safeguarding/flags/{flag.public_id}/close"

    response = post(client, url, {"action": "escalated", "note": NOTE})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["open"] is False and body["action"] == "escalated" and body["note"] == NOTE
    assert body["closed_by"] == demo_user("frontdoor").email
    again = post(client, url, {"action": "not_a_concern", "note": NOTE})
    assert again.status_code == 400
    assert again.json() == {"detail": "This flag has already been closed"}
    flag.refresh_from_db()
    assert flag.action == FlagAction.ESCALATED
