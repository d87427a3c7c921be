"""An analyst reviews the coder's suggestions in a real browser with the keyboard alone:
Tab to an entry in the queue, one key per code to tick or untick it, Enter to confirm."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from earlyhelp.pathways.models import CodeSource, CodeStatus, EntryCode
from tests.browser.helpers import sign_in
from tests.coding.conftest import ATTENDANCE, DEBT, give_code, mark_coded, uncoded_entry
from tests.conftest import demo_user

# A journey through the web layer: the records it writes are tested on both databases
# in their own packages, so it runs in the SQLite lane only.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]


def tab_to(page: Page, target: Locator, most: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{most} presses of Tab never reached {target}")


def code_box(page: Page, code: str) -> Locator:
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(code)}\b"))


def shortcut_of(page: Page, code: str) -> str:
    """The key the page shows beside the code's checkbox."""
    label = page.locator("label").filter(
        has=page.locator("strong", has_text=re.compile(rf"^{re.escape(code)}$"))
    )
    return label.locator("kbd").inner_text()


def test_an_analyst_reviews_an_entry_with_the_keyboard_alone(seeded, live_server, page: Page):
    # The coder read attendance and, wrongly, domestic abuse; it missed the debt.
    entry = uncoded_entry(f"{ATTENDANCE} {DEBT}")
    give_code(entry, "EDU-ATTEND", confidence=0.91)
    give_code(entry, "DA", confidence=0.38)
    mark_coded(entry)
    reference = entry.triage.pathway.family.reference
    base = live_server.url
    sign_in(page, base, "analyst@demo.earlyhelp.test")

    page.goto(f"{base}/coding/review/")
    expect(page.get_by_role("heading", name="Codes to review")).to_be_visible()
    review_link = page.get_by_role("link", name=re.compile(rf"^Review .* family {reference}$"))
    tab_to(page, review_link)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Review the codes")).to_be_visible()
    expect(page.locator("#narrative")).to_contain_text("rent arrears")
    expect(code_box(page, "EDU-ATTEND")).to_be_checked()
    expect(code_box(page, "DA")).to_be_checked()
    expect(code_box(page, "FIN-DEBT")).not_to_be_checked()

    # The first code has the focus when the page opens: the keys work only in the form.
    expect(page.locator("form[data-review-codes] input[type=checkbox]").first).to_be_focused()
    page.keyboard.press(shortcut_of(page, "DA"))
    page.keyboard.press(shortcut_of(page, "FIN-DEBT"))
    expect(code_box(page, "DA")).not_to_be_checked()
    expect(code_box(page, "FIN-DEBT")).to_be_checked()
    expect(code_box(page, "EDU-ATTEND")).to_be_checked()
    page.keyboard.press("Enter")

    # The only entry waiting, so the analyst is back at an empty queue.
    expect(page.get_by_text(f"Codes confirmed for family {reference}.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    analyst = demo_user("analyst")
    rows = {
        row.code.code: row for row in EntryCode.objects.filter(entry=entry).select_related("code")
    }
    assert {code: row.status for code, row in rows.items()} == {
        "EDU-ATTEND": CodeStatus.CONFIRMED,
        "FIN-DEBT": CodeStatus.CONFIRMED,
        "DA": CodeStatus.REJECTED,
    }
    assert rows["EDU-ATTEND"].source == CodeSource.CODER
    assert rows["DA"].source == CodeSource.CODER
    assert rows["FIN-DEBT"].source == CodeSource.ANALYST
    assert all(row.confirmed_by == analyst and row.confirmed_at for row in rows.values())
    entry.coding.refresh_from_db()
    assert entry.coding.reviewed_by == analyst
    assert entry.coding.reviewed_at is not None
