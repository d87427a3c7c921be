"""Parenting programmes, courses, places on them, and workforce training, as JSON.

Handlers are thin, as in people.api: check the input as the pages' forms do, check the
permission the page checks (403), get each record through its access helper (404 for what
the user may not know of; every read of a place on a course is logged), call the service.
A service's refusal (ProgrammeError) is a 400 with its message (see earlyhelp.api).
"""

import datetime
import uuid
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from earlyhelp.accounts.models import AccessPurpose, User
from earlyhelp.core.openapi import MAX_OFFSET
from earlyhelp.frontdoor.access import get_request_for
from earlyhelp.people.access import get_family_for
from earlyhelp.people.api import (
    ERRORS,
    ErrorOut,
    InvalidOut,
    StaffEmail,
    email_address,
    require_permission,
    required,
    staff_member,
    stripped,
)
from earlyhelp.people.models import Person
from earlyhelp.programmes import selectors, services
from earlyhelp.programmes.access import (
    get_course_for,
    get_delegate_for,
    get_enrolment_for,
    get_programme_for,
    get_training_course_for,
    get_training_session_for,
    record_places_shown,
)
from earlyhelp.programmes.models import (
    Course,
    Delegate,
    Enrolment,
    Programme,
    TrainingSession,
)
from earlyhelp.programmes.selectors import TrainingSummaryRow
from earlyhelp.programmes.services import MAX_AGE, MAX_PLACES

router = Router(tags=["programmes"])

MANAGE_COURSES = "programmes.manage_courses"
VIEW_TRAINING = "programmes.view_training"
MANAGE_TRAINING = "programmes.manage_training"


def _optional_email(value: str) -> str:
    return email_address(value) if value.strip() else ""


Score = Annotated[int | None, Field(ge=0, le=10, strict=True, description="0 to 10")]


# Programmes and courses -------------------------------------------------------------------


class CourseItem(Schema):
    id: uuid.UUID
    programme_id: uuid.UUID
    programme: str
    min_age: int
    max_age: int
    venue: str
    district: str | None
    trainer: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    places_left: int
    sessions: int


class CoursePage(Schema):
    items: list[CourseItem]
    count: int


class ProgrammeOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    min_age: int
    max_age: int
    evidence_level: str
    courses: list[CourseItem] = Field(description="Its courses that have not ended")


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    count: int


class MarkOut(Schema):
    session_number: int
    held_on: datetime.date
    attended: bool | None = Field(description="None when no mark is saved")


class PlaceOut(Schema):
    """A place on a course. The family is named only to someone who may see it."""

    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    family_id: uuid.UUID | None
    family_reference: str | None
    status: str
    enrolled_on: datetime.date
    completed_on: datetime.date | None
    sessions_attended: int
    sessions_held: int
    marks: list[MarkOut] = Field(description="The register: one mark per session")


class SessionOut(Schema):
    number: int
    held_on: datetime.date
    attended: int


class CourseOut(CourseItem):
    sessions_list: list[SessionOut]
    places: list[PlaceOut]
    other_places: int = Field(description="Places held by families you do not work with")


class FamilyPlaceOut(Schema):
    id: uuid.UUID
    course_id: uuid.UUID
    programme: str
    venue: str
    starts_on: datetime.date
    ends_on: datetime.date
    person_id: uuid.UUID
    person_name: str
    status: str
    enrolled_on: datetime.date
    completed_on: datetime.date | None
    sessions_attended: int
    sessions_held: int
    sessions: int


class FamilyPlacePage(Schema):
    items: list[FamilyPlaceOut]
    count: int


def _course_item(course: Course) -> CourseItem:
    programme = course.programme
    return CourseItem(
        id=course.public_id,
        programme_id=programme.public_id,
        programme=programme.name,
        min_age=programme.min_age,
        max_age=programme.max_age,
        venue=course.venue,
        district=course.district.name if course.district else None,
        trainer=course.trainer,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        capacity=course.capacity,
        places_left=course.places_left,  # type: ignore[attr-defined]
        sessions=course.session_count,  # type: ignore[attr-defined]
    )


def _programme_out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        id=programme.public_id,
        name=programme.name,
        description=programme.description,
        min_age=programme.min_age,
        max_age=programme.max_age,
        evidence_level=programme.evidence_level,
        courses=[_course_item(course) for course in programme.open_courses],  # type: ignore[attr-defined]
    )


def _course_out(user: User, course: Course, request: HttpRequest) -> CourseOut:
    view = selectors.course_view(user, course)
    record_places_shown(user=user, enrolments=view.shown_enrolments, request=request)
    places = []
    for row in view.rows:
        enrolment = row.enrolment
        places.append(
            PlaceOut(
                id=enrolment.public_id,
                person_id=enrolment.person.public_id,
                person_name=enrolment.person.full_name,
                family_id=enrolment.family.public_id if row.family_visible else None,
                family_reference=enrolment.family.reference if row.family_visible else None,
                status=enrolment.status,
                enrolled_on=enrolment.enrolled_on,
                completed_on=enrolment.completed_on,
                sessions_attended=enrolment.sessions_attended,  # type: ignore[attr-defined]
                sessions_held=enrolment.sessions_held,  # type: ignore[attr-defined]
                marks=[
                    MarkOut(session_number=session.number, held_on=session.held_on, attended=mark)
                    for session, mark in zip(view.sessions, row.marks, strict=True)
                ],
            )
        )
    return CourseOut(
        **_course_item(course).model_dump(),
        sessions_list=[
            SessionOut(
                number=session.number,
                held_on=session.held_on,
                attended=session.present,  # type: ignore[attr-defined]
            )
            for session in view.sessions
        ],
        places=places,
        other_places=view.hidden_places,
    )


def _place_out(enrolment: Enrolment) -> FamilyPlaceOut:
    course = enrolment.course
    return FamilyPlaceOut(
        id=enrolment.public_id,
        course_id=course.public_id,
        programme=course.programme.name,
        venue=course.venue,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        person_id=enrolment.person.public_id,
        person_name=enrolment.person.full_name,
        status=enrolment.status,
        enrolled_on=enrolment.enrolled_on,
        completed_on=enrolment.completed_on,
        sessions_attended=enrolment.sessions_attended,  # type: ignore[attr-defined]
        sessions_held=enrolment.sessions_held,  # type: ignore[attr-defined]
        sessions=enrolment.sessions_total,  # type: ignore[attr-defined]
    )


def _counted(enrolment: Enrolment) -> Enrolment:
    """The enrolment again, with its attendance counts."""
    return selectors.enrolments_for_family(enrolment.family).get(pk=enrolment.pk)


class ProgrammeQuery(Schema):
    age: int | None = Field(
        None, ge=0, le=MAX_AGE, description="Only programmes for a child of this age"
    )


@router.get("/programmes", response=ProgrammePage, summary="The authority's active programmes")
def list_programmes(request: HttpRequest, query: Query[ProgrammeQuery]) -> ProgrammePage:
    programmes = list(selectors.catalogue(request.user.authority_id, age=query.age))
    return ProgrammePage(
        items=[_programme_out(programme) for programme in programmes], count=len(programmes)
    )


class CourseQuery(Schema):
    programme: uuid.UUID | None = Field(None, description="A programme's id")
    upcoming: bool = Field(False, description="Only courses that have not ended")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/courses", response={200: CoursePage, 404: ErrorOut}, summary="Courses, soonest first")
def list_courses(request: HttpRequest, query: Query[CourseQuery]) -> CoursePage:
    programme = get_programme_for(request.user, query.programme) if query.programme else None
    courses = selectors.filter_courses(
        selectors.courses_of(request.user.authority_id),
        programme=programme,
        upcoming=query.upcoming,
    ).order_by("starts_on", "programme__name", "venue")
    page = courses[query.offset : query.offset + query.limit]
    return CoursePage(items=[_course_item(course) for course in page], count=courses.count())


@router.get(
    "/courses/{course_id}",
    response={200: CourseOut, 404: ErrorOut},
    summary="One course: sessions, and the places you may know of",
    description="People who run courses see every place, with the family named only if "
    "they may see it; anyone else sees the places of families they may see, and a count of "
    "the others. Each place shown is written to the access log.",
)
def get_course(request: HttpRequest, course_id: str) -> CourseOut:
    course = get_course_for(request.user, course_id)
    return _course_out(request.user, course, request)


class EnrolIn(Schema):
    family_id: uuid.UUID
    person_id: uuid.UUID = Field(description="A parent or carer living in the family")
    enrolled_on: datetime.date | None = Field(None, description="Leave out for today")
    request_id: uuid.UUID | None = Field(
        None, description="The request for support (referral) the place answers, if any"
    )


@router.post(
    "/courses/{course_id}/enrolments",
    response={201: FamilyPlaceOut, **ERRORS},
    summary="Book a parent or carer onto the course",
    description="Needs the right to change the family's record. The programme must suit "
    "one of the family's children by their age when the course starts.",
)
def enrol(request: HttpRequest, course_id: str, payload: EnrolIn) -> Status:
    course = get_course_for(request.user, course_id)
    family = get_family_for(
        request.user, payload.family_id, purpose=AccessPurpose.EDIT, request=request
    )
    person = Person.objects.filter(public_id=payload.person_id).first()
    if person is None:
        raise HttpError(400, "Choose someone who lives in the family")
    referral = (
        get_request_for(request.user, payload.request_id, request=request)
        if payload.request_id
        else None
    )
    enrolment = services.enrol(
        by=request.user,
        course=course,
        family=family,
        person=person,
        enrolled_on=payload.enrolled_on,
        request=referral,
    )
    return Status(201, _place_out(_counted(enrolment)))


class AttendanceIn(Schema):
    session_number: int = Field(ge=1, le=services.MAX_SESSIONS)
    attended: bool


class AttendanceOut(Schema):
    enrolment_id: uuid.UUID
    session_number: int
    held_on: datetime.date
    attended: bool


@router.post(
    "/enrolments/{enrolment_id}/attendance",
    response={200: AttendanceOut, **ERRORS},
    summary="Mark a parent present or absent at one session",
    description="For people who run courses. Saving again changes the mark.",
)
def record_attendance(
    request: HttpRequest, enrolment_id: str, payload: AttendanceIn
) -> AttendanceOut:
    enrolment = get_enrolment_for(
        request.user, enrolment_id, purpose=AccessPurpose.EDIT, request=request, course_work=True
    )
    mark = services.record_attendance(
        by=request.user,
        enrolment=enrolment,
        session_number=payload.session_number,
        attended=payload.attended,
    )
    return AttendanceOut(
        enrolment_id=enrolment.public_id,
        session_number=mark.session.number,
        held_on=mark.session.held_on,
        attended=mark.attended,
    )


class CompleteIn(Schema):
    completed_on: datetime.date | None = Field(None, description="Leave out for today")


@router.post(
    "/enrolments/{enrolment_id}/complete",
    response={200: FamilyPlaceOut, **ERRORS},
    summary="Mark a place completed",
    description="For people who run courses.",
)
def complete(request: HttpRequest, enrolment_id: str, payload: CompleteIn) -> FamilyPlaceOut:
    enrolment = get_enrolment_for(
        request.user, enrolment_id, purpose=AccessPurpose.EDIT, request=request, course_work=True
    )
    enrolment = services.complete_enrolment(
        by=request.user, enrolment=enrolment, completed_on=payload.completed_on
    )
    return _place_out(_counted(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    response={200: FamilyPlaceOut, **ERRORS},
    summary="Withdraw a parent from the course, freeing the place",
    description="For people who run courses, and anyone who may change the family's record.",
)
def withdraw(request: HttpRequest, enrolment_id: str) -> FamilyPlaceOut:
    enrolment = get_enrolment_for(
        request.user, enrolment_id, purpose=AccessPurpose.EDIT, request=request
    )
    enrolment = services.withdraw_enrolment(by=request.user, enrolment=enrolment)
    return _place_out(_counted(enrolment))


@router.get(
    "/families/{family_id}/enrolments",
    response={200: FamilyPlacePage, 404: ErrorOut},
    summary="The family's places on parenting programmes",
)
def family_enrolments(request: HttpRequest, family_id: str) -> FamilyPlacePage:
    family = get_family_for(request.user, family_id, request=request)
    places = [_place_out(enrolment) for enrolment in selectors.enrolments_for_family(family)]
    return FamilyPlacePage(items=places, count=len(places))


# Workforce training -----------------------------------------------------------------------


class TrainingSessionItem(Schema):
    id: uuid.UUID
    course_id: uuid.UUID
    course: str
    held_on: datetime.date
    trainer: str
    venue: str
    capacity: int
    delegates: int
    places_left: int


class TrainingSessionPage(Schema):
    items: list[TrainingSessionItem]
    count: int


class DelegateOut(Schema):
    id: uuid.UUID
    name: str
    email: str
    organisation: str
    staff_email: str | None
    confidence_before: int | None
    confidence_after: int | None
    overall_score: int | None
    feedback: str


class TrainingSessionOut(TrainingSessionItem):
    delegate_list: list[DelegateOut]


def _session_item(session: TrainingSession) -> TrainingSessionItem:
    return TrainingSessionItem(
        id=session.public_id,
        course_id=session.course.public_id,
        course=session.course.name,
        held_on=session.held_on,
        trainer=session.trainer,
        venue=session.venue,
        capacity=session.capacity,
        delegates=session.delegate_count,  # type: ignore[attr-defined]
        places_left=session.places_left,  # type: ignore[attr-defined]
    )


def _delegate_out(delegate: Delegate) -> DelegateOut:
    return DelegateOut(
        id=delegate.public_id,
        name=delegate.name,
        email=delegate.email,
        organisation=delegate.organisation,
        staff_email=delegate.user.email if delegate.user else None,
        confidence_before=delegate.confidence_before,
        confidence_after=delegate.confidence_after,
        overall_score=delegate.overall_score,
        feedback=delegate.feedback,
    )


def _session_out(session: TrainingSession) -> TrainingSessionOut:
    return TrainingSessionOut(
        **_session_item(session).model_dump(),
        delegate_list=[_delegate_out(d) for d in selectors.session_delegates(session)],
    )


class Period(Schema):
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")

    @model_validator(mode="after")
    def in_order(self) -> "Period":
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise PydanticCustomError(
                "period", "The end of the period must be on or after its start"
            )
        return self


class TrainingSessionQuery(Period):
    course: uuid.UUID | None = Field(None, description="A training course's id")


@router.get(
    "/training/sessions",
    response={200: TrainingSessionPage, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    summary="Training sessions, newest first",
)
def list_training_sessions(
    request: HttpRequest, query: Query[TrainingSessionQuery]
) -> TrainingSessionPage:
    require_permission(request, VIEW_TRAINING)
    course = get_training_course_for(request.user, query.course) if query.course else None
    sessions = list(
        selectors.training_sessions(
            request.user.authority_id,
            course=course,
            date_from=query.date_from,
            date_to=query.date_to,
        )
    )
    return TrainingSessionPage(
        items=[_session_item(session) for session in sessions], count=len(sessions)
    )


class TrainingSessionIn(Schema):
    course_id: uuid.UUID
    held_on: datetime.date
    trainer: Annotated[str, Field(max_length=200), required("Enter who delivers the session")]
    venue: Annotated[
        str, Field(max_length=200), required("Enter where the session is held, or Online")
    ]
    capacity: int = Field(ge=1, le=MAX_PLACES, description="Places")


@router.post(
    "/training/sessions", response={201: TrainingSessionOut, **ERRORS}, summary="Add a session"
)
def create_training_session(request: HttpRequest, payload: TrainingSessionIn) -> Status:
    require_permission(request, MANAGE_TRAINING)
    try:
        course = get_training_course_for(request.user, payload.course_id)
    except Http404:
        raise HttpError(400, "Choose a training course of your authority") from None
    session = services.create_training_session(
        by=request.user,
        course=course,
        held_on=payload.held_on,
        trainer=payload.trainer,
        venue=payload.venue,
        capacity=payload.capacity,
    )
    return Status(201, _session_out(get_training_session_for(request.user, session.public_id)))


@router.get(
    "/training/sessions/{session_id}",
    response={200: TrainingSessionOut, 403: ErrorOut, 404: ErrorOut},
    summary="One training session, with its delegates",
)
def get_training_session(request: HttpRequest, session_id: str) -> TrainingSessionOut:
    require_permission(request, VIEW_TRAINING)
    return _session_out(get_training_session_for(request.user, session_id))


class DelegateIn(Schema):
    """A professional on the session: a member of staff (by email), or anyone else by
    name and organisation."""

    staff_email: StaffEmail = Field(None, description="If they are staff on this service")
    name: Annotated[str, Field(max_length=200), AfterValidator(stripped)] = ""
    email: Annotated[str, Field(max_length=254), AfterValidator(_optional_email)] = ""
    organisation: Annotated[str, Field(max_length=200), AfterValidator(stripped)] = ""


@router.post(
    "/training/sessions/{session_id}/delegates",
    response={201: DelegateOut, **ERRORS},
    summary="Add a delegate to a session",
    description="A full session refuses more delegates (400).",
)
def add_delegate(request: HttpRequest, session_id: str, payload: DelegateIn) -> Status:
    require_permission(request, MANAGE_TRAINING)
    session = get_training_session_for(request.user, session_id)
    user = (
        staff_member(payload.staff_email, session.course.authority_id)
        if payload.staff_email
        else None
    )
    delegate = services.add_delegate(
        by=request.user,
        session=session,
        name=payload.name,
        email=payload.email,
        organisation=payload.organisation,
        user=user,
    )
    return Status(201, _delegate_out(delegate))


class DelegateScoresIn(Schema):
    """Send what changes; what you leave out is kept. Send null to clear a score."""

    confidence_before: Score = None
    confidence_after: Score = None
    overall_score: Score = None
    feedback: Annotated[str, Field(max_length=4000), AfterValidator(stripped)] | None = None


@router.patch(
    "/training/delegates/{delegate_id}",
    response={200: DelegateOut, **ERRORS},
    summary="Record a delegate's confidence before and after, score and feedback",
)
def record_scores(request: HttpRequest, delegate_id: str, payload: DelegateScoresIn) -> DelegateOut:
    require_permission(request, MANAGE_TRAINING)
    delegate = get_delegate_for(request.user, delegate_id)
    sent = payload.model_fields_set

    def value(name: str) -> object:
        return getattr(payload, name) if name in sent else getattr(delegate, name)

    delegate = services.record_delegate_scores(
        by=request.user,
        delegate=delegate,
        confidence_before=value("confidence_before"),  # type: ignore[arg-type]
        confidence_after=value("confidence_after"),  # type: ignore[arg-type]
        overall_score=value("overall_score"),  # type: ignore[arg-type]
        feedback=value("feedback") or "",  # type: ignore[arg-type]
    )
    return _delegate_out(get_delegate_for(request.user, delegate.public_id))


class SummaryRowOut(Schema):
    course_id: uuid.UUID | None
    name: str
    sessions: int
    delegates: int
    avg_confidence_before: float | None
    avg_confidence_after: float | None
    increase_percent: float | None = Field(
        description="(after - before) / before x 100; null when before is 0 or not known"
    )
    avg_overall_score: float | None


class SummaryOut(Schema):
    date_from: datetime.date | None
    date_to: datetime.date | None
    courses: list[SummaryRowOut]
    overall: SummaryRowOut


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _summary_row(row: TrainingSummaryRow) -> SummaryRowOut:
    return SummaryRowOut(
        course_id=row.course_id,
        name=row.name,
        sessions=row.sessions,
        delegates=row.delegates,
        avg_confidence_before=_rounded(row.avg_before),
        avg_confidence_after=_rounded(row.avg_after),
        increase_percent=_rounded(row.increase),
        avg_overall_score=_rounded(row.avg_score),
    )


@router.get(
    "/training/summary",
    response={200: SummaryOut, 403: ErrorOut, 422: InvalidOut},
    summary="Confidence before and after, % increase and overall score, per course",
    description="Sessions held from `from` to `to` (both optional, inclusive). Confidence "
    "before and after is averaged over delegates who gave both.",
)
def training_summary(request: HttpRequest, query: Query[Period]) -> SummaryOut:
    require_permission(request, VIEW_TRAINING)
    if request.user.authority is None:
        raise PermissionDenied
    summary = selectors.training_summary(request.user.authority, query.date_from, query.date_to)
    return SummaryOut(
        date_from=query.date_from,
        date_to=query.date_to,
        courses=[_summary_row(row) for row in summary.courses],
        overall=_summary_row(summary.overall),
    )
