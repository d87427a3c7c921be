"""The Family Support Line and FSW interventions as JSON.

Handlers are thin, as in people.api: check the permission and the input as the pages do,
get each record through its access helper (purpose EDIT for a change), call the service,
shape the answer. A service's refusal (SupportError) is a 400 with its message.
"""

import datetime
import uuid
from typing import Annotated

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, Field

from earlyhelp.accounts.models import AccessPurpose, District, User
from earlyhelp.accounts.services import record_families_listed, record_listed
from earlyhelp.core.openapi import MAX_OFFSET
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.pathways.forms import staff_by_email
from earlyhelp.pathways.models import Pathway, PathwayStatus
from earlyhelp.people.access import get_family_for
from earlyhelp.people.api import (
    ERRORS,
    ErrorOut,
    email_address,
    require_permission,
    required,
    stripped,
)
from earlyhelp.people.models import Person
from earlyhelp.people.selectors import families_visible_to
from earlyhelp.support import selectors, services
from earlyhelp.support.access import get_call_for, get_intervention_for
from earlyhelp.support.models import (
    CallerKind,
    CallOutcome,
    FswIntervention,
    InterventionOutcome,
    InterventionSession,
    InterventionSource,
    SessionKind,
    SupportLineCall,
)

router = Router(tags=["support"])

Text = Annotated[str, Field(max_length=8000), AfterValidator(stripped)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(stripped)]
Email = Annotated[str, Field(max_length=254), AfterValidator(email_address)]


# Family Support Line calls ----------------------------------------------------------------


class CallListItem(Schema):
    id: uuid.UUID
    called_at: datetime.datetime
    district: str
    caller_kind: CallerKind
    caller_name: str
    outcome: CallOutcome
    referred_to: str
    out_of_hours: bool
    family_id: uuid.UUID | None
    request_reference: str | None
    taken_by: str = Field(description="The email address of the worker who took the call")


class CallPage(Schema):
    items: list[CallListItem]
    count: int


class CallOut(CallListItem):
    district_id: uuid.UUID
    issue_codes: list[str]
    notes: str
    advice: str
    request_id: uuid.UUID | None


class CallQuery(Schema):
    district: uuid.UUID | None = Field(None, description="A district's public id")
    date_from: datetime.date | None = Field(None, alias="from", description="From this date")
    date_to: datetime.date | None = Field(None, alias="to", description="To this date")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CallIn(Schema):
    district_id: uuid.UUID | None = Field(
        None, description="Leave out for the district of your first team that has one"
    )
    caller_kind: CallerKind
    caller_name: ShortText = ""
    family_id: uuid.UUID | None = Field(None, description="The family, if it is known")
    called_at: datetime.datetime | None = Field(
        None, description="When the call was taken; leave out for now. Local time if no offset."
    )
    issue_codes: list[str] = Field([], max_length=50, description="Codes like EDU-ATTEND")
    notes: Annotated[str, Field(max_length=8000), required("Say what the caller told you")]
    advice: Annotated[
        str, Field(max_length=8000), required("Say what advice or information you gave")
    ]
    outcome: CallOutcome
    referred_to: ShortText = Field("", description="Required when the outcome is referred")
    child_first_name: Annotated[str, Field(max_length=100), AfterValidator(stripped)] = ""
    child_last_name: Annotated[str, Field(max_length=100), AfterValidator(stripped)] = ""
    child_date_of_birth: datetime.date | None = None


def _call_item(call: SupportLineCall, sees_family: bool = True) -> dict[str, object]:
    return {
        "id": call.public_id,
        "called_at": call.called_at,
        "district": call.district.name,
        "caller_kind": call.caller_kind,
        "caller_name": call.caller_name,
        "outcome": call.outcome,
        "referred_to": call.referred_to,
        "out_of_hours": call.out_of_hours,
        "family_id": call.family.public_id if call.family and sees_family else None,
        "request_reference": call.request.reference if call.request else None,
        "taken_by": call.taken_by.email,
    }


def _call_out(call: SupportLineCall, user: User) -> CallOut:
    call = selectors.call_with_codes(call)
    sees_family = bool(
        call.family_id and families_visible_to(user).filter(pk=call.family_id).exists()
    )
    return CallOut(
        **_call_item(call, sees_family),
        district_id=call.district.public_id,
        issue_codes=[code.code for code in call.issue_codes.all()],
        notes=call.notes,
        advice=call.advice,
        request_id=call.request.public_id if call.request else None,
    )


@router.get(
    "/support-line/calls",
    response={200: CallPage, 400: ErrorOut, 403: ErrorOut, 422: ERRORS[422]},
    summary="Family Support Line calls, newest first",
    description="Every call of your authority, for those who take or oversee the line.",
)
def list_calls(request: HttpRequest, query: Query[CallQuery]) -> CallPage:
    user = require_permission(request, "support.view_calls")
    district = None
    if query.district:
        district = District.objects.filter(
            public_id=query.district, authority_id=user.authority_id
        ).first()
        if district is None:
            raise HttpError(400, "Choose a district of your authority")
    calls = selectors.filter_calls(
        selectors.calls_visible_to(user),
        district=district,
        date_from=query.date_from,
        date_to=query.date_to,
    )
    shown = list(calls[query.offset : query.offset + query.limit])
    # A call names its family only to those who may see that family; each shown is logged.
    visible = set(
        families_visible_to(user)
        .filter(pk__in=[call.family_id for call in shown if call.family_id])
        .values_list("pk", flat=True)
    )
    record_listed(
        user=user,
        shown=[(call, call.family.public_id if call.family else None, str(call)) for call in shown],
        request=request,
    )
    return CallPage(
        items=[_call_item(call, call.family_id in visible) for call in shown],
        count=calls.count(),
    )


@router.post(
    "/support-line/calls",
    response={201: CallOut, **ERRORS},
    summary="Log a Family Support Line call",
    description="A call with the outcome opened_pathway sends a request for support to the "
    "front door, about the family given or the child named (first and last name, and date "
    "of birth when no family is given).",
)
def log_call(request: HttpRequest, payload: CallIn) -> Status:
    user = require_permission(request, "support.take_calls")
    authority = user.authority
    if authority is None:
        raise PermissionDenied
    if payload.district_id:
        district = District.objects.filter(
            public_id=payload.district_id, authority=authority
        ).first()
        if district is None:
            raise HttpError(400, "Choose a district of your authority")
    else:
        district = selectors.default_district(user)
    family = None
    if payload.family_id:
        family = families_visible_to(user).filter(public_id=payload.family_id).first()
        if family is None:
            raise HttpError(400, "No family you can see has that id")
    wanted = set(payload.issue_codes)
    codes = list(issue_codes_for(authority).filter(code__in=wanted))
    unknown = wanted - {code.code for code in codes}
    if unknown:
        raise HttpError(400, f"Unknown issue codes: {', '.join(sorted(unknown))}")
    called_at = payload.called_at or timezone.now()
    if timezone.is_naive(called_at):
        called_at = timezone.make_aware(called_at)
    call = services.log_call(
        by=user,
        authority=authority,
        district=district,
        caller_kind=payload.caller_kind,
        caller_name=payload.caller_name,
        family=family,
        called_at=called_at,
        issue_codes=codes,
        notes=payload.notes,
        advice=payload.advice,
        outcome=payload.outcome,
        referred_to=payload.referred_to,
        child_first_name=payload.child_first_name,
        child_last_name=payload.child_last_name,
        child_date_of_birth=payload.child_date_of_birth,
    )
    return Status(201, _call_out(call, user))


@router.get(
    "/support-line/calls/{call_id}",
    response={200: CallOut, 404: ErrorOut},
    summary="One Family Support Line call",
)
def get_call(request: HttpRequest, call_id: str) -> CallOut:
    return _call_out(get_call_for(request.user, call_id, request=request), request.user)


# FSW interventions ------------------------------------------------------------------------


class ChildOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None


class InterventionSessionOut(Schema):
    id: uuid.UUID
    held_on: datetime.date
    kind: SessionKind
    note: str
    recorded_by: str


class InterventionItem(Schema):
    id: uuid.UUID
    reference: str
    family_id: uuid.UUID
    family_reference: str
    family_name: str
    worker_email: str
    source: InterventionSource
    pathway_id: uuid.UUID | None
    is_remote: bool
    allocated_on: datetime.date
    started_on: datetime.date | None
    ended_on: datetime.date | None
    outcome: str
    weeks: float = Field(description="How long it has run (or ran), in weeks")
    overruns: bool = Field(description="A remote intervention open past the authority's limit")
    children_count: int


class InterventionPage(Schema):
    items: list[InterventionItem]
    count: int


class InterventionOut(InterventionItem):
    worker_name: str
    children: list[ChildOut]
    end_note: str
    sessions: list[InterventionSessionOut]
    can_change: bool


class InterventionQuery(Schema):
    worker: str | None = Field(None, description="me: only your own allocations")
    open: bool | None = Field(None, description="true: only open interventions")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AllocateIn(Schema):
    family_id: uuid.UUID
    worker_email: Email
    children_ids: list[uuid.UUID] = Field(
        max_length=50, description="Public ids of the children, now in the family"
    )
    source: InterventionSource
    pathway_id: uuid.UUID | None = Field(
        None, description="For source pathway: the family's open pathway (the default)"
    )
    is_remote: bool = False
    allocated_on: datetime.date | None = Field(None, description="Leave out for today")


class StartIn(Schema):
    started_on: datetime.date


class SessionIn(Schema):
    held_on: datetime.date
    kind: SessionKind
    note: Annotated[str, Field(max_length=8000), required("Say what happened in the session")]


class EndIn(Schema):
    ended_on: datetime.date
    outcome: InterventionOutcome
    note: Text = ""


def _intervention_item(intervention: FswIntervention, children_count: int) -> dict[str, object]:
    limit = intervention.authority.remote_intervention_weeks
    return {
        "id": intervention.public_id,
        "reference": intervention.reference,
        "family_id": intervention.family.public_id,
        "family_reference": intervention.family.reference,
        "family_name": intervention.family.name,
        "worker_email": intervention.worker.email,
        "source": intervention.source,
        "pathway_id": intervention.pathway.public_id if intervention.pathway else None,
        "is_remote": intervention.is_remote,
        "allocated_on": intervention.allocated_on,
        "started_on": intervention.started_on,
        "ended_on": intervention.ended_on,
        "outcome": intervention.outcome,
        "weeks": round(intervention.weeks(), 1),
        "overruns": intervention.overruns(limit),
        "children_count": children_count,
    }


def _intervention_out(user: User, intervention: FswIntervention) -> InterventionOut:
    intervention = selectors.interventions_visible_to(user).get(pk=intervention.pk)
    summary = selectors.intervention_summary(user, intervention)
    children = list(summary["children"])  # type: ignore[call-overload]
    return InterventionOut(
        **_intervention_item(intervention, len(children)),
        worker_name=intervention.worker.get_full_name(),
        children=[
            ChildOut(
                id=child.public_id,
                first_name=child.first_name,
                last_name=child.last_name,
                date_of_birth=child.date_of_birth,
            )
            for child in children
        ],
        end_note=intervention.end_note,
        sessions=[_session_out(session) for session in summary["sessions"]],  # type: ignore[attr-defined]
        can_change=bool(summary["can_change"]),
    )


def _session_out(session: InterventionSession) -> InterventionSessionOut:
    return InterventionSessionOut(
        id=session.public_id,
        held_on=session.held_on,
        kind=session.kind,
        note=session.note,
        recorded_by=session.recorded_by.email,
    )


@router.get(
    "/interventions",
    response={200: InterventionPage, 400: ErrorOut, 422: ERRORS[422]},
    summary="FSW interventions you may see",
    description="Interventions with families you may see, and your own allocations. "
    "worker=me for your own; open=true for open ones.",
)
def list_interventions(request: HttpRequest, query: Query[InterventionQuery]) -> InterventionPage:
    interventions = selectors.interventions_visible_to(request.user)
    if query.worker:
        if query.worker.strip().lower() != "me":
            raise HttpError(400, "The worker filter takes me, for your own allocations")
        interventions = interventions.filter(worker=request.user)
    if query.open is not None:
        interventions = interventions.filter(ended_on__isnull=query.open)
    interventions = interventions.order_by("-allocated_on", "-created_at")
    counted = selectors.with_children_count(interventions)
    page = list(counted[query.offset : query.offset + query.limit])
    record_families_listed(
        user=request.user,
        families=list({i.family_id: i.family for i in page}.values()),
        request=request,
    )
    return InterventionPage(
        items=[_intervention_item(i, i.children_count) for i in page],
        count=interventions.count(),
    )


def _children(ids: list[uuid.UUID]) -> list[Person]:
    wanted = set(ids)
    children = list(Person.objects.filter(public_id__in=wanted, merged_into__isnull=True))
    if len(children) != len(wanted):
        raise HttpError(400, "Choose children who are in this family now")
    return children


@router.post(
    "/interventions",
    response={201: InterventionOut, **ERRORS},
    summary="Allocate an FSW intervention",
    description="For staff who allocate interventions and may change the family's record. "
    "The worker is an active family support worker of the authority, with no other open "
    "intervention with the family; the children are in the family now.",
)
def allocate_intervention(request: HttpRequest, payload: AllocateIn) -> Status:
    user = require_permission(request, "support.allocate_interventions")
    family = get_family_for(user, payload.family_id, purpose=AccessPurpose.EDIT, request=request)
    try:
        worker = staff_by_email(payload.worker_email, family.authority_id)
    except forms.ValidationError:
        raise HttpError(
            400, f"There is no member of staff with the email address {payload.worker_email}"
        ) from None
    pathway = None
    if payload.pathway_id:
        pathway = Pathway.objects.filter(public_id=payload.pathway_id, family=family).first()
        if pathway is None:
            raise HttpError(400, "An intervention within a pathway needs the family's open pathway")
    elif payload.source == InterventionSource.PATHWAY:
        pathway = family.pathways.filter(status=PathwayStatus.OPEN).first()
    intervention = services.allocate_intervention(
        by=user,
        family=family,
        worker=worker,
        children=_children(payload.children_ids),
        source=payload.source,
        pathway=pathway,
        is_remote=payload.is_remote,
        allocated_on=payload.allocated_on,
    )
    return Status(201, _intervention_out(user, intervention))


@router.get(
    "/interventions/{intervention_id}",
    response={200: InterventionOut, 404: ErrorOut},
    summary="One FSW intervention, with its sessions",
)
def get_intervention(request: HttpRequest, intervention_id: str) -> InterventionOut:
    intervention = get_intervention_for(request.user, intervention_id, request=request)
    return _intervention_out(request.user, intervention)


def _for_change(request: HttpRequest, intervention_id: str) -> FswIntervention:
    return get_intervention_for(
        request.user, intervention_id, purpose=AccessPurpose.EDIT, request=request
    )


@router.post(
    "/interventions/{intervention_id}/start",
    response={200: InterventionOut, **ERRORS},
    summary="Record when the intervention started",
)
def start_intervention(
    request: HttpRequest, intervention_id: str, payload: StartIn
) -> InterventionOut:
    intervention = services.start_intervention(
        by=request.user,
        intervention=_for_change(request, intervention_id),
        started_on=payload.started_on,
    )
    return _intervention_out(request.user, intervention)


@router.post(
    "/interventions/{intervention_id}/sessions",
    response={201: InterventionSessionOut, **ERRORS},
    summary="Record a session of the intervention",
)
def record_session(request: HttpRequest, intervention_id: str, payload: SessionIn) -> Status:
    session = services.record_session(
        by=request.user,
        intervention=_for_change(request, intervention_id),
        held_on=payload.held_on,
        kind=payload.kind,
        note=payload.note,
    )
    return Status(201, _session_out(session))


@router.post(
    "/interventions/{intervention_id}/end",
    response={200: InterventionOut, **ERRORS},
    summary="End the intervention with its outcome",
)
def end_intervention(request: HttpRequest, intervention_id: str, payload: EndIn) -> InterventionOut:
    intervention = services.end_intervention(
        by=request.user,
        intervention=_for_change(request, intervention_id),
        ended_on=payload.ended_on,
        outcome=payload.outcome,
        note=payload.note,
    )
    return _intervention_out(request.user, intervention)
