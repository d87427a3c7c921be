"""The access helper for pathways: the family's rule decides, and every read is logged."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from earlyhelp.accounts.models import AccessPurpose, User
from earlyhelp.accounts.services import record_access
from earlyhelp.pathways.models import Pathway
from earlyhelp.people.access import as_uuid
from earlyhelp.people.selectors import families_editable_by, families_visible_to


def get_pathway_for(
    user: User,
    pathway_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> Pathway:
    pathway = (
        Pathway.objects.filter(public_id=as_uuid(pathway_id), family__in=families_visible_to(user))
        .select_related("family__authority__band_label_set", "team", "lead_professional__agency")
        .first()
    )
    if pathway is None:
        raise Http404
    if (
        purpose == AccessPurpose.EDIT
        and not families_editable_by(user).filter(pk=pathway.family_id).exists()
    ):
        raise PermissionDenied
    record_access(
        user=user,
        record=pathway,
        purpose=purpose,
        family_id=pathway.family.public_id,
        request=request,
        label=f"{pathway.reference} ({pathway.family.name})",
    )
    return pathway
