"""Access helpers for a Family Support Line call and an FSW intervention: the rules in
selectors.py decide (404 for someone who may not know the record exists, 403 for a reader
asking to change it), and every read is logged with the family it concerns."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from earlyhelp.accounts.models import AccessPurpose, User
from earlyhelp.accounts.services import record_access
from earlyhelp.people.access import as_uuid, purpose_of_read
from earlyhelp.support.models import FswIntervention, SupportLineCall
from earlyhelp.support.selectors import (
    calls_visible_to,
    interventions_visible_to,
    may_change_intervention,
)


def get_call_for(
    user: User,
    call_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> SupportLineCall:
    """A call the user may read. Calls are never changed once logged: only a read."""
    if purpose not in {AccessPurpose.VIEW, AccessPurpose.EXPORT}:
        raise PermissionDenied
    call = calls_visible_to(user).filter(public_id=as_uuid(call_id)).first()
    if call is None:
        raise Http404
    label = f"Family Support Line call, {call}"
    if call.family is not None:
        label += f" ({call.family.name})"
    record_access(
        user=user,
        record=call,
        purpose=purpose,
        family_id=call.family.public_id if call.family else None,
        request=request,
        label=label,
    )
    return call


def get_intervention_for(
    user: User,
    intervention_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> FswIntervention:
    """An intervention, if the user may see its family or is its worker (and, for purpose
    EDIT, may change it: its worker, or someone who allocates interventions and may change
    the family's record)."""
    intervention = interventions_visible_to(user).filter(public_id=as_uuid(intervention_id)).first()
    if intervention is None:
        raise Http404
    if intervention.worker_id == user.pk:
        logged, reason = purpose, ""
    else:
        logged, reason = purpose_of_read(user, intervention.family_id, purpose)
    if purpose == AccessPurpose.EDIT and not may_change_intervention(user, intervention):
        raise PermissionDenied
    record_access(
        user=user,
        record=intervention,
        purpose=logged,
        family_id=intervention.family.public_id,
        request=request,
        reason=reason,
        label=f"{intervention} ({intervention.family.name})",
    )
    return intervention
