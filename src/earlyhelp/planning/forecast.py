"""A five-year forecast of requests and pathways by district, from the child population,
deprivation and the trend in the service's own records.

The method, in the words the planning page prints (METHOD):

1. Recorded years: the 12 months to the end of last month and up to four 12-month periods
   before it, as far back as the records go. A period the records only partly cover (at
   least half of it) is scaled up to a whole year; one covered less than half is left out.
2. Deprivation: for each IMD decile, requests (and pathways) a year per 1,000 children
   living in its areas, over the recorded years in which any family's area is known.
   Those for families whose area is not known are shared out over the deciles in the same
   proportions as the rest. When the records place no family in an area with children
   counted (a deployment without a postcode file, say), one rate per 1,000 children for
   the whole authority is used instead, and the method printed says so.
3. Each district's expected number a year is those rates applied to its own children in
   each decile: a district with more children in deprived areas expects more. Children in
   areas that are in no district have a row of their own, so the rows add up to the
   authority's total.
4. Trend: a straight line fitted by least squares through the authority's yearly totals,
   carried forward: that is the authority's forecast, shared among the districts by their
   expected numbers. With fewer than three recorded years no line is fitted (two points
   always fit one exactly): the forecast holds their average.
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
from earlyhelp.planning.selectors import AREA_UNKNOWN, NO_DISTRICT, Category
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
    "living in its areas, over the years in which any family's area is known. Those for "
    "families whose area is not known are shared out in the same proportions as the rest.",
    "Each district's expected number a year is those rates applied to its own children in "
    "each decile, so a district with more children in deprived areas expects more. Children "
    "in areas that are in no district have a row of their own, so the rows add up to the "
    "authority's total.",
    "We fit a straight line through the authority's yearly totals (least squares) and carry "
    "it forward: that is the authority's forecast, shared among the districts by their "
    "expected numbers. With fewer than three years recorded, no line is fitted and the "
    "forecast holds their average.",
    "The number of children is the latest mid-year estimate, held flat unless you give a "
    "yearly growth rate.",
    "The range (low to high) is a 95% prediction interval: 1.96 times the spread of the "
    "recorded years around the line, wider the further ahead, shared among districts by "
    "their size; never narrower than chance alone (1.96 times the square root of the "
    "forecast). With fewer than three years recorded, only chance can be measured, so the "
    "range understates the uncertainty.",
]


def method_steps(authority_rates: dict[str, float]) -> list[str]:
    """METHOD as it applies to one forecast: where the records place no family in an area
    with children counted, step 2 says the whole authority's rate is used instead.
    `authority_rates` holds those measures' rates a year per 1,000 children."""
    if not authority_rates:
        return list(METHOD)
    names = " or the ".join(MEASURE_TITLES[measure].lower() for measure in authority_rates)
    rates = " and ".join(
        f"{rate:,.1f} {MEASURE_TITLES[measure].lower()} a year per 1,000 children"
        for measure, rate in authority_rates.items()
    )
    fallback = (
        f" But the records place none of the {names} in an area whose children are counted "
        "(for example, no family's postcode has an area yet), so deprivation cannot be used "
        f"for them: we use one rate for the whole authority instead, {rates}, and each "
        "district expects in proportion to its number of children."
    )
    return [METHOD[0], METHOD[1] + fallback, *METHOD[2:]]


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
    no_district: list[ForecastYear]  # empty when every area with children is in a district
    total: list[ForecastYear]
    # Measures forecast with one rate for the whole authority, as no family's area is known:
    # the rate a year per 1,000 children.
    authority_rates: dict[str, float]

    @property
    def method(self) -> list[str]:
        return method_steps(self.authority_rates)

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
            "method": self.method,
            "rates_by": {
                name: "whole authority" if name in self.authority_rates else "IMD decile"
                for name in FORECAST_MEASURES
            },
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
            "areas_in_no_district": years(self.no_district),
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
    districts = selectors.districts_of(authority)
    by_district = selectors.children_by_district_and_decile(authority, population_year)
    area_children = {district.pk: by_district.get(district.pk, Counter()) for district in districts}
    if by_district.get(None):
        area_children[None] = by_district[None]
    this_month = as_of.replace(day=1)
    ahead = [
        (add_months(this_month, 12 * h), add_months(this_month, 12 * (h + 1))) for h in range(years)
    ]
    projected = {
        measure: project(
            [(row.coverage, row.counts[measure]) for row in recorded],
            children,
            area_children,
            years,
            growth_percent / 100,
        )
        for measure in FORECAST_MEASURES
    }

    def rows_for(key: int | str | None) -> list[ForecastYear]:
        return [
            ForecastYear(
                start,
                end - datetime.timedelta(days=1),
                {measure: projected[measure].rows[key][h] for measure in FORECAST_MEASURES},
            )
            for h, (start, end) in enumerate(ahead)
        ]

    return Forecast(
        authority,
        as_of,
        population_year,
        growth_percent,
        recorded,
        {district.name: rows_for(district.pk) for district in districts},
        rows_for(None) if None in area_children else [],
        rows_for(TOTAL),
        {
            measure: result.authority_rate
            for measure, result in projected.items()
            if result.authority_rate is not None
        },
    )


TOTAL = ""  # the key of the authority's own row in project()'s answer
AreaKey = int | str | None  # a district's id, None for areas in no district, or TOTAL


@dataclass(frozen=True)
class Projected:
    rows: dict[AreaKey, list[Projection]]  # by the keys of the children given, and TOTAL
    # The rate a year per 1,000 children used for every area, when the records place no
    # family in an area with children counted; None when the deciles' rates were used.
    authority_rate: float | None


def project(
    yearly: list[tuple[float, Counter[Category]]],
    children: Counter[Category],
    area_children: dict[AreaKey, Counter[Category]],
    years: int,
    growth: float,
) -> Projected:
    """The method above for one measure. `yearly` holds each recorded year's coverage and
    counts by decile category, oldest first; `children` the authority's children by
    category; `area_children` the children by category of each district (and of the areas
    in no district). The authority's forecast (TOTAL) is the trend line; each row's is its
    share of it by its expected number."""
    recorded = len(yearly)
    totals = [sum(counts.values()) / coverage for coverage, counts in yearly]
    mean_total = statistics.fmean(totals)
    # 2. Each decile's rate a year per 1,000 children, or the authority's if that places
    # nobody.
    rates = _decile_rates(yearly, children)
    authority_rate = None
    if mean_total and not _expected(rates, children):
        everyone = sum(children.values())
        rate = mean_total / everyone if everyone else 0.0
        rates = dict.fromkeys(children, rate)
        authority_rate = 1000 * rate
    # 3. Expected a year from each row's children by decile, and its share of the total.
    everyone_expected = _expected(rates, children)
    shares = {
        key: _expected(rates, counts) / everyone_expected if everyone_expected else 0.0
        for key, counts in area_children.items()
    }
    shares[TOTAL] = 1.0
    # 4. The trend line through the yearly totals, and 6. its prediction interval.
    positions = list(range(recorded))
    slope, intercept, spread = 0.0, mean_total, 0.0
    if recorded >= FEWEST_YEARS_FOR_A_TREND:
        slope, intercept = statistics.linear_regression(positions, totals)
        residuals = [y - (intercept + slope * x) for x, y in zip(positions, totals, strict=True)]
        spread = math.sqrt(sum(r * r for r in residuals) / (recorded - 2))
    mean_position = statistics.fmean(positions)
    squares = sum((x - mean_position) ** 2 for x in positions)

    rows: dict[AreaKey, list[Projection]] = {key: [] for key in shares}
    for h in range(1, years + 1):
        position = recorded - 1 + h
        grown = (1 + growth) ** h
        line = max(0.0, intercept + slope * position) * grown
        interval = 0.0
        if spread:
            interval = (
                Z_95
                * spread
                * grown
                * math.sqrt(1 + 1 / recorded + (position - mean_position) ** 2 / squares)
            )
        for key, share in shares.items():
            forecast = line * share
            half_width = max(interval * share, Z_95 * math.sqrt(forecast))
            rows[key].append(
                Projection(
                    _whole(forecast),
                    _whole(max(0.0, forecast - half_width)),
                    _whole(forecast + half_width),
                )
            )
    return Projected(rows, authority_rate)


def _decile_rates(
    yearly: list[tuple[float, Counter[Category]]], children: Counter[Category]
) -> dict[Category, float]:
    """Each category's count a year per child, over the years in which any family's area
    is known, with those whose area is not known shared out in each year's proportions."""
    used = [
        (coverage, counts)
        for coverage, counts in yearly
        if any(n for category, n in counts.items() if category is not AREA_UNKNOWN)
    ]
    per_year: Counter[Category] = Counter()
    for coverage, counts in used:
        known = sum(n for category, n in counts.items() if category is not AREA_UNKNOWN)
        scale = sum(counts.values()) / known / coverage
        for category, n in counts.items():
            if category is not AREA_UNKNOWN:
                per_year[category] += n * scale / len(used)
    return {
        category: per_year[category] / children[category] if children.get(category) else 0.0
        for category in per_year
    }


def _expected(rates: dict[Category, float], children: Counter[Category]) -> float:
    """The count a year expected from these children at these rates."""
    return sum(rates.get(category, 0.0) * n for category, n in children.items())


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
        for name, years in [*forecast.districts.items(), (NO_DISTRICT, forecast.no_district)]
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
