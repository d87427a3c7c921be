"""Operations on accounts and the read log. Each is one transaction."""

import ipaddress
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Role, User


def record_access(
    *,
    user: User,
    record: models.Model,
    purpose: AccessPurpose,
    family_id: uuid.UUID | None,
    request: HttpRequest | None = None,
    reason: str = "",
    label: str = "",
) -> AccessLog:
    """Write the access-log row for one read of a record that holds family data.

    Access helpers (`get_family_for(user, ...)` and friends) call this for every record
    they return for display, so a read can never happen without its row.
    """
    row = _access_row(user, record, purpose, family_id, request, label)
    row.reason = reason
    row.save()
    return row


def record_families_listed(*, user: User, families: list, request: HttpRequest) -> None:
    """One "found in a search" row for each family a list or search showed the user."""
    record_listed(
        user=user,
        shown=[(family, family.public_id, str(family)) for family in families],
        request=request,
    )


def record_listed(
    *,
    user: User,
    shown: list[tuple[models.Model, uuid.UUID | None, str]],
    request: HttpRequest,
) -> None:
    """One "found in a search" row for each record a list showed the user, given as
    (record, its family's public id, label), in one insert."""
    AccessLog.objects.bulk_create(
        _access_row(user, record, AccessPurpose.SEARCH, family_id, request, label)
        for record, family_id, label in shown
    )


def _access_row(
    user: User,
    record: models.Model,
    purpose: AccessPurpose,
    family_id: uuid.UUID | None,
    request: HttpRequest | None,
    label: str,
) -> AccessLog:
    meta = record._meta
    return AccessLog(
        user=user,
        user_email=user.email,
        authority_id=getattr(record, "authority_id", None) or user.authority_id,
        object_type=f"{meta.app_label}.{meta.model_name}",
        object_id=str(getattr(record, "public_id", record.pk)),
        object_label=label[:200],
        family_id=family_id,
        purpose=purpose,
        ip_address=client_ip(request),
        path=request.get_full_path()[:500] if request else "",
    )


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies, each appending to
    X-Forwarded-For, it is that many entries from the right; anything further left
    could have been written by the client itself."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return None
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def set_roles(user: User, roles: set[Role]) -> None:
    """Give the user exactly these roles. Administrators and directory editors may use the
    admin site."""
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    # The admin site is where administrators and directory editors work.
    user.is_staff = bool({Role.ADMINISTRATOR, Role.DIRECTORY_EDITOR} & set(roles))
    user.save(update_fields=["is_staff"])
    if hasattr(user, "_roles"):
        del user._roles


@transaction.atomic
def start_two_factor_setup(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, made on first asking and kept until confirmed,
    so reloading the set-up page does not change the key the user has just scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def confirm_two_factor_setup(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm the new authenticator with a code from it, and count this session verified."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return True


def verify_two_factor(request: HttpRequest, token: str) -> bool:
    """Check a code from the user's authenticator and mark the session verified."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False


@transaction.atomic
def remove_two_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
