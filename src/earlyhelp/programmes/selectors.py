"""Reads for the programme catalogue, courses, enrolments and workforce training.

Whose names a course page shows is decided here, by the families rule in people.selectors:
the people who run courses see everyone with a place (they take the register), with the
family named only if they may see it; anyone else sees only the places of families they
may see, and a count of the others.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from earlyhelp.accounts.models import Authority, User
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Family, Relationship, age_on
from earlyhelp.people.selectors import families_editable_by, families_visible_to
from earlyhelp.programmes.models import (
    Attendance,
    Course,
    CourseSession,
    Delegate,
    Enrolment,
    EnrolmentStatus,
    Programme,
    TrainingCourse,
    TrainingSession,
)

TAKES_A_PLACE = ~Q(status=EnrolmentStatus.WITHDRAWN)


# Ages -------------------------------------------------------------------------------------


def children_ages_on(family: Family, day: datetime.date) -> list[int | None]:
    """The ages of the family's current children on the day: an unborn baby is 0, a child
    whose date of birth is not recorded is None."""
    members = family.members.filter(
        left_on__isnull=True, relationship__in=CHILD_RELATIONSHIPS
    ).select_related("person")
    ages: list[int | None] = []
    for member in members:
        person = member.person
        if member.relationship == Relationship.UNBORN or (
            person.date_of_birth is None and person.expected_due_date is not None
        ):
            ages.append(0)
        elif person.date_of_birth is not None:
            ages.append(age_on(person.date_of_birth, day))
        else:
            ages.append(None)
    return ages


# The catalogue and courses ----------------------------------------------------------------


def places_taken(course: Course) -> int:
    return course.enrolments.filter(TAKES_A_PLACE).count()


def courses_with_places() -> QuerySet[Course]:
    """Courses with `places_taken`, `places_left` and `session_count`."""
    taken = (
        Enrolment.objects.filter(TAKES_A_PLACE, course=OuterRef("pk"))
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sessions = (
        CourseSession.objects.filter(course=OuterRef("pk"))
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Course.objects.select_related("programme", "district")
        .annotate(
            places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)),
            session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), Value(0)),
        )
        .annotate(places_left=F("capacity") - F("places_taken"))
    )


def courses_of(authority_id: int | None) -> QuerySet[Course]:
    return courses_with_places().filter(programme__authority_id=authority_id)


def open_courses(authority_id: int | None) -> QuerySet[Course]:
    """Courses of active programmes that have not ended, soonest first."""
    return (
        courses_of(authority_id)
        .filter(programme__is_active=True, ends_on__gte=timezone.localdate())
        .order_by("starts_on", "programme__name", "venue")
    )


def courses_for_enrolment(family: Family) -> QuerySet[Course]:
    """Courses a parent of the family could join: not ended, with places left."""
    return open_courses(family.authority_id).filter(places_left__gt=0)


def filter_courses(
    courses: QuerySet[Course], *, programme: Programme | None = None, upcoming: bool = False
) -> QuerySet[Course]:
    if programme is not None:
        courses = courses.filter(programme=programme)
    if upcoming:
        courses = courses.filter(ends_on__gte=timezone.localdate())
    return courses


def catalogue(
    authority_id: int | None, *, age: int | None = None, active: bool = True
) -> QuerySet[Programme]:
    """The authority's programmes (for a child's age, if given), each with `open_courses`:
    its courses that have not ended, with places left."""
    programmes = Programme.objects.filter(authority_id=authority_id, is_active=active)
    if age is not None:
        programmes = programmes.filter(min_age__lte=age, max_age__gte=age)
    return programmes.order_by("name").prefetch_related(
        Prefetch(
            "courses",
            queryset=courses_with_places()
            .filter(ends_on__gte=timezone.localdate())
            .order_by("starts_on", "venue"),
            to_attr="open_courses",
        )
    )


# Enrolments -------------------------------------------------------------------------------


def _with_attendance_counts(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments with `sessions_attended` (marked present) and `sessions_held` (sessions
    of the course on or before today), counted by the database."""
    held = (
        CourseSession.objects.filter(course=OuterRef("course"), held_on__lte=timezone.localdate())
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = (
        CourseSession.objects.filter(course=OuterRef("course"))
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    attended = (
        Attendance.objects.filter(enrolment=OuterRef("pk"), attended=True)
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return enrolments.annotate(
        sessions_held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)),
        sessions_total=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)),
        sessions_attended=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)),
    )


def enrolments_for_family(family: Family) -> QuerySet[Enrolment]:
    """The family's places on parenting programmes, newest course first, each with its
    course, programme and person, and `sessions_attended` of `sessions_held` (and
    `sessions_total`). For the family page: the caller has checked the family's rule."""
    return _with_attendance_counts(
        Enrolment.objects.filter(family=family).select_related(
            "course__programme", "course__district", "person"
        )
    ).order_by("-course__starts_on", "person__first_name")


@dataclass
class EnrolmentRow:
    """One place on a course as a viewer may see it."""

    enrolment: Enrolment
    family_visible: bool
    family_editable: bool
    marks: list[bool | None] = field(default_factory=list)  # by session: present, absent, none


@dataclass
class CourseView:
    course: Course
    sessions: list[CourseSession]
    rows: list[EnrolmentRow]
    hidden_places: int  # places held by families whose details the viewer may not see
    can_manage: bool

    @property
    def shown_enrolments(self) -> list[Enrolment]:
        return [row.enrolment for row in self.rows]


def course_view(user: User, course: Course) -> CourseView:
    """The course as `user` may see it: its sessions, and the places they may know of with
    each one's register marks."""
    can_manage = user.has_perm("programmes.manage_courses")
    sessions = list(
        course.sessions.annotate(present=Count("attendance", filter=Q(attendance__attended=True)))
    )
    enrolments = list(
        _with_attendance_counts(course.enrolments.select_related("person", "family")).order_by(
            "person__first_name", "person__last_name"
        )
    )
    family_ids = {enrolment.family_id for enrolment in enrolments}
    visible_ids = set(
        families_visible_to(user).filter(pk__in=family_ids).values_list("pk", flat=True)
    )
    editable_ids = set(
        families_editable_by(user).filter(pk__in=family_ids).values_list("pk", flat=True)
    )
    marks: dict[tuple[int, int], bool] = {
        (enrolment_id, session_id): attended
        for enrolment_id, session_id, attended in Attendance.objects.filter(
            enrolment__course=course
        ).values_list("enrolment_id", "session_id", "attended")
    }
    rows = []
    hidden = 0
    for enrolment in enrolments:
        visible = enrolment.family_id in visible_ids
        if not (visible or can_manage):
            if enrolment.status != EnrolmentStatus.WITHDRAWN:
                hidden += 1
            continue
        rows.append(
            EnrolmentRow(
                enrolment=enrolment,
                family_visible=visible,
                family_editable=enrolment.family_id in editable_ids,
                marks=[marks.get((enrolment.pk, session.pk)) for session in sessions],
            )
        )
    return CourseView(
        course=course, sessions=sessions, rows=rows, hidden_places=hidden, can_manage=can_manage
    )


def register_places(session: CourseSession) -> list[tuple[Enrolment, bool | None]]:
    """Everyone with a place on the session's course (not withdrawn), with their mark for
    the session if one is saved."""
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "attended"))
    enrolments = (
        Enrolment.objects.filter(TAKES_A_PLACE, course_id=session.course_id)
        .select_related("person", "family")
        .order_by("person__first_name", "person__last_name")
    )
    return [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]


# Workforce training -----------------------------------------------------------------------


def training_sessions(
    authority_id: int | None,
    *,
    course: TrainingCourse | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[TrainingSession]:
    """Sessions with `delegate_count` and `places_left`, newest first."""
    sessions = TrainingSession.objects.filter(course__authority_id=authority_id)
    if course is not None:
        sessions = sessions.filter(course=course)
    if date_from:
        sessions = sessions.filter(held_on__gte=date_from)
    if date_to:
        sessions = sessions.filter(held_on__lte=date_to)
    return (
        sessions.select_related("course")
        .annotate(delegate_count=Count("delegates"))
        .annotate(places_left=F("capacity") - F("delegate_count"))
        .order_by("-held_on", "course__name")
    )


def training_courses(
    authority_id: int | None,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[TrainingCourse]:
    """The authority's training courses, each with `session_list` (in the dates, if given)."""
    return (
        TrainingCourse.objects.filter(authority_id=authority_id)
        .order_by("-is_active", "name")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=training_sessions(authority_id, date_from=date_from, date_to=date_to),
                to_attr="session_list",
            )
        )
    )


def session_delegates(session: TrainingSession) -> QuerySet[Delegate]:
    return session.delegates.select_related("user").order_by("name")


@dataclass(frozen=True)
class TrainingSummaryRow:
    """What delegates of a course (or of all courses) said about it.

    Confidence before and after are averaged over the delegates who gave both, so the
    increase compares the same people; the overall score over those who gave one.
    """

    name: str
    sessions: int
    delegates: int
    avg_before: float | None
    avg_after: float | None
    avg_score: float | None
    course_id: uuid.UUID | None = None  # the course's public id; None for the overall row

    @property
    def increase(self) -> float | None:
        """The % increase in average confidence, (after - before) / before x 100; None when
        the average before is 0 or not known."""
        if not self.avg_before or self.avg_after is None:
            return None
        return (self.avg_after - self.avg_before) / self.avg_before * 100


@dataclass(frozen=True)
class TrainingSummary:
    courses: list[TrainingSummaryRow]
    overall: TrainingSummaryRow


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def training_summary(
    authority: Authority,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> TrainingSummary:
    """Per training course, and over all delegates pooled: sessions held in the dates,
    delegates, average confidence before and after, % increase and average overall score.
    Every number is computed by the database. Courses that are no longer offered appear
    only if they had sessions in the dates."""
    in_dates = Q()
    if date_from:
        in_dates &= Q(session__held_on__gte=date_from)
    if date_to:
        in_dates &= Q(session__held_on__lte=date_to)
    delegates = Delegate.objects.filter(in_dates, session__course__authority=authority)
    paired = Q(confidence_before__isnull=False, confidence_after__isnull=False)
    measures = {
        "delegate_count": Count("pk"),
        "avg_before": Avg("confidence_before", filter=paired),
        "avg_after": Avg("confidence_after", filter=paired),
        "avg_score": Avg("overall_score"),
    }
    by_course = {
        row["session__course"]: row
        for row in delegates.values("session__course").annotate(**measures).order_by()
    }
    session_dates = Q()
    if date_from:
        session_dates &= Q(sessions__held_on__gte=date_from)
    if date_to:
        session_dates &= Q(sessions__held_on__lte=date_to)
    courses = (
        TrainingCourse.objects.filter(authority=authority)
        .annotate(session_count=Count("sessions", filter=session_dates))
        .filter(Q(is_active=True) | Q(session_count__gt=0))
        .order_by("name")
    )
    rows = []
    for course in courses:
        measured = by_course.get(course.pk, {})
        rows.append(
            TrainingSummaryRow(
                name=course.name,
                sessions=course.session_count,
                delegates=measured.get("delegate_count", 0),
                avg_before=_float(measured.get("avg_before")),
                avg_after=_float(measured.get("avg_after")),
                avg_score=_float(measured.get("avg_score")),
                course_id=course.public_id,
            )
        )
    pooled = delegates.aggregate(**measures)
    sessions_held = TrainingSession.objects.filter(course__authority=authority)
    if date_from:
        sessions_held = sessions_held.filter(held_on__gte=date_from)
    if date_to:
        sessions_held = sessions_held.filter(held_on__lte=date_to)
    overall = TrainingSummaryRow(
        name="All training",
        sessions=sessions_held.count(),
        delegates=pooled["delegate_count"],
        avg_before=_float(pooled["avg_before"]),
        avg_after=_float(pooled["avg_after"]),
        avg_score=_float(pooled["avg_score"]),
    )
    return TrainingSummary(courses=rows, overall=overall)
