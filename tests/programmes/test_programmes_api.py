"""Programmes, courses, places and training through the JSON API, by persona: the same
rules as the pages, refusals as 4xx JSON, and every place shown in the access log."""

import datetime
from typing import Any

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog
from earlyhelp.programmes.models import (
    Attendance,
    Delegate,
    Enrolment,
    EnrolmentStatus,
    TrainingSession,
)
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, make_family
from tests.programmes.helpers import (
    TODAY,
    book,
    make_course,
    make_programme,
    parent_of,
    running_course,
)
from tests.programmes.test_training import (
    MARCH_2019,
    delegate,
    training_course,
    training_session,
)

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


def booking(family) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"family_id": str(family.public_id), "person_id": str(parent_of(family).public_id)}


# The catalogue and courses ----------------------------------------------------------------


def test_programmes_lists_active_programmes_with_their_courses_and_filters_by_age(signed_in):
    course = make_course(make_programme("Triple P", 0, 16), capacity=9)
    make_programme("Mellow Bumps", 0, 1)
    client = signed_in("practitioner")

    body = client.get("/api/programmes?age=9").json()

    names = [item["name"] for item in body["items"]]
    assert "Triple P" in names and "Mellow Bumps" not in names
    assert body["count"] == len(body["items"])
    (triple_p,) = [item for item in body["items"] if item["name"] == "Triple P"]
    assert (triple_p["min_age"], triple_p["max_age"]) == (0, 16)
    assert triple_p["courses"][0]["id"] == str(course.public_id)
    assert triple_p["courses"][0]["places_left"] == 9
    assert triple_p["courses"][0]["district"] == "Bromsgrove"
    assert client.get("/api/programmes?age=40").status_code == 422


def test_courses_filter_by_programme_and_upcoming(signed_in):
    programme = make_programme()
    upcoming = make_course(programme)
    ended = make_course(programme, starts_on=TODAY - datetime.timedelta(weeks=10), sessions=3)
    other = make_course(make_programme("Mellow Bumps", 0, 1))
    client = signed_in("fsw")

    body = client.get(f"/api/courses?programme={programme.public_id}").json()
    assert {item["id"] for item in body["items"]} == {str(upcoming.public_id), str(ended.public_id)}
    body = client.get(f"/api/courses?programme={programme.public_id}&upcoming=true").json()
    assert [item["id"] for item in body["items"]] == [str(upcoming.public_id)]
    assert body["items"][0]["sessions"] == 6
    body = client.get("/api/courses?upcoming=true").json()
    assert str(other.public_id) in {item["id"] for item in body["items"]}
    assert client.get(f"/api/courses?programme={UNKNOWN}").status_code == 404
    assert client.get("/api/courses?programme=nope").status_code == 422


def test_a_course_shows_places_by_persona_and_logs_each_one_shown(signed_in):
    course = running_course()
    hill = make_family()
    cole = make_family("Cole family", team=MALVERN_TEAM, by="practitioner2")
    hill_place = book(course, hill)
    cole_place = book(course, cole)

    body = signed_in("fsw").get(f"/api/courses/{course.public_id}").json()

    places = {place["person_name"]: place for place in body["places"]}
    assert places["Dawn Hill"]["family_reference"] == hill.reference
    assert places["Dawn Cole"]["family_id"] is None
    assert places["Dawn Cole"]["family_reference"] is None
    assert len(places["Dawn Hill"]["marks"]) == 6
    assert body["places_left"] == 10 and body["other_places"] == 0
    assert [s["number"] for s in body["sessions_list"]] == [1, 2, 3, 4, 5, 6]
    logged = set(
        AccessLog.objects.filter(user=demo_user("fsw")).values_list("object_id", flat=True)
    )
    assert {str(hill_place.public_id), str(cole_place.public_id)} <= logged

    body = signed_in("practitioner").get(f"/api/courses/{course.public_id}").json()
    assert [place["person_name"] for place in body["places"]] == ["Dawn Hill"]
    assert body["other_places"] == 1
    assert not AccessLog.objects.filter(
        user=demo_user("practitioner"), object_id=str(cole_place.public_id)
    ).exists()
    assert signed_in("fsw").get(f"/api/courses/{UNKNOWN}").status_code == 404


# Places on courses ------------------------------------------------------------------------


def test_booking_a_place_through_the_api(signed_in):
    course = make_course()
    family = make_family()
    client = signed_in("practitioner")

    response = post(client, f"/api/courses/{course.public_id}/enrolments", booking(family))

    assert response.status_code == 201
    body = response.json()
    assert body["person_name"] == "Dawn Hill"
    assert (body["status"], body["sessions_held"], body["sessions"]) == ("enrolled", 0, 6)
    assert Enrolment.objects.get().enrolled_by == demo_user("practitioner")

    again = post(client, f"/api/courses/{course.public_id}/enrolments", booking(family))
    assert again.status_code == 400
    assert again.json() == {"detail": "Dawn Hill already has a place on this course"}
    assert Enrolment.objects.count() == 1


def test_booking_refusals_are_json(signed_in):
    family = make_family()
    wrong_ages = make_course(make_programme("Mellow Bumps", 0, 1))
    full = make_course(capacity=1, venue="Online")
    book(full, make_family("Cole family"))
    client = signed_in("fsw")

    response = post(client, f"/api/courses/{wrong_ages.public_id}/enrolments", booking(family))
    assert response.status_code == 400
    assert "Mellow Bumps is for children aged 0 to 1" in response.json()["detail"]
    response = post(client, f"/api/courses/{full.public_id}/enrolments", booking(family))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("This course is full")
    response = post(
        client,
        f"/api/courses/{full.public_id}/enrolments",
        {"family_id": str(family.public_id), "person_id": UNKNOWN},
    )
    assert response.json() == {"detail": "Choose someone who lives in the family"}
    response = post(client, f"/api/courses/{full.public_id}/enrolments", {"family_id": "x"})
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid"
    assert Enrolment.objects.filter(family=family).count() == 0


@pytest.mark.parametrize(("persona", "status"), [("practitioner2", 404), ("analyst", 403)])
def test_booking_needs_the_right_to_change_the_family(signed_in, persona, status):
    course = make_course()
    family = make_family()

    response = post(
        signed_in(persona), f"/api/courses/{course.public_id}/enrolments", booking(family)
    )

    assert response.status_code == status
    assert "detail" in response.json()
    assert not Enrolment.objects.exists()


def test_attendance_is_marked_and_changed_through_the_api(signed_in):
    course = running_course()
    place = book(course, make_family())
    client = signed_in("tso")
    url = f"/api/enrolments/{place.public_id}/attendance"

    response = post(client, url, {"session_number": 2, "attended": True})
    assert response.status_code == 200
    assert response.json()["attended"] is True
    response = post(client, url, {"session_number": 2, "attended": False})

    assert response.json() == {
        "enrolment_id": str(place.public_id),
        "session_number": 2,
        "held_on": str(course.starts_on + datetime.timedelta(weeks=1)),
        "attended": False,
    }
    assert Attendance.objects.get().attended is False
    future = post(client, url, {"session_number": 5, "attended": True})
    assert future.status_code == 400
    assert "take its register on the day or after" in future.json()["detail"]
    assert post(client, url, {"session_number": 9, "attended": True}).status_code == 400
    assert post(client, url, {"session_number": 0, "attended": True}).status_code == 422
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(("persona", "status"), [("practitioner", 403), ("practitioner2", 404)])
def test_only_people_who_run_courses_mark_attendance_or_completion(signed_in, persona, status):
    place = book(running_course(), make_family())
    client = signed_in(persona)

    attendance = post(
        client,
        f"/api/enrolments/{place.public_id}/attendance",
        {"session_number": 1, "attended": True},
    )
    completion = post(client, f"/api/enrolments/{place.public_id}/complete", {})

    assert (attendance.status_code, completion.status_code) == (status, status)
    assert not Attendance.objects.exists()
    place.refresh_from_db()
    assert place.status == EnrolmentStatus.ENROLLED


def test_completing_a_place_through_the_api(signed_in):
    place = book(running_course(), make_family())
    client = signed_in("fsw")

    response = post(client, f"/api/enrolments/{place.public_id}/complete", {})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["completed_on"]) == (
        "completed",
        str(TODAY),
    )
    again = post(client, f"/api/enrolments/{place.public_id}/complete", {})
    assert again.status_code == 400
    assert again.json() == {"detail": "Dawn Hill has already completed this course"}
    tomorrow = str(TODAY + datetime.timedelta(days=1))
    other = book(running_course(venue="Online"), make_family("Cole family"))
    response = post(
        client, f"/api/enrolments/{other.public_id}/complete", {"completed_on": tomorrow}
    )
    assert response.json() == {"detail": "The completion date cannot be in the future"}


def test_withdrawing_through_the_api_frees_the_place(signed_in):
    course = make_course(capacity=1)
    place = book(course, make_family())

    response = post(signed_in("practitioner"), f"/api/enrolments/{place.public_id}/withdraw", {})

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert signed_in("fsw").get(f"/api/courses/{course.public_id}").json()["places_left"] == 1


def test_a_familys_places_with_attendance_counts(signed_in):
    course = running_course()
    family = make_family()
    place = book(course, family)
    client = signed_in("fsw")
    post(
        client,
        f"/api/enrolments/{place.public_id}/attendance",
        {"session_number": 1, "attended": True},
    )

    body = client.get(f"/api/families/{family.public_id}/enrolments").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert (item["programme"], item["person_name"]) == ("Triple P", "Dawn Hill")
    assert (item["sessions_attended"], item["sessions_held"], item["sessions"]) == (1, 3, 6)
    response = signed_in("practitioner2").get(f"/api/families/{family.public_id}/enrolments")
    assert response.status_code == 404


# Workforce training -----------------------------------------------------------------------


def test_practitioner_gets_403_on_every_training_route(signed_in):
    session = training_session()
    amy = delegate(session, "Amy Price")
    client = signed_in("practitioner")

    responses = [
        client.get("/api/training/sessions"),
        client.get(f"/api/training/sessions/{session.public_id}"),
        client.get("/api/training/summary"),
        post(client, "/api/training/sessions", {}),
        post(client, f"/api/training/sessions/{session.public_id}/delegates", {}),
        patch(client, f"/api/training/delegates/{amy.public_id}", {"overall_score": 9}),
    ]

    assert {response.status_code for response in responses} <= {403, 422}
    assert [r.status_code for r in responses[:3]] == [403, 403, 403]
    assert responses[5].status_code == 403
    amy.refresh_from_db()
    assert amy.overall_score is None


def test_training_sessions_are_listed_and_added(signed_in):
    course = training_course()
    training_session(course)
    client = signed_in("tso")

    response = post(
        client,
        "/api/training/sessions",
        {
            "course_id": str(course.public_id),
            "held_on": str(TODAY),
            "trainer": "Lee Carter",
            "venue": "Online",
            "capacity": 30,
        },
    )

    assert response.status_code == 201
    assert (response.json()["places_left"], response.json()["delegate_list"]) == (30, [])
    body = client.get(f"/api/training/sessions?course={course.public_id}").json()
    assert body["count"] == 2
    assert body["items"][0]["held_on"] == str(TODAY)
    body = client.get("/api/training/sessions?from=2019-03-01&to=2019-03-31").json()
    assert [item["held_on"] for item in body["items"]] == [str(MARCH_2019)]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"capacity": 0}, 422),
        ({"trainer": "  "}, 422),
        ({"held_on": "31/02/2026"}, 422),
        ({"course_id": UNKNOWN}, 400),
    ],
)
def test_bad_training_sessions_are_refused(signed_in, change, status):
    body = {
        "course_id": str(training_course().public_id),
        "held_on": str(TODAY),
        "trainer": "Lee Carter",
        "venue": "Online",
        "capacity": 30,
    } | change

    response = post(signed_in("manager"), "/api/training/sessions", body)

    assert response.status_code == status
    assert response.json()["detail"]
    assert not TrainingSession.objects.exists()


def test_delegates_are_added_and_scored_through_the_api(signed_in):
    session = training_session(capacity=2)
    client = signed_in("tso")
    url = f"/api/training/sessions/{session.public_id}/delegates"

    response = post(client, url, {"name": "Amy Price", "organisation": "Hagley Primary"})
    assert response.status_code == 201
    amy = response.json()
    response = post(client, url, {"staff_email": "practitioner@demo.earlyhelp.test"})
    assert response.json()["staff_email"] == "practitioner@demo.earlyhelp.test"
    full = post(client, url, {"name": "Ben Lowe", "organisation": "Hagley Primary"})
    assert full.status_code == 400
    assert full.json()["detail"].startswith("This session is full")

    response = patch(
        client,
        f"/api/training/delegates/{amy['id']}",
        {"confidence_before": 5, "confidence_after": 8, "feedback": "Messages now aligned."},
    )
    assert response.status_code == 200
    response = patch(client, f"/api/training/delegates/{amy['id']}", {"overall_score": 9})

    scored = response.json()
    assert (scored["confidence_before"], scored["confidence_after"]) == (5, 8)
    assert (scored["overall_score"], scored["feedback"]) == (9, "Messages now aligned.")
    body = client.get(f"/api/training/sessions/{session.public_id}").json()
    assert {d["name"] for d in body["delegate_list"]} >= {"Amy Price"}
    assert body["places_left"] == 0


@pytest.mark.parametrize(
    "scores",
    [
        {"confidence_before": 11},
        {"confidence_after": -1},
        {"overall_score": 7.5},
        {"overall_score": "x"},
    ],
)
def test_scores_outside_0_to_10_are_refused_with_422(signed_in, scores):
    amy = delegate(training_session(), "Amy Price", 5, 6, 7)

    response = patch(signed_in("tso"), f"/api/training/delegates/{amy.public_id}", scores)

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid"
    amy.refresh_from_db()
    assert (amy.confidence_before, amy.confidence_after, amy.overall_score) == (5, 6, 7)


def test_bad_delegates_are_refused(signed_in):
    session = training_session()
    client = signed_in("tso")
    url = f"/api/training/sessions/{session.public_id}/delegates"

    assert post(client, url, {"name": "Amy"}).json() == {
        "detail": "Enter the organisation they work for"
    }
    assert post(client, url, {"staff_email": "nobody@nowhere.example"}).status_code == 400
    assert post(client, url, {"name": "A", "organisation": "B", "email": "x"}).status_code == 422
    assert post(client, f"/api/training/sessions/{UNKNOWN}/delegates", {}).status_code == 404
    assert not Delegate.objects.exists()


def test_training_summary_gives_averages_and_the_increase(signed_in):
    session = training_session()
    delegate(session, "Amy Price", 5, 8, 9)
    delegate(session, "Ben Lowe", 6, 8, 8)
    client = signed_in("manager")

    body = client.get("/api/training/summary?from=2019-03-01&to=2019-03-31").json()

    (row,) = [row for row in body["courses"] if row["name"] == "Signs of Safety"]
    assert row["avg_confidence_before"] == 5.5
    assert row["avg_confidence_after"] == 8.0
    assert row["increase_percent"] == 45.45
    assert row["avg_overall_score"] == 8.5
    assert body["overall"]["delegates"] == 2
    assert body["overall"]["increase_percent"] == 45.45
    response = client.get("/api/training/summary?from=2019-04-01&to=2019-03-01")
    assert response.status_code == 422
