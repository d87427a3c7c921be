"""Operations on a programme, course or training session. Each is one transaction."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from earlyhelp.accounts.models import District, User
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.people.models import Family, Person, Relationship
from earlyhelp.programmes.models import (
    Attendance,
    Course,
    CourseSession,
    Delegate,
    Enrolment,
    EnrolmentStatus,
    EvidenceLevel,
    Programme,
    TrainingCourse,
    TrainingSession,
)
from earlyhelp.programmes.selectors import children_ages_on, places_taken

MAX_AGE = 25
MAX_SESSIONS = 52
MAX_PLACES = 200
SCORE_LABELS = {
    "confidence_before": "Confidence before",
    "confidence_after": "Confidence after",
    "overall_score": "Overall score",
}
# Who in a household can have a place on a parenting programme.
ADULT_RELATIONSHIPS = {
    Relationship.PARENT,
    Relationship.STEP_PARENT,
    Relationship.CARER,
    Relationship.GRANDPARENT,
    Relationship.OTHER_ADULT,
}


class ProgrammeError(Exception):
    """The operation breaks a rule; the message says which, for the user.

    `field` names the form field (or API field) the message belongs beside, if one does.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _day(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def _text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ProgrammeError(message, field=field)
    return value


def _authority_of(user: User) -> int:
    if not user.authority_id:
        raise ProgrammeError("Your account is not part of an authority: ask your administrator")
    return user.authority_id


# The catalogue ----------------------------------------------------------------------------


def _check_programme(
    authority_id: int, name: str, min_age: int, max_age: int, evidence_level: str, pk: int | None
) -> str:
    name = _text(name, "Enter the programme's name", "name")
    if not 0 <= min_age <= MAX_AGE:
        raise ProgrammeError(f"The youngest age must be from 0 to {MAX_AGE}", field="min_age")
    if not 0 <= max_age <= MAX_AGE:
        raise ProgrammeError(f"The oldest age must be from 0 to {MAX_AGE}", field="max_age")
    if min_age > max_age:
        raise ProgrammeError(
            "The oldest age must be the same as or more than the youngest age", field="max_age"
        )
    if evidence_level not in EvidenceLevel.values:
        raise ProgrammeError("Choose the programme's evidence level", field="evidence_level")
    clash = Programme.objects.filter(authority_id=authority_id, name__iexact=name)
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise ProgrammeError(f"There is already a programme called {name}", field="name")
    return name


@transaction.atomic
def create_programme(
    *,
    by: User,
    name: str,
    description: str,
    min_age: int,
    max_age: int,
    evidence_level: str,
) -> Programme:
    authority_id = _authority_of(by)
    name = _check_programme(authority_id, name, min_age, max_age, evidence_level, None)
    description = _text(description, "Describe the programme", "description")
    try:
        with transaction.atomic():
            return Programme.objects.create(
                authority_id=authority_id,
                name=name,
                description=description,
                min_age=min_age,
                max_age=max_age,
                evidence_level=evidence_level,
            )
    except IntegrityError:  # saved a moment ago by someone else
        raise ProgrammeError(f"There is already a programme called {name}", field="name") from None


@transaction.atomic
def edit_programme(
    *,
    by: User,
    programme: Programme,
    name: str,
    description: str,
    min_age: int,
    max_age: int,
    evidence_level: str,
    is_active: bool,
) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.authority_id != _authority_of(by):
        raise ProgrammeError("This programme belongs to another authority")
    programme.name = _check_programme(
        programme.authority_id, name, min_age, max_age, evidence_level, programme.pk
    )
    programme.description = _text(description, "Describe the programme", "description")
    programme.min_age, programme.max_age = min_age, max_age
    programme.evidence_level = evidence_level
    programme.is_active = is_active
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError:
        raise ProgrammeError(
            f"There is already a programme called {programme.name}", field="name"
        ) from None
    return programme


# Courses ----------------------------------------------------------------------------------


@transaction.atomic
def create_course(
    *,
    by: User,
    programme: Programme,
    venue: str,
    district: District | None,
    trainer: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
    sessions: int,
) -> Course:
    """A run of the programme, with its sessions weekly from the start date."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.authority_id != _authority_of(by):
        raise ProgrammeError("This programme belongs to another authority")
    if not programme.is_active:
        raise ProgrammeError(f"{programme.name} is no longer offered: it cannot have new courses")
    venue = _text(venue, "Enter where the course meets, or Online", "venue")
    trainer = _text(trainer, "Enter who runs the course", "trainer")
    if district is not None and district.authority_id != programme.authority_id:
        raise ProgrammeError("Choose a district of this authority", field="district")
    if ends_on < starts_on:
        raise ProgrammeError(
            "The end date must be the same as or after the start date", field="ends_on"
        )
    if starts_on > timezone.localdate() + datetime.timedelta(days=2 * 365):
        raise ProgrammeError("A course can start up to 2 years from today", field="starts_on")
    if not 1 <= capacity <= MAX_PLACES:
        raise ProgrammeError(
            f"The number of places must be from 1 to {MAX_PLACES}", field="capacity"
        )
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ProgrammeError(
            f"The number of sessions must be from 1 to {MAX_SESSIONS}", field="sessions"
        )
    last = starts_on + datetime.timedelta(weeks=sessions - 1)
    if last > ends_on:
        raise ProgrammeError(
            f"{sessions} weekly sessions from {_day(starts_on)} would end on {_day(last)}, "
            f"after the course's end date of {_day(ends_on)}: choose fewer sessions or a "
            "later end date",
            field="sessions",
        )
    course = Course.objects.create(
        programme=programme,
        district=district,
        venue=venue,
        trainer=trainer,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        created_by=by,
    )
    CourseSession.objects.bulk_create(
        CourseSession(
            course=course, number=week + 1, held_on=starts_on + datetime.timedelta(weeks=week)
        )
        for week in range(sessions)
    )
    return course


# Enrolment --------------------------------------------------------------------------------


@transaction.atomic
def enrol(
    *,
    by: User,
    course: Course,
    family: Family,
    person: Person,
    request: RequestForSupport | None = None,
    enrolled_on: datetime.date | None = None,
) -> Enrolment:
    """A place on the course for a parent or carer of the family, from the family's record
    or from a referral (`request`). The caller has checked that `by` may change the family.

    The programme must suit one of the family's children by their age when the course
    starts (an unborn baby counts as 0). A place withdrawn earlier is given back.
    """
    # Locking the course makes two enrolments at once count each other's place.
    course = Course.objects.select_for_update().select_related("programme").get(pk=course.pk)
    programme = course.programme
    today = timezone.localdate()
    enrolled_on = enrolled_on or today
    if programme.authority_id != family.authority_id:
        raise ProgrammeError("Choose a course run by the family's authority", field="course")
    if not programme.is_active:
        raise ProgrammeError(f"{programme.name} is no longer offered", field="course")
    if course.ends_on < today:
        raise ProgrammeError(
            f"This course ended on {_day(course.ends_on)}: choose one that has not ended",
            field="course",
        )
    if enrolled_on > today:
        raise ProgrammeError("The date of enrolment cannot be in the future", field="enrolled_on")
    membership = family.members.filter(person=person, left_on__isnull=True).first()
    if membership is None or person.merged_into_id:
        raise ProgrammeError("Choose someone who lives in the family", field="person")
    if membership.relationship not in ADULT_RELATIONSHIPS:
        raise ProgrammeError(
            f"{person.full_name} is not a parent or carer: places on parenting programmes are "
            "for the adults in the family",
            field="person",
        )
    if request is not None and (
        request.authority_id != family.authority_id
        or (request.family_id is not None and request.family_id != family.pk)
    ):
        raise ProgrammeError("The referral is about a different family")
    _check_age_range(course, family)

    existing = Enrolment.objects.select_for_update().filter(course=course, person=person).first()
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        raise ProgrammeError(
            f"{person.full_name} already has a place on this course", field="person"
        )
    if places_taken(course) >= course.capacity:
        raise ProgrammeError(
            f"This course is full: all {course.capacity} places are taken. Choose another course",
            field="course",
        )
    if existing is not None:
        existing.family = family
        existing.request = request
        existing.status = EnrolmentStatus.ENROLLED
        existing.enrolled_on = enrolled_on
        existing.enrolled_by = by
        existing.completed_on = None
        existing.save()
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                course=course,
                family=family,
                person=person,
                request=request,
                enrolled_on=enrolled_on,
                enrolled_by=by,
            )
    except IntegrityError:
        raise ProgrammeError(
            f"{person.full_name} already has a place on this course", field="person"
        ) from None


def _check_age_range(course: Course, family: Family) -> None:
    programme = course.programme
    ages = [age for age in children_ages_on(family, course.starts_on) if age is not None]
    if not ages:
        raise ProgrammeError(
            f"Record the family's children and their dates of birth first: {programme.name} "
            f"is for parents of children aged {programme.min_age} to {programme.max_age}",
            field="course",
        )
    if not any(programme.min_age <= age <= programme.max_age for age in ages):
        raise ProgrammeError(
            f"{programme.name} is for children aged {programme.min_age} to {programme.max_age}: "
            f"none of the family's children is that age on {_day(course.starts_on)}, when the "
            "course starts",
            field="course",
        )


def _enrolment_for_change(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update()
        .select_related("course__programme", "person")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def complete_enrolment(
    *, by: User, enrolment: Enrolment, completed_on: datetime.date | None = None
) -> Enrolment:
    enrolment = _enrolment_for_change(enrolment)
    today = timezone.localdate()
    completed_on = completed_on or today
    name = enrolment.person.full_name
    if enrolment.status == EnrolmentStatus.COMPLETED:
        raise ProgrammeError(f"{name} has already completed this course")
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise ProgrammeError(f"{name} withdrew from this course: enrol them again first")
    if completed_on > today:
        raise ProgrammeError("The completion date cannot be in the future", field="completed_on")
    if completed_on < enrolment.course.starts_on:
        raise ProgrammeError(
            f"The course starts on {_day(enrolment.course.starts_on)}: a place can be completed "
            "only once the course has begun",
            field="completed_on",
        )
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = completed_on
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    return enrolment


@transaction.atomic
def withdraw_enrolment(*, by: User, enrolment: Enrolment) -> Enrolment:
    """The parent leaves the course; their place is free for someone else."""
    enrolment = _enrolment_for_change(enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ProgrammeError(
            f"Only a current place can be withdrawn: {enrolment.person.full_name}'s place is "
            f"{enrolment.get_status_display().lower()}"
        )
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    return enrolment


# The register -----------------------------------------------------------------------------


def _check_session_held(session: CourseSession) -> None:
    if session.held_on > timezone.localdate():
        raise ProgrammeError(
            f"Session {session.number} is on {_day(session.held_on)}: take its register on "
            "the day or after"
        )


def _mark(enrolment: Enrolment, session: CourseSession, attended: bool, by: User) -> Attendance:
    mark = Attendance.objects.filter(enrolment=enrolment, session=session).first()
    if mark is None:
        return Attendance.objects.create(
            enrolment=enrolment, session=session, attended=attended, recorded_by=by
        )
    if mark.attended != attended:
        mark.attended = attended
        mark.recorded_by = by
        mark.save(update_fields=["attended", "recorded_by", "updated_at"])
    return mark


@transaction.atomic
def record_register(
    *, by: User, session: CourseSession, attended: Iterable[Enrolment]
) -> list[Attendance]:
    """One mark per person with a place on the course (not withdrawn): present if they are
    in `attended`, absent if not. Saving the register again changes the marks."""
    course = Course.objects.select_for_update().get(pk=session.course_id)
    _check_session_held(session)
    places = list(
        course.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).select_related("person")
    )
    present = {enrolment.pk for enrolment in attended}
    if present - {enrolment.pk for enrolment in places}:
        raise ProgrammeError("Mark only people who have a place on this course")
    if not places:
        raise ProgrammeError("No one has a place on this course yet")
    return [_mark(enrolment, session, enrolment.pk in present, by) for enrolment in places]


@transaction.atomic
def record_attendance(
    *, by: User, enrolment: Enrolment, session_number: int, attended: bool
) -> Attendance:
    """One person's mark for one session."""
    enrolment = _enrolment_for_change(enrolment)
    session = enrolment.course.sessions.filter(number=session_number).first()
    if session is None:
        raise ProgrammeError(f"This course has no session {session_number}", field="session_number")
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise ProgrammeError(
            f"{enrolment.person.full_name} withdrew from this course: enrol them again first"
        )
    _check_session_held(session)
    return _mark(enrolment, session, attended, by)


# Workforce training -----------------------------------------------------------------------


@transaction.atomic
def create_training_course(*, by: User, name: str, description: str = "") -> TrainingCourse:
    authority_id = _authority_of(by)
    name = _text(name, "Enter the training course's name", "name")
    message = f"There is already a training course called {name}"
    if TrainingCourse.objects.filter(authority_id=authority_id, name__iexact=name).exists():
        raise ProgrammeError(message, field="name")
    try:
        with transaction.atomic():
            return TrainingCourse.objects.create(
                authority_id=authority_id, name=name, description=(description or "").strip()
            )
    except IntegrityError:
        raise ProgrammeError(message, field="name") from None


@transaction.atomic
def create_training_session(
    *,
    by: User,
    course: TrainingCourse,
    held_on: datetime.date,
    trainer: str,
    venue: str,
    capacity: int,
) -> TrainingSession:
    if course.authority_id != _authority_of(by):
        raise ProgrammeError("Choose a training course of your authority", field="course")
    if not course.is_active:
        raise ProgrammeError(f"{course.name} is no longer offered", field="course")
    trainer = _text(trainer, "Enter who delivers the session", "trainer")
    venue = _text(venue, "Enter where the session is held, or Online", "venue")
    if not 1 <= capacity <= MAX_PLACES:
        raise ProgrammeError(
            f"The number of places must be from 1 to {MAX_PLACES}", field="capacity"
        )
    return TrainingSession.objects.create(
        course=course,
        held_on=held_on,
        trainer=trainer,
        venue=venue,
        capacity=capacity,
        created_by=by,
    )


@transaction.atomic
def add_delegate(
    *,
    by: User,
    session: TrainingSession,
    name: str = "",
    email: str = "",
    organisation: str = "",
    user: User | None = None,
) -> Delegate:
    """A professional on the session. For a member of staff, name, email and organisation
    default to their account's."""
    session = (
        TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    )
    if session.course.authority_id != _authority_of(by):
        raise ProgrammeError("This session belongs to another authority")
    if user is not None:
        if user.authority_id != session.course.authority_id or not user.is_active:
            raise ProgrammeError(
                f"{user.email} is not a member of staff of this authority", field="staff_email"
            )
        name = name.strip() or user.get_full_name()
        email = email.strip() or user.email
        organisation = organisation.strip() or (user.agency.name if user.agency else "")
    name = _text(name, "Enter the delegate's name", "name")
    email = (email or "").strip().lower()
    organisation = _text(organisation, "Enter the organisation they work for", "organisation")
    delegates = session.delegates.all()
    if user is not None and delegates.filter(user=user).exists():
        raise ProgrammeError(
            f"{user.email} is already a delegate on this session", field="staff_email"
        )
    if email and delegates.filter(email__iexact=email).exists():
        raise ProgrammeError(f"{email} is already a delegate on this session", field="email")
    if delegates.count() >= session.capacity:
        raise ProgrammeError(
            f"This session is full: all {session.capacity} places are taken. "
            "Add the delegate to another session"
        )
    return Delegate.objects.create(
        session=session, name=name, email=email, organisation=organisation, user=user
    )


def _score(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ProgrammeError(
            f"{SCORE_LABELS[name]} must be a whole number from 0 to 10", field=name
        )
    return value


@transaction.atomic
def record_delegate_scores(
    *,
    by: User,
    delegate: Delegate,
    confidence_before: int | None,
    confidence_after: int | None,
    overall_score: int | None,
    feedback: str = "",
) -> Delegate:
    """How confident the delegate felt before and after (0 to 10), their score for the
    session (0 to 10) and their feedback. A score left empty is not known."""
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    delegate.confidence_before = _score("confidence_before", confidence_before)
    delegate.confidence_after = _score("confidence_after", confidence_after)
    delegate.overall_score = _score("overall_score", overall_score)
    delegate.feedback = (feedback or "").strip()
    delegate.save()
    return delegate
