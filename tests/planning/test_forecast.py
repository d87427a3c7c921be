"""The demand forecast, the rates by deprivation and the cost-avoidance estimate on a small
dataset worked out by hand (see conftest.py), through the command line where there is one."""

import datetime
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.people.models import Family
from earlyhelp.places.models import Area
from earlyhelp.planning.costs import cost_avoidance
from earlyhelp.planning.forecast import TOTAL, Projection, forecast_for, project
from earlyhelp.planning.models import ChildPopulation
from earlyhelp.planning.rates import rates_by_decile
from earlyhelp.planning.selectors import AREA_UNKNOWN
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


def test_with_no_family_area_known_the_whole_authoritys_rate_shares_out_the_forecast(
    small_authority,
) -> None:
    # As where no postcode file is held: every family's area unknown. The line is still
    # 44 + 8x (68 next year) and the authority's 4,000 children ran at 52 pathways a year,
    # 13.0 per 1,000; the North holds 3,000 of them (51 of the 68), the South 1,000 (17).
    # The interval (35.1) is shared the same way: the North's 26.3, the South's 8.8.
    # Requests: 10 a year, 2.5 per 1,000 children, 7.5 and 2.5 (halves round up).
    Family.objects.filter(authority=small_authority.authority).update(area=None)

    data = forecast_json("--authority", "testshire", "--as-of", AS_OF.isoformat())

    north, south = data["districts"]["North"], data["districts"]["South"]
    assert north[0]["pathways"] == {"forecast": 51, "low": 25, "high": 77}
    assert south[0]["pathways"] == {"forecast": 17, "low": 8, "high": 26}
    assert data["total"][0]["pathways"] == {"forecast": 68, "low": 33, "high": 103}
    assert north[0]["requests"] == {"forecast": 8, "low": 2, "high": 13}
    assert south[0]["requests"] == {"forecast": 3, "low": 0, "high": 6}
    assert data["rates_by"] == {"requests": "whole authority", "pathways": "whole authority"}
    assert "one rate for the whole authority instead" in data["method"][1]
    assert "13.0 pathways opened a year per 1,000 children" in data["method"][1]
    assert "2.5 requests for support a year per 1,000 children" in data["method"][1]


def test_children_in_areas_in_no_district_have_a_row_and_the_total_keeps_them(
    small_authority,
) -> None:
    # 1,000 more children in a deprived area no district holds: decile 1 runs at 42.2 a
    # year per 3,000 children now, so the North expects 14.1 + 9.8 = 23.9 a year, the South
    # 14.1 and the areas in no district 14.1; together the 52 a year recorded. Next year's
    # 68 is shared the same way (31.2, 18.4, 18.4); left out, the total would shrink to 50.
    area = Area.objects.create(
        code="E01990104",
        name="Nowhere 001A",
        authority=small_authority.authority,
        district=None,
        boundary="{}",
        centroid_latitude=52.305,
        centroid_longitude=-2.005,
        min_latitude=52.3,
        max_latitude=52.31,
        min_longitude=-2.01,
        max_longitude=-2.0,
        imd_decile=1,
    )
    ChildPopulation.objects.create(area=area, year=2025, age=0, count=1000)

    data = forecast_json("--authority", "testshire", "--as-of", AS_OF.isoformat())

    assert data["districts"]["North"][0]["pathways"] == {"forecast": 31, "low": 15, "high": 47}
    assert data["districts"]["South"][0]["pathways"] == {"forecast": 18, "low": 9, "high": 28}
    assert data["areas_in_no_district"][0]["pathways"] == {"forecast": 18, "low": 9, "high": 28}
    assert data["total"][0]["pathways"] == {"forecast": 68, "low": 33, "high": 103}
    assert data["rates_by"] == {"requests": "IMD decile", "pathways": "IMD decile"}


def test_a_year_with_no_area_known_is_left_out_of_the_rates_but_not_the_level() -> None:
    # Two years, so no line: the forecast holds their average, 45. The first year places
    # nobody, so the rates come from the second alone (40 in decile 1, 20 in decile 10, a
    # year per 1,000 children): A expects two thirds of the 45, B one third. Only chance
    # spreads them: 1.96 times the square root of each.
    projected = project(
        [(1.0, Counter({AREA_UNKNOWN: 30})), (1.0, Counter({1: 40, 10: 20}))],
        Counter({1: 1000, 10: 1000}),
        {"A": Counter({1: 1000}), "B": Counter({10: 1000})},
        years=1,
        growth=0.0,
    )

    assert projected.authority_rate is None
    assert projected.rows["A"] == [Projection(30, 19, 41)]
    assert projected.rows["B"] == [Projection(15, 7, 23)]
    assert projected.rows[TOTAL] == [Projection(45, 32, 58)]


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
    [
        ("--years", "0"),
        ("--years", "five"),
        ("--growth", "lots"),
        ("--as-of", "2026-13-01"),
        ("--as-of", "9999-12-01"),
    ],
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
