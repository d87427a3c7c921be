import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, current_code, demo_user

# The live server runs in another thread, so these tests commit for real, and the
# database is emptied after each: the fixture loads the migrations' reference data again.
# A journey through the web layer: the records it writes are tested on both databases
# in their own packages, so it runs in the SQLite lane only.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]


def focused_id(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_practitioner_signs_in_with_the_keyboard_alone(seeded, live_server, page):
    page.goto(f"{live_server.url}/")
    # Tab to the start button (skip link, header and menu links come first) and press it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == "Sign in":
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/sign-in/")

    for _ in range(10):
        page.keyboard.press("Tab")
        if focused_id(page) == "id_username":
            break
    assert focused_id(page) == "id_username"
    page.keyboard.type("practitioner@demo.earlyhelp.test")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main menu")
    expect(navigation.get_by_role("link")).to_have_text(
        ["My work", "Due and overdue", "Families", "Requests", "Programmes", "Levels of need"]
    )


def test_wrong_password_moves_focus_to_the_error_summary(seeded, live_server, page):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill("practitioner@demo.earlyhelp.test")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    # GOV.UK Frontend's JavaScript focuses the summary: proof that it loaded and ran.
    expect(summary).to_be_focused()


def test_administrator_signs_in_with_a_two_factor_code(seeded, live_server, page):
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next="))
    page.get_by_label("Email address").fill("admin@demo.earlyhelp.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(current_code(demo_user("admin")))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    navigation = page.get_by_role("navigation", name="Main menu")
    expect(navigation.get_by_role("link", name="Administration")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
