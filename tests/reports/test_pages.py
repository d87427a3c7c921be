"""The reporting pages: who sees them, and that the chart, the table, the downloads, the
PDF pack and the command line all give the same figures for the same filters."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from earlyhelp.accounts.models import District
from tests.reports.helpers import triages_in_2020

FILTERS = {"date_from": "2020-04-01", "date_to": "2020-09-30"}


@pytest.fixture
def figures(demo):  # type: ignore[no-untyped-def]
    triages_in_2020()


def table_rows(html: str) -> dict[str, list[str]]:
    """The first table's rows: row heading -> cells."""
    table = html[html.index("<table") : html.index("</table>")]
    rows = {}
    for heading, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table, re.S):
        rows[heading.strip()] = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
    return rows


def cli_table1(*extra: str) -> dict:
    out = io.StringIO()
    call_command(
        "report", "table1", "--from", "2020-04-01", "--to", "2020-09-30", *extra,
        "--format", "json", stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["analyst", "manager", "admin"])
def test_analysts_managers_and_administrators_see_the_reports(signed_in, persona):
    response = signed_in(persona).get("/reports/", FILTERS)
    assert response.status_code == 200
    assert b"Triage bands at assessment and closure" in response.content
    assert b"Download the scrutiny pack" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["practitioner", "fsw", "tso", "frontdoor"])
def test_practitioners_cannot_see_reports(signed_in, persona):
    client = signed_in(persona)
    for url in (
        "/reports/",
        "/reports/table1/",
        "/reports/table1.csv",
        "/reports/scrutiny-pack.pdf",
    ):
        assert client.get(url, FILTERS).status_code == 403, url
    assert b'href="/reports/"' not in client.get("/dashboard/").content


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/reports/table1/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("district", [None, "Malvern Hills"])
def test_the_table1_page_agrees_with_the_command_line(signed_in, figures, district):
    query = dict(FILTERS)
    extra: tuple[str, ...] = ()
    if district:
        found = District.objects.get(name=district)
        query["district"] = str(found.pk)
        extra = ("--district", found.ons_code)
    expected = cli_table1(*extra)

    html = signed_in("analyst").get("/reports/table1/", query).content.decode()

    rows = table_rows(html)
    for band in ("blue", "green", "yellow", "orange", "red"):
        heading = next(h for h in rows if h.startswith(f"Triages with {band}"))
        cells = rows[heading]
        for stage, count_cell, percent_cell in (("assessment", 0, 1), ("closure", 2, 3)):
            shown = expected[stage]["bands"][band]
            assert cells[count_cell] == str(shown["count"])
            if shown["percent"] is not None:
                assert cells[percent_cell] == f"{shown['percent']:.1f}%"
                assert f"{stage.title()} {shown['percent']:.1f}%" in html  # the chart says so
        assert cells[4] == expected["difference"][band]["summary"]
    assert rows["Triages completed"][0] == str(expected["assessment"]["triages"])


@pytest.mark.django_db
def test_the_figures_download_as_csv_and_xlsx(signed_in, figures):
    client = signed_in("analyst")
    csv_text = client.get("/reports/outcomes.csv", FILTERS).content.decode()
    assert "Outcome,Count,%,Previous period,%" in csv_text
    assert "Closed positively,1,50.0%,0," in csv_text
    assert "Escalated to children's social care,1,50.0%,0," in csv_text

    response = client.get("/reports/table1.xlsx", FILTERS)
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Triages completed"][0] == 3 and rows["Triages completed"][2] == 2


@pytest.mark.django_db
def test_the_scrutiny_pack_is_a_pdf_with_every_report(signed_in, figures):
    response = signed_in("manager").get("/reports/scrutiny-pack.pdf", FILTERS)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    for title in (
        "Triage bands at assessment and closure",
        "Early Help Pathway outcomes",
        "Family Support Worker interventions",
        "Workforce training",
    ):
        assert title in text
    assert "3 triages completed at assessment and 2 at closure" in text
    assert "1 April 2020 to 30 September 2020" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2020-09-30", "date_to": "2020-04-01"}, "must be the same as or after"),
        ({"date_from": "not a date", "date_to": "2020-04-01"}, "Enter the from date as"),
        ({**FILTERS, "district": "999999"}, "Choose a district from the list"),
        (
            {"date_from": "9999-06-01", "date_to": "9999-12-31"},
            "The from date must be the same as or before 31 December",
        ),
        (
            {"date_from": "0001-01-01", "date_to": "2020-09-30"},
            "The from date must be the same as or after 1 January 2000",
        ),
    ],
)
def test_bad_filters_get_an_error_summary(signed_in, query, message):
    client = signed_in("analyst")
    for url in ("/reports/", "/reports/table1/"):
        response = client.get(url, query)
        assert response.status_code == 400, url
        assert b"govuk-error-summary" in response.content and message.encode() in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["issue-codes", "outcomes", "targeted-support", "interventions", "support-line", "training"],
)
def test_every_report_prints_on_the_command_line(figures, name):
    out = io.StringIO()
    call_command(
        "report", name, "--from", "2020-04-01", "--to", "2020-09-30", "--format", "json",
        stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["report"] == name and data["from"] == "2020-04-01"
    if name == "outcomes":
        assert data["total"] == 2 and data["escalation_rate_percent"] == 50.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2020-13-01", "--to", "2020-09-30"], "is not a date"),
        (["--from", "2020-09-30", "--to", "2020-04-01"], "must end on or after"),
        (["--from", "9999-06-01", "--to", "9999-12-31"], "outside the dates reports cover"),
        (["--from", "2020-04-01", "--to", "2020-09-30", "--district", "Atlantis"], "No district"),
        (["--from", "2020-04-01", "--to", "2020-09-30", "--authority", "nowhere"], "No authority"),
    ],
)
def test_bad_report_arguments_are_refused_with_exit_code_2(demo, arguments, message):
    with pytest.raises(CommandError) as refused:
        call_command("report", "table1", *arguments, stdout=io.StringIO())
    assert refused.value.returncode == 2 and message in str(refused.value)
