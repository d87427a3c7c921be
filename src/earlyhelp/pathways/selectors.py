"""Reads for pathway pages and the family timeline."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from earlyhelp.accounts.models import User
from earlyhelp.need.selectors import band_labels_for
from earlyhelp.pathways.models import (
    Pathway,
    PathwayStatus,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.models import Family
from earlyhelp.people.selectors import families_editable_by, families_visible_to


def open_pathways_led_by(user: User) -> QuerySet[Pathway]:
    """The open pathways a user is Lead Professional for (and may still see), oldest first."""
    return (
        Pathway.objects.filter(
            lead_professional=user,
            status=PathwayStatus.OPEN,
            family__in=families_visible_to(user),
        )
        .select_related("family", "team")
        .order_by("opened_on", "pk")
    )


def pathway_summary(user: User, pathway: Pathway) -> dict[str, object]:
    triages = pathway.triages.select_related("completed_by").prefetch_related(
        Prefetch("entries", queryset=TriageEntry.objects.select_related("person"))
    )
    can_edit = families_editable_by(user).filter(pk=pathway.family_id).exists()
    return {
        "pathway": pathway,
        "family": pathway.family,
        "triages": triages,
        "drafts": {t.stage: t for t in triages if not t.is_complete},
        "has_assessment": any(t.stage == TriageStage.ASSESSMENT and t.is_complete for t in triages),
        "has_closure_triage": any(
            t.stage == TriageStage.CLOSURE and t.is_complete for t in triages
        ),
        "actions": pathway.actions.select_related("owner", "owner_agency").prefetch_related(
            "entries", "progress"
        ),
        "reviews": pathway.reviews.prefetch_related("attendees", "progress__action"),
        "taf": pathway.taf_members.filter(removed_at__isnull=True).select_related("user__agency"),
        "targeted_support": pathway.targeted_support.select_related("officer"),
        "escalations": pathway.escalations.select_related("escalated_by"),
        "reopenings": pathway.reopenings.select_related("reopened_by"),
        "can_edit": can_edit and pathway.is_open,
        "can_reopen": can_edit and not pathway.is_open,
    }


def triage_columns(triage: Triage) -> list[dict[str, object]]:
    """The five bands as columns, with the authority's labels and the entries in each."""
    entries = list(triage.entries.select_related("person"))
    return [
        {"label": label, "entries": [e for e in entries if e.band == label.band]}
        for label in band_labels_for(triage.pathway.family.authority)
    ]


@dataclass
class TimelineEvent:
    on: datetime.date
    title: str
    detail: str
    href: str


def family_timeline(family: Family) -> list[TimelineEvent]:
    """Everything that happened to the family, newest first, on one page."""
    events: list[TimelineEvent] = []
    for consent in family.consents.all():
        events.append(
            TimelineEvent(
                consent.given_on,
                f"Consent: {consent.get_decision_display().lower()}",
                consent.given_by,
                "",
            )
        )
    pathways = family.pathways.prefetch_related(
        "triages__entries", "actions", "reviews", "targeted_support", "escalations", "reopenings"
    )
    for pathway in pathways:
        link = reverse("pathways:pathway-detail", args=[pathway.public_id])
        if not (
            pathway.status == PathwayStatus.CLOSED
            and pathway.outcome == "declined"
            and pathway.opened_on == pathway.closed_on
        ):
            events.append(
                TimelineEvent(pathway.opened_on, f"Pathway {pathway.reference} opened", "", link)
            )
        for triage in pathway.triages.all():
            if triage.is_complete:
                bands = ", ".join(
                    sorted({entry.get_band_display() for entry in triage.entries.all()})
                )
                events.append(
                    TimelineEvent(
                        triage.completed_on,
                        f"{triage.get_stage_display()} triage completed",
                        f"{len(triage.entries.all())} issues: {bands}",
                        link,
                    )
                )
        for action in pathway.actions.all():
            events.append(
                TimelineEvent(
                    action.agreed_on, "Plan action agreed", action.description[:120], link
                )
            )
        for review in pathway.reviews.all():
            events.append(
                TimelineEvent(
                    review.held_on, "Review meeting held", review.plan_changes[:120], link
                )
            )
        for support in pathway.targeted_support.all():
            events.append(
                TimelineEvent(
                    support.started_on, "Targeted Support started", str(support.officer), link
                )
            )
            if support.ended_on:
                events.append(
                    TimelineEvent(
                        support.ended_on,
                        "Targeted Support ended",
                        support.get_outcome_display(),
                        link,
                    )
                )
        for escalation in pathway.escalations.all():
            events.append(
                TimelineEvent(
                    escalation.escalated_on,
                    "Escalated to children's social care",
                    escalation.reason[:120],
                    link,
                )
            )
        for reopening in pathway.reopenings.all():
            events.append(
                TimelineEvent(
                    reopening.created_at.date(),
                    f"Pathway {pathway.reference} reopened",
                    reopening.reason[:120],
                    link,
                )
            )
        if pathway.closed_on:
            events.append(
                TimelineEvent(
                    pathway.closed_on,
                    f"Pathway {pathway.reference} closed: {pathway.get_outcome_display().lower()}",
                    pathway.closing_summary[:120],
                    link,
                )
            )
    events.sort(key=lambda event: event.on, reverse=True)
    return events
