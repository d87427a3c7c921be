"""Courses: adding one with its weekly sessions, the course page by persona, the register,
completion and withdrawal."""

import datetime

import pytest

from earlyhelp.accounts.models import AccessLog, AccessPurpose, District
from earlyhelp.people.services import break_glass
from earlyhelp.programmes.models import Attendance, Course, CourseSession, EnrolmentStatus
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, make_family
from tests.programmes.helpers import (
    TODAY,
    book,
    day,
    make_course,
    make_programme,
    running_course,
    text_of,
)


def course_form(**overrides: str) -> dict[str, str]:
    starts = TODAY + datetime.timedelta(days=14)
    data = {
        "venue": "Catshill Children and Family Centre",
        "district": str(District.objects.get(name="Bromsgrove").pk),
        "trainer": "Priya Shah",
        "starts_on": day(starts),
        "ends_on": day(starts + datetime.timedelta(weeks=5)),
        "capacity": "10",
        "sessions": "6",
    }
    data.update(overrides)
    return data


def test_family_support_worker_adds_a_course_with_its_weekly_sessions(signed_in):
    programme = make_programme()
    client = signed_in("fsw")

    response = client.post(f"/programmes/{programme.public_id}/courses/new/", course_form())

    course = Course.objects.get(programme=programme)
    assert response["Location"] == f"/courses/{course.public_id}/"
    starts = TODAY + datetime.timedelta(days=14)
    assert list(course.sessions.values_list("number", "held_on")) == [
        (week + 1, starts + datetime.timedelta(weeks=week)) for week in range(6)
    ]
    assert course.created_by == demo_user("fsw")
    html = client.get(response["Location"]).content.decode()
    assert "Catshill Children and Family Centre" in html
    assert "10 places, 10 left" in html
    assert "Session 6" in html


def test_sessions_that_would_run_past_the_end_date_are_refused_with_a_clear_message(signed_in):
    programme = make_programme()

    response = signed_in("fsw").post(
        f"/programmes/{programme.public_id}/courses/new/", course_form(sessions="7")
    )

    html = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "7 weekly sessions from" in html and "after the course's end date" in html
    assert not Course.objects.exists() and not CourseSession.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": day(TODAY)}, "The end date must be the same as or after the start date"),
        ({"capacity": "0"}, "Number of places must be from 1 to 200"),
        ({"sessions": "many"}, "Number of weekly sessions must be a whole number"),
        ({"starts_on": "31/02/2027"}, "Start date must be a real date"),
        ({"venue": ""}, "Enter where the course meets, or Online"),
        (
            {"starts_on": "31/12/9999", "ends_on": "31/12/9999", "sessions": "2"},
            "A course can start up to 2 years from today",
        ),
    ],
)
def test_bad_courses_are_refused_and_nothing_is_written(signed_in, overrides, message):
    programme = make_programme()

    response = signed_in("tso").post(
        f"/programmes/{programme.public_id}/courses/new/", course_form(**overrides)
    )

    assert response.status_code == 200
    assert message in text_of(response)
    assert not Course.objects.exists()


def test_practitioner_may_read_the_catalogue_but_gets_403_adding_a_course(signed_in):
    programme = make_programme()
    client = signed_in("practitioner")

    assert client.get("/programmes/").status_code == 200
    assert client.get(f"/programmes/{programme.public_id}/courses/new/").status_code == 403
    response = client.post(f"/programmes/{programme.public_id}/courses/new/", course_form())
    assert response.status_code == 403
    assert not Course.objects.exists()


def test_a_programme_no_longer_offered_takes_no_new_courses(signed_in):
    programme = make_programme()
    programme.is_active = False
    programme.save()

    response = signed_in("manager").post(
        f"/programmes/{programme.public_id}/courses/new/", course_form()
    )

    assert "no longer offered" in text_of(response)
    assert not Course.objects.exists()


def test_course_page_shows_places_left_and_the_parents_with_their_family(signed_in):
    course = make_course(capacity=8)
    family = make_family()
    place = book(course, family)
    client = signed_in("fsw")

    html = client.get(f"/courses/{course.public_id}/").content.decode()

    assert "8 places, 7 left" in html
    assert "Dawn Hill" in html
    assert f"Hill family ({family.reference})" in html
    assert AccessLog.objects.filter(
        user=demo_user("fsw"), object_id=str(place.public_id), family_id=family.public_id
    ).exists()


def test_course_runner_sees_every_parent_but_not_families_they_cannot_see(signed_in):
    course = make_course()
    malvern = make_family("Cole family", team=MALVERN_TEAM, by="practitioner2")
    book(course, malvern)

    html = signed_in("fsw").get(f"/courses/{course.public_id}/").content.decode()

    assert "Dawn Cole" in html
    assert "Another family" in html
    assert "Cole family" not in html and malvern.reference not in html
    assert str(malvern.public_id) not in html


def test_practitioner_sees_only_places_of_families_they_work_with(signed_in):
    course = make_course()
    book(course, make_family())
    book(course, make_family("Cole family", team=MALVERN_TEAM, by="practitioner2"))

    html = signed_in("practitioner").get(f"/courses/{course.public_id}/").content.decode()

    assert "Dawn Hill" in html
    assert "Dawn Cole" not in html and "Cole family" not in html
    assert "1 other place is held by families you do not work with" in html
    assert "Take the register" not in html and "Mark completed" not in html


def test_analyst_reads_every_place_with_its_family_but_changes_none(signed_in):
    course = running_course()
    cole = make_family("Cole family", team=MALVERN_TEAM, by="practitioner2")
    book(course, cole)

    html = signed_in("analyst").get(f"/courses/{course.public_id}/").content.decode()

    assert f"Cole family ({cole.reference})" in html
    assert "Withdraw" not in html and "Mark completed" not in html


def test_a_place_seen_only_by_break_glass_is_logged_as_break_glass(signed_in):
    course = make_course()
    family = make_family()
    place = book(course, family)
    reason = "Police called about Ruby; the Lead Professional is on leave."
    break_glass(by=demo_user("practitioner2"), family=family, reason=reason)

    html = signed_in("practitioner2").get(f"/courses/{course.public_id}/").content.decode()

    assert "Dawn Hill" in html
    row = AccessLog.objects.get(user=demo_user("practitioner2"), object_id=str(place.public_id))
    assert (row.purpose, row.reason) == (AccessPurpose.BREAK_GLASS, reason)


def test_an_unknown_course_is_404(signed_in):
    response = signed_in("fsw").get("/courses/00000000-0000-4000-8000-000000000000/")

    assert response.status_code == 404


def test_register_saves_one_mark_per_place_and_changes_them_when_saved_again(signed_in):
    course = running_course()
    hill = book(course, make_family())
    cole = book(course, make_family("Cole family", team=MALVERN_TEAM, by="practitioner2"))
    client = signed_in("fsw")
    url = f"/courses/{course.public_id}/sessions/2/register/"

    page = client.get(url).content.decode()
    assert "Dawn Hill" in page and "Dawn Cole" in page
    response = client.post(url, {"attended": [str(hill.public_id)]})

    assert response["Location"] == f"/courses/{course.public_id}/"
    marks = dict(Attendance.objects.values_list("enrolment_id", "attended"))
    assert marks == {hill.pk: True, cole.pk: False}

    client.post(url, {"attended": [str(hill.public_id), str(cole.public_id)]})

    assert Attendance.objects.count() == 2
    assert set(Attendance.objects.values_list("attended", flat=True)) == {True}
    page = text_of(client.get(f"/courses/{course.public_id}/"))
    assert "Register saved for session 2: 2 of 2 came" in page
    assert Attendance.objects.get(enrolment=cole).recorded_by == demo_user("fsw")


def test_register_ticks_who_came_when_it_is_opened_again(signed_in):
    course = running_course()
    hill = book(course, make_family())
    client = signed_in("tso")
    url = f"/courses/{course.public_id}/sessions/1/register/"
    client.post(url, {"attended": [str(hill.public_id)]})

    html = client.get(url).content.decode()

    assert f'value="{hill.public_id}" checked' in html


def test_register_of_a_session_still_to_come_is_refused(signed_in):
    course = running_course()
    hill = book(course, make_family())
    client = signed_in("fsw")

    response = client.post(
        f"/courses/{course.public_id}/sessions/4/register/", {"attended": [str(hill.public_id)]}
    )

    assert response.status_code == 200
    assert "take its register on the day or after" in text_of(response)
    assert not Attendance.objects.exists()


def test_register_refuses_someone_without_a_place(signed_in):
    course = running_course()
    book(course, make_family())
    other = book(make_course(), make_family("Cole family"))

    response = signed_in("fsw").post(
        f"/courses/{course.public_id}/sessions/1/register/", {"attended": [str(other.public_id)]}
    )

    assert "Select a valid choice" in text_of(response)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("practitioner", 403), ("analyst", 403)])
def test_only_people_who_run_courses_take_the_register(signed_in, persona, status):
    course = running_course()
    book(course, make_family())

    response = signed_in(persona).get(f"/courses/{course.public_id}/sessions/1/register/")

    assert response.status_code == status


def test_a_session_the_course_does_not_have_is_404(signed_in):
    course = running_course()

    response = signed_in("fsw").get(f"/courses/{course.public_id}/sessions/9/register/")

    assert response.status_code == 404


def test_course_runner_marks_a_place_completed(signed_in):
    course = running_course()
    place = book(course, make_family())
    client = signed_in("fsw")

    response = client.post(f"/enrolments/{place.public_id}/complete/")

    assert response["Location"] == f"/courses/{course.public_id}/"
    place.refresh_from_db()
    assert (place.status, place.completed_on) == (EnrolmentStatus.COMPLETED, TODAY)
    html = client.get(response["Location"]).content.decode()
    assert "Dawn Hill completed the course" in html and "Completed" in html

    client.post(f"/enrolments/{place.public_id}/complete/")
    assert "Dawn Hill has already completed this course" in text_of(
        client.get(f"/courses/{course.public_id}/")
    )


def test_a_place_cannot_be_completed_before_the_course_starts(signed_in):
    place = book(make_course(), make_family())

    signed_in("fsw").post(f"/enrolments/{place.public_id}/complete/")

    place.refresh_from_db()
    assert place.status == EnrolmentStatus.ENROLLED


def test_family_worker_without_a_course_role_cannot_complete_a_place(signed_in):
    place = book(running_course(), make_family())

    response = signed_in("practitioner").post(f"/enrolments/{place.public_id}/complete/")

    assert response.status_code == 403
    place.refresh_from_db()
    assert place.status == EnrolmentStatus.ENROLLED


def test_family_worker_may_withdraw_a_parent_and_frees_the_place(signed_in):
    course = make_course(capacity=1)
    place = book(course, make_family())
    client = signed_in("practitioner")

    response = client.post(f"/enrolments/{place.public_id}/withdraw/")

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == EnrolmentStatus.WITHDRAWN
    assert "1 places, 1 left" in client.get(f"/courses/{course.public_id}/").content.decode()
    book(course, make_family("Cole family"))


def test_someone_with_no_part_in_the_family_or_courses_gets_404_changing_a_place(signed_in):
    place = book(running_course(), make_family())
    client = signed_in("practitioner2")

    assert client.post(f"/enrolments/{place.public_id}/withdraw/").status_code == 404
    assert client.post(f"/enrolments/{place.public_id}/complete/").status_code == 404
    place.refresh_from_db()
    assert place.status == EnrolmentStatus.ENROLLED


def test_changing_a_place_needs_a_post(signed_in):
    place = book(running_course(), make_family())

    assert signed_in("fsw").get(f"/enrolments/{place.public_id}/complete/").status_code == 405
