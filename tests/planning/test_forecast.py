"""The demand forecast, the rates by deprivation and the cost-avoidance estimate on a small
dataset worked out by hand (see conftest.py), through the command line where there is one."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.planning.costs import cost_avoidance
from earlyhelp.planning.forecast import forecast_for
from earlyhelp.planning.rates import rates_by_decile
from earlyhelp.reports.definitions import Period
from tests.planning.conftest import AS_OF


def forecast_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("forecast", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_forecast_by_district_matches_the_method_worked_by_hand(small_authority) -> None:
    # Pathways a year 40, 60, 56 (8 of the last with no area, shared out 40:8 over the
    # deciles): decile 1 runs at 42.2 and decile 10 at 9.8 a year per 2,000 children, so the
    # North expects 30.9 a year and the South 21.1. The least-squares line is 44 + 8x, so
    # next year (x = 3) is 68 against the mean of 52; the residuals (-4, 8, -4) give a
    # spread of sqrt(96), and the 95% interval 1.96 * sqrt(96) * sqrt(1 + 1/3 + 4/2) = 35.1,
    # shared by size (North 30.9/52 of it). Requests are level (10 a year, all in the
    # North's deprived area), so only chance spreads them: 1.96 * sqrt(5).
    data = forecast_json("--authority", "testshire", "--as-of", AS_OF.isoformat())

    assert data["authority"] == "testshire"
    assert data["child_population_year"] == 2025
    assert [row["pathways"] for row in data["recorded_years"]] == [40, 60, 56]
    north, south = data["districts"]["North"], data["districts"]["South"]
    assert [row["year"] for row in north] == [2027, 2028, 2029, 2030, 2031]
    assert (north[0]["from"], north[0]["to"]) == ("2026-04-01", "2027-03-31")
    assert north[0]["pathways"] == {"forecast": 40, "low": 20, "high": 61}
    assert south[0]["pathways"] == {"forecast": 28, "low": 13, "high": 42}
    assert data["total"][0]["pathways"] == {"forecast": 68, "low": 33, "high": 103}
    assert north[4]["pathways"] == {"forecast": 59, "low": 9, "high": 110}
    assert data["total"][4]["pathways"] == {"forecast": 100, "low": 16, "high": 184}
    assert north[0]["requests"] == {"forecast": 5, "low": 1, "high": 9}
    assert data["total"][4]["requests"] == {"forecast": 10, "low": 4, "high": 16}


def test_cost_avoided_is_the_forecast_pathways_at_the_stated_ratio(small_authority) -> None:
    forecast = forecast_for(small_authority.authority, years=1, as_of=AS_OF)

    [year] = cost_avoidance(forecast, unit_cost=Decimal("2500"), avoided_per_pound=Decimal("3"))

    assert year.spend == 68 * 2500
    assert (year.avoided, year.avoided_low, year.avoided_high) == (
        68 * 7500,
        33 * 7500,
        103 * 7500,
    )


@pytest.mark.parametrize(
    "args",
    [("--years", "0"), ("--years", "five"), ("--growth", "lots"), ("--as-of", "2026-13-01")],
)
def test_forecast_refuses_bad_input_in_one_line(small_authority, args) -> None:
    with pytest.raises(CommandError) as caught:
        forecast_json("--authority", "testshire", *args)
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)


def test_rates_per_thousand_children_by_decile_count_unknown_areas(small_authority) -> None:
    rates = rates_by_decile(
        small_authority.authority,
        Period(datetime.date(2025, 4, 1), datetime.date(2026, 4, 30)),
    )

    rows = {row.label: row for row in rates.rows}
    deprived, least, unknown = (
        rows["1 (most deprived)"],
        rows["10 (least deprived)"],
        rows["Area unknown"],
    )
    assert (deprived.children, least.children, unknown.children) == (2000, 2000, None)
    assert (deprived.counts["pathways"], deprived.rate("pathways")) == (40, 20.0)
    assert (least.counts["pathways"], least.rate("pathways")) == (8, 4.0)
    assert unknown.counts == {"requests": 0, "pathways": 8, "escalations": 1}
    assert (deprived.counts["requests"], deprived.rate("requests")) == (10, 5.0)
    assert (deprived.counts["escalations"], deprived.rate("escalations")) == (2, 1.0)
    assert rows["5"].counts == {"requests": 0, "pathways": 0, "escalations": 0}
    assert rates.total.counts == {"requests": 10, "pathways": 56, "escalations": 3}
    assert rates.total.rate("pathways") == 14.0
