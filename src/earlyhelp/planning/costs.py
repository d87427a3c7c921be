"""What the forecast pathways might avoid in later statutory costs, by an assumption the
person reading it can see and change: each £1 spent on Early Help avoids £N later."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from earlyhelp.planning.forecast import Forecast, Projection, period_label
from earlyhelp.reports.exports import Table

DEFAULT_AVOIDED_PER_POUND = Decimal("3")
RATIO_SOURCE = (
    "BCP Council's scrutiny report on its Early Help system (March 2024, paragraph 9.1) "
    "cites the Early Intervention Foundation's analysis The cost of late intervention "
    "(2016): for every £1 spent on Early Help, £3 is saved on higher-cost services and "
    "interventions. Worcestershire's Health and Wellbeing Board paper (May 2015) asks for "
    "consistent financial projections based on forecast demand."
)


@dataclass(frozen=True)
class CostYear:
    label: str
    pathways: Projection
    spend: Decimal  # forecast pathways times the unit cost
    avoided: Decimal
    avoided_low: Decimal
    avoided_high: Decimal


def cost_avoidance(
    forecast: Forecast, unit_cost: Decimal, avoided_per_pound: Decimal
) -> list[CostYear]:
    """For each forecast year: the Early Help spend on the pathways forecast, and the later
    statutory cost it avoids at the ratio given (with the pathways' low and high)."""
    years = []
    for row in forecast.total:
        pathways = row.measures["pathways"]
        years.append(
            CostYear(
                period_label(row.start, row.end),
                pathways,
                _pounds(pathways.forecast * unit_cost),
                _pounds(pathways.forecast * unit_cost * avoided_per_pound),
                _pounds(pathways.low * unit_cost * avoided_per_pound),
                _pounds(pathways.high * unit_cost * avoided_per_pound),
            )
        )
    return years


def cost_table(years: list[CostYear], unit_cost: Decimal, avoided_per_pound: Decimal) -> Table:
    return Table(
        f"Later statutory cost avoided, at {money(unit_cost)} a pathway and "
        f"£1 : {money(avoided_per_pound, pence=True)}",
        (
            "12 months",
            "Pathways forecast",
            "Early Help spend",
            "Cost avoided",
            "low",
            "high",
        ),
        tuple(
            (
                year.label,
                year.pathways.forecast,
                money(year.spend),
                money(year.avoided),
                money(year.avoided_low),
                money(year.avoided_high),
            )
            for year in years
        ),
    )


def money(amount: Decimal, *, pence: bool = False) -> str:
    if pence and amount != amount.to_integral_value():
        return f"£{amount:,.2f}"
    return f"£{amount:,.0f}"


def _pounds(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
