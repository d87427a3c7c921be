"""The front door in a real browser: a young person asks for help, the front door opens a
pathway, and the Lead Professional finds it."""

import datetime

import pytest
from playwright.sync_api import expect

from earlyhelp.frontdoor.models import RequestForSupport
from tests.browser.helpers import sign_in

# A journey through the web layer: the records it writes are tested on both databases
# in their own packages, so it runs in the SQLite lane only.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]


def fourteen_years_ago() -> str:
    today = datetime.date.today()
    born = today.replace(year=today.year - 14, day=min(today.day, 28)) - datetime.timedelta(days=40)
    return born.strftime("%d/%m/%Y")


def test_young_person_asks_and_the_front_door_opens_a_pathway(
    seeded, live_server, page, another_page
):
    base = live_server.url

    # A young person aged 14 asks for help, one question a page, without signing in.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Ask for help for your family").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("I am a young person aged 13 or over, asking for myself").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your first name").fill("Kai")
    page.get_by_label("Your last name").fill("Marsh")
    page.get_by_label("Your date of birth").fill(fourteen_years_ago())
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Redditch").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What would you like help with?").fill(
        "I keep arguing with my mum and I can't sleep before my exams."
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # nothing tried yet: optional
    expect(page.get_by_label("Your full name")).to_have_value("Kai Marsh")
    page.get_by_label("Email address").fill("kai@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    reference = RequestForSupport.objects.get().reference
    expect(page.get_by_text(reference)).to_be_visible()

    # The front door officer finds it in the queue and opens a pathway.
    front_door = another_page()
    sign_in(front_door, base, "frontdoor@demo.earlyhelp.test")
    front_door.get_by_role("link", name="Front door").first.click()
    front_door.get_by_role("link", name="Kai Marsh").click()
    expect(front_door.get_by_text("No one recorded matches Kai Marsh")).to_be_visible()
    front_door.get_by_label("Open an Early Help Pathway").check()
    front_door.get_by_label("Why?").fill("Conflict at home and sleep: a plan with school.")
    front_door.get_by_label("Team (for a pathway").select_option(
        label="Redditch Early Help Family Support"
    )
    front_door.get_by_label("Lead Professional's email address").fill("fsw@demo.earlyhelp.test")
    front_door.get_by_role("button", name="Save decision").click()
    expect(front_door.get_by_text("Decided: open an early help pathway")).to_be_visible()
    expect(front_door.get_by_text("No requests are waiting")).to_be_visible()

    # The Lead Professional sees the new pathway on their work page and opens it.
    lead = another_page()
    sign_in(lead, base, "fsw@demo.earlyhelp.test")
    expect(lead.get_by_text("Pathways you lead")).to_be_visible()
    expect(lead.get_by_text("Marsh family")).to_be_visible()
    lead.get_by_role("link", name="P0").first.click()
    expect(lead.get_by_role("heading", name="Early Help pathway")).to_be_visible()
