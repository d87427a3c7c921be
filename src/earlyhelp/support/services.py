"""Operations on the Family Support Line or an FSW intervention. Each is one transaction."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District, Role, User
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.frontdoor.services import FrontDoorError, RequestDetails, create_request
from earlyhelp.need.models import IssueCode
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.pathways.models import Pathway, PathwayStatus
from earlyhelp.pathways.services import PathwayError, add_taf_member
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Family, FamilyMember, Person
from earlyhelp.people.selectors import families_visible_to
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

# A call is logged while or soon after it is taken; older ones are surely a typing slip.
OLDEST_CALL = datetime.timedelta(days=365)


class SupportError(Exception):
    """The operation breaks a rule; the message says which, for the user."""


# The Family Support Line ----------------------------------------------------------------


def current_children(family: Family) -> list[FamilyMember]:
    """The family's children now, born ones first, oldest first."""
    return list(
        family.members.filter(left_on__isnull=True, relationship__in=CHILD_RELATIONSHIPS)
        .select_related("person")
        .order_by("relationship", "person__date_of_birth", "person__first_name")
    )


@transaction.atomic
def log_call(
    *,
    by: User,
    authority: Authority,
    district: District,
    caller_kind: CallerKind,
    called_at: datetime.datetime,
    notes: str,
    advice: str,
    outcome: CallOutcome,
    caller_name: str = "",
    family: Family | None = None,
    issue_codes: Iterable[IssueCode] = (),
    referred_to: str = "",
    child_first_name: str = "",
    child_last_name: str = "",
    child_date_of_birth: datetime.date | None = None,
) -> SupportLineCall:
    """Log one call. A call that opens an Early Help Pathway sends a request for support to
    the front door, about the linked family or the child named, and the call keeps it."""
    if by.authority_id != authority.pk:
        raise SupportError("You can log calls only for your own authority")
    if district.authority_id != authority.pk:
        raise SupportError("Choose a district of this authority")
    now = timezone.now()
    if called_at > now:
        raise SupportError("The time of the call must be now or in the past")
    if called_at < now - OLDEST_CALL:
        raise SupportError("The time of the call must be within the last year")
    notes, advice = notes.strip(), advice.strip()
    if not notes:
        raise SupportError("Say what the caller told you")
    if not advice:
        raise SupportError("Say what advice or information you gave")
    if family is not None and not (
        family.authority_id == authority.pk
        and families_visible_to(by).filter(pk=family.pk).exists()
    ):
        raise SupportError("No family you can see has that reference")
    codes = list(issue_codes)
    allowed = set(issue_codes_for(authority).values_list("pk", flat=True))
    if any(code.pk not in allowed for code in codes):
        raise SupportError("Choose issues from the list")
    referred_to = referred_to.strip() if outcome == CallOutcome.REFERRED else ""
    if outcome == CallOutcome.REFERRED and not referred_to:
        raise SupportError("Say where the caller was referred to")

    call = SupportLineCall.objects.create(
        authority=authority,
        district=district,
        taken_by=by,
        called_at=called_at,
        caller_kind=caller_kind,
        caller_name=caller_name.strip(),
        family=family,
        notes=notes,
        advice=advice,
        outcome=outcome,
        referred_to=referred_to,
        out_of_hours=not authority.support_line_open_at(timezone.localtime(called_at)),
    )
    call.issue_codes.set(codes)
    if outcome == CallOutcome.OPENED_PATHWAY:
        call.request = _request_from_call(
            call,
            child_first_name.strip(),
            child_last_name.strip(),
            child_date_of_birth,
        )
        call.save(update_fields=["request", "updated_at"])
    return call


def _request_from_call(
    call: SupportLineCall,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None,
) -> RequestForSupport:
    if not (first_name and last_name) and call.family is not None:
        children = current_children(call.family)
        if children:
            child = children[0].person
            first_name, last_name = first_name or child.first_name, last_name or child.last_name
            date_of_birth = date_of_birth or child.date_of_birth
    if not first_name:
        raise SupportError("Enter the child's first name, to open an Early Help Pathway")
    if not last_name:
        raise SupportError("Enter the child's last name, to open an Early Help Pathway")
    if date_of_birth is None and call.family is None:
        raise SupportError("Enter the child's date of birth, to open an Early Help Pathway")
    if date_of_birth and date_of_birth > timezone.localdate():
        raise SupportError("The child's date of birth must be today or in the past")
    kind = CallerKind(call.caller_kind).label
    try:
        return create_request(
            authority=call.authority,
            source=RequestSource.SUPPORT_LINE,
            details=RequestDetails(
                child_first_name=first_name,
                child_last_name=last_name,
                child_date_of_birth=date_of_birth,
                worries=call.notes,
                requester_name=call.caller_name or kind,
                requester_role=kind,
                consent=RequestConsent.NOT_YET,
                district=call.district,
            ),
            submitted_by=call.taken_by,
            family=call.family,
        )
    except FrontDoorError as error:
        raise SupportError(str(error)) from None


# FSW interventions ----------------------------------------------------------------------


def is_family_support_worker_of(worker: User, authority_id: int) -> bool:
    return (
        worker.is_active
        and worker.authority_id == authority_id
        and worker.has_role(Role.FAMILY_SUPPORT_WORKER)
    )


@transaction.atomic
def allocate_intervention(
    *,
    by: User,
    family: Family,
    worker: User,
    children: list[Person],
    source: InterventionSource,
    pathway: Pathway | None = None,
    is_remote: bool = False,
    allocated_on: datetime.date | None = None,
) -> FswIntervention:
    """Allocate a Family Support Worker to one-to-one work with some of the family's
    children: after a direct referral from the front door, or as part of the family's
    open Early Help Pathway (the worker then joins its Team Around the Family)."""
    family = Family.objects.select_for_update().get(pk=family.pk)
    today = timezone.localdate()
    allocated_on = allocated_on or today
    if by.authority_id != family.authority_id:
        raise SupportError("That family is not recorded by your authority")
    if not is_family_support_worker_of(worker, family.authority_id):
        raise SupportError(f"{worker} is not a family support worker of this authority")
    if allocated_on > today:
        raise SupportError("The allocation date must be today or in the past")
    if not children:
        raise SupportError("Choose at least one child the intervention is for")
    child_ids = {
        member.person_id
        for member in family.members.filter(
            left_on__isnull=True, relationship__in=CHILD_RELATIONSHIPS
        )
    }
    if any(child.pk not in child_ids for child in children):
        raise SupportError("Choose children who are in this family now")
    if source == InterventionSource.PATHWAY:
        if (
            pathway is None
            or pathway.family_id != family.pk
            or not Pathway.objects.filter(pk=pathway.pk, status=PathwayStatus.OPEN).exists()
        ):
            raise SupportError("An intervention within a pathway needs the family's open pathway")
    elif pathway is not None:
        raise SupportError("A direct referral is not part of a pathway")
    if FswIntervention.objects.filter(family=family, worker=worker, ended_on__isnull=True).exists():
        raise SupportError(f"{worker} already has an open intervention with this family")
    intervention = FswIntervention.objects.create(
        authority_id=family.authority_id,
        family=family,
        source=source,
        pathway=pathway,
        worker=worker,
        is_remote=is_remote,
        allocated_on=allocated_on,
        allocated_by=by,
    )
    intervention.children.set(children)
    if (
        pathway is not None
        and not pathway.taf_members.filter(user=worker, removed_at__isnull=True).exists()
    ):
        try:
            add_taf_member(by=by, pathway=pathway, member=worker)
        except PathwayError as error:
            raise SupportError(str(error)) from None
    return intervention


def _open_for_change(intervention: FswIntervention) -> FswIntervention:
    intervention = FswIntervention.objects.select_for_update().get(pk=intervention.pk)
    if not intervention.is_open:
        raise SupportError("This intervention has ended and can no longer change")
    return intervention


@transaction.atomic
def start_intervention(
    *, by: User, intervention: FswIntervention, started_on: datetime.date
) -> FswIntervention:
    intervention = _open_for_change(intervention)
    if intervention.started_on is not None:
        raise SupportError("This intervention has already started")
    if started_on < intervention.allocated_on or started_on > timezone.localdate():
        raise SupportError("The start date must be between the allocation and today")
    intervention.started_on = started_on
    intervention.save(update_fields=["started_on", "updated_at"])
    return intervention


@transaction.atomic
def record_session(
    *,
    by: User,
    intervention: FswIntervention,
    held_on: datetime.date,
    kind: SessionKind,
    note: str,
) -> InterventionSession:
    intervention = _open_for_change(intervention)
    if held_on < intervention.allocated_on or held_on > timezone.localdate():
        raise SupportError("The session date must be between the allocation and today")
    if not note.strip():
        raise SupportError("Say what happened in the session")
    return InterventionSession.objects.create(
        intervention=intervention, held_on=held_on, kind=kind, note=note.strip(), recorded_by=by
    )


@transaction.atomic
def end_intervention(
    *,
    by: User,
    intervention: FswIntervention,
    ended_on: datetime.date,
    outcome: InterventionOutcome,
    note: str = "",
) -> FswIntervention:
    intervention = _open_for_change(intervention)
    if intervention.started_on is None:
        raise SupportError("Record when the intervention started before ending it")
    if ended_on < intervention.started_on or ended_on > timezone.localdate():
        raise SupportError("The end date must be between the start and today")
    intervention.ended_on, intervention.outcome = ended_on, outcome
    intervention.end_note = note.strip()
    intervention.save(update_fields=["ended_on", "outcome", "end_note", "updated_at"])
    return intervention
