"""Reads for the analysts' review queue, the agreement page, safeguarding flags, and the
coder's training."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from earlyhelp.accounts.models import Role, User
from earlyhelp.coding.models import EntryCoding, FlagAction, SafeguardingFlag
from earlyhelp.core.queries import in_chunks
from earlyhelp.need.models import Band
from earlyhelp.pathways.models import (
    CodeSource,
    CodeStatus,
    EntryCode,
    Escalation,
    PathwayStatus,
    TriageEntry,
)
from earlyhelp.people.models import CHILD_RELATIONSHIPS, FamilyMember, Relationship, age_on
from earlyhelp.people.selectors import families_visible_to


def review_queue(user: User) -> QuerySet[TriageEntry]:
    """Entries of the analyst's authority not yet reviewed: those with an open
    safeguarding flag first, then those the coder has not read, then the least sure."""
    if not user.has_role(Role.ANALYST):
        return TriageEntry.objects.none()
    open_flag = SafeguardingFlag.objects.filter(entry=OuterRef("pk"), closed_at__isnull=True)
    return (
        TriageEntry.objects.filter(triage__pathway__family__authority_id=user.authority_id)
        .filter(Q(coding__isnull=True) | Q(coding__reviewed_at__isnull=True))
        .annotate(
            flagged=Exists(open_flag),
            uncoded=ExpressionWrapper(
                Q(coding__coded_at__isnull=True), output_field=BooleanField()
            ),
        )
        .select_related("triage__pathway__family", "coding")
        .order_by(
            "-flagged",
            "-uncoded",
            # The coder found no code at all: as unsure as it gets, so first.
            F("coding__lowest_confidence").asc(nulls_first=True),
            "created_at",
        )
    )


def queue_counts(user: User) -> dict[str, int]:
    queue = review_queue(user)
    return {
        "waiting": queue.count(),
        "flagged": queue.filter(flagged=True).count(),
        "uncoded": queue.filter(coding__coded_at__isnull=True).count(),
    }


def reviewed_entries() -> Iterator[tuple[str, list[str], bool, dict[str, str]]]:
    """(narrative, confirmed codes, is a concern, its family's first names) for every entry
    an analyst reviewed: the coder's lessons from the Monitoring Team. The names are those
    the coder read the entry with (first_names_by_family)."""
    concern = SafeguardingFlag.objects.filter(
        entry=OuterRef("pk"),
        action__in=[FlagAction.ESCALATED, FlagAction.ALREADY_KNOWN],
    )
    entries = (
        TriageEntry.objects.filter(coding__reviewed_at__isnull=False)
        # An anonymised family's narratives are placeholders: nothing to learn from.
        .filter(triage__pathway__family__anonymised_at__isnull=True)
        .annotate(concern=Exists(concern))
        .order_by("pk")
    )
    confirmed: dict[int, list[str]] = {}
    for entry_id, code in (
        EntryCode.objects.filter(entry__in=entries, status=CodeStatus.CONFIRMED)
        .order_by("code__code")
        .values_list("entry_id", "code__code")
    ):
        confirmed.setdefault(entry_id, []).append(code)
    rows = list(entries.values_list("pk", "narrative", "triage__pathway__family", "concern"))
    names = first_names_by_family({family for _, _, family, _ in rows})
    for entry_id, narrative, family, concern in rows:
        yield narrative, confirmed.get(entry_id, []), concern, names.get(family, {})


@dataclass
class Agreement:
    code: str
    agreed: int  # the coder suggested it and the analyst confirmed it
    rejected: int  # the coder suggested it; the analyst removed it
    missed: int  # the analyst added it; the coder had not suggested it

    @property
    def precision(self) -> float | None:
        given = self.agreed + self.rejected
        return self.agreed / given if given else None

    @property
    def recall(self) -> float | None:
        wanted = self.agreed + self.missed
        return self.agreed / wanted if wanted else None


def agreement(user: User, since: datetime.date | None = None) -> list[Agreement]:
    """Per code, how the coder's suggestions fared with the analysts, over reviewed
    entries of the user's authority (reviewed since a date, or ever). Counted by the
    database."""
    rows = EntryCode.objects.filter(
        entry__triage__pathway__family__authority_id=user.authority_id,
        entry__coding__reviewed_at__isnull=False,
    )
    if since:
        rows = rows.filter(entry__coding__reviewed_at__date__gte=since)
    counts = (
        rows.values("code__code")
        .annotate(
            agreed=Count("pk", filter=Q(source=CodeSource.CODER, status=CodeStatus.CONFIRMED)),
            rejected=Count("pk", filter=Q(source=CodeSource.CODER, status=CodeStatus.REJECTED)),
            missed=Count("pk", filter=~Q(source=CodeSource.CODER) & Q(status=CodeStatus.CONFIRMED)),
        )
        .order_by("code__code")
    )
    return [
        Agreement(row["code__code"], row["agreed"], row["rejected"], row["missed"])
        for row in counts
    ]


def overall(rows: list[Agreement]) -> Agreement:
    return Agreement(
        "All codes",
        sum(row.agreed for row in rows),
        sum(row.rejected for row in rows),
        sum(row.missed for row in rows),
    )


def month_start(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


def flags_visible_to(user: User) -> QuerySet[SafeguardingFlag]:
    """Flags the user must act on: every flag of the authority for front door officers,
    and flags on families a manager is responsible for (their teams and districts)."""
    if not user.is_authenticated or not user.authority_id:
        return SafeguardingFlag.objects.none()
    flags = SafeguardingFlag.objects.filter(
        entry__triage__pathway__family__authority_id=user.authority_id
    ).select_related("entry__triage__pathway__family__owning_team", "closed_by")
    if user.has_role(Role.FRONT_DOOR_OFFICER):
        return flags
    if user.has_role(Role.MANAGER):
        return flags.filter(
            Q(entry__triage__pathway__family__owning_team__managers=user)
            | Q(entry__triage__pathway__family__owning_team__district__managers=user)
        ).distinct()
    return SafeguardingFlag.objects.none()


def red_without_escalation(user: User) -> QuerySet[TriageEntry]:
    """Red entries on open pathways with no escalation: the families to look at."""
    if not (user.has_role(Role.FRONT_DOOR_OFFICER) or user.has_role(Role.MANAGER)):
        return TriageEntry.objects.none()
    escalated = Escalation.objects.filter(pathway=OuterRef("triage__pathway"))
    return (
        TriageEntry.objects.filter(
            band=Band.RED,
            triage__pathway__status=PathwayStatus.OPEN,
            triage__pathway__family__in=families_visible_to(user),
        )
        .annotate(escalated=Exists(escalated))
        .filter(escalated=False)
        .select_related("triage__pathway__family")
        .order_by("-created_at")
    )


# What the pages show (added for the coding pages) -----------------------------------------


@dataclass
class EntryCodes:
    """An entry's codes as pages show them: the confirmed ones, then the coder's
    suggestions (most sure first), never the rejected; whether the coder or a person has
    coded it yet; and whether a safeguarding flag on it is open."""

    confirmed: list[EntryCode]
    suggested: list[EntryCode]
    coded: bool
    flagged: bool


def codes_of(entries: Iterable[TriageEntry]) -> dict[int, EntryCodes]:
    """EntryCodes for each entry, by entry pk, in three queries."""
    ids = [entry.pk for entry in entries]
    rows = (
        EntryCode.objects.filter(entry_id__in=ids)
        .exclude(status=CodeStatus.REJECTED)
        .select_related("code")
        .order_by("entry_id", F("confidence").desc(nulls_last=True), "code__code")
    )
    coded = set(
        EntryCoding.objects.filter(entry_id__in=ids)
        .filter(Q(coded_at__isnull=False) | Q(reviewed_at__isnull=False))
        .values_list("entry_id", flat=True)
    )
    flagged = set(
        SafeguardingFlag.objects.filter(entry_id__in=ids, closed_at__isnull=True).values_list(
            "entry_id", flat=True
        )
    )
    shown = {pk: EntryCodes([], [], pk in coded, pk in flagged) for pk in ids}
    for row in rows:
        codes = shown[row.entry_id]
        codes.coded = True
        (codes.suggested if row.status == CodeStatus.SUGGESTED else codes.confirmed).append(row)
    return shown


def next_in_queue(user: User, after: TriageEntry) -> TriageEntry | None:
    """The entry that follows `after` in the user's review queue (the first one if
    `after` is not in it), so that reviewing or skipping walks down the queue."""
    seen = False
    first = None
    for pk in review_queue(user).values_list("pk", flat=True).iterator(chunk_size=2000):
        if pk == after.pk:
            seen = True
        elif seen:
            return TriageEntry.objects.get(pk=pk)
        elif first is None:
            first = pk
    return None if seen or first is None else TriageEntry.objects.get(pk=first)


def open_flags(user: User) -> QuerySet[SafeguardingFlag]:
    """Open flags the user must act on, oldest first."""
    return flags_visible_to(user).filter(closed_at__isnull=True).order_by("created_at")


def recently_closed_flags(user: User, days: int = 30) -> QuerySet[SafeguardingFlag]:
    """Flags closed in the last `days` days, most recent first."""
    since = timezone.now() - datetime.timedelta(days=days)
    return flags_visible_to(user).filter(closed_at__gte=since).order_by("-closed_at")


def family_first_names(entry_ids: Sequence[int]) -> list[dict[str, str]]:
    """For each entry, the first names of its family's members as the coder reads them: a
    child's or an adult's."""
    family_of = {}
    for chunk in in_chunks(entry_ids):
        family_of.update(
            TriageEntry.objects.filter(pk__in=chunk).values_list("pk", "triage__pathway__family")
        )
    names = first_names_by_family(set(family_of.values()))
    return [names.get(family_of.get(entry_id), {}) for entry_id in entry_ids]


def first_names_by_family(family_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Each family's members' first names and the names they are known by, those who have
    left too (an ex-partner is still named in notes): "child" or "adult" by their age
    (under 18) or, with no date of birth, their place in the household; "either" for a
    name two members share in different roles. An unborn baby's name is a placeholder and
    left out."""
    today = timezone.localdate()
    names: dict[int, dict[str, str]] = defaultdict(dict)
    for chunk in in_chunks(family_ids):
        members = (
            FamilyMember.objects.filter(family__in=chunk)
            .exclude(relationship=Relationship.UNBORN)
            .values_list(
                "family",
                "person__first_name",
                "person__known_as",
                "person__date_of_birth",
                "relationship",
            )
        )
        for family, first_name, known_as, born, relationship in members:
            child = age_on(born, today) < 18 if born else relationship in CHILD_RELATIONSHIPS
            role = "child" if child else "adult"
            for name in {*first_name.split(), *known_as.split()}:
                if names[family].setdefault(name, role) != role:
                    names[family][name] = "either"
    return names
