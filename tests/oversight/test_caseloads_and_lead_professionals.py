"""Caseloads now and month by month on a known dataset, and the Lead Professionals list,
whose CSV download matches the page."""

import csv
import datetime
import html
import io
import re

from earlyhelp.accounts.models import District
from earlyhelp.oversight.caseloads import caseloads_over_time, month_ends
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus
from earlyhelp.people.models import FamilyMember, Person, Relationship
from earlyhelp.support.models import FswIntervention
from tests.conftest import demo_user, sign_in
from tests.oversight.helpers import intervention, pathway
from tests.oversight.test_work_pages_and_digest import MALVERN_TEAM

D = datetime.date


def led(name: str, lead: str, opened_on: datetime.date, closed_on: datetime.date | None = None,
        team: str | None = None) -> Pathway:  # fmt: skip
    extra = {"team": team} if team else {}
    opened = pathway(name, consent_on=opened_on, lead=lead, **extra)
    if closed_on:
        opened.status, opened.outcome = PathwayStatus.CLOSED, Outcome.CLOSED_POSITIVELY
        opened.closed_on, opened.closed_by = closed_on, demo_user("fsw")
        opened.save()
    return opened


def allocated(name: str, children: list[Person], **dates: datetime.date) -> FswIntervention:
    work = intervention(name, **dates)
    for child in children:
        FamilyMember.objects.create(
            family=work.family, person=child, relationship=Relationship.CHILD
        )
    work.children.set(children)
    return work


def child(first: str) -> Person:
    return Person.objects.create(
        authority=demo_user("fsw").authority, first_name=first, last_name="Hill",
        date_of_birth=D(2016, 1, 1),
    )  # fmt: skip


def known_caseloads() -> None:
    # The school practitioner led one pathway last summer and leads one since February.
    led("Hill family", "practitioner", D(2025, 5, 1), closed_on=D(2025, 9, 10))
    led("Vale family", "practitioner", D(2026, 2, 14))
    led("Cole family", "fsw", D(2026, 5, 31))
    led("Marsh family", "practitioner2", D(2026, 1, 5), team=MALVERN_TEAM)
    # The FSW: two children from January to 20 April, and (one the same) two since March.
    a, b, c = child("Amy"), child("Ben"), child("Cara")
    allocated("Stone family", [a, b], allocated_on=D(2026, 1, 10), started_on=D(2026, 1, 15),
              ended_on=D(2026, 4, 20))  # fmt: skip
    allocated("Reed family", [b, c], allocated_on=D(2026, 3, 5))


def test_caseloads_month_by_month_and_now_against_the_target(demo, client):
    known_caseloads()
    practitioner, fsw = demo_user("practitioner"), demo_user("fsw")

    as_of = D(2026, 6, 15)
    days, rows = caseloads_over_time([practitioner, fsw], as_of)
    assert days[0] == D(2025, 7, 31) and days[-2] == D(2026, 5, 31) and days[-1] == as_of
    assert len(month_ends(as_of)) == 12
    by_worker = {row.worker.email.split("@")[0]: row for row in rows}
    #                                               Jul Aug Sep Oct Nov Dec Jan Feb Mar Apr May Jun
    assert by_worker["practitioner"].open_pathways == [1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert by_worker["practitioner"].children_allocated is None  # not an FSW
    assert by_worker["fsw"].open_pathways == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert by_worker["fsw"].children_allocated == [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2, 2]

    demo.authority.fsw_allocation_target = 1
    demo.authority.save()
    page = sign_in(client, "manager").get("/monitoring/caseloads/").content.decode()
    bromsgrove = page.split('data-team="Bromsgrove Early Help Family Support"')[1].split(
        "</tbody>"
    )[0]
    fsw_row = bromsgrove.split(f'data-worker="{fsw.email}"')[1].split("</tr>")[0]
    assert re.search(r"data-led>1<", fsw_row) and "2 of 1: over target" in fsw_row
    practitioner_row = bromsgrove.split(f'data-worker="{practitioner.email}"')[1].split("</tr>")[0]
    assert "data-led>1<" in practitioner_row and " of 1" not in practitioner_row
    assert "1 over target" in page
    assert "practitioner2@" not in page and MALVERN_TEAM not in page  # another district's


def table_rows(page: str) -> list[list[str]]:
    rows = re.findall(r"<tr [^>]*data-lead-professional>(.*?)</tr>", page, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in row] for row in cells]


def test_the_lead_professionals_csv_matches_the_page(demo, client):
    known_caseloads()
    sign_in(client, "analyst")
    page = client.get("/monitoring/lead-professionals/").content.decode()
    download = client.get("/monitoring/lead-professionals.csv")
    assert download["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="lead-professionals-' in download["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert lines[0] == ["Name", "Agency", "Team", "District", "Open pathways", "Email"]
    assert lines[1:] == table_rows(page)
    by_email = {line[5]: line for line in lines[1:]}
    assert set(by_email) == {
        "practitioner@demo.earlyhelp.test",
        "fsw@demo.earlyhelp.test",
        "practitioner2@demo.earlyhelp.test",
    }
    assert by_email["practitioner@demo.earlyhelp.test"][1:5] == [
        demo_user("practitioner").agency.name,
        "Bromsgrove Early Help Family Support",
        "Bromsgrove",
        "1",  # the Vale family's; the Hill family's pathway is closed
    ]

    malvern = District.objects.get(name="Malvern Hills")
    query = f"?district={malvern.public_id}"
    download = client.get(f"/monitoring/lead-professionals.csv{query}")
    only_malvern = list(csv.reader(io.StringIO(download.content.decode())))
    assert [line[5] for line in only_malvern[1:]] == ["practitioner2@demo.earlyhelp.test"]
    page = client.get(f"/monitoring/lead-professionals/{query}").content.decode()
    assert only_malvern[1:] == table_rows(page)

    wrong = client.get("/monitoring/lead-professionals/?district=not-a-district")
    assert "Choose a district from the list" in wrong.content.decode()
    assert (
        client.get("/monitoring/lead-professionals.csv?district=not-a-district").status_code == 400
    )

    # The demo manager manages Bromsgrove: its Lead Professionals only.
    client.logout()
    managed = table_rows(
        sign_in(client, "manager").get("/monitoring/lead-professionals/").content.decode()
    )
    assert {row[5] for row in managed} == {
        "practitioner@demo.earlyhelp.test",
        "fsw@demo.earlyhelp.test",
    }


def test_a_name_that_looks_like_a_formula_stays_text_in_the_lead_professionals_csv(demo, client):
    known_caseloads()
    practitioner = demo_user("practitioner")
    practitioner.first_name, practitioner.last_name = '=HYPERLINK("https://example.com")', ""
    practitioner.save()
    practitioner.agency.name = "@SUM(A1:A9)"
    practitioner.agency.save()
    sign_in(client, "analyst")

    download = client.get("/monitoring/lead-professionals.csv")
    page = client.get("/monitoring/lead-professionals/").content.decode()

    lines = list(csv.reader(io.StringIO(download.content.decode())))
    by_email = {line[5]: line for line in lines[1:]}
    assert by_email[practitioner.email][:2] == [
        """'=HYPERLINK("https://example.com")""",
        "'@SUM(A1:A9)",
    ]
    assert by_email[practitioner.email][4] == "1"
    shown = {row[5]: row for row in table_rows(page)}
    assert shown[practitioner.email][:2] == ['=HYPERLINK("https://example.com")', "@SUM(A1:A9)"]
