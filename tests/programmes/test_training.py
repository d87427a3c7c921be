"""Workforce training: sessions, delegates, and how much more confident they felt."""

import datetime

import pytest

from earlyhelp.programmes.models import Delegate, TrainingCourse, TrainingSession
from earlyhelp.programmes.selectors import training_summary
from earlyhelp.programmes.services import (
    ProgrammeError,
    add_delegate,
    create_training_course,
    create_training_session,
    record_delegate_scores,
)
from tests.conftest import demo_user
from tests.programmes.helpers import TODAY, day, text_of

# Sessions in a month long before the demo's own training, so the sums are the tests' own.
MARCH_2019 = datetime.date(2019, 3, 1)


def training_course(name: str = "Signs of Safety") -> TrainingCourse:
    existing = TrainingCourse.objects.filter(name=name).first()
    return existing or create_training_course(by=demo_user("tso"), name=name)


def training_session(
    course: TrainingCourse | None = None, held_on: datetime.date = MARCH_2019, capacity: int = 20
) -> TrainingSession:
    return create_training_session(
        by=demo_user("tso"),
        course=course or training_course(),
        held_on=held_on,
        trainer="Lee Carter",
        venue="Online",
        capacity=capacity,
    )


def delegate(
    session: TrainingSession,
    name: str,
    before: int | None = None,
    after: int | None = None,
    score: int | None = None,
) -> Delegate:
    made = add_delegate(
        by=demo_user("tso"), session=session, name=name, organisation="Sidemoor First School"
    )
    return record_delegate_scores(
        by=demo_user("tso"),
        delegate=made,
        confidence_before=before,
        confidence_after=after,
        overall_score=score,
    )


@pytest.mark.parametrize("persona", ["practitioner", "fsw", "frontdoor", "analyst"])
def test_only_targeted_support_officers_and_managers_see_training(signed_in, persona):
    session = training_session()
    client = signed_in(persona)

    assert client.get("/training/").status_code == 403
    assert client.get(f"/training/sessions/{session.public_id}/").status_code == 403
    assert client.get("/training/sessions/new/").status_code == 403


def test_targeted_support_officer_adds_a_course_a_session_and_delegates(signed_in):
    client = signed_in("tso")

    response = client.post(
        "/training/courses/new/", {"name": "Neglect toolkit", "description": "Graded care."}
    )
    assert response["Location"] == "/training/"
    course = TrainingCourse.objects.get(name="Neglect toolkit")
    response = client.post(
        "/training/sessions/new/",
        {
            "course": course.pk,
            "held_on": day(TODAY),
            "trainer": "Lee Carter",
            "venue": "Wyre Forest House",
            "capacity": "2",
        },
    )
    session = TrainingSession.objects.get(course=course)
    assert response["Location"] == f"/training/sessions/{session.public_id}/"

    response = client.post(
        f"/training/sessions/{session.public_id}/delegates/new/",
        {"name": "Amy Price", "email": "AMY@school.example", "organisation": "Sidemoor First"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/training/sessions/{session.public_id}/delegates/new/",
        {"staff_email": "practitioner@demo.earlyhelp.test"},
    )
    assert response.status_code == 302

    staff = Delegate.objects.get(user=demo_user("practitioner"))
    assert staff.name == demo_user("practitioner").get_full_name()
    assert staff.organisation == demo_user("practitioner").agency.name
    assert Delegate.objects.get(name="Amy Price").email == "amy@school.example"
    html = client.get(f"/training/sessions/{session.public_id}/").content.decode()
    assert "Amy Price" in html and staff.name in html
    assert "2 of 2 taken" in html and "This session is full" in html
    html = client.get("/training/").content.decode()
    assert "Neglect toolkit" in html and "Wyre Forest House" in html


def test_a_full_session_refuses_another_delegate(signed_in):
    session = training_session(capacity=1)
    delegate(session, "Amy Price")

    response = signed_in("tso").post(
        f"/training/sessions/{session.public_id}/delegates/new/",
        {"name": "Ben Lowe", "organisation": "Hagley Primary"},
    )

    assert response.status_code == 200
    assert "This session is full: all 1 places are taken" in text_of(response)
    assert session.delegates.count() == 1


def test_the_same_member_of_staff_cannot_be_a_delegate_twice(demo):
    session = training_session()
    add_delegate(by=demo_user("tso"), session=session, user=demo_user("practitioner"))

    with pytest.raises(ProgrammeError, match="is already a delegate on this session"):
        add_delegate(by=demo_user("tso"), session=session, user=demo_user("practitioner"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "organisation": ""}, "Enter the delegate's name"),
        ({"name": "Ben", "organisation": ""}, "Enter the organisation they work for"),
        ({"staff_email": "nobody@nowhere.example"}, "There is no member of staff with this"),
        ({"name": "Ben", "organisation": "X", "email": "not-an-email"}, "correct format"),
    ],
)
def test_bad_delegates_are_refused_and_nothing_is_written(signed_in, data, message):
    session = training_session()

    response = signed_in("manager").post(
        f"/training/sessions/{session.public_id}/delegates/new/", data
    )

    assert response.status_code == 200
    assert message in text_of(response)
    assert not Delegate.objects.exists()


def test_a_second_training_course_of_the_same_name_is_a_field_error(signed_in):
    training_course("Neglect toolkit")

    response = signed_in("tso").post("/training/courses/new/", {"name": "neglect TOOLKIT"})

    assert response.status_code == 200
    assert "There is already a training course called neglect TOOLKIT" in text_of(response)
    assert TrainingCourse.objects.filter(name__iexact="neglect toolkit").count() == 1


def test_a_session_needs_a_date_trainer_venue_and_places(signed_in):
    course = training_course()

    response = signed_in("tso").post(
        "/training/sessions/new/",
        {"course": course.pk, "held_on": "soon", "trainer": "", "venue": "", "capacity": "0"},
    )

    html = text_of(response)
    assert "Date must be a real date" in html
    assert "Enter who delivers the session" in html
    assert "Number of places must be from 1 to 200" in html
    assert not TrainingSession.objects.exists()


def test_recording_scores_shows_them_on_the_session(signed_in):
    session = training_session()
    amy = delegate(session, "Amy Price")
    client = signed_in("tso")

    response = client.post(
        f"/training/delegates/{amy.public_id}/scores/",
        {
            "confidence_before": "4",
            "confidence_after": "9",
            "overall_score": "10",
            "feedback": "I have much more clarity of where to go.",
        },
    )

    assert response["Location"] == f"/training/sessions/{session.public_id}/"
    amy.refresh_from_db()
    assert (amy.confidence_before, amy.confidence_after, amy.overall_score) == (4, 9, 10)
    html = text_of(client.get(response["Location"]))
    assert "I have much more clarity of where to go." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("confidence_before", "11", "Confidence before must be from 0 to 10"),
        ("confidence_after", "-1", "Confidence after must be from 0 to 10"),
        ("overall_score", "7.5", "Overall score must be a whole number"),
    ],
)
def test_scores_outside_0_to_10_are_refused(signed_in, field, value, message):
    amy = delegate(training_session(), "Amy Price", 5, 6, 7)

    response = signed_in("tso").post(
        f"/training/delegates/{amy.public_id}/scores/",
        {"confidence_before": "5", "confidence_after": "6", "overall_score": "7", field: value},
    )

    assert response.status_code == 200
    html = text_of(response)
    assert "There is a problem" in html and message in html
    amy.refresh_from_db()
    assert (amy.confidence_before, amy.confidence_after, amy.overall_score) == (5, 6, 7)


@pytest.mark.parametrize("value", [11, -1, True, 5.5])
def test_the_service_refuses_scores_outside_0_to_10(demo, value):
    amy = delegate(training_session(), "Amy Price")

    with pytest.raises(ProgrammeError, match="must be a whole number from 0 to 10"):
        record_delegate_scores(
            by=demo_user("tso"),
            delegate=amy,
            confidence_before=value,
            confidence_after=None,
            overall_score=None,
        )


def test_averages_and_increase_are_computed_right_on_known_numbers(demo):
    session = training_session()
    delegate(session, "Amy Price", 5, 8, 9)
    delegate(session, "Ben Lowe", 6, 8, 8)
    delegate(session, "Cat Moss", 2, None, 6)  # no score after: left out of before and after

    summary = training_summary(demo.authority, MARCH_2019, MARCH_2019)

    (row,) = [row for row in summary.courses if row.name == "Signs of Safety"]
    assert (row.sessions, row.delegates) == (1, 3)
    assert row.avg_before == pytest.approx(5.5)
    assert row.avg_after == pytest.approx(8.0)
    assert row.increase == pytest.approx(45.4545, abs=1e-3)
    assert round(row.increase) == 45
    assert row.avg_score == pytest.approx(23 / 3)


def test_the_overall_row_pools_every_delegate_of_every_course(demo):
    early_help = training_session(training_course("Early Help basics"))
    refresher = training_session(training_course("DSL update"), MARCH_2019.replace(day=20))
    delegate(early_help, "Amy Price", 4, 8, 8)
    delegate(early_help, "Ben Lowe", 6, 8, 9)
    delegate(refresher, "Cat Moss", 8, 9, 10)
    training_session(training_course("DSL update"), MARCH_2019.replace(month=5))  # outside

    summary = training_summary(
        demo.authority, datetime.date(2019, 3, 1), datetime.date(2019, 3, 31)
    )

    rows = {row.name: row for row in summary.courses}
    assert rows["Early Help basics"].increase == pytest.approx(60.0)
    assert rows["DSL update"].increase == pytest.approx(12.5)
    assert rows["DSL update"].sessions == 1
    overall = summary.overall
    assert (overall.sessions, overall.delegates) == (2, 3)
    assert overall.avg_before == pytest.approx(6.0)
    assert overall.avg_after == pytest.approx(25 / 3)
    assert overall.increase == pytest.approx((25 / 3 - 6) / 6 * 100)
    assert overall.avg_score == pytest.approx(9.0)


def test_increase_is_none_when_confidence_before_is_zero_or_unknown(demo):
    zero = training_session(training_course("From zero"))
    delegate(zero, "Amy Price", 0, 7, 8)
    training_session(training_course("No scores yet"))

    summary = training_summary(demo.authority, MARCH_2019, MARCH_2019)

    rows = {row.name: row for row in summary.courses}
    assert rows["From zero"].avg_before == 0 and rows["From zero"].increase is None
    assert rows["No scores yet"].avg_before is None and rows["No scores yet"].increase is None
    assert rows["No scores yet"].delegates == 0


def test_training_page_shows_the_averages_and_increase(signed_in):
    session = training_session()
    delegate(session, "Amy Price", 5, 8, 9)
    delegate(session, "Ben Lowe", 6, 8, 8)

    html = text_of(signed_in("manager").get("/training/?date_from=1/3/2019&date_to=31/3/2019"))

    assert "Signs of Safety" in html
    assert ">5.5<" in html and ">8.0<" in html and ">45%<" in html and ">8.5<" in html
    assert "All training" in html


def test_a_bad_period_is_refused_with_the_error_summary(signed_in):
    response = signed_in("tso").get("/training/?date_from=1/4/2019&date_to=1/3/2019")

    assert response.status_code == 200
    html = text_of(response)
    assert "There is a problem" in html
    assert "The end of the period must be on or after its start" in html


def test_an_unknown_training_session_is_404(signed_in):
    response = signed_in("tso").get("/training/sessions/00000000-0000-4000-8000-000000000000/")

    assert response.status_code == 404
