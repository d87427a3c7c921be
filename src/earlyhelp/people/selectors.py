"""Who may see which family, as querysets: the one rule every page, list, search and API
route uses. A family's detail page and the family list both filter through here, so a
list never shows a family whose page would refuse you."""

import datetime
import uuid

from django.db.models import Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz

from earlyhelp.accounts.models import AgencyKind, Role, Team, User
from earlyhelp.coding.models import SafeguardingFlag
from earlyhelp.frontdoor.models import Decision, DecisionKind, RequestForSupport, RequestStatus
from earlyhelp.need.models import Band
from earlyhelp.pathways.models import (
    Escalation,
    Pathway,
    PathwayStatus,
    TafMember,
    Triage,
    TriageEntry,
)
from earlyhelp.people.models import BreakGlassAccess, Consent, ConsentDecision, Family, Person
from earlyhelp.support.models import CallOutcome, FswIntervention, SupportLineCall


def _team_ids_responsible(user: User) -> set[int]:
    """Teams whose families are the user's to work with: their own and those they manage."""
    return set(
        Team.objects.filter(
            Q(members=user) | Q(managers=user) | Q(district__managers=user),
            authority_id=user.authority_id,
        ).values_list("pk", flat=True)
    )


def _covered_by_consent(user: User) -> QuerySet[Consent]:
    """Family ids whose consent in force lets the user work with them: partner staff only
    while it names their agency; the council's own staff under the consent itself."""
    in_force = Consent.objects.filter(ended_at__isnull=True, decision=ConsentDecision.GIVEN)
    if not (user.agency_id and user.agency.kind == AgencyKind.LOCAL_AUTHORITY):
        in_force = in_force.filter(share_with=user.agency_id)
    return in_force.values("family_id")


# The rule is written as uncorrelated IN (subquery) sets rather than EXISTS per family:
# each set is computed once, so it stays fast with hundreds of thousands of families
# (a correlated EXISTS made SQLite scan a busy worker's whole caseload for every family).


def families_editable_by(user: User) -> QuerySet[Family]:
    """Families the user works with and may change: never an anonymised one, whose
    record the retention rule has finished with (docs/decisions/0011)."""
    return families_worked_with(user).filter(anonymised_at__isnull=True)


def families_worked_with(user: User) -> QuerySet[Family]:
    """Families the user works with: as Lead Professional, TAF member or the worker of an
    open FSW intervention (while consent covers their agency), or through the owning
    team, as its member or manager. Includes anonymised families, which they only read."""
    if not (user.is_authenticated and user.is_active and user.authority_id and user.roles):
        return Family.objects.none()
    if user.roles == {Role.ANALYST}:
        return Family.objects.none()  # the Monitoring Team reads; it does not change records
    leads = Pathway.objects.filter(lead_professional=user).values("family_id")
    taf = TafMember.objects.filter(user=user, removed_at__isnull=True).values("pathway__family_id")
    allocated = FswIntervention.objects.filter(worker=user, ended_on__isnull=True).values(
        "family_id"
    )
    works_with = (Q(pk__in=leads) | Q(pk__in=taf) | Q(pk__in=allocated)) & Q(
        pk__in=_covered_by_consent(user)
    )
    return Family.objects.filter(
        Q(owning_team_id__in=_team_ids_responsible(user)) | works_with,
        authority_id=user.authority_id,
    )


# How long the front door keeps sight of a family it stepped up to children's social care.
STEP_UP_DAYS = 30


def families_at_front_door(user: User) -> QuerySet[Family]:
    """For front door officers (read-only): families a request awaiting a decision is
    linked to, and families stepped up to children's social care in the last 30 days (a
    pathway escalated, a request or a Family Support Line call sent to the MASH), whose
    record the MASH reads to decide what happens next; and families that need a human
    now: an open safeguarding flag, or a red need on an open pathway not escalated."""
    if not (user.is_authenticated and user.has_role(Role.FRONT_DOOR_OFFICER)):
        return Family.objects.none()
    awaiting = RequestForSupport.objects.filter(
        authority_id=user.authority_id, status=RequestStatus.AWAITING_DECISION
    ).values("family_id")
    since = timezone.localdate() - datetime.timedelta(days=STEP_UP_DAYS)
    escalated_pathways = Escalation.objects.filter(escalated_on__gte=since).values(
        "pathway__family_id"
    )
    escalated_requests = Decision.objects.filter(
        kind=DecisionKind.ESCALATE,
        decided_at__date__gte=since,
        request__authority_id=user.authority_id,
    ).values("request__family_id")
    escalated_calls = SupportLineCall.objects.filter(
        outcome=CallOutcome.ESCALATED, called_at__date__gte=since, authority_id=user.authority_id
    ).values("family_id")
    flagged = SafeguardingFlag.objects.filter(closed_at__isnull=True).values(
        "entry__triage__pathway__family_id"
    )
    red_not_escalated = (
        TriageEntry.objects.filter(band=Band.RED, triage__pathway__status=PathwayStatus.OPEN)
        .exclude(triage__pathway__escalations__isnull=False)
        .values("triage__pathway__family_id")
    )
    return Family.objects.filter(
        Q(pk__in=awaiting)
        | Q(pk__in=escalated_pathways)
        | Q(pk__in=escalated_requests)
        | Q(pk__in=escalated_calls)
        | Q(pk__in=flagged)
        | Q(pk__in=red_not_escalated),
        authority_id=user.authority_id,
    )


def families_visible_to(user: User) -> QuerySet[Family]:
    """Families the user may read: those they work with, every family of their authority
    for the Monitoring Team (read-only), families at the front door for its officers
    (read-only), and any they opened by break-glass."""
    if not (user.is_authenticated and user.is_active and user.authority_id and user.roles):
        return Family.objects.none()
    if user.has_role(Role.ANALYST):
        return Family.objects.filter(authority_id=user.authority_id)
    editable = families_worked_with(user)
    glass = BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values(
        "family_id"
    )
    return Family.objects.filter(
        Q(pk__in=editable.values("pk"))
        | Q(pk__in=glass)
        | Q(pk__in=families_at_front_door(user).values("pk")),
        authority_id=user.authority_id,
    )


def is_break_glass_only(user: User, family: Family) -> bool:
    return (
        not user.has_role(Role.ANALYST)
        and not families_worked_with(user).filter(pk=family.pk).exists()
    )


def search_families(user: User, query: str) -> QuerySet[Family]:
    """Families visible to the user whose name, reference, or member's name matches."""
    families = families_visible_to(user).select_related("owning_team")
    query = query.strip()
    if not query:
        return families.order_by("name")
    if query.upper().startswith("F") and query[1:].isdigit():
        return families.filter(pk=int(query[1:]))
    try:
        return families.filter(public_id=uuid.UUID(query))
    except ValueError:
        pass
    words = query.split()
    matches = Q(name__icontains=query)
    person_match = Q()
    for word in words:
        person_match &= Q(members__person__first_name__icontains=word) | Q(
            members__person__last_name__icontains=word
        )
    return families.filter(matches | person_match).distinct().order_by("name")


def likely_matches(
    *,
    authority_id: int,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None,
    nhs_number: str,
) -> list[tuple[Person, int]]:
    """People already recorded who may be this person, best first, with a score 0-100.

    An NHS number match is certain. Otherwise candidates share the date of birth or a
    similar surname, and names are compared fuzzily (typos, swapped or shortened names).
    """
    people = Person.objects.filter(authority_id=authority_id, merged_into__isnull=True)
    if nhs_number:
        same_number = list(people.filter(nhs_number=nhs_number))
        if same_number:
            return [(person, 100) for person in same_number]
    similar = Q(last_name__iexact=last_name) | Q(last_name__istartswith=last_name[:3])
    if date_of_birth:
        similar |= Q(date_of_birth=date_of_birth)
    candidates = people.filter(similar)[:500]
    wanted = f"{first_name} {last_name}".lower()
    scored = []
    for person in candidates:
        score = fuzz.token_sort_ratio(wanted, f"{person.first_name} {person.last_name}".lower())
        if date_of_birth and person.date_of_birth == date_of_birth:
            score = min(100, score + 15)
        elif date_of_birth and person.date_of_birth and person.date_of_birth != date_of_birth:
            score -= 25
        if score >= 75:
            scored.append((person, int(score)))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:5]


def current_consent(family: Family) -> Consent | None:
    return family.consents.filter(ended_at__isnull=True).prefetch_related("share_with").first()


def split_by_visibility(
    user: User, matches: list[tuple[Person, int]]
) -> tuple[list[tuple[Person, int]], int]:
    """Matches the user may be shown (people in families they can see), and how many
    others there are, whose details they must not learn."""
    visible_ids = set(
        Person.objects.filter(
            pk__in=[person.pk for person, _ in matches],
            memberships__family__in=families_visible_to(user),
        ).values_list("pk", flat=True)
    )
    visible = [(person, score) for person, score in matches if person.pk in visible_ids]
    return visible, len(matches) - len(visible)


def family_summary(user: User, family: Family) -> dict[str, object]:
    """What the family page shows: members, consent, pathways and who is involved."""
    members = (
        family.members.filter(left_on__isnull=True)
        .select_related("person")
        .order_by("relationship", "person__date_of_birth")
    )
    pathways = family.pathways.select_related("lead_professional__agency", "team").prefetch_related(
        "taf_members__user__agency"
    )
    open_pathway = next((p for p in pathways if p.is_open), None)
    latest_triage = (
        Triage.objects.filter(pathway__family=family, completed_on__isnull=False)
        .order_by("-completed_on", "-created_at")
        .prefetch_related("entries__person")
        .first()
    )
    return {
        "family": family,
        "members": members,
        "current_needs": latest_triage,
        "involved": (
            open_pathway.taf_members.filter(removed_at__isnull=True).select_related("user__agency")
            if open_pathway
            else []
        ),
        "consent": current_consent(family),
        "past_consents": family.consents.filter(ended_at__isnull=False).select_related(
            "recorded_by", "ended_by"
        ),
        "pathways": pathways,
        "open_pathway": open_pathway,
        "can_edit": families_editable_by(user).filter(pk=family.pk).exists(),
    }
