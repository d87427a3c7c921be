"""The planning page: only analysts, managers and administrators; bad input gets the error
summary; each CSV download holds exactly the table the page shows."""

import csv
import io
import re
from collections import Counter
from html import unescape

from earlyhelp.demo.population import seed_population
from earlyhelp.places.models import Area


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


def test_bad_input_gets_the_error_summary(signed_in) -> None:
    response = signed_in("manager").get("/planning/", {"years": "50", "unit_cost": "free"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter from 1 to 10 years ahead" in html
    assert "Enter the cost of a pathway in pounds, like 2500" in html
    assert 'href="#id_unit_cost"' in html and 'id="id_unit_cost"' in html  # the link lands
