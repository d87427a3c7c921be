"""The figures scrutiny committees ask for, as plain functions over querysets.

Each takes a ``Scope`` (an authority, optionally some districts and teams) and a
``Period`` (from and to, both inclusive) and returns a small dataclass the pages, the
exports and the command line all print. The database does the counting (aggregates over
indexed columns, no row-by-row Python); triages carry their bands and where they were done
from the moment they are completed (``Triage.summarise``) and are counted per day
(``TriageDayCount``), so Table 1 adds up a few thousand rows a year and reads no entry.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.utils import timezone

from earlyhelp.accounts.models import Authority
from earlyhelp.need.models import Band, IssueCode
from earlyhelp.pathways.models import (
    CodeStatus,
    EntryCode,
    Outcome,
    Pathway,
    TargetedSupport,
    TargetedSupportOutcome,
    Triage,
    TriageDayCount,
    TriageStage,
)
from earlyhelp.programmes.models import Delegate
from earlyhelp.support.models import (
    CallOutcome,
    FswIntervention,
    InterventionOutcome,
    InterventionSource,
    SupportLineCall,
)

BANDS = tuple(Band.values)
COMPARED_STAGES = (TriageStage.ASSESSMENT.value, TriageStage.CLOSURE.value)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period must end on or after the day it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def __str__(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


@dataclass(frozen=True)
class Scope:
    authority: Authority
    district_ids: tuple[int, ...] = ()  # none: the whole authority
    team_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def fraction(self) -> float | None:
        return self.count / self.of if self.of else None

    @property
    def percent(self) -> float | None:
        """Rounded to one decimal place, as reports print it."""
        return None if self.of == 0 else round(100 * self.count / self.of, 1)


@dataclass(frozen=True)
class Difference:
    """How a share moved from one stage (or period) to the next, relative to the first."""

    relative_change_percent: float | None  # None: nothing to compare with
    summary: str

    @classmethod
    def between(cls, before: Share, after: Share, noun: str = "") -> "Difference":
        if before.fraction is None or after.fraction is None:
            return cls(None, "no triages to compare")
        if before.fraction == 0:
            if after.fraction == 0:
                return cls(0.0, "no change")
            return cls(None, "none before")
        change = 100 * (after.fraction - before.fraction) / before.fraction
        if abs(change) < settings.REPORT_NO_CHANGE_PERCENT:
            summary = "no change"
        else:
            summary = f"{abs(change):.0f}% {'increase' if change > 0 else 'decrease'}"
        return cls(round(change, 1), summary)


@dataclass(frozen=True)
class StageBands:
    triages: int
    bands: dict[str, Share]


@dataclass(frozen=True)
class Table1:
    """Triage bands at assessment and closure: for each stage the triages completed in
    the period and, per band, how many had at least one entry in it."""

    scope: Scope
    period: Period
    stages: dict[str, StageBands]
    difference: dict[str, Difference]
    previous: "Table1 | None" = field(default=None, compare=False)


def completed_triages(scope: Scope, period: Period) -> QuerySet[Triage]:
    triages = Triage.objects.filter(
        authority=scope.authority, completed_on__range=(period.start, period.end)
    )
    if scope.district_ids:
        triages = triages.filter(district_id__in=scope.district_ids)
    if scope.team_ids:
        triages = triages.filter(team_id__in=scope.team_ids)
    return triages


def table1(scope: Scope, period: Period, *, compare: bool = True) -> Table1:
    days = TriageDayCount.objects.filter(
        authority=scope.authority,
        stage__in=COMPARED_STAGES,
        day__range=(period.start, period.end),
    )
    if scope.district_ids:
        days = days.filter(district_id__in=scope.district_ids)
    if scope.team_ids:
        days = days.filter(team_id__in=scope.team_ids)
    counts = {
        row["stage"]: row
        for row in days.order_by()
        .values("stage")
        .annotate(triages=Sum("triages"), **{band: Sum(band) for band in BANDS})
    }
    stages = {}
    for stage in COMPARED_STAGES:
        row = counts.get(stage, {})
        total = row.get("triages", 0)
        stages[stage] = StageBands(total, {band: Share(row.get(band, 0), total) for band in BANDS})
    difference = {
        band: Difference.between(
            stages[TriageStage.ASSESSMENT].bands[band], stages[TriageStage.CLOSURE].bands[band]
        )
        for band in BANDS
    }
    previous = table1(scope, period.previous(), compare=False) if compare else None
    return Table1(scope, period, stages, difference, previous)


# Outcomes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcomes:
    """How things that ended in the period ended: a count and share of each outcome."""

    title: str
    period: Period
    counts: dict[str, Share]  # outcome label -> share of all that ended
    total: int
    previous: "Outcomes | None" = field(default=None, compare=False)

    def rate(self, label: str) -> float | None:
        return self.counts[label].percent if label in self.counts else None


def _outcomes(title: str, rows: QuerySet, choices, period: Period, previous) -> Outcomes:
    found = {row["outcome"]: row["n"] for row in rows.values("outcome").annotate(n=Count("pk"))}
    total = sum(found.values())
    counts = {label: Share(found.get(value, 0), total) for value, label in choices.choices}
    return Outcomes(title, period, counts, total, previous)


def _in_scope(rows: QuerySet, scope: Scope, team_field: str) -> QuerySet:
    """Rows of the scope's districts and teams, through the team that owns them."""
    if scope.district_ids:
        rows = rows.filter(**{f"{team_field}__district_id__in": scope.district_ids})
    if scope.team_ids:
        rows = rows.filter(**{f"{team_field}_id__in": scope.team_ids})
    return rows


def pathway_outcomes(scope: Scope, period: Period, *, compare: bool = True) -> Outcomes:
    """Early Help Pathways closed in the period, by outcome."""
    closed = _in_scope(
        Pathway.objects.filter(
            team__authority=scope.authority, closed_on__range=(period.start, period.end)
        ),
        scope,
        "team",
    ).order_by()
    previous = pathway_outcomes(scope, period.previous(), compare=False) if compare else None
    return _outcomes("Early Help Pathway outcomes", closed, Outcome, period, previous)


def targeted_support_outcomes(scope: Scope, period: Period, *, compare: bool = True) -> Outcomes:
    """Targeted Support that ended in the period, by outcome (measured apart from the
    pathways it supported)."""
    ended = _in_scope(
        TargetedSupport.objects.filter(
            pathway__team__authority=scope.authority, ended_on__range=(period.start, period.end)
        ),
        scope,
        "pathway__team",
    ).order_by()
    previous = (
        targeted_support_outcomes(scope, period.previous(), compare=False) if compare else None
    )
    return _outcomes("Targeted Support outcomes", ended, TargetedSupportOutcome, period, previous)


def support_line_outcomes(scope: Scope, period: Period, *, compare: bool = True) -> Outcomes:
    """Family Support Line calls taken in the period, by outcome."""
    start, end = _day_bounds(period)
    calls = SupportLineCall.objects.filter(
        authority=scope.authority, called_at__gte=start, called_at__lt=end
    ).order_by()
    if scope.district_ids:
        calls = calls.filter(district_id__in=scope.district_ids)
    if scope.team_ids:
        calls = calls.filter(taken_by__teams__in=scope.team_ids).distinct()
    previous = support_line_outcomes(scope, period.previous(), compare=False) if compare else None
    return _outcomes("Family Support Line calls", calls, CallOutcome, period, previous)


def _day_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes, from its first midnight to the midnight after it."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time(), zone)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time(), zone)
    return start, end


# FSW interventions and direct referrals --------------------------------------------------


@dataclass(frozen=True)
class Interventions:
    period: Period
    outcomes: Outcomes  # of interventions that ended in the period
    average_weeks: float | None  # of those that ended, from start to end
    workers: int  # with children allocated at the end of the period
    average_allocations: float | None
    allocation_target: int
    direct_referrals: int  # direct-referral interventions allocated in the period
    families_opened: int  # families with an intervention allocated in the period
    previous: "Interventions | None" = field(default=None, compare=False)


def fsw_interventions(scope: Scope, period: Period, *, compare: bool = True) -> Interventions:
    everything = _in_scope(
        FswIntervention.objects.filter(authority=scope.authority), scope, "family__owning_team"
    ).order_by()
    ended = everything.filter(ended_on__range=(period.start, period.end))
    outcomes = _outcomes("FSW intervention outcomes", ended, InterventionOutcome, period, None)
    duration = ended.aggregate(
        days=Avg(ExpressionWrapper(F("ended_on") - F("started_on"), output_field=DurationField()))
    )["days"]
    open_at_end = everything.filter(allocated_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)
    )
    per_worker = list(
        FswIntervention.children.through.objects.filter(fswintervention__in=open_at_end)
        .values("fswintervention__worker")
        .annotate(children=Count("person", distinct=True))
        .values_list("children", flat=True)
        .order_by()
    )
    allocated = everything.filter(allocated_on__range=(period.start, period.end))
    direct = allocated.filter(source=InterventionSource.DIRECT_REFERRAL)
    previous = fsw_interventions(scope, period.previous(), compare=False) if compare else None
    return Interventions(
        period=period,
        outcomes=outcomes,
        average_weeks=round(duration.days / 7, 1) if duration is not None else None,
        workers=len(per_worker),
        average_allocations=round(sum(per_worker) / len(per_worker), 1) if per_worker else None,
        allocation_target=scope.authority.fsw_allocation_target,
        direct_referrals=direct.count(),
        families_opened=allocated.values("family").distinct().count(),
        previous=previous,
    )


# Training -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseConfidence:
    course: str
    sessions: int
    delegates: int  # who gave both scores
    before: float | None
    after: float | None

    @property
    def increase_percent(self) -> float | None:
        """(after - before) / before, as a percentage."""
        if not self.before or self.after is None:
            return None
        return round(100 * (self.after - self.before) / self.before, 1)


@dataclass(frozen=True)
class Training:
    period: Period
    courses: list[CourseConfidence]
    overall: CourseConfidence
    previous: "Training | None" = field(default=None, compare=False)


def training_confidence(scope: Scope, period: Period, *, compare: bool = True) -> Training:
    """Workforce training held in the period: delegates' confidence before and after, per
    course and overall (the authority's training, whichever district it served)."""
    scored = Delegate.objects.filter(
        session__course__authority=scope.authority,
        session__held_on__range=(period.start, period.end),
        confidence_before__isnull=False,
        confidence_after__isnull=False,
    ).order_by()
    figures = {
        "sessions": Count("session", distinct=True),
        "delegates": Count("pk"),
        "before": Avg("confidence_before"),
        "after": Avg("confidence_after"),
    }
    courses = [
        CourseConfidence(
            row["session__course__name"],
            row["sessions"],
            row["delegates"],
            _round(row["before"]),
            _round(row["after"]),
        )
        for row in scored.values("session__course__name")
        .annotate(**figures)
        .order_by("session__course__name")
    ]
    total = scored.aggregate(**figures)
    overall = CourseConfidence(
        "All courses",
        total["sessions"],
        total["delegates"],
        _round(total["before"]),
        _round(total["after"]),
    )
    previous = training_confidence(scope, period.previous(), compare=False) if compare else None
    return Training(period, courses, overall, previous)


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


# Issue codes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeAtStages:
    code: str
    name: str
    triages: dict[str, Share]  # stage -> triages with the code, of the stage's triages
    bands: dict[str, dict[str, int]]  # stage -> band -> entries with the code in that band
    difference: Difference


@dataclass(frozen=True)
class IssueCodes:
    """Each issue code at assessment and closure: how many triages had it, and in which
    bands its entries were. Codes an analyst rejected are left out."""

    period: Period
    stage_triages: dict[str, int]
    codes: list[CodeAtStages]
    previous: "IssueCodes | None" = field(default=None, compare=False)


def _entry_codes(scope: Scope, period: Period) -> QuerySet[EntryCode]:
    triages = completed_triages(scope, period).filter(stage__in=COMPARED_STAGES)
    return (
        EntryCode.objects.filter(entry__triage__in=triages)
        .exclude(status=CodeStatus.REJECTED)
        .order_by()
    )


def issue_codes(scope: Scope, period: Period, *, compare: bool = True) -> IssueCodes:
    stage_triages = dict(
        completed_triages(scope, period)
        .filter(stage__in=COMPARED_STAGES)
        .order_by()
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    coded = _entry_codes(scope, period)
    with_code = {
        (row["code__code"], row["entry__triage__stage"]): row["n"]
        for row in coded.values("code__code", "entry__triage__stage").annotate(
            n=Count("entry__triage", distinct=True)
        )
    }
    in_band = {
        (row["code__code"], row["entry__triage__stage"], row["entry__band"]): row["n"]
        for row in coded.values("code__code", "entry__triage__stage", "entry__band").annotate(
            n=Count("entry", distinct=True)
        )
    }
    codes = []
    for issue in IssueCode.objects.filter(code__in={code for code, _ in with_code}).order_by(
        "code"
    ):
        triages = {
            stage: Share(with_code.get((issue.code, stage), 0), stage_triages.get(stage, 0))
            for stage in COMPARED_STAGES
        }
        codes.append(
            CodeAtStages(
                issue.code,
                issue.need,
                triages,
                {
                    stage: {band: in_band.get((issue.code, stage, band), 0) for band in BANDS}
                    for stage in COMPARED_STAGES
                },
                Difference.between(*(triages[stage] for stage in COMPARED_STAGES)),
            )
        )
    previous = issue_codes(scope, period.previous(), compare=False) if compare else None
    return IssueCodes(
        period, {stage: stage_triages.get(stage, 0) for stage in COMPARED_STAGES}, codes, previous
    )


@dataclass(frozen=True)
class DistanceTravelled:
    """Band movement per issue from assessment to closure, for pathways whose closure
    triage was completed in the period: each issue (a code in a family's assessment) in
    its highest band at assessment against its highest band at closure."""

    period: Period
    pathways: int
    issues: int
    moved_down: int
    same: int
    moved_up: int
    not_at_closure: int
    average_movement: float | None  # in bands; negative is less need

    @property
    def moved_down_percent(self) -> float | None:
        return Share(self.moved_down, self.issues).percent


BAND_RANK = Case(*(When(entry__band=band, then=rank) for rank, band in enumerate(BANDS)))


def distance_travelled(scope: Scope, period: Period) -> DistanceTravelled:
    closed = completed_triages(scope, period).filter(stage=TriageStage.CLOSURE)
    pathways = closed.values("pathway")
    highest = (
        EntryCode.objects.filter(
            entry__triage__pathway__in=pathways,
            entry__triage__stage__in=COMPARED_STAGES,
            entry__triage__completed_on__isnull=False,
        )
        .exclude(status=CodeStatus.REJECTED)
        .order_by()
        .values("entry__triage__pathway", "code", "entry__triage__stage")
        .annotate(rank=Max(BAND_RANK))
    )
    ranks: dict[tuple[int, int], dict[str, int]] = {}
    for row in highest:
        key = (row["entry__triage__pathway"], row["code"])
        ranks.setdefault(key, {})[row["entry__triage__stage"]] = row["rank"]
    moves = []
    not_at_closure = 0
    for stages in ranks.values():
        if TriageStage.ASSESSMENT not in stages:
            continue  # named first at closure: no distance to measure
        if TriageStage.CLOSURE not in stages:
            not_at_closure += 1
            continue
        moves.append(stages[TriageStage.CLOSURE] - stages[TriageStage.ASSESSMENT])
    return DistanceTravelled(
        period=period,
        pathways=closed.values("pathway").distinct().count(),
        issues=len(moves) + not_at_closure,
        moved_down=sum(move < 0 for move in moves),
        same=sum(move == 0 for move in moves),
        moved_up=sum(move > 0 for move in moves),
        not_at_closure=not_at_closure,
        average_movement=round(sum(moves) / len(moves), 2) if moves else None,
    )
