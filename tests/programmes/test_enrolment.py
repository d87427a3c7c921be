"""Booking a parent or carer onto a course from the family's record (or a referral): who
may, the age range of the programme, a course's places, and no place twice."""

import datetime

import pytest

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.people.models import Relationship
from earlyhelp.people.services import PersonDetails, add_new_person_to_family
from earlyhelp.programmes.models import Attendance, Enrolment, EnrolmentStatus
from earlyhelp.programmes.selectors import enrolments_for_family
from earlyhelp.programmes.services import (
    ProgrammeError,
    enrol,
    record_register,
    withdraw_enrolment,
)
from tests.conftest import demo_user
from tests.people.helpers import empty_family, make_family
from tests.programmes.helpers import (
    TODAY,
    book,
    make_course,
    make_programme,
    parent_of,
    running_course,
    text_of,
)


def enrol_url(family) -> str:  # type: ignore[no-untyped-def]
    return f"/families/{family.public_id}/enrol/"


def choice(course, family) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"course": str(course.public_id), "person": str(parent_of(family).public_id)}


def test_practitioner_books_a_parent_from_the_familys_record(signed_in):
    course = make_course(capacity=12)
    family = make_family()
    client = signed_in("practitioner")

    page = client.get(enrol_url(family)).content.decode()
    assert "Book onto a parenting programme" in page
    assert "Dawn Hill (parent)" in page and "Ruby" not in page
    assert "Triple P (for children aged 0 to 16): Bromsgrove Library, Bromsgrove" in page
    assert "12 places left" in page

    response = client.post(enrol_url(family), choice(course, family))

    assert response["Location"] == f"/families/{family.public_id}/"
    place = Enrolment.objects.get()
    assert (place.course, place.family, place.person) == (course, family, parent_of(family))
    assert (place.status, place.enrolled_on) == (EnrolmentStatus.ENROLLED, TODAY)
    assert place.enrolled_by == demo_user("practitioner")
    assert AccessLog.objects.filter(
        user=demo_user("practitioner"), family_id=family.public_id, purpose=AccessPurpose.EDIT
    ).exists()


def test_practitioner2_gets_404_booking_a_family_they_cannot_see(signed_in):
    course = make_course()
    family = make_family()
    client = signed_in("practitioner2")

    assert client.get(enrol_url(family)).status_code == 404
    assert client.post(enrol_url(family), choice(course, family)).status_code == 404
    assert not Enrolment.objects.exists()


def test_analyst_reads_families_but_gets_403_booking_a_place(signed_in):
    family = make_family()

    assert signed_in("analyst").get(enrol_url(family)).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, demo):
    family = make_family()

    response = client.get(enrol_url(family))

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_programme_for_none_of_the_familys_children_is_refused_with_a_clear_error(signed_in):
    course = make_course(make_programme("Mellow Bumps", 0, 1))
    family = make_family()  # Ruby, born 2015

    response = signed_in("fsw").post(enrol_url(family), choice(course, family))

    html = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Mellow Bumps is for children aged 0 to 1: none of the family's children" in html
    assert not Enrolment.objects.exists()


def test_the_childs_age_is_taken_on_the_day_the_course_starts(demo):
    starts = TODAY + datetime.timedelta(days=28)
    course = make_course(make_programme("Five to Ten", 5, 10), starts_on=starts)
    family = empty_family("Reed family")
    fifth_birthday = starts - datetime.timedelta(days=3)
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(
            first_name="Milo",
            last_name="Reed",
            date_of_birth=fifth_birthday.replace(year=fifth_birthday.year - 5),
        ),
        relationship=Relationship.CHILD,
    )
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(first_name="Ana", last_name="Reed"),
        relationship=Relationship.CARER,
    )
    carer = family.members.get(relationship=Relationship.CARER).person

    place = enrol(by=demo_user("fsw"), course=course, family=family, person=carer)

    assert place.person == carer
    too_soon = make_course(make_programme("Five to Ten"), starts_on=TODAY, venue="Online")
    with pytest.raises(ProgrammeError, match="none of the family's children is that age"):
        enrol(by=demo_user("fsw"), course=too_soon, family=family, person=carer)


def test_an_unborn_baby_counts_as_age_0(demo):
    course = make_course(make_programme("Mellow Bumps", 0, 1))
    family = empty_family("Shaw family")
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(
            first_name="Baby",
            last_name="Shaw",
            expected_due_date=TODAY + datetime.timedelta(days=60),
        ),
        relationship=Relationship.UNBORN,
    )
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(first_name="Kim", last_name="Shaw"),
        relationship=Relationship.PARENT,
    )

    place = book(course, family)

    assert place.status == EnrolmentStatus.ENROLLED


def test_a_family_without_children_recorded_is_told_to_record_them(demo):
    family = empty_family("Shaw family")
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(first_name="Kim", last_name="Shaw"),
        relationship=Relationship.PARENT,
    )

    with pytest.raises(ProgrammeError, match="Record the family's children"):
        book(make_course(), family)


def test_a_full_course_refuses_more_places_with_a_clear_message(signed_in):
    course = make_course(capacity=1)
    book(course, make_family())
    cole = make_family("Cole family")
    client = signed_in("fsw")

    assert "1 places left" not in client.get(enrol_url(cole)).content.decode()
    with pytest.raises(ProgrammeError, match="This course is full: all 1 places are taken"):
        book(course, cole)
    response = client.post(enrol_url(cole), choice(course, cole))

    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert Enrolment.objects.count() == 1


def test_a_parent_cannot_have_two_places_on_the_same_course(signed_in):
    course = make_course()
    family = make_family()
    book(course, family)

    response = signed_in("fsw").post(enrol_url(family), choice(course, family))

    html = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Dawn Hill already has a place on this course" in html
    assert Enrolment.objects.count() == 1


def test_a_withdrawn_parent_can_be_booked_again(demo):
    course = make_course()
    family = make_family()
    place = book(course, family)
    withdraw_enrolment(by=demo_user("fsw"), enrolment=place)

    again = book(course, family)

    assert again.pk == place.pk
    assert again.status == EnrolmentStatus.ENROLLED
    assert Enrolment.objects.count() == 1


def test_a_child_cannot_have_a_place(demo):
    family = make_family()
    ruby = family.members.get(relationship=Relationship.CHILD).person

    with pytest.raises(ProgrammeError, match="Ruby Hill is not a parent or carer"):
        book(make_course(), family, ruby)


def test_someone_from_another_family_cannot_be_booked_through_this_one(demo):
    family = make_family()
    stranger = parent_of(make_family("Cole family"))

    with pytest.raises(ProgrammeError, match="Choose someone who lives in the family"):
        book(make_course(), family, stranger)


def test_a_course_that_has_ended_is_neither_offered_nor_booked(signed_in):
    course = make_course(starts_on=TODAY - datetime.timedelta(weeks=8), sessions=4)
    family = make_family()

    page = signed_in("fsw").get(enrol_url(family)).content.decode()

    assert str(course.public_id) not in page
    assert "No course has places left at the moment" in page
    with pytest.raises(ProgrammeError, match="This course ended on"):
        book(course, family)


def test_a_place_from_a_referral_keeps_the_referral(demo):
    family = make_family()
    referral = RequestForSupport.objects.create(
        authority=family.authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=demo_user("practitioner"),
        requester_name="Jo Bell",
        child_first_name="Ruby",
        child_last_name="Hill",
        worries="Mum struggles with Ruby's behaviour at bedtime.",
        consent=RequestConsent.GIVEN,
        family=family,
    )

    place = enrol(
        by=demo_user("frontdoor"),
        course=make_course(),
        family=family,
        person=parent_of(family),
        request=referral,
    )

    assert place.request == referral
    with pytest.raises(ProgrammeError, match="The referral is about a different family"):
        cole = make_family("Cole family")
        enrol(
            by=demo_user("frontdoor"),
            course=make_course(),
            family=cole,
            person=parent_of(cole),
            request=referral,
        )


def test_enrolments_for_family_count_sessions_attended_of_sessions_held(demo):
    course = running_course(sessions=6)
    family = make_family()
    place = book(course, family)
    fsw = demo_user("fsw")
    for session in course.sessions.filter(number__lte=3):
        record_register(by=fsw, session=session, attended=[place] if session.number != 2 else [])

    (row,) = enrolments_for_family(family)

    assert (row.sessions_attended, row.sessions_held, row.sessions_total) == (2, 3, 6)
    assert row.course.programme.name == "Triple P"
    assert Attendance.objects.filter(enrolment=place).count() == 3


def test_enrolments_for_family_is_empty_for_a_family_with_no_places(demo):
    assert list(enrolments_for_family(make_family())) == []


def test_a_place_booked_from_a_referral_records_it(signed_in):
    course = make_course(capacity=12)
    family = make_family()
    user = demo_user("practitioner")
    referral = RequestForSupport.objects.create(
        authority=user.authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=user,
        requester_name="A teacher",
        child_first_name="Ruby",
        child_last_name="Hill",
        worries="Mum asks for help with routines.",
        consent=RequestConsent.GIVEN,
        family=family,
    )
    client = signed_in("practitioner")
    detail = client.get(f"/requests/{referral.public_id}/").content.decode()
    assert f"{enrol_url(family)}?request={referral.public_id}" in detail
    response = client.post(
        f"{enrol_url(family)}?request={referral.public_id}", choice(course, family)
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().request == referral


def test_a_referral_someone_cannot_see_is_404_when_booking(signed_in):
    course = make_course(capacity=12)
    family = make_family()
    other = demo_user("practitioner2")
    referral = RequestForSupport.objects.create(
        authority=other.authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=other,
        requester_name="Another teacher",
        child_first_name="Ruby",
        child_last_name="Hill",
        worries="Private.",
        consent=RequestConsent.GIVEN,
        family=family,
    )
    response = signed_in("practitioner").post(
        f"{enrol_url(family)}?request={referral.public_id}", choice(course, family)
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()
