"""Access helpers for a pathway and the records in it: the family's rule decides (404 for
someone with no part in it, 403 for a reader asking to change it), and every read is
logged with the family it concerns."""

from django.db import models
from django.http import Http404, HttpRequest

from earlyhelp.accounts.models import AccessPurpose, User
from earlyhelp.accounts.services import record_access
from earlyhelp.pathways.models import Pathway, PlanAction, TargetedSupport, Triage, TriageEntry
from earlyhelp.people.access import as_uuid, purpose_of_read
from earlyhelp.people.selectors import families_visible_to

# How to reach the pathway from each record.
_PATHWAY_PATH = {
    Pathway: "",
    Triage: "pathway__",
    TriageEntry: "triage__pathway__",
    PlanAction: "pathway__",
    TargetedSupport: "pathway__",
}


def _get_for(
    model: type[models.Model],
    user: User,
    public_id: object,
    purpose: AccessPurpose,
    request: HttpRequest | None,
) -> models.Model:
    to_pathway = _PATHWAY_PATH[model]
    record = (
        model._default_manager.filter(
            public_id=as_uuid(public_id),
            **{f"{to_pathway}family__in": families_visible_to(user)},
        )
        .select_related(f"{to_pathway}family__authority__band_label_set")
        .first()
    )
    if record is None:
        raise Http404
    pathway = _pathway_of(record)
    logged, reason = purpose_of_read(user, pathway.family_id, purpose)
    record_access(
        user=user,
        record=record,
        purpose=logged,
        family_id=pathway.family.public_id,
        request=request,
        reason=reason,
        label=f"{model._meta.verbose_name} in {pathway.reference} ({pathway.family.name})",
    )
    return record


def _pathway_of(record: models.Model) -> Pathway:
    if isinstance(record, Pathway):
        return record
    if isinstance(record, TriageEntry):
        return record.triage.pathway
    return record.pathway  # type: ignore[attr-defined]


def get_pathway_for(
    user: User,
    pathway_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> Pathway:
    return _get_for(Pathway, user, pathway_id, purpose, request)  # type: ignore[return-value]


def get_triage_for(
    user: User,
    triage_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> Triage:
    return _get_for(Triage, user, triage_id, purpose, request)  # type: ignore[return-value]


def get_entry_for(
    user: User,
    entry_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> TriageEntry:
    return _get_for(TriageEntry, user, entry_id, purpose, request)  # type: ignore[return-value]


def get_action_for(
    user: User,
    action_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> PlanAction:
    return _get_for(PlanAction, user, action_id, purpose, request)  # type: ignore[return-value]


def get_targeted_support_for(
    user: User,
    support_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> TargetedSupport:
    return _get_for(TargetedSupport, user, support_id, purpose, request)  # type: ignore[return-value]
