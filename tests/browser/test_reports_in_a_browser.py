"""A manager reads the scrutiny figures in a real browser: the period from the date
fields, a report's chart and table, its CSV download, and the error for a wrong period."""

import csv
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.reports.helpers import triages_in_2020

pytestmark = pytest.mark.django_db(transaction=True)
TABLE1 = "Triage bands at assessment and closure"
CHART = "Share of triages with an issue in each band"
# What the triages below count to: band -> (assessment count, %, closure count, %).
EXPECTED = {
    "blue": ("1", "33.3%", "1", "50.0%"),
    "green": ("0", "0.0%", "1", "50.0%"),
    "yellow": ("2", "66.7%", "0", "0.0%"),
    "orange": ("2", "66.7%", "1", "50.0%"),
    "red": ("0", "0.0%", "0", "0.0%"),
}


def choose_period(page: Page, start: str, end: str) -> None:
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("To", exact=True).fill(end)
    page.get_by_role("button", name="Show figures").click()


def band_rows(rows: list[list[str]]) -> dict[str, list[str]]:
    """The band rows of the first table among `rows`: band -> the cells after the heading
    (the authority names its bands, as in "yellow (universal plus)")."""
    found: dict[str, list[str]] = {}
    for row in rows:
        matched = re.match(r"Triages with (\w+)", row[0]) if row else None
        if matched:
            found.setdefault(matched.group(1), row[1:])
    return found


def test_a_manager_reads_the_triage_bands_as_chart_table_and_csv(seeded, live_server, page):
    triages_in_2020()
    base = live_server.url
    sign_in(page, base, "manager@demo.earlyhelp.test")

    page.goto(f"{base}/reports/")
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    choose_period(page, "2020-04-01", "2020-09-30")
    expect(page).to_have_url(re.compile(r"date_from=2020-04-01&date_to=2020-09-30"))
    expect(page.get_by_role("heading", name=re.compile(r"^1 April 2020"))).to_be_visible()
    page.get_by_role("link", name=TABLE1).click()

    expect(page.get_by_role("heading", name=TABLE1, level=1)).to_be_visible()
    expect(page.get_by_label("From", exact=True)).to_have_value("2020-04-01")
    expect(page.get_by_label("To", exact=True)).to_have_value("2020-09-30")
    chart = page.get_by_role("img", name=CHART)
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(CHART)
    expect(chart).to_have_accessible_description(re.compile("Assessment 66.7%"))
    expect(chart.locator("desc")).to_contain_text("Assessment 66.7%, Closure 0.0%")

    table = page.get_by_role("table", name=re.compile(rf"^{TABLE1}"))
    shown = []
    for row in table.locator("tbody tr").all():
        shown.append([row.locator("th").inner_text(), *row.locator("td").all_inner_texts()])
    assert {band: cells[:4] for band, cells in band_rows(shown).items()} == {
        band: list(counts) for band, counts in EXPECTED.items()
    }
    completed = next(cells for cells in shown if cells[0] == "Triages completed")
    assert (completed[1], completed[3]) == ("3", "2")

    with page.expect_download() as downloading:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = downloading.value
    assert download.suggested_filename == "table1-2020-04-01-to-2020-09-30.csv"
    text = download.path().read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert {band: cells[:4] for band, cells in band_rows(rows).items()} == {
        band: list(counts) for band, counts in EXPECTED.items()
    }
    assert ["Triages completed", "3", "", "2", "", ""] in rows


def test_a_period_that_ends_before_it_starts_is_an_error(seeded, live_server, page):
    base = live_server.url
    sign_in(page, base, "manager@demo.earlyhelp.test")

    page.goto(f"{base}/reports/")
    choose_period(page, "2020-09-30", "2020-04-01")

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    message = "The to date must be the same as or after the from date"
    link = summary.get_by_role("link", name=message)
    expect(link).to_have_attribute("href", "#id_date_to")
    expect(page.locator(".govuk-error-message")).to_contain_text(message)
    expect(page.get_by_role("link", name=TABLE1)).to_have_count(0)
    link.click()
    expect(page.get_by_label("To", exact=True)).to_be_focused()
