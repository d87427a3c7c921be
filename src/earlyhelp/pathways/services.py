"""Operations on pathways. Each is one transaction, checks its rules, keeps history."""

import datetime

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import AgencyKind, User
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus, TafMember
from earlyhelp.people.models import ConsentDecision, Family
from earlyhelp.people.selectors import current_consent


class PathwayError(Exception):
    """The operation breaks a rule of the pathway; the message says which, for the user."""


@transaction.atomic
def open_pathway(
    *, by: User, family: Family, opened_on: datetime.date, lead_professional: User | None = None
) -> Pathway:
    """Early Help starts only with the family's consent to an assessment."""
    family = Family.objects.select_for_update().get(pk=family.pk)
    consent = current_consent(family)
    if consent is None or consent.decision != ConsentDecision.GIVEN or not consent.to_assessment:
        raise PathwayError("Record the family's consent to an Early Help assessment first")
    if family.pathways.filter(status=PathwayStatus.OPEN).exists():
        raise PathwayError("This family already has an open pathway")
    if opened_on > timezone.localdate():
        raise PathwayError("The pathway cannot open in the future")
    if opened_on < consent.given_on:
        raise PathwayError("The pathway cannot open before consent was given")
    lead = lead_professional or by
    _check_worker(lead, family)
    pathway = Pathway.objects.create(
        family=family,
        team=family.owning_team,
        opened_on=opened_on,
        opened_by=by,
        lead_professional=lead,
    )
    TafMember.objects.create(pathway=pathway, user=lead, added_by=by)
    return pathway


@transaction.atomic
def record_declined(*, by: User, family: Family, on: datetime.date) -> Pathway:
    """The family declined: its open pathway closes as declined, or one is recorded so."""
    pathway = family.pathways.select_for_update().filter(status=PathwayStatus.OPEN).first()
    if pathway is None:
        pathway = Pathway(family=family, team=family.owning_team, opened_on=on, opened_by=by)
    pathway.status = PathwayStatus.CLOSED
    pathway.outcome = Outcome.DECLINED
    pathway.closed_on = max(on, pathway.opened_on)
    pathway.closed_by = by
    pathway.closing_summary = pathway.closing_summary or "The family declined Early Help."
    if pathway.pk:
        pathway.version += 1
    pathway.save()
    return pathway


@transaction.atomic
def appoint_lead_professional(*, by: User, pathway: Pathway, lead: User) -> Pathway:
    pathway = _open_for_change(pathway)
    _check_worker(lead, pathway.family)
    pathway.lead_professional = lead
    pathway.version += 1
    pathway.save(update_fields=["lead_professional", "version", "updated_at"])
    if not pathway.taf_members.filter(user=lead, removed_at__isnull=True).exists():
        TafMember.objects.create(pathway=pathway, user=lead, added_by=by)
    return pathway


@transaction.atomic
def add_taf_member(*, by: User, pathway: Pathway, member: User) -> TafMember:
    pathway = _open_for_change(pathway)
    _check_worker(member, pathway.family)
    if pathway.taf_members.filter(user=member, removed_at__isnull=True).exists():
        raise PathwayError(f"{member} is already in the Team Around the Family")
    return TafMember.objects.create(pathway=pathway, user=member, added_by=by)


@transaction.atomic
def remove_taf_member(*, by: User, pathway: Pathway, membership: TafMember) -> None:
    pathway = _open_for_change(pathway)
    if membership.pathway_id != pathway.pk or membership.removed_at is not None:
        raise PathwayError("That person is not in the Team Around the Family")
    if membership.user_id == pathway.lead_professional_id:
        raise PathwayError("Appoint a new Lead Professional before removing this one")
    membership.removed_at = timezone.now()
    membership.removed_by = by
    membership.save(update_fields=["removed_at", "removed_by", "updated_at"])


def _open_for_change(pathway: Pathway) -> Pathway:
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if not pathway.is_open:
        raise PathwayError("This pathway is closed: reopen it to change it")
    return pathway


def _check_worker(user: User, family: Family) -> None:
    """A Lead Professional or TAF member is active staff of the family's authority, and
    if they work for a partner agency, the family's consent covers that agency."""
    if not user.is_active or user.authority_id != family.authority_id or not user.roles:
        raise PathwayError(f"{user.email} is not a member of staff of this authority")
    consent = current_consent(family)
    if (
        user.agency_id
        and user.agency.kind != AgencyKind.LOCAL_AUTHORITY
        and (consent is None or user.agency not in consent.share_with.all())
    ):
        raise PathwayError(
            f"The family has not agreed to share its information with {user.agency}: "
            "record their consent first"
        )
