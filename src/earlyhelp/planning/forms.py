import datetime
from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils import timezone

from earlyhelp.planning.costs import DEFAULT_AVOIDED_PER_POUND
from earlyhelp.planning.forecast import GROWTH_LIMIT_PERCENT, MOST_YEARS_AHEAD, add_months
from earlyhelp.reports.forms import PeriodForm

MOST_UNIT_COST = Decimal("1000000")
MOST_AVOIDED_PER_POUND = Decimal("100")


def last_twelve_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The 12 whole months to the end of last month."""
    this_month = (today or timezone.localdate()).replace(day=1)
    return add_months(this_month, -12), this_month - datetime.timedelta(days=1)


class PlanningForm(PeriodForm):
    """Everything the planning page can be asked, by GET: the period of the rates, the
    forecast's horizon and growth assumption, and the cost-avoidance assumptions."""

    years = forms.IntegerField(
        label="Years ahead",
        min_value=1,
        max_value=MOST_YEARS_AHEAD,
        error_messages={
            "required": "Enter how many years ahead to forecast",
            "invalid": "Enter the years ahead as a whole number, like 5",
            "min_value": f"Enter from 1 to {MOST_YEARS_AHEAD} years ahead",
            "max_value": f"Enter from 1 to {MOST_YEARS_AHEAD} years ahead",
        },
    )
    growth = forms.DecimalField(
        label="Yearly growth in the number of children (%)",
        help_text="0 holds the latest mid-year estimate flat",
        min_value=-Decimal(str(GROWTH_LIMIT_PERCENT)),
        max_value=Decimal(str(GROWTH_LIMIT_PERCENT)),
        decimal_places=1,
        error_messages={
            "required": "Enter the yearly growth in the number of children, or 0",
            "invalid": "Enter the yearly growth as a number, like 0.5",
            "min_value": f"Enter a growth from -{GROWTH_LIMIT_PERCENT:g}% to "
            f"{GROWTH_LIMIT_PERCENT:g}%",
            "max_value": f"Enter a growth from -{GROWTH_LIMIT_PERCENT:g}% to "
            f"{GROWTH_LIMIT_PERCENT:g}%",
            "max_decimal_places": "Enter the growth to one decimal place at most",
        },
    )
    unit_cost = forms.DecimalField(
        label="Average cost of an Early Help pathway (£)",
        help_text="For example, the service's yearly budget divided by the pathways it opens "
        "in a year",
        required=False,
        min_value=Decimal("1"),
        max_value=MOST_UNIT_COST,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the cost of a pathway in pounds, like 2500",
            "min_value": "Enter a cost of at least £1",
            "max_value": f"Enter a cost of at most £{MOST_UNIT_COST:,}",
            "max_decimal_places": "Enter the cost in pounds and pence at most",
        },
    )
    avoided_per_pound = forms.DecimalField(
        label="Later statutory cost avoided for each £1 spent on Early Help (£)",
        min_value=Decimal("0"),
        max_value=MOST_AVOIDED_PER_POUND,
        decimal_places=2,
        error_messages={
            "required": "Enter the cost avoided for each £1, like 3",
            "invalid": "Enter the cost avoided for each £1 as a number, like 3",
            "min_value": "Enter a cost avoided of £0 or more",
            "max_value": f"Enter a cost avoided of at most £{MOST_AVOIDED_PER_POUND}",
            "max_decimal_places": "Enter the cost avoided in pounds and pence at most",
        },
    )

    def __init__(self, data: QueryDict, today: datetime.date | None = None) -> None:
        super().__init__(
            data,
            last_twelve_months(today),
            today,
            years="5",
            growth="0",
            avoided_per_pound=str(DEFAULT_AVOIDED_PER_POUND),
        )
