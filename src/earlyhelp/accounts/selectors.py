"""Reads for account and audit pages."""

import datetime
import uuid

from django.db.models import Q, QuerySet

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Role, Team, User


def teams_of(user: User) -> QuerySet[Team]:
    return user.teams.select_related("district").order_by("name")


def teams_managed_by(user: User) -> QuerySet[Team]:
    """Teams the user manages, directly or through a district they manage."""
    return (
        Team.objects.filter(Q(managers=user) | Q(district__managers=user), is_active=True)
        .distinct()
        .select_related("district")
        .prefetch_related("members__groups", "members__agency")
        .order_by("district__name", "name")
    )


def access_log_visible_to(user: User) -> QuerySet[AccessLog]:
    """Administrators see their authority's log; managers see reads by their teams' staff."""
    rows = AccessLog.objects.select_related("user")
    if user.has_role(Role.ADMINISTRATOR):
        return rows.filter(authority=user.authority) if user.authority_id else rows
    if user.has_role(Role.MANAGER):
        staff = User.objects.filter(
            Q(teams__managers=user) | Q(teams__district__managers=user)
        ).values("pk")
        return rows.filter(user__in=staff)
    return rows.none()


def filter_access_log(
    rows: QuerySet[AccessLog],
    *,
    family_id: uuid.UUID | None = None,
    user_email: str = "",
    purpose: AccessPurpose | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    if family_id:
        rows = rows.filter(family_id=family_id)
    if user_email:
        rows = rows.filter(user_email__icontains=user_email)
    if purpose:
        rows = rows.filter(purpose=purpose)
    if date_from:
        rows = rows.filter(at__date__gte=date_from)
    if date_to:
        rows = rows.filter(at__date__lte=date_to)
    return rows
