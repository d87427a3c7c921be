"""Every report the service prints, each as tables (for pages, CSV, XLSX and the PDF
pack), a chart and JSON, from the definitions in ``definitions.py``."""

from collections.abc import Callable
from dataclasses import dataclass

from earlyhelp.need.models import Band
from earlyhelp.pathways.models import Outcome, TargetedSupportOutcome, TriageStage
from earlyhelp.reports import definitions as d
from earlyhelp.reports.exports import Table, table1_json, table1_table

STAGE_NAMES = {TriageStage.ASSESSMENT: "Assessment", TriageStage.CLOSURE: "Closure"}


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # percentages, one per category


@dataclass(frozen=True)
class Chart:
    """A bar chart of percentages: categories along the side, one bar per series."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Built:
    name: str
    title: str
    tables: list[Table]
    chart: Chart
    data: dict  # JSON
    headline: str  # one sentence for the dashboard


def _pct(share: d.Share) -> str:
    return "" if share.percent is None else f"{share.percent:.1f}%"


def _previous_line(previous: int | None, noun: str) -> str:
    if previous is None:
        return ""
    return f" ({previous} {noun} in the previous period of the same length)"


# Table 1 ---------------------------------------------------------------------------------


def _table1(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    report = d.table1(scope, period)
    tables = [table1_table(report, labels)]
    if report.previous is not None:
        previous = table1_table(report.previous, labels)
        tables.append(Table(f"Previous period: {previous.title}", previous.headings, previous.rows))
    assessment, closure = (report.stages[s] for s in d.COMPARED_STAGES)
    chart = Chart(
        "Share of triages with an issue in each band",
        tuple(labels.get(band, band) for band in d.BANDS),
        tuple(
            Series(
                STAGE_NAMES[stage], tuple(report.stages[stage].bands[b].percent for b in d.BANDS)
            )
            for stage in d.COMPARED_STAGES
        ),
    )
    data = table1_json(report)
    if report.previous is not None:
        data["previous"] = table1_json(report.previous)
    headline = (
        f"{assessment.triages} triages completed at assessment and {closure.triages} at "
        f"closure; yellow: {report.difference[Band.YELLOW].summary}, orange: "
        f"{report.difference[Band.ORANGE].summary}."
    )
    return Built("table1", TITLES["table1"], tables, chart, data, headline)


# Issue codes -----------------------------------------------------------------------------


def _issue_codes(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    report = d.issue_codes(scope, period)
    distance = d.distance_travelled(scope, period)
    headings = (
        "Code",
        "Assessment triages",
        "%",
        "Closure triages",
        "%",
        "Difference",
        *(f"Assessment {labels.get(b, b)}" for b in d.BANDS),
        *(f"Closure {labels.get(b, b)}" for b in d.BANDS),
    )
    rows = tuple(
        (
            row.code,
            row.triages[TriageStage.ASSESSMENT].count,
            _pct(row.triages[TriageStage.ASSESSMENT]),
            row.triages[TriageStage.CLOSURE].count,
            _pct(row.triages[TriageStage.CLOSURE]),
            row.difference.summary,
            *(row.bands[TriageStage.ASSESSMENT][b] for b in d.BANDS),
            *(row.bands[TriageStage.CLOSURE][b] for b in d.BANDS),
        )
        for row in report.codes
    )
    travelled = Table(
        "Distance travelled: band movement per issue, assessment to closure",
        ("Measure", "Value"),
        (
            ("Pathways with a closure triage in the period", distance.pathways),
            ("Issues at assessment", distance.issues),
            ("Moved to a lower band", distance.moved_down),
            ("Stayed in the same band", distance.same),
            ("Moved to a higher band", distance.moved_up),
            ("Not triaged at closure", distance.not_at_closure),
            (
                "Average movement (bands; negative is less need)",
                "" if distance.average_movement is None else distance.average_movement,
            ),
        ),
    )
    chart = Chart(
        "Share of triages with each issue code",
        tuple(row.code for row in report.codes),
        tuple(
            Series(
                STAGE_NAMES[stage],
                tuple(row.triages[stage].percent for row in report.codes),
            )
            for stage in d.COMPARED_STAGES
        ),
    )
    data = {
        "report": "issue-codes",
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "triages": report.stage_triages,
        "codes": [
            {
                "code": row.code,
                **{
                    stage: {
                        "triages": row.triages[stage].count,
                        "percent": row.triages[stage].percent,
                        "bands": row.bands[stage],
                    }
                    for stage in d.COMPARED_STAGES
                },
                "difference": {
                    "relative_change_percent": row.difference.relative_change_percent,
                    "summary": row.difference.summary,
                },
            }
            for row in report.codes
        ],
        "distance_travelled": {
            "pathways": distance.pathways,
            "issues": distance.issues,
            "moved_down": distance.moved_down,
            "same": distance.same,
            "moved_up": distance.moved_up,
            "not_at_closure": distance.not_at_closure,
            "average_movement": distance.average_movement,
        },
    }
    headline = (
        f"{len(report.codes)} issue codes in the period; {distance.moved_down} of "
        f"{distance.issues} issues moved to a lower band by closure."
    )
    table = Table(f"Issue codes at assessment and closure, {period}", headings, rows)
    return Built("issue-codes", TITLES["issue-codes"], [table, travelled], chart, data, headline)


# Outcomes --------------------------------------------------------------------------------


def _outcomes_built(name: str, report: d.Outcomes, noun: str, extra: list[Table] = ()) -> Built:
    previous = report.previous
    headings = ("Outcome", "Count", "%", "Previous period", "%")
    rows = tuple(
        (
            label,
            share.count,
            _pct(share),
            previous.counts[label].count if previous else "",
            _pct(previous.counts[label]) if previous else "",
        )
        for label, share in report.counts.items()
    )
    rows += (("Total", report.total, "", previous.total if previous else "", ""),)
    chart = Chart(
        f"{report.title}: share of each outcome",
        tuple(report.counts),
        (
            Series("This period", tuple(s.percent for s in report.counts.values())),
            *(
                [Series("Previous period", tuple(s.percent for s in previous.counts.values()))]
                if previous
                else []
            ),
        ),
    )
    data = {
        "report": name,
        "from": report.period.start.isoformat(),
        "to": report.period.end.isoformat(),
        "total": report.total,
        "outcomes": {
            label: {"count": s.count, "percent": s.percent} for label, s in report.counts.items()
        },
        "previous": {
            "total": previous.total,
            "outcomes": {
                label: {"count": s.count, "percent": s.percent}
                for label, s in previous.counts.items()
            },
        }
        if previous
        else None,
    }
    top = max(report.counts.items(), key=lambda item: item[1].count, default=None)
    headline = f"{report.total} {noun}" + _previous_line(previous.total if previous else None, noun)
    if top and report.total:
        headline += f"; most often {top[0].lower()} ({_pct(top[1])})"
    table = Table(f"{report.title}, {report.period}", headings, rows)
    return Built(name, TITLES[name], [table, *extra], chart, data, headline + ".")


def _pathway_outcomes(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    report = d.pathway_outcomes(scope, period)
    built = _outcomes_built("outcomes", report, "pathways closed")
    rates = {
        "disengagement_rate_percent": report.rate(Outcome.DISENGAGED.label),
        "escalation_rate_percent": report.rate(Outcome.ESCALATED.label),
    }
    built.data.update(rates)
    return built


def _targeted_support(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    report = d.targeted_support_outcomes(scope, period)
    built = _outcomes_built("targeted-support", report, "pieces of Targeted Support ended")
    built.data.update(
        {
            "disengagement_rate_percent": report.rate(TargetedSupportOutcome.DISENGAGED.label),
            "escalation_rate_percent": report.rate(TargetedSupportOutcome.ESCALATED.label),
        }
    )
    return built


def _support_line(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    return _outcomes_built("support-line", d.support_line_outcomes(scope, period), "calls")


def _interventions(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    report = d.fsw_interventions(scope, period)
    previous = report.previous

    def figures(r: d.Interventions) -> list[tuple[str, object]]:
        return [
            ("Interventions ended", r.outcomes.total),
            ("Average duration (weeks)", "" if r.average_weeks is None else r.average_weeks),
            ("Workers with children allocated at the end", r.workers),
            (
                "Average children allocated per worker",
                "" if r.average_allocations is None else r.average_allocations,
            ),
            ("Allocation target per worker", r.allocation_target),
            ("Direct referrals allocated", r.direct_referrals),
            ("Families opened to an intervention", r.families_opened),
        ]

    rows = tuple(
        (label, value, previous_value)
        for (label, value), (_, previous_value) in zip(
            figures(report), figures(previous) if previous else [("", "")] * 7, strict=True
        )
    )
    summary = Table(
        f"FSW interventions, {period}", ("Measure", "This period", "Previous period"), rows
    )
    built = _outcomes_built(
        "interventions", report.outcomes, "interventions ended", extra=[summary]
    )
    built.data.update(
        {
            "average_weeks": report.average_weeks,
            "workers": report.workers,
            "average_allocations": report.average_allocations,
            "allocation_target": report.allocation_target,
            "direct_referrals": report.direct_referrals,
            "families_opened": report.families_opened,
        }
    )
    headline = (
        f"{report.outcomes.total} interventions ended, averaging "
        f"{report.average_weeks if report.average_weeks is not None else '-'} weeks; "
        f"{report.average_allocations if report.average_allocations is not None else '-'} "
        f"children per worker against a target of {report.allocation_target}; "
        f"{report.direct_referrals} direct referrals."
    )
    return Built(built.name, built.title, built.tables, built.chart, built.data, headline)


def _training(scope: d.Scope, period: d.Period, labels: dict[str, str]) -> Built:
    report = d.training_confidence(scope, period)

    def row(course: d.CourseConfidence) -> tuple:
        return (
            course.course,
            course.sessions,
            course.delegates,
            "" if course.before is None else course.before,
            "" if course.after is None else course.after,
            "" if course.increase_percent is None else f"{course.increase_percent:.1f}%",
        )

    table = Table(
        f"Training: delegates' confidence before and after (0 to 10), {period}",
        ("Course", "Sessions", "Delegates", "Before", "After", "Increase"),
        (*(row(c) for c in report.courses), row(report.overall)),
    )
    chart = Chart(
        "Increase in delegates' confidence by course",
        tuple(c.course for c in [*report.courses, report.overall]),
        (Series("Increase", tuple(c.increase_percent for c in [*report.courses, report.overall])),),
    )

    def as_json(c: d.CourseConfidence) -> dict:
        return {
            "course": c.course,
            "sessions": c.sessions,
            "delegates": c.delegates,
            "before": c.before,
            "after": c.after,
            "increase_percent": c.increase_percent,
        }

    data = {
        "report": "training",
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "courses": [as_json(c) for c in report.courses],
        "overall": as_json(report.overall),
        "previous_overall": as_json(report.previous.overall) if report.previous else None,
    }
    increase = report.overall.increase_percent
    headline = (
        f"{report.overall.delegates} delegates on {report.overall.sessions} sessions; overall "
        + (f"{increase:.1f}% increase in confidence." if increase is not None else "no scores.")
    )
    return Built("training", TITLES["training"], [table], chart, data, headline)


TITLES = {
    "table1": "Triage bands at assessment and closure",
    "issue-codes": "Issue codes at assessment and closure",
    "outcomes": "Early Help Pathway outcomes",
    "targeted-support": "Targeted Support outcomes",
    "interventions": "Family Support Worker interventions",
    "support-line": "Family Support Line",
    "training": "Workforce training",
}
BUILDERS: dict[str, Callable[[d.Scope, d.Period, dict[str, str]], Built]] = {
    "table1": _table1,
    "issue-codes": _issue_codes,
    "outcomes": _pathway_outcomes,
    "targeted-support": _targeted_support,
    "interventions": _interventions,
    "support-line": _support_line,
    "training": _training,
}


def build(name: str, scope: d.Scope, period: d.Period) -> Built:
    labels = band_labels(scope)
    return BUILDERS[name](scope, period, labels)


def band_labels(scope: d.Scope) -> dict[str, str]:
    """The authority's names for the bands, e.g. "blue (self-help)"."""
    label_set = scope.authority.band_label_set
    if label_set is None:
        return {}
    return {label.band: f"{label.band} ({label.label})" for label in label_set.labels.all()}
