"""Rates of requests, pathways and step-ups per 1,000 children by the deprivation (IMD
decile) of the family's area, from the service's own records for a period."""

from collections import Counter
from dataclasses import dataclass

from earlyhelp.accounts.models import Authority
from earlyhelp.planning import selectors
from earlyhelp.planning.selectors import AREA_UNKNOWN, MEASURES, NO_DISTRICT, Category
from earlyhelp.reports.definitions import Period
from earlyhelp.reports.exports import Table

MEASURE_NAMES = {
    "requests": "Requests for support",
    "pathways": "Pathways opened",
    "escalations": "Step-ups to social care",
}


def per_thousand(count: float, children: int | None) -> float | None:
    return None if not children else round(1000 * count / children, 1)


@dataclass(frozen=True)
class RateRow:
    category: Category | str  # "all" for the total
    label: str
    children: int | None  # None where there is no population to divide by
    counts: dict[str, int]

    def rate(self, measure: str) -> float | None:
        return per_thousand(self.counts[measure], self.children)


@dataclass(frozen=True)
class DecileRates:
    period: Period
    population_year: int | None
    rows: list[RateRow]
    total: RateRow


def rates_by_decile(authority: Authority, period: Period) -> DecileRates:
    """Every decile's children and counts in the period, with the area-unknown row when any
    family has no area, and the total over all of them."""
    year = selectors.population_year_for(authority, period.end.year)
    children = selectors.children_by_decile(authority, year) if year else Counter()
    counts = {
        measure: selectors.counts_by_category(authority, measure, period.start, period.end)
        for measure in MEASURES
    }
    rows = [
        RateRow(
            category,
            selectors.category_label(category),
            None if category is AREA_UNKNOWN else children.get(category, 0),
            {measure: counts[measure].get(category, 0) for measure in MEASURES},
        )
        for category in selectors.categories_present(children, *counts.values())
    ]
    total = RateRow(
        "all",
        "All areas",
        sum(children.values()),
        {measure: sum(counts[measure].values()) for measure in MEASURES},
    )
    return DecileRates(period, year, rows, total)


def rates_table(rates: DecileRates) -> Table:
    headings = ["IMD decile", "Children aged 0 to 17"]
    for measure in MEASURES:
        headings += [MEASURE_NAMES[measure], "per 1,000 children"]
    return Table(
        f"Rates per 1,000 children by IMD decile, {rates.period}",
        tuple(headings),
        tuple(_cells(row) for row in [*rates.rows, rates.total]),
    )


def _cells(row: RateRow) -> tuple[object, ...]:
    cells: list[object] = [row.label, "" if row.children is None else row.children]
    for measure in MEASURES:
        rate = row.rate(measure)
        cells += [row.counts[measure], "" if rate is None else f"{rate:.1f}"]
    return tuple(cells)


def population_table(authority: Authority, year: int | None) -> Table:
    """Children by district, and how many live in the 30% most deprived areas."""
    rows = []
    by_district = selectors.children_by_district_and_decile(authority, year) if year else {}
    names = [(district.pk, district.name) for district in selectors.districts_of(authority)]
    if by_district.get(None):
        names.append((None, NO_DISTRICT))
    for pk, name in names:
        children = by_district.get(pk, Counter())
        everyone = sum(children.values())
        deprived = sum(children.get(decile, 0) for decile in (1, 2, 3))
        share = f"{100 * deprived / everyone:.1f}%" if everyone else ""
        rows.append((name, everyone, deprived, share))
    return Table(
        f"Children aged 0 to 17 by district, mid-{year}" if year else "Children by district",
        ("District", "Children aged 0 to 17", "In the 30% most deprived areas", "Share"),
        tuple(rows),
    )
