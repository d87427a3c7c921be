"""The access helpers: the only way a page or API route gets a family or person to show.

Each applies the rule in selectors.py (someone without a part in the family gets 404,
learning nothing), and writes the access-log row for the read.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from earlyhelp.accounts.models import AccessPurpose, Role, User
from earlyhelp.accounts.services import record_access
from earlyhelp.people.models import BreakGlassAccess, Family, Person
from earlyhelp.people.selectors import families_editable_by, families_visible_to


def as_uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_family_for(
    user: User,
    family_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> Family:
    """The family, if the user may see it (may change it, for purpose EDIT); else 404.

    An analyst or break-glass reader asking to change it gets 403: they know it exists.
    """
    family = (
        families_visible_to(user)
        .select_related("owning_team__district", "authority__band_label_set")
        .filter(public_id=as_uuid(family_id))
        .first()
    )
    if family is None:
        raise Http404
    editable = families_editable_by(user).filter(pk=family.pk).exists()
    if purpose == AccessPurpose.EDIT and not editable:
        raise PermissionDenied
    reason = ""
    if not editable and not user.has_role(Role.ANALYST):
        glass = (
            BreakGlassAccess.objects.filter(family=family, user=user, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        purpose, reason = AccessPurpose.BREAK_GLASS, glass.reason if glass else "break-glass"
    record_access(
        user=user,
        record=family,
        purpose=purpose,
        family_id=family.public_id,
        request=request,
        reason=reason,
        label=f"{family.name} ({family.reference})",
    )
    return family


def get_person_for(
    user: User,
    person_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> Person:
    """A person, through a family of theirs the user may see (or change)."""
    families = (
        families_editable_by(user) if purpose == AccessPurpose.EDIT else families_visible_to(user)
    )
    person = (
        Person.objects.filter(
            public_id=as_uuid(person_id),
            memberships__family__in=families,
            merged_into__isnull=True,
        )
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    family = person.memberships.filter(family__in=families).select_related("family").first()
    record_access(
        user=user,
        record=person,
        purpose=purpose,
        family_id=family.family.public_id if family else None,
        request=request,
        label=f"{person.full_name} ({person.public_id})",
    )
    return person
