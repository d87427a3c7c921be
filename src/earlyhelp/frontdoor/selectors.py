"""Who may see which requests, the front door's queue, and what a request may match."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Role, User
from earlyhelp.frontdoor.models import Decision, DecisionKind, RequestForSupport, RequestStatus
from earlyhelp.pathways.models import Escalation, PathwayStatus
from earlyhelp.pathways.selectors import TimelineEvent
from earlyhelp.people.models import Family, FamilyMember, Person
from earlyhelp.people.selectors import STEP_UP_DAYS, likely_matches
from earlyhelp.support.models import CallOutcome, SupportLineCall


def requests_visible_to(user: User) -> QuerySet[RequestForSupport]:
    """Front door officers see every request to their authority; anyone else sees the
    requests they made themselves."""
    if not (user.is_authenticated and user.is_active and user.authority_id and user.roles):
        return RequestForSupport.objects.none()
    requests = RequestForSupport.objects.filter(authority_id=user.authority_id)
    if user.has_role(Role.FRONT_DOOR_OFFICER):
        return requests
    return requests.filter(submitted_by=user)


def request_queue(user: User) -> QuerySet[RequestForSupport]:
    """Requests awaiting a decision, oldest first: the front door's queue."""
    if not user.has_role(Role.FRONT_DOOR_OFFICER):
        return RequestForSupport.objects.none()
    return (
        requests_visible_to(user)
        .filter(status=RequestStatus.AWAITING_DECISION)
        .select_related("district", "family", "submitted_by__agency")
        .order_by("received_at", "pk")
    )


def queue_counts(user: User) -> dict[str, int]:
    """How many requests wait, by where they came from."""
    rows = request_queue(user).order_by().values("source").annotate(n=Count("pk"))
    return {row["source"]: row["n"] for row in rows}


def requests_made_by(user: User) -> QuerySet[RequestForSupport]:
    return (
        requests_visible_to(user)
        .filter(submitted_by=user)
        .select_related("district", "decision")
        .order_by("-received_at")
    )


@dataclass
class Candidate:
    """A recorded person the request may be about, as the front door sees them: who, and
    their families (each annotated with `open_pathways`), not the families' records."""

    person: Person
    score: int
    families: list[Family]


def linkable_families(support_request: RequestForSupport) -> list[Family]:
    """The families a front door officer may link the request to: those of the people it
    may be about, and the one it is linked to. Nothing else: linking gives the officer
    sight of the family while the request waits."""
    families = [
        family for candidate in match_candidates(support_request) for family in candidate.families
    ]
    if support_request.family and support_request.family not in families:
        families.insert(0, support_request.family)
    return families


def match_candidates(support_request: RequestForSupport) -> list[Candidate]:
    """People already recorded who may be the child, best first, so the front door links
    a known family rather than recording it again."""
    matches = likely_matches(
        authority_id=support_request.authority_id,
        first_name=support_request.child_first_name,
        last_name=support_request.child_last_name,
        date_of_birth=support_request.child_date_of_birth,
        nhs_number="",
    )
    people = [person for person, _ in matches]
    families = {
        family.pk: family
        for family in Family.objects.filter(
            members__person__in=people, members__left_on__isnull=True
        )
        .select_related("owning_team")
        .annotate(open_pathways=Count("pathways", filter=Q(pathways__status=PathwayStatus.OPEN)))
    }
    families_of: dict[int, list[Family]] = {person.pk: [] for person in people}
    for person_id, family_id in FamilyMember.objects.filter(
        person__in=people, left_on__isnull=True
    ).values_list("person_id", "family_id"):
        families_of[person_id].append(families[family_id])
    return [Candidate(person, score, families_of[person.pk]) for person, score in matches]


@dataclass
class StepUp:
    """A family sent to children's social care (the MASH), from wherever it came."""

    on: datetime.date
    how: str
    family: Family | None
    reason: str
    by: str


def recent_step_ups(user: User) -> list[StepUp]:
    """Step-ups of the last 30 days, newest first: pathways escalated, requests the front
    door escalated, and Family Support Line calls escalated to the MASH."""
    if not user.has_role(Role.FRONT_DOOR_OFFICER):
        return []
    since = timezone.localdate() - datetime.timedelta(days=STEP_UP_DAYS)
    step_ups = [
        StepUp(
            escalation.escalated_on,
            f"Pathway {escalation.pathway.reference} escalated",
            escalation.pathway.family,
            escalation.reason,
            str(escalation.escalated_by),
        )
        for escalation in Escalation.objects.filter(
            escalated_on__gte=since, pathway__family__authority_id=user.authority_id
        ).select_related("pathway__family", "escalated_by")
    ]
    step_ups += [
        StepUp(
            timezone.localtime(decision.decided_at).date(),
            f"Request {decision.request.reference} escalated by the front door",
            decision.request.family,
            decision.reason,
            str(decision.decided_by),
        )
        for decision in Decision.objects.filter(
            kind=DecisionKind.ESCALATE,
            decided_at__date__gte=since,
            request__authority_id=user.authority_id,
        ).select_related("request__family", "decided_by")
    ]
    step_ups += [
        StepUp(
            timezone.localtime(call.called_at).date(),
            "Family Support Line call escalated",
            call.family,
            call.notes,
            str(call.taken_by),
        )
        for call in SupportLineCall.objects.filter(
            outcome=CallOutcome.ESCALATED,
            called_at__date__gte=since,
            authority_id=user.authority_id,
        ).select_related("family", "taken_by")
    ]
    step_ups.sort(key=lambda step_up: step_up.on, reverse=True)
    return step_ups


def family_events(family: Family) -> list[TimelineEvent]:
    """Requests about the family and the front door's decisions, for its timeline."""
    events = []
    for support_request in family.requests.select_related("decision"):
        link = reverse("frontdoor:request-detail", args=[support_request.public_id])
        events.append(
            TimelineEvent(
                timezone.localtime(support_request.received_at).date(),
                f"Request for support from {support_request.get_source_display().lower()}",
                support_request.worries[:120],
                link,
            )
        )
        decision = getattr(support_request, "decision", None)
        if decision:
            events.append(
                TimelineEvent(
                    timezone.localtime(decision.decided_at).date(),
                    f"Front door decided: {decision.get_kind_display().lower()}",
                    decision.reason[:120],
                    link,
                )
            )
    return events
