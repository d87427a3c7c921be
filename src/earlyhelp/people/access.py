"""The access helpers: the only way a page or API route gets a family or person to show.

Each applies the rule in selectors.py (someone without a part in the family gets 404,
learning nothing; a reader asking to change it gets 403), and writes the access-log row
for the read, marked break-glass with its reason when that is the only way in.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest
from django.utils import timezone

from earlyhelp.accounts.models import AccessPurpose, Role, User
from earlyhelp.accounts.services import record_access
from earlyhelp.people.models import BreakGlassAccess, Family, Person
from earlyhelp.people.selectors import (
    families_at_front_door,
    families_editable_by,
    families_visible_to,
    families_worked_with,
)


def as_uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def purpose_of_read(
    user: User, family_pk: int, purpose: AccessPurpose
) -> tuple[AccessPurpose, str]:
    """The purpose to log for a read of a family the user may see, and its reason.

    Raises PermissionDenied when the user asks to change a family they may only read.
    """
    if families_editable_by(user).filter(pk=family_pk).exists():
        return purpose, ""
    if purpose == AccessPurpose.EDIT:
        raise PermissionDenied
    if user.has_role(Role.ANALYST) or families_worked_with(user).filter(pk=family_pk).exists():
        return purpose, ""
    if families_at_front_door(user).filter(pk=family_pk).exists():
        return purpose, "At the front door"
    glass = (
        BreakGlassAccess.objects.filter(
            family_id=family_pk, user=user, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )
    return AccessPurpose.BREAK_GLASS, glass.reason if glass else "break-glass"


def get_family_for(
    user: User,
    family_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.VIEW,
    request: HttpRequest | None = None,
) -> Family:
    """The family, if the user may see it (may change it, for purpose EDIT)."""
    family = (
        families_visible_to(user)
        .select_related("owning_team__district", "authority__band_label_set")
        .filter(public_id=as_uuid(family_id))
        .first()
    )
    if family is None:
        raise Http404
    logged, reason = purpose_of_read(user, family.pk, purpose)
    record_access(
        user=user,
        record=family,
        purpose=logged,
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
    person = Person.objects.filter(public_id=as_uuid(person_id), merged_into__isnull=True).first()
    membership = (
        person.memberships.filter(family__in=families_visible_to(user))
        .select_related("family")
        .order_by(F("left_on").asc(nulls_first=True), "pk")
        .first()
        if person
        else None
    )
    if membership is None:
        raise Http404
    logged, reason = purpose_of_read(user, membership.family_id, purpose)
    record_access(
        user=user,
        record=person,
        purpose=logged,
        family_id=membership.family.public_id,
        request=request,
        reason=reason,
        label=f"{person.full_name} ({person.public_id})",
    )
    return person
