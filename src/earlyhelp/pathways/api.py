"""Pathways as JSON: the triage tool, the family plan, reviews and closure.

Handlers are thin, as in people.api: check the input as the pages' forms do, get each
record through its access helper (with purpose EDIT for a change), call the service,
shape the answer. A service's refusal (PathwayError) is a 400 with its message; a save
from a stale version (StaleEdit) is a 409 with the record as the other person left it.
"""

import datetime
import uuid
from collections.abc import Callable
from typing import Annotated, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from earlyhelp.accounts.models import AccessPurpose, Agency, User
from earlyhelp.need.models import Band
from earlyhelp.pathways import selectors, services
from earlyhelp.pathways.access import (
    get_action_for,
    get_entry_for,
    get_pathway_for,
    get_triage_for,
)
from earlyhelp.pathways.models import (
    ActionStatus,
    Outcome,
    Pathway,
    PlanAction,
    Review,
    TafMember,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.access import get_family_for, get_person_for
from earlyhelp.people.api import (
    ERRORS,
    ErrorOut,
    StaffEmail,
    email_address,
    required,
    staff_member,
    stripped,
)

router = Router(tags=["pathways"])

Record = TypeVar("Record", bound=Model)


def _at_least_a_few_words(text: str) -> str:
    if len(text) < 10:
        raise PydanticCustomError("too_short", "Describe the issue in at least a few words")
    return text


Narrative = Annotated[
    str,
    Field(max_length=4000),
    required("Describe the issue"),
    AfterValidator(_at_least_a_few_words),
]


# Output -----------------------------------------------------------------------------------


class StaffOut(Schema):
    email: str
    name: str
    agency: str | None


class EntryOut(Schema):
    id: uuid.UUID
    version: int
    band: str
    narrative: str
    person_id: uuid.UUID | None


class TriageOut(Schema):
    id: uuid.UUID
    stage: str
    completed_on: datetime.date | None
    entries: list[EntryOut]


class ActionOut(Schema):
    id: uuid.UUID
    version: int
    description: str
    entry_ids: list[uuid.UUID]
    owner: str = Field(description="Who will do it, as the plan shows it")
    owner_email: str | None
    owner_agency_id: uuid.UUID | None
    owner_text: str
    due_on: datetime.date
    status: str


class ProgressOut(Schema):
    action_id: uuid.UUID
    status: str
    note: str


class ReviewOut(Schema):
    id: uuid.UUID
    version: int
    held_on: datetime.date
    attendee_emails: list[str]
    other_attendees: str
    plan_changes: str
    next_review_on: datetime.date | None
    progress: list[ProgressOut]


class PathwayOut(Schema):
    id: uuid.UUID
    reference: str
    family_id: uuid.UUID
    version: int
    status: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    outcome: str
    closing_summary: str
    lead_professional: StaffOut | None
    taf: list[StaffOut] = Field(description="The Team Around the Family")
    triages: list[TriageOut]
    actions: list[ActionOut]
    reviews: list[ReviewOut]
    can_edit: bool


class StaleEntryOut(Schema):
    detail: str
    current: EntryOut


class StaleActionOut(Schema):
    detail: str
    current: ActionOut


class StalePathwayOut(Schema):
    detail: str
    current: PathwayOut


def _staff_out(user: User) -> StaffOut:
    return StaffOut(
        email=user.email,
        name=user.get_full_name(),
        agency=user.agency.name if user.agency else None,
    )


def _entry_out(entry: TriageEntry) -> EntryOut:
    return EntryOut(
        id=entry.public_id,
        version=entry.version,
        band=entry.band,
        narrative=entry.narrative,
        person_id=entry.person.public_id if entry.person else None,
    )


def _triage_out(triage: Triage) -> TriageOut:
    return TriageOut(
        id=triage.public_id,
        stage=triage.stage,
        completed_on=triage.completed_on,
        entries=[_entry_out(entry) for entry in triage.entries.all()],
    )


def _action_out(action: PlanAction) -> ActionOut:
    return ActionOut(
        id=action.public_id,
        version=action.version,
        description=action.description,
        entry_ids=[entry.public_id for entry in action.entries.all()],
        owner=action.owner_label,
        owner_email=action.owner.email if action.owner else None,
        owner_agency_id=action.owner_agency.public_id if action.owner_agency else None,
        owner_text=action.owner_text,
        due_on=action.due_on,
        status=action.status,
    )


def _review_out(review: Review) -> ReviewOut:
    return ReviewOut(
        id=review.public_id,
        version=review.version,
        held_on=review.held_on,
        attendee_emails=[user.email for user in review.attendees.all()],
        other_attendees=review.other_attendees,
        plan_changes=review.plan_changes,
        next_review_on=review.next_review_on,
        progress=[
            ProgressOut(action_id=row.action.public_id, status=row.status, note=row.note)
            for row in review.progress.all()
        ],
    )


def _pathway_out(user: User, pathway: Pathway) -> PathwayOut:
    summary = selectors.pathway_summary(user, pathway)
    return PathwayOut(
        id=pathway.public_id,
        reference=pathway.reference,
        family_id=pathway.family.public_id,
        version=pathway.version,
        status=pathway.status,
        opened_on=pathway.opened_on,
        closed_on=pathway.closed_on,
        outcome=pathway.outcome,
        closing_summary=pathway.closing_summary,
        lead_professional=_staff_out(pathway.lead_professional)
        if pathway.lead_professional
        else None,
        taf=[_staff_out(member.user) for member in summary["taf"]],
        triages=[_triage_out(triage) for triage in summary["triages"]],
        actions=[_action_out(action) for action in summary["actions"]],
        reviews=[_review_out(review) for review in summary["reviews"]],
        can_edit=summary["can_edit"],
    )


def current_record(user: User, record: Model) -> dict[str, object]:
    """A record refused as stale (core.versioning.StaleEdit), shaped as its routes show it,
    for the 409 answer: what the other person saved, with its version."""
    if isinstance(record, PlanAction):
        return _action_out(record).model_dump()
    if isinstance(record, TriageEntry):
        return _entry_out(record).model_dump()
    if isinstance(record, Pathway):
        return _pathway_out(user, record).model_dump()
    return {"id": record.public_id, "version": record.version}  # type: ignore[attr-defined]


# Looking up what the input names ----------------------------------------------------------


def _referenced(
    get: Callable[..., Record], request: HttpRequest, public_id: uuid.UUID, message: str
) -> Record:
    """A record the input names, through its access helper; a 400 with the message if the
    user may not use it (without saying whether it exists)."""
    try:
        return get(request.user, public_id, purpose=AccessPurpose.EDIT, request=request)
    except (Http404, PermissionDenied):
        raise HttpError(400, message) from None


def _entries(request: HttpRequest, ids: list[uuid.UUID]) -> list[TriageEntry]:
    return [
        _referenced(get_entry_for, request, public_id, "Choose issues from this pathway's triages")
        for public_id in dict.fromkeys(ids)
    ]


def _agency(public_id: uuid.UUID | None, authority_id: int) -> Agency | None:
    if public_id is None:
        return None
    agency = Agency.objects.filter(
        public_id=public_id, authority_id=authority_id, is_active=True
    ).first()
    if agency is None:
        raise HttpError(400, "Choose an agency of this authority")
    return agency


# Pathways ---------------------------------------------------------------------------------


class OpenPathwayIn(Schema):
    opened_on: datetime.date
    lead_professional_email: StaffEmail = Field(
        None, description="Leave out to be the Lead Professional yourself"
    )


@router.post(
    "/families/{family_id}/pathways",
    response={201: PathwayOut, **ERRORS},
    summary="Open an Early Help pathway",
    description="Needs the family's consent to an assessment, and no other open pathway.",
)
def open_pathway(request: HttpRequest, family_id: str, payload: OpenPathwayIn) -> Status:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    lead = (
        staff_member(payload.lead_professional_email, family.authority_id)
        if payload.lead_professional_email
        else None
    )
    pathway = services.open_pathway(
        by=request.user, family=family, opened_on=payload.opened_on, lead_professional=lead
    )
    return Status(201, _pathway_out(request.user, pathway))


@router.get(
    "/pathways/{pathway_id}",
    response={200: PathwayOut, 404: ErrorOut},
    summary="One pathway: triages, plan, reviews and who is involved",
)
def get_pathway(request: HttpRequest, pathway_id: str) -> PathwayOut:
    pathway = get_pathway_for(request.user, pathway_id, request=request)
    return _pathway_out(request.user, pathway)


class ClosePathwayIn(Schema):
    version: int = Field(ge=1, description="The pathway's version you are closing")
    outcome: Outcome
    closed_on: datetime.date
    summary: Annotated[str, Field(max_length=4000), required("Write a closing summary")]


@router.post(
    "/pathways/{pathway_id}/close",
    response={200: PathwayOut, 409: StalePathwayOut, **ERRORS},
    summary="Close the pathway with an outcome",
    description="Needs a completed closure triage unless the family declined or moved away. "
    "To escalate to children's social care, use the escalation page.",
)
def close_pathway(request: HttpRequest, pathway_id: str, payload: ClosePathwayIn) -> PathwayOut:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    pathway = services.close_pathway(
        by=request.user,
        pathway=pathway,
        version=payload.version,
        outcome=payload.outcome,
        summary=payload.summary,
        closed_on=payload.closed_on,
    )
    return _pathway_out(request.user, pathway)


# The triage tool --------------------------------------------------------------------------


class StartTriageIn(Schema):
    stage: TriageStage


@router.post(
    "/pathways/{pathway_id}/triages",
    response={200: TriageOut, **ERRORS},
    summary="The draft triage of a stage, started if there is none",
)
def start_triage(request: HttpRequest, pathway_id: str, payload: StartTriageIn) -> TriageOut:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    triage = services.start_triage(by=request.user, pathway=pathway, stage=payload.stage)
    return _triage_out(triage)


class TriageEntryIn(Schema):
    band: Band
    narrative: Narrative
    person_id: uuid.UUID | None = Field(None, description="Who in the family it is about, if one")


@router.post(
    "/triages/{triage_id}/entries",
    response={201: EntryOut, **ERRORS},
    summary="Add an issue to a draft triage",
)
def add_entry(request: HttpRequest, triage_id: str, payload: TriageEntryIn) -> Status:
    triage = get_triage_for(request.user, triage_id, purpose=AccessPurpose.EDIT, request=request)
    person = (
        _referenced(get_person_for, request, payload.person_id, "Choose someone in this family")
        if payload.person_id
        else None
    )
    entry = services.add_triage_entry(
        by=request.user,
        triage=triage,
        band=payload.band,
        narrative=payload.narrative,
        person=person,
    )
    return Status(201, _entry_out(entry))


class TriageEntryEditIn(Schema):
    version: int = Field(ge=1, description="The version you started from")
    band: Band | None = Field(None, description="Leave out to keep it")
    narrative: Narrative | None = Field(None, description="Leave out to keep it")


@router.patch(
    "/triage-entries/{entry_id}",
    response={200: EntryOut, 409: StaleEntryOut, **ERRORS},
    summary="Change an issue in a draft triage",
    description="409 if someone saved it since your version: the answer has what they saved.",
)
def edit_entry(request: HttpRequest, entry_id: str, payload: TriageEntryEditIn) -> EntryOut:
    entry = get_entry_for(request.user, entry_id, purpose=AccessPurpose.EDIT, request=request)
    entry = services.edit_triage_entry(
        by=request.user,
        entry=entry,
        version=payload.version,
        band=payload.band or Band(entry.band),
        narrative=payload.narrative or entry.narrative,
    )
    return _entry_out(entry)


class CompleteTriageIn(Schema):
    completed_on: datetime.date


@router.post(
    "/triages/{triage_id}/complete",
    response={200: TriageOut, **ERRORS},
    summary="Complete a draft triage",
)
def complete_triage(request: HttpRequest, triage_id: str, payload: CompleteTriageIn) -> TriageOut:
    triage = get_triage_for(request.user, triage_id, purpose=AccessPurpose.EDIT, request=request)
    triage = services.complete_triage(
        by=request.user, triage=triage, completed_on=payload.completed_on
    )
    return _triage_out(triage)


# The family plan --------------------------------------------------------------------------


def _some_issues(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    if not ids:
        raise PydanticCustomError("required", "Choose at least one issue from the triage")
    return ids


EntryIds = Annotated[list[uuid.UUID], Field(max_length=100), AfterValidator(_some_issues)]
Description = Annotated[str, Field(max_length=2000), required("Say what will be done")]
OwnerText = Annotated[str, Field(max_length=120), AfterValidator(stripped)]


class PlanActionIn(Schema):
    """Who will do it: a worker (email), an agency, or someone in the family (text)."""

    description: Description
    entry_ids: EntryIds = Field(description="The triage entries (issues) it addresses")
    owner_email: StaffEmail = None
    owner_agency_id: uuid.UUID | None = None
    owner_text: OwnerText = ""
    due_on: datetime.date


class PlanActionEditIn(Schema):
    """Send the version you started from and what changes; what you leave out is kept.
    Sending any of the owner fields replaces the owner with the ones sent."""

    version: int = Field(ge=1)
    description: Description | None = None
    entry_ids: EntryIds | None = None
    owner_email: StaffEmail = None
    owner_agency_id: uuid.UUID | None = None
    owner_text: OwnerText = ""
    due_on: datetime.date | None = None
    status: ActionStatus | None = None


@router.post(
    "/pathways/{pathway_id}/actions",
    response={201: ActionOut, **ERRORS},
    summary="Add an action to the family plan",
)
def add_action(request: HttpRequest, pathway_id: str, payload: PlanActionIn) -> Status:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    authority_id = pathway.family.authority_id
    action = services.add_plan_action(
        by=request.user,
        pathway=pathway,
        description=payload.description,
        entries=_entries(request, payload.entry_ids),
        owner=staff_member(payload.owner_email, authority_id) if payload.owner_email else None,
        owner_agency=_agency(payload.owner_agency_id, authority_id),
        owner_text=payload.owner_text,
        due_on=payload.due_on,
    )
    return Status(201, _action_out(action))


@router.patch(
    "/plan-actions/{action_id}",
    response={200: ActionOut, 409: StaleActionOut, **ERRORS},
    summary="Change an action of the family plan",
    description="409 if someone saved it since your version: the answer has what they saved.",
)
def edit_action(request: HttpRequest, action_id: str, payload: PlanActionEditIn) -> ActionOut:
    action = get_action_for(request.user, action_id, purpose=AccessPurpose.EDIT, request=request)
    authority_id = action.pathway.family.authority_id
    sent = payload.model_fields_set
    if sent & {"owner_email", "owner_agency_id", "owner_text"}:
        owner = staff_member(payload.owner_email, authority_id) if payload.owner_email else None
        owner_agency = _agency(payload.owner_agency_id, authority_id)
        owner_text = payload.owner_text
    else:
        owner, owner_agency, owner_text = action.owner, action.owner_agency, action.owner_text
    action = services.edit_plan_action(
        by=request.user,
        action=action,
        version=payload.version,
        description=payload.description or action.description,
        entries=list(action.entries.all())
        if payload.entry_ids is None
        else _entries(request, payload.entry_ids),
        owner=owner,
        owner_agency=owner_agency,
        owner_text=owner_text,
        due_on=payload.due_on or action.due_on,
        status=payload.status or ActionStatus(action.status),
    )
    return _action_out(action)


# Reviews ----------------------------------------------------------------------------------


Email = Annotated[str, Field(max_length=254), AfterValidator(email_address)]


class ProgressIn(Schema):
    action_id: uuid.UUID
    status: ActionStatus
    note: Annotated[str, Field(max_length=2000), AfterValidator(stripped)] = ""


class ReviewIn(Schema):
    held_on: datetime.date
    attendee_emails: list[Email] = Field(
        [], max_length=100, description="Members of the Team Around the Family who came"
    )
    other_attendees: Annotated[str, Field(max_length=300), AfterValidator(stripped)] = ""
    progress: list[ProgressIn] = Field([], max_length=200)
    plan_changes: Annotated[str, Field(max_length=4000), AfterValidator(stripped)] = ""
    next_review_on: datetime.date | None = None


def _attendees(pathway: Pathway, emails: list[str]) -> list[User]:
    wanted = set(emails)
    members = [
        membership.user
        for membership in TafMember.objects.filter(
            pathway=pathway, removed_at__isnull=True, user__email__in=wanted
        ).select_related("user")
    ]
    missing = wanted - {user.email for user in members}
    if missing:
        raise HttpError(
            400,
            "Only members of the Team Around the Family can be recorded as attending: "
            + ", ".join(sorted(missing)),
        )
    return members


def _progress(
    request: HttpRequest, rows: list[ProgressIn]
) -> dict[PlanAction, tuple[ActionStatus, str]]:
    progress: dict[PlanAction, tuple[ActionStatus, str]] = {}
    for row in rows:
        action = _referenced(
            get_action_for,
            request,
            row.action_id,
            "Progress can only be recorded on this pathway's actions",
        )
        if action in progress:
            raise HttpError(400, "Give the progress on each action once")
        if action.status in {ActionStatus.DONE, ActionStatus.DROPPED}:
            raise HttpError(
                400,
                f"Progress is recorded only on actions still to do: "
                f"'{action}' is {action.get_status_display().lower()}",
            )
        progress[action] = (row.status, row.note)
    return progress


@router.post(
    "/pathways/{pathway_id}/reviews",
    response={201: ReviewOut, **ERRORS},
    summary="Record a Team Around the Family review",
    description="Progress can be given on the plan's actions that are not done or dropped.",
)
def record_review(request: HttpRequest, pathway_id: str, payload: ReviewIn) -> Status:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    review = services.record_review(
        by=request.user,
        pathway=pathway,
        held_on=payload.held_on,
        attendees=_attendees(pathway, payload.attendee_emails),
        other_attendees=payload.other_attendees,
        progress=_progress(request, payload.progress),
        plan_changes=payload.plan_changes,
        next_review_on=payload.next_review_on,
    )
    return Status(201, _review_out(review))
