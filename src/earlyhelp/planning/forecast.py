"""A five-year forecast of requests and pathways by district, from the child population,
deprivation and the trend in the service's own records.

The method, in the words the planning page prints (METHOD):

1. Recorded years: the 12 months to the end of last month and up to four 12-month periods
   before it, as far back as the records go. A period the records only partly cover (at
   least half of it) is scaled up to a whole year; one covered less than half is left out.
2. Deprivation: for each IMD decile, requests (and pathways) a year per 1,000 children
   living in its areas, over the recorded years together. Those for families whose area
   is not known are shared out over the deciles in the same proportions as the rest.
3. Each district's expected number a year is those rates applied to its own children in
   each decile: a district with more children in deprived areas expects more.
4. Trend: a straight line fitted by least squares through the authority's yearly totals,
   carried forward; every district moves with it. With fewer than three recorded years no
   line is fitted (two points always fit one exactly): the forecast holds their average.
5. Child population: the latest mid-year estimate, held flat, or grown by the yearly rate
   given.
6. Range: a 95% prediction interval, plus or minus 1.96 times the spread of the recorded
   years around the line (widening the further ahead), shared among districts by their
   expected number; never narrower than chance alone (plus or minus 1.96 times the square
   root of the forecast). With fewer than three recorded years only the chance part can be
   measured.
"""

import datetime
import math
import statistics
from collections import Counter
from dataclasses import dataclass

from earlyhelp.accounts.models import Authority
from earlyhelp.planning import selectors
from earlyhelp.planning.selectors import AREA_UNKNOWN, Category
from earlyhelp.reports.exports import Table

FORECAST_MEASURES = ("requests", "pathways")
MEASURE_TITLES = {"requests": "Requests for support", "pathways": "Pathways opened"}
RECORDED_YEARS = 5
LEAST_COVERAGE = 0.5  # a recorded year must be at least half covered by the records
Z_95 = 1.96
FEWEST_YEARS_FOR_A_TREND = 3
MOST_YEARS_AHEAD = 10
GROWTH_LIMIT_PERCENT = 10.0

METHOD = [
    "We count requests for support and pathways opened in each of the last five 12-month "
    "periods the records cover, up to the end of last month. A period the records only "
    "partly cover (at least half of it) is scaled up to a whole year.",
    "For each deprivation decile we work out how many there were a year per 1,000 children "
    "living in its areas. Those for families whose area is not known are shared out in the "
    "same proportions as the rest.",
    "Each district's expected number a year is those rates applied to its own children in "
    "each decile, so a district with more children in deprived areas expects more.",
    "We fit a straight line through the authority's yearly totals (least squares) and carry "
    "it forward: every district rises or falls with it. With fewer than three years "
    "recorded, no line is fitted and the forecast holds their average.",
    "The number of children is the latest mid-year estimate, held flat unless you give a "
    "yearly growth rate.",
    "The range (low to high) is a 95% prediction interval: 1.96 times the spread of the "
    "recorded years around the line, wider the further ahead, shared among districts by "
    "their size; never narrower than chance alone (1.96 times the square root of the "
    "forecast). With fewer than three years recorded, only chance can be measured, so the "
    "range understates the uncertainty.",
]


class ForecastUnavailable(ValueError):
    """There is nothing to forecast from; the message says what is missing."""


@dataclass(frozen=True)
class Projection:
    forecast: int
    low: int
    high: int

    def as_json(self) -> dict[str, int]:
        return {"forecast": self.forecast, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class ForecastYear:
    start: datetime.date
    end: datetime.date
    measures: dict[str, Projection]

    @property
    def year(self) -> int:
        """The year the 12 months end in: how the page and the JSON name them."""
        return self.end.year


@dataclass(frozen=True)
class RecordedYear:
    start: datetime.date
    end: datetime.date
    coverage: float  # the share of the period the records cover
    counts: dict[str, Counter[Category]]  # measure -> counts by decile category, as recorded

    def total(self, measure: str) -> float:
        """The year's count, scaled up to a whole year where the records cover part of it."""
        return sum(self.counts[measure].values()) / self.coverage


@dataclass(frozen=True)
class Forecast:
    authority: Authority
    as_of: datetime.date
    population_year: int
    growth_percent: float
    recorded: list[RecordedYear]
    districts: dict[str, list[ForecastYear]]
    total: list[ForecastYear]

    def as_json(self) -> dict:
        def years(rows: list[ForecastYear]) -> list[dict]:
            return [
                {
                    "year": row.year,
                    "from": row.start.isoformat(),
                    "to": row.end.isoformat(),
                    **{name: row.measures[name].as_json() for name in FORECAST_MEASURES},
                }
                for row in rows
            ]

        return {
            "authority": self.authority.slug,
            "as_of": self.as_of.isoformat(),
            "method": METHOD,
            "child_population_year": self.population_year,
            "child_population_growth_percent": self.growth_percent,
            "recorded_years": [
                {
                    "from": row.start.isoformat(),
                    "to": row.end.isoformat(),
                    "coverage": round(row.coverage, 3),
                    **{name: round(row.total(name), 1) for name in FORECAST_MEASURES},
                }
                for row in self.recorded
            ],
            "districts": {name: years(rows) for name, rows in self.districts.items()},
            "total": years(self.total),
        }


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before) the first of day's month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def recorded_periods(
    as_of: datetime.date, first_record: datetime.date
) -> list[tuple[datetime.date, datetime.date, float]]:
    """(start, end, coverage) of the recorded years, oldest first."""
    this_month = as_of.replace(day=1)
    periods = []
    for back in range(1, RECORDED_YEARS + 1):
        start = add_months(this_month, -12 * back)
        end = add_months(this_month, -12 * (back - 1)) - datetime.timedelta(days=1)
        days = (end - start).days + 1
        covered = (end - max(start, first_record)).days + 1
        coverage = max(0, covered) / days
        if coverage < LEAST_COVERAGE:
            break
        periods.append((start, end, min(1.0, coverage)))
    return periods[::-1]


def forecast_for(
    authority: Authority,
    *,
    years: int = 5,
    as_of: datetime.date,
    growth_percent: float = 0.0,
) -> Forecast:
    """The forecast for each district and the authority. Raises ForecastUnavailable."""
    if not 1 <= years <= MOST_YEARS_AHEAD:
        raise ForecastUnavailable(f"Choose from 1 to {MOST_YEARS_AHEAD} years ahead")
    if not -GROWTH_LIMIT_PERCENT <= growth_percent <= GROWTH_LIMIT_PERCENT:
        raise ForecastUnavailable(
            f"Choose a yearly growth from -{GROWTH_LIMIT_PERCENT:g}% to {GROWTH_LIMIT_PERCENT:g}%"
        )
    population_year = selectors.population_year_for(authority, as_of.year)
    if population_year is None:
        raise ForecastUnavailable(
            f"No child population is held for {authority}: import the ONS estimates with "
            "`earlyhelp import population FILE --year YYYY`"
        )
    first_record = selectors.first_record_on(authority)
    periods = recorded_periods(as_of, first_record) if first_record else []
    if not periods:
        raise ForecastUnavailable(
            f"{authority} has no whole year of requests or pathways recorded to forecast from"
        )
    recorded = [
        RecordedYear(
            start,
            end,
            coverage,
            {
                measure: selectors.counts_by_category(authority, measure, start, end)
                for measure in FORECAST_MEASURES
            },
        )
        for start, end, coverage in periods
    ]
    children = selectors.children_by_decile(authority, population_year)
    names = {district.pk: district.name for district in selectors.districts_of(authority)}
    by_district = {
        names[pk]: counts
        for pk, counts in selectors.children_by_district_and_decile(
            authority, population_year
        ).items()
    }
    for name in names.values():
        by_district.setdefault(name, Counter())
    this_month = as_of.replace(day=1)
    ahead = [
        (add_months(this_month, 12 * h), add_months(this_month, 12 * (h + 1))) for h in range(years)
    ]
    projected = {
        measure: project(
            [(row.coverage, row.counts[measure]) for row in recorded],
            children,
            by_district,
            years,
            growth_percent / 100,
        )
        for measure in FORECAST_MEASURES
    }

    def rows_for(name: str) -> list[ForecastYear]:
        return [
            ForecastYear(
                start,
                end - datetime.timedelta(days=1),
                {measure: projected[measure][name][h] for measure in FORECAST_MEASURES},
            )
            for h, (start, end) in enumerate(ahead)
        ]

    return Forecast(
        authority,
        as_of,
        population_year,
        growth_percent,
        recorded,
        {name: rows_for(name) for name in sorted(by_district)},
        rows_for(TOTAL),
    )


TOTAL = ""  # the key of the authority's own row in project()'s answer


def project(
    yearly: list[tuple[float, Counter[Category]]],
    children: Counter[Category],
    district_children: dict[str, Counter[Category]],
    years: int,
    growth: float,
) -> dict[str, list[Projection]]:
    """The method above for one measure. `yearly` holds each recorded year's coverage and
    counts by decile category, oldest first; `children` the authority's children by
    category; `district_children` each district's. The answer holds each district's
    projections and, under TOTAL, the sum of the districts'."""
    recorded = len(yearly)
    totals = [sum(counts.values()) / coverage for coverage, counts in yearly]
    # 2. Each decile's rate a year per 1,000 children, unknown areas shared out.
    per_year: Counter[Category] = Counter()
    for coverage, counts in yearly:
        known = sum(n for category, n in counts.items() if category is not AREA_UNKNOWN)
        if not known:
            continue
        scale = sum(counts.values()) / known / coverage
        for category, n in counts.items():
            if category is not AREA_UNKNOWN:
                per_year[category] += n * scale / recorded
    rates = {
        category: per_year[category] / children[category] if children.get(category) else 0.0
        for category in per_year
    }
    # 3. Expected a year from each district's children by decile.
    expected = {
        name: sum(rates.get(category, 0.0) * n for category, n in counts.items())
        for name, counts in district_children.items()
    }
    expected[TOTAL] = sum(expected.values())
    # 4. The trend line through the yearly totals, and 6. its prediction interval.
    positions = list(range(recorded))
    mean_total = statistics.fmean(totals)
    slope, intercept, spread = 0.0, mean_total, 0.0
    if recorded >= FEWEST_YEARS_FOR_A_TREND:
        slope, intercept = statistics.linear_regression(positions, totals)
        residuals = [y - (intercept + slope * x) for x, y in zip(positions, totals, strict=True)]
        spread = math.sqrt(sum(r * r for r in residuals) / (recorded - 2))
    mean_position = statistics.fmean(positions)
    squares = sum((x - mean_position) ** 2 for x in positions)

    answer: dict[str, list[Projection]] = {name: [] for name in expected}
    for h in range(1, years + 1):
        position = recorded - 1 + h
        line = max(0.0, intercept + slope * position)
        factor = line / mean_total if mean_total else 0.0
        grown = (1 + growth) ** h
        interval = 0.0
        if spread:
            interval = (
                Z_95
                * spread
                * math.sqrt(1 + 1 / recorded + (position - mean_position) ** 2 / squares)
            )
        for name, base in expected.items():
            forecast = base * factor * grown
            share = base / mean_total if mean_total else 0.0
            half_width = max(interval * share * grown, Z_95 * math.sqrt(forecast))
            answer[name].append(
                Projection(
                    _whole(forecast),
                    _whole(max(0.0, forecast - half_width)),
                    _whole(forecast + half_width),
                )
            )
    return answer


def _whole(value: float) -> int:
    """To the nearest whole number, halves up (counts are never negative here)."""
    return math.floor(value + 0.5)


def totals_table(forecast: Forecast) -> Table:
    rows: list[tuple[object, ...]] = []
    for row in forecast.recorded:
        note = "recorded" if row.coverage >= 1 else f"recorded, {row.coverage:.0%} scaled up"
        rows.append(
            (
                period_label(row.start, row.end),
                note,
                *(
                    cell
                    for measure in FORECAST_MEASURES
                    for cell in (round(row.total(measure)), "", "")
                ),
            )
        )
    for row in forecast.total:
        rows.append((period_label(row.start, row.end), "forecast", *_cells(row)))
    return Table(
        f"Requests and pathways a year in {forecast.authority}, recorded and forecast",
        ("12 months", "", *_headings()),
        tuple(rows),
    )


def districts_table(forecast: Forecast) -> Table:
    rows = [
        (name, period_label(row.start, row.end), *_cells(row))
        for name, years in forecast.districts.items()
        for row in years
    ]
    return Table(
        f"Forecast requests and pathways by district, {len(forecast.total)} years ahead",
        ("District", "12 months", *_headings()),
        tuple(rows),
    )


def _headings() -> tuple[str, ...]:
    return tuple(
        heading
        for measure in FORECAST_MEASURES
        for heading in (MEASURE_TITLES[measure], "low", "high")
    )


def _cells(row: ForecastYear) -> tuple[int, ...]:
    return tuple(
        number
        for measure in FORECAST_MEASURES
        for number in (
            row.measures[measure].forecast,
            row.measures[measure].low,
            row.measures[measure].high,
        )
    )


def period_label(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%b %Y} to {end:%b %Y}"
