"""Access helpers for programmes, courses, places on them and training sessions.

Programmes, courses and training belong to an authority: someone of another authority
gets 404. A place on a course (an enrolment) holds family data: the people who run
courses may see and change every place on them; anyone else only through the family's own
rule (404 if they have no part in it, 403 if they may only read it and ask to change it).
Every read of a place, or of a list of places, writes access-log rows.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from earlyhelp.accounts.models import AccessPurpose, User
from earlyhelp.accounts.services import record_access
from earlyhelp.people.access import as_uuid, purpose_of_read
from earlyhelp.people.selectors import families_visible_to
from earlyhelp.programmes.models import (
    Course,
    CourseSession,
    Delegate,
    Enrolment,
    Programme,
    TrainingCourse,
    TrainingSession,
)
from earlyhelp.programmes.selectors import courses_of, training_sessions

RUN_COURSES = "programmes.manage_courses"


def get_programme_for(user: User, programme_id: object) -> Programme:
    programme = Programme.objects.filter(
        public_id=as_uuid(programme_id), authority_id=user.authority_id
    ).first()
    if programme is None:
        raise Http404
    return programme


def get_course_for(user: User, course_id: object) -> Course:
    """The course (with `places_left`), if it is one of the user's authority."""
    course = courses_of(user.authority_id).filter(public_id=as_uuid(course_id)).first()
    if course is None:
        raise Http404
    return course


def get_course_session_for(user: User, course_id: object, number: int) -> CourseSession:
    course = get_course_for(user, course_id)
    session = course.sessions.filter(number=number).first()
    if session is None:
        raise Http404
    session.course = course
    return session


def get_enrolment_for(
    user: User,
    enrolment_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
    course_work: bool = False,
) -> Enrolment:
    """A place on a course. `course_work` marks a change only those who run courses make
    (the register, completion); other changes (withdrawing) may also be made by anyone who
    may change the family."""
    enrolment = (
        Enrolment.objects.filter(
            public_id=as_uuid(enrolment_id), course__programme__authority_id=user.authority_id
        )
        .select_related("course__programme", "family", "person")
        .first()
    )
    if enrolment is None:
        raise Http404
    runs_courses = user.has_perm(RUN_COURSES)
    if runs_courses:
        logged, reason = purpose, ""
    else:
        if not families_visible_to(user).filter(pk=enrolment.family_id).exists():
            raise Http404
        if course_work and purpose == AccessPurpose.EDIT:
            raise PermissionDenied
        logged, reason = purpose_of_read(user, enrolment.family_id, purpose)
    record_access(
        user=user,
        record=enrolment,
        purpose=logged,
        family_id=enrolment.family.public_id,
        request=request,
        reason=reason,
        label=_label(enrolment),
    )
    return enrolment


def record_places_shown(
    *, user: User, enrolments: list[Enrolment], request: HttpRequest | None
) -> None:
    """One access-log row for each place on a course a page or API answer showed: marked
    break-glass, with its reason, where that is the user's only way to the family."""
    runs_courses = user.has_perm(RUN_COURSES)
    for enrolment in enrolments:
        logged, reason = (
            (AccessPurpose.VIEW, "")
            if runs_courses
            else purpose_of_read(user, enrolment.family_id, AccessPurpose.VIEW)
        )
        record_access(
            user=user,
            record=enrolment,
            purpose=logged,
            family_id=enrolment.family.public_id,
            request=request,
            reason=reason,
            label=_label(enrolment),
        )


def _label(enrolment: Enrolment) -> str:
    course = enrolment.course
    return f"{enrolment.person.full_name}'s place on {course.programme.name}, {course.venue}"


def get_training_course_for(user: User, course_id: object) -> TrainingCourse:
    course = TrainingCourse.objects.filter(
        public_id=as_uuid(course_id), authority_id=user.authority_id
    ).first()
    if course is None:
        raise Http404
    return course


def get_training_session_for(user: User, session_id: object) -> TrainingSession:
    """The session (with `delegate_count` and `places_left`)."""
    session = training_sessions(user.authority_id).filter(public_id=as_uuid(session_id)).first()
    if session is None:
        raise Http404
    return session


def get_delegate_for(user: User, delegate_id: object) -> Delegate:
    delegate = (
        Delegate.objects.filter(
            public_id=as_uuid(delegate_id), session__course__authority_id=user.authority_id
        )
        .select_related("session__course", "user")
        .first()
    )
    if delegate is None:
        raise Http404
    return delegate
