"""The planning page: only analysts, managers and administrators; bad input gets the error
summary; each CSV download holds exactly the table the page shows."""

import csv
import datetime
import io
import re
from collections import Counter
from html import unescape

from django.utils import timezone

from earlyhelp.demo.population import seed_population
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus
from earlyhelp.people.models import Family
from earlyhelp.places.models import Area
from earlyhelp.planning.forecast import add_months
from tests.conftest import demo_user


def page_table(html: str, caption_start: str) -> list[list[str]]:
    """The rows (headings first) of the table whose caption starts with the text."""
    for table in re.findall(r"<table.*?</table>", html, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        if caption and unescape(caption.group(1)).strip().startswith(caption_start):
            return [
                [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
                for cells in (
                    re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                    for row in re.findall(r"<tr.*?</tr>", table, re.S)
                )
            ]
    raise AssertionError(f"no table captioned {caption_start!r}")


def test_a_practitioner_is_refused(signed_in) -> None:
    assert signed_in("practitioner").get("/planning/").status_code == 403


def test_the_analyst_sees_rates_and_the_csv_is_the_same_table(demo, signed_in) -> None:
    seed_population(demo.authority, seed=1)
    client = signed_in("analyst")

    response = client.get("/planning/", {"date_from": "2025-01-01", "date_to": "2025-12-31"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "How the forecast is made" in html
    assert "each £1 spent on Early Help avoids <strong>£3</strong>" in html
    shown = page_table(html, "Rates per 1,000 children by IMD decile")
    download = client.get(
        "/planning/rates.csv", {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    assert download["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(download.content.decode()))) == shown
    assert shown[1][0] == "1 (most deprived)" and int(shown[-1][1]) > 0
    # More children an area where it is more deprived (deciles 1 to 3 against 8 to 10).
    children = [int(row[1]) for row in shown[1:11]]
    areas = Counter(
        Area.objects.filter(authority=demo.authority).values_list("imd_decile", flat=True)
    )
    deprived, least = (range(1, 4), range(8, 11))
    assert sum(children[d - 1] for d in deprived) / sum(areas[d] for d in deprived) > sum(
        children[d - 1] for d in least
    ) / sum(areas[d] for d in least)


def test_the_page_says_when_no_family_area_is_known_and_the_authoritys_rate_is_used(
    demo, signed_in
) -> None:
    seed_population(demo.authority, seed=1)
    team = demo.authority.teams.order_by("name").first()
    family = Family.objects.create(authority=demo.authority, name="No postcode", owning_team=team)
    this_month = timezone.localdate().replace(day=1)
    Pathway.objects.bulk_create(
        Pathway(
            family=family,
            team=team,
            status=PathwayStatus.CLOSED,
            opened_on=add_months(this_month, -months),
            opened_by=demo_user("manager"),
            closed_on=add_months(this_month, -months) + datetime.timedelta(days=20),
            outcome=Outcome.CLOSED_POSITIVELY,
        )
        for months in range(1, 13)
    )

    response = signed_in("manager").get("/planning/")

    assert response.status_code == 200
    html = unescape(response.content.decode())
    method = html[html.index("data-forecast-method") : html.index("</ol>")]
    assert "one rate for the whole authority instead" in method
    assert "pathways opened a year per 1,000 children" in method
    by_district = page_table(html, "Forecast requests and pathways by district")
    pathways_next_year = [int(row[5]) for row in by_district[1:] if row[1] == by_district[1][1]]
    assert len(pathways_next_year) == demo.authority.districts.count()
    assert all(number > 0 for number in pathways_next_year)


def test_bad_input_gets_the_error_summary(signed_in) -> None:
    response = signed_in("manager").get("/planning/", {"years": "50", "unit_cost": "free"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter from 1 to 10 years ahead" in html
    assert "Enter the cost of a pathway in pounds, like 2500" in html
    assert 'href="#id_unit_cost"' in html and 'id="id_unit_cost"' in html  # the link lands


def test_dates_beyond_the_range_get_the_error_summary_not_a_crash(signed_in) -> None:
    client = signed_in("analyst")
    latest = f"31 December {timezone.localdate().year + 1}"
    far_future = {"date_from": "9999-06-01", "date_to": "9999-12-31"}

    for url in ("/planning/", "/planning/rates.csv"):
        response = client.get(url, far_future)
        assert response.status_code == 400, url
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert f"The from date must be the same as or before {latest}" in html
    too_early = client.get("/planning/", {"date_from": "0001-01-01", "date_to": "2025-12-31"})
    assert too_early.status_code == 400
    assert "The from date must be the same as or after 1 January 2000" in too_early.content.decode()
