"""The access helper for requests for support: the only way a page or API route gets one."""

from django.http import Http404, HttpRequest

from earlyhelp.accounts.models import AccessPurpose, User
from earlyhelp.accounts.services import record_access
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.frontdoor.selectors import requests_visible_to
from earlyhelp.people.access import as_uuid


def get_request_for(
    user: User,
    request_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> RequestForSupport:
    """The request for support, if the user may see it (404 otherwise). A request holds
    a child's details, so every read is logged, against its family once linked."""
    support_request = (
        requests_visible_to(user)
        .select_related("district", "family__owning_team", "submitted_by__agency")
        .filter(public_id=as_uuid(request_id))
        .first()
    )
    if support_request is None:
        raise Http404
    record_access(
        user=user,
        record=support_request,
        purpose=purpose,
        family_id=support_request.family.public_id if support_request.family else None,
        request=request,
        label=f"Request {support_request.reference} about {support_request.child_name}",
    )
    return support_request
