"""A family support worker on the phone logs a call in a real browser, in well under a
minute: the page's defaults (district, date, time, caller) leave only what was said."""

import time

import pytest
from playwright.sync_api import Page, expect

from earlyhelp.support.models import SupportLineCall
from tests.conftest import PASSWORD
from tests.people.helpers import make_family

# A journey through the web layer: the records it writes are tested on both databases
# in their own packages, so it runs in the SQLite lane only.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]


def test_a_worker_logs_a_call_in_under_a_minute(seeded, live_server, page: Page):
    base = live_server.url
    page.goto(f"{base}/sign-in/?next=/support-line/")
    page.get_by_label("Email address").fill("fsw@demo.earlyhelp.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Family Support Line")).to_be_visible()

    started = time.monotonic()
    page.get_by_role("button", name="Log a call").click()
    page.get_by_label("What did the caller tell you?").fill(
        "Grandad caring for two boys; the eldest will not go to school."
    )
    page.get_by_label("What advice or information did you give?").fill(
        "Explained how to talk to the school's attendance officer."
    )
    page.get_by_label("Poor or persistently low school attendance").check()
    page.get_by_label("Resolved by the FSW team").check()
    page.get_by_role("button", name="Log the call").click()

    expect(page.get_by_text("Call logged.")).to_be_visible()
    assert time.monotonic() - started < 60
    expect(page.get_by_text("the eldest will not go to school")).to_be_visible()
    call = SupportLineCall.objects.get()
    assert call.district.name == "Bromsgrove"
    assert [code.code for code in call.issue_codes.all()] == ["EDU-ATTEND"]


def test_a_call_about_a_family_shows_on_its_timeline(seeded, live_server, page: Page):
    family = make_family("Ashby family", by="fsw")
    base = live_server.url
    page.goto(f"{base}/sign-in/?next=/families/{family.public_id}/")
    page.get_by_label("Email address").fill("fsw@demo.earlyhelp.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    started = time.monotonic()
    page.get_by_role("link", name="Log a Family Support Line call about this family").click()
    page.get_by_label("What did the caller tell you?").fill(
        "Mum worried about Ruby's sleep and tantrums since her dad moved out."
    )
    page.get_by_label("What advice or information did you give?").fill(
        "Bedtime routine tips; offered a place on a Sleep Better course."
    )
    page.get_by_label("Resolved by the FSW team").check()
    page.get_by_role("button", name="Log the call").click()
    expect(page.get_by_text("Call logged.")).to_be_visible()
    assert time.monotonic() - started < 60

    page.goto(f"{base}/families/{family.public_id}/")
    timeline = page.locator("#timeline + ol")
    expect(timeline.get_by_text("Family Support Line call")).to_be_visible()
    expect(timeline.get_by_text("sleep and tantrums")).to_be_visible()
