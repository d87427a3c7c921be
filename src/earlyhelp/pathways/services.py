"""Operations on pathways. Each is one transaction, checks its rules, keeps history."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Agency, AgencyKind, Role, User
from earlyhelp.coding.tasks import code_entry
from earlyhelp.core.versioning import save_versioned
from earlyhelp.need.models import Band
from earlyhelp.pathways.counting import count_triages
from earlyhelp.pathways.models import (
    ActionProgress,
    ActionStatus,
    Escalation,
    Outcome,
    Pathway,
    PathwayStatus,
    PlanAction,
    Reopening,
    Review,
    TafMember,
    TargetedSupport,
    TargetedSupportOutcome,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.models import ConsentDecision, Family, Person
from earlyhelp.people.selectors import current_consent

logger = logging.getLogger(__name__)


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


# The triage tool ------------------------------------------------------------------------


@transaction.atomic
def start_triage(*, by: User, pathway: Pathway, stage: TriageStage) -> Triage:
    """The draft triage of this stage, started if there is none."""
    pathway = _open_for_change(pathway)
    if (
        stage == TriageStage.ASSESSMENT
        and pathway.triages.filter(
            stage=TriageStage.ASSESSMENT, completed_on__isnull=False
        ).exists()
    ):
        raise PathwayError("The assessment triage is done: start a review triage instead")
    draft = pathway.triages.filter(stage=stage, completed_on__isnull=True).first()
    return draft or Triage.objects.create(pathway=pathway, stage=stage, started_by=by)


@transaction.atomic
def add_triage_entry(
    *, by: User, triage: Triage, band: Band, narrative: str, person: Person | None = None
) -> TriageEntry:
    triage = _draft_for_change(triage)
    _check_narrative(narrative)
    if (
        person is not None
        and not triage.pathway.family.members.filter(person=person, left_on__isnull=True).exists()
    ):
        raise PathwayError("Choose someone in this family")
    entry = TriageEntry.objects.create(
        triage=triage, band=band, narrative=narrative.strip(), person=person, written_by=by
    )
    code_entry.enqueue(entry.pk)
    return entry


@transaction.atomic
def edit_triage_entry(
    *, by: User, entry: TriageEntry, version: int, band: Band, narrative: str
) -> TriageEntry:
    _draft_for_change(entry.triage)
    _check_narrative(narrative)
    changed = entry.narrative != narrative.strip()
    entry.band, entry.narrative = band, narrative.strip()
    save_versioned(entry, version, ["band", "narrative"])
    if changed:
        code_entry.enqueue(entry.pk)
    return entry


@transaction.atomic
def complete_triage(*, by: User, triage: Triage, completed_on: datetime.date) -> Triage:
    triage = _draft_for_change(triage)
    if not triage.entries.exists():
        raise PathwayError("Record at least one issue before completing the triage")
    if completed_on > timezone.localdate() or completed_on < triage.pathway.opened_on:
        raise PathwayError("The triage date must be between the pathway's opening and today")
    triage.completed_on, triage.completed_by = completed_on, by
    triage.summarise(set(triage.entries.values_list("band", flat=True)))
    triage.save()
    count_triages(triage.authority_id, [completed_on])
    return triage


def _check_narrative(narrative: str) -> None:
    if len(narrative.strip()) < 10:
        raise PathwayError("Describe the issue in at least a few words")


def _draft_for_change(triage: Triage) -> Triage:
    triage = Triage.objects.select_for_update().select_related("pathway__family").get(pk=triage.pk)
    if triage.is_complete:
        raise PathwayError("This triage is complete and can no longer change")
    _open_for_change(triage.pathway)
    return triage


# The family plan ------------------------------------------------------------------------


@transaction.atomic
def add_plan_action(
    *,
    by: User,
    pathway: Pathway,
    description: str,
    entries: list[TriageEntry],
    owner: User | None,
    owner_agency: Agency | None,
    owner_text: str,
    due_on: datetime.date,
) -> PlanAction:
    pathway = _open_for_change(pathway)
    _check_plan_owner(pathway, entries, owner, owner_agency, owner_text, description)
    action = PlanAction.objects.create(
        pathway=pathway,
        description=description.strip(),
        owner=owner,
        owner_agency=owner_agency,
        owner_text=owner_text.strip(),
        due_on=due_on,
        created_by=by,
    )
    action.entries.set(entries)
    return action


@transaction.atomic
def edit_plan_action(
    *,
    by: User,
    action: PlanAction,
    version: int,
    description: str,
    entries: list[TriageEntry],
    owner: User | None,
    owner_agency: Agency | None,
    owner_text: str,
    due_on: datetime.date,
    status: ActionStatus,
) -> PlanAction:
    _open_for_change(action.pathway)
    _check_plan_owner(action.pathway, entries, owner, owner_agency, owner_text, description)
    action.description, action.owner, action.owner_agency = description.strip(), owner, owner_agency
    action.owner_text, action.due_on, action.status = owner_text.strip(), due_on, status
    save_versioned(
        action, version, ["description", "owner", "owner_agency", "owner_text", "due_on", "status"]
    )
    action.entries.set(entries)
    return action


def _check_plan_owner(
    pathway: Pathway,
    entries: list[TriageEntry],
    owner: User | None,
    owner_agency: Agency | None,
    owner_text: str,
    description: str,
) -> None:
    if not description.strip():
        raise PathwayError("Say what will be done")
    if not (owner or owner_agency or owner_text.strip()):
        raise PathwayError("Say who will do it: a worker, an agency or someone in the family")
    if any(entry.triage.pathway_id != pathway.pk for entry in entries):
        raise PathwayError("Choose issues from this pathway's triages")
    if owner is not None and owner.authority_id != pathway.family.authority_id:
        raise PathwayError("Choose a worker of this authority")
    if owner_agency is not None and owner_agency.authority_id != pathway.family.authority_id:
        raise PathwayError("Choose an agency of this authority")


# Reviews --------------------------------------------------------------------------------


@transaction.atomic
def record_review(
    *,
    by: User,
    pathway: Pathway,
    held_on: datetime.date,
    attendees: list[User],
    other_attendees: str,
    progress: dict[PlanAction, tuple[ActionStatus, str]],
    plan_changes: str,
    next_review_on: datetime.date | None,
) -> Review:
    pathway = _open_for_change(pathway)
    if held_on > timezone.localdate() or held_on < pathway.opened_on:
        raise PathwayError("The review date must be between the pathway's opening and today")
    if next_review_on is not None and next_review_on <= held_on:
        raise PathwayError("The next review must be after this one")
    review = Review.objects.create(
        pathway=pathway,
        held_on=held_on,
        other_attendees=other_attendees.strip(),
        plan_changes=plan_changes.strip(),
        next_review_on=next_review_on,
        recorded_by=by,
    )
    review.attendees.set(attendees)
    for given, (status, note) in progress.items():
        if given.pathway_id != pathway.pk:
            raise PathwayError("Progress can only be recorded on this pathway's actions")
        # Lock the action as it is saved now, so a change made since the form was shown
        # is not overwritten unseen, and this status change takes the next version.
        action = PlanAction.objects.select_for_update().get(pk=given.pk)
        if note.strip() or status != action.status:
            ActionProgress.objects.create(
                action=action, review=review, status=status, note=note.strip(), recorded_by=by
            )
            action.status = status
            action.version += 1
            action.save(update_fields=["status", "version", "updated_at"])
    return review


# Closure, reopening, escalation, targeted support ---------------------------------------

OUTCOMES_WITHOUT_REPEAT_TRIAGE = {Outcome.DECLINED, Outcome.RELOCATED}


@transaction.atomic
def close_pathway(
    *,
    by: User,
    pathway: Pathway,
    version: int,
    outcome: Outcome,
    summary: str,
    closed_on: datetime.date,
) -> Pathway:
    """Close with an outcome. A repeat triage at closure is required, unless the family
    declined or moved away; an escalation goes through escalate_pathway."""
    pathway = _open_for_change(pathway)
    if outcome == Outcome.ESCALATED:
        raise PathwayError("To escalate to children's social care, use Escalate")
    if (
        outcome not in OUTCOMES_WITHOUT_REPEAT_TRIAGE
        and not pathway.triages.filter(
            stage=TriageStage.CLOSURE, completed_on__isnull=False
        ).exists()
    ):
        raise PathwayError("Complete the repeat triage at closure first")
    if closed_on > timezone.localdate() or closed_on < pathway.opened_on:
        raise PathwayError("The closing date must be between the pathway's opening and today")
    if not summary.strip():
        raise PathwayError("Write a closing summary")
    if pathway.targeted_support.filter(ended_on__isnull=True).exists():
        raise PathwayError("End the Targeted Support first, with its own outcome")
    _close(pathway, by, outcome, summary, closed_on, version)
    return pathway


def _close(
    pathway: Pathway,
    by: User,
    outcome: Outcome,
    summary: str,
    closed_on: datetime.date,
    version: int,
) -> None:
    pathway.status, pathway.outcome = PathwayStatus.CLOSED, outcome
    pathway.closing_summary, pathway.closed_on, pathway.closed_by = summary.strip(), closed_on, by
    save_versioned(
        pathway, version, ["status", "outcome", "closing_summary", "closed_on", "closed_by"]
    )


@transaction.atomic
def escalate_pathway(*, by: User, pathway: Pathway, version: int, reason: str) -> Escalation:
    """Step-up to children's social care: the pathway closes as escalated, and the reason
    goes to the front door (MASH)."""
    pathway = _open_for_change(pathway)
    if len(reason.strip()) < 20:
        raise PathwayError("Explain why the family needs children's social care")
    today = timezone.localdate()
    pathway.targeted_support.filter(ended_on__isnull=True).update(
        ended_on=today, outcome=TargetedSupportOutcome.ESCALATED
    )
    _close(pathway, by, Outcome.ESCALATED, reason, today, version)
    escalation = Escalation.objects.create(
        pathway=pathway, reason=reason.strip(), escalated_by=by, escalated_on=today
    )
    transaction.on_commit(lambda: _tell_front_door(escalation))
    return escalation


def _tell_front_door(escalation: Escalation) -> None:
    """Email the authority's front door officers that a family was stepped up. The email
    names the family's reference only; the reason is read in the service, where the read
    is logged."""
    family = escalation.pathway.family
    officers = User.objects.filter(
        authority_id=family.authority_id, is_active=True, groups__name=Role.FRONT_DOOR_OFFICER
    ).values_list("email", flat=True)
    if not officers:
        return
    link = settings.SERVICE_URL + reverse("frontdoor:step-ups")
    try:
        send_mail(
            f"Step-up to children's social care: family {family.reference}",
            f"Pathway {escalation.pathway.reference} of family {family.reference} was escalated "
            f"to children's social care on {escalation.escalated_on:%d %B %Y}.\n\n"
            f"Read why, and the family's record, at {link}\n",
            None,
            list(officers),
        )
    except Exception:  # the step-up is saved; the front door also sees it on its page
        logger.exception("Could not email the front door about %s", escalation.pathway)


@transaction.atomic
def reopen_pathway(*, by: User, pathway: Pathway, version: int, reason: str) -> Pathway:
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if pathway.is_open:
        raise PathwayError("This pathway is already open")
    if pathway.family.pathways.filter(status=PathwayStatus.OPEN).exists():
        raise PathwayError("The family has another open pathway")
    if not reason.strip():
        raise PathwayError("Say why the pathway is reopened")
    Reopening.objects.create(
        pathway=pathway, reason=reason.strip(), previous_outcome=pathway.outcome, reopened_by=by
    )
    pathway.status, pathway.outcome, pathway.closed_on, pathway.closed_by = (
        PathwayStatus.OPEN,
        "",
        None,
        None,
    )
    save_versioned(pathway, version, ["status", "outcome", "closed_on", "closed_by"])
    return pathway


@transaction.atomic
def start_targeted_support(
    *, by: User, pathway: Pathway, officer: User, started_on: datetime.date
) -> TargetedSupport:
    pathway = _open_for_change(pathway)
    if not officer.has_role(Role.TARGETED_SUPPORT_OFFICER):
        raise PathwayError(f"{officer} is not a Targeted Support Officer")
    if pathway.targeted_support.filter(ended_on__isnull=True).exists():
        raise PathwayError("This pathway already has Targeted Support")
    if started_on > timezone.localdate() or started_on < pathway.opened_on:
        raise PathwayError("Targeted Support must start between the pathway's opening and today")
    support = TargetedSupport.objects.create(
        pathway=pathway, officer=officer, started_on=started_on, added_by=by
    )
    if not pathway.taf_members.filter(user=officer, removed_at__isnull=True).exists():
        TafMember.objects.create(pathway=pathway, user=officer, added_by=by)
    return support


@transaction.atomic
def end_targeted_support(
    *, by: User, support: TargetedSupport, outcome: TargetedSupportOutcome, ended_on: datetime.date
) -> TargetedSupport:
    support = TargetedSupport.objects.select_for_update().get(pk=support.pk)
    if support.ended_on is not None:
        raise PathwayError("This Targeted Support has already ended")
    if ended_on < support.started_on or ended_on > timezone.localdate():
        raise PathwayError("The end date must be between its start and today")
    support.ended_on, support.outcome = ended_on, outcome
    support.save(update_fields=["ended_on", "outcome", "updated_at"])
    return support
