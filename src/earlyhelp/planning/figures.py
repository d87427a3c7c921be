"""Everything the planning page shows, built once from the form's answers: each table
(the page and its CSV print the same one) and the charts beside them."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from earlyhelp.accounts.models import Authority
from earlyhelp.planning import charts, costs, rates
from earlyhelp.planning import forecast as demand
from earlyhelp.planning.selectors import DECILES, MEASURES
from earlyhelp.reports.charts import Drawing
from earlyhelp.reports.definitions import Period
from earlyhelp.reports.exports import Table

# The tables by key; each downloads at planning/<key with hyphens>.csv.
TABLE_NAMES = ("rates", "population", "forecast", "forecast_by_district", "cost_avoidance")


@dataclass
class PlanningFigures:
    period: Period
    rates: rates.DecileRates
    tables: dict[str, Table] = field(default_factory=dict)
    drawings: dict[str, Drawing] = field(default_factory=dict)
    forecast: demand.Forecast | None = None
    forecast_unavailable: str = ""
    unit_cost: Decimal | None = None
    avoided_per_pound: Decimal = costs.DEFAULT_AVOIDED_PER_POUND


def build(authority: Authority, answers: dict, today: datetime.date) -> PlanningFigures:
    period = Period(answers["date_from"], answers["date_to"])
    by_decile = rates.rates_by_decile(authority, period)
    figures = PlanningFigures(
        period,
        by_decile,
        unit_cost=answers.get("unit_cost"),
        avoided_per_pound=answers["avoided_per_pound"],
    )
    figures.tables["rates"] = rates.rates_table(by_decile)
    figures.drawings["rates"] = _rates_drawing(by_decile)
    figures.tables["population"] = rates.population_table(authority, by_decile.population_year)
    try:
        figures.forecast = demand.forecast_for(
            authority,
            years=answers["years"],
            as_of=today,
            growth_percent=float(answers["growth"]),
        )
    except demand.ForecastUnavailable as reason:
        figures.forecast_unavailable = str(reason)
        return figures
    figures.tables["forecast"] = demand.totals_table(figures.forecast)
    figures.tables["forecast_by_district"] = demand.districts_table(figures.forecast)
    figures.drawings["forecast"] = _forecast_drawing(figures.forecast)
    if figures.unit_cost is not None:
        years = costs.cost_avoidance(figures.forecast, figures.unit_cost, figures.avoided_per_pound)
        figures.tables["cost_avoidance"] = costs.cost_table(
            years, figures.unit_cost, figures.avoided_per_pound
        )
    return figures


def _rates_drawing(by_decile: rates.DecileRates) -> Drawing:
    rows = [row for row in by_decile.rows if row.category in DECILES]
    return charts.draw_values(
        f"Per 1,000 children by IMD decile, {by_decile.period}",
        [f"Decile {row.label}" for row in rows],
        [(rates.MEASURE_NAMES[m], [row.rate(m) for row in rows]) for m in MEASURES],
    )


def _forecast_drawing(result: demand.Forecast) -> Drawing:
    categories = [
        f"{demand.period_label(row.start, row.end)} (recorded)" for row in result.recorded
    ]
    categories += [demand.period_label(row.start, row.end) for row in result.total]
    series: list[tuple[str, list[float | None]]] = []
    labels = []
    for measure in demand.FORECAST_MEASURES:
        values: list[float | None] = [row.total(measure) for row in result.recorded]
        texts = [f"{row.total(measure):,.0f}" for row in result.recorded]
        for row in result.total:
            projection = row.measures[measure]
            values.append(projection.forecast)
            texts.append(f"{projection.forecast:,} ({projection.low:,} to {projection.high:,})")
        series.append((demand.MEASURE_TITLES[measure], values))
        labels.append(texts)
    return charts.draw_values(
        f"Requests and pathways a year in {result.authority}, recorded and forecast",
        categories,
        series,
        labels=labels,
    )
