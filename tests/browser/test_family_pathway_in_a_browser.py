"""A practitioner takes a family through the whole Early Help pathway in a real browser."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in

# A journey through the web layer: the records it writes are tested on both databases
# in their own packages, so it runs in the SQLite lane only.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]
TODAY = datetime.date.today().strftime("%d/%m/%Y")


def add_issue(page: Page, band_label: str, narrative: str) -> None:
    page.get_by_role("radio", name=band_label).check()
    page.get_by_label("Describe the issue in a few sentences").fill(narrative)
    page.get_by_role("button", name="Add issue").click()
    expect(page.get_by_text(narrative)).to_be_visible()


def complete(page: Page) -> None:
    page.get_by_label("Date of the triage").fill(TODAY)
    page.get_by_role("button", name="Complete triage").click()


def test_practitioner_takes_a_family_from_first_contact_to_closure(seeded, live_server, page):
    base = live_server.url
    sign_in(page, base, "fsw@demo.earlyhelp.test")

    # Find (nobody yet) or create the family.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Families").click()
    page.get_by_label("Search by family name").fill("Brook")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No families match")).to_be_visible()
    page.get_by_role("button", name="Record a new family").click()
    page.get_by_label("Household name").fill("Brook family")
    page.get_by_label("Postcode").fill("b60 1aa")
    page.get_by_role("button", name="Record family").click()

    page.get_by_label("First name").fill("Maisie")
    page.get_by_label("Last name").fill("Brook")
    page.get_by_label("Child or young person").check()
    page.get_by_label("Date of birth").fill("03/09/2014")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("cell", name="Maisie Brook", exact=True)).to_be_visible()

    # Consent, then open the pathway.
    page.get_by_role("link", name="Record the family's consent").click()
    page.get_by_label("Agreed").check()
    page.locator("#id_to_assessment").check()
    page.get_by_label("Who in the family gave this answer?").fill("Jo Brook (mother)")
    page.get_by_label("Date they gave it").fill(TODAY)
    page.get_by_role("button", name="Record consent").click()
    page.get_by_role("button", name="Open an Early Help pathway").click()
    page.get_by_label("Date the pathway opens").fill(TODAY)
    page.get_by_role("button", name="Open pathway").click()
    expect(page.get_by_role("heading", name="Early Help pathway")).to_be_visible()

    # Assessment triage with several entries, in the boxes that fit.
    page.get_by_role("button", name="Assessment triage").click()
    add_issue(
        page, "Level 3", "Maisie refusing school most mornings, attendance 71%. School worried."
    )
    add_issue(page, "Level 2", "Mum struggling with low mood since the separation; GP aware.")
    add_issue(
        page, "Level 1 (green)", "Rent arrears building since UC change; wants budgeting help."
    )
    complete(page)

    # The family plan.
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done").fill(
        "School to agree a part-time return plan with Maisie"
    )
    page.get_by_label("Orange: Maisie refusing school").check()
    page.get_by_label("Or someone in the family (optional)").fill("Maisie and school")
    page.get_by_label("By when").fill(TODAY)
    page.get_by_role("button", name="Add action").click()
    expect(
        page.get_by_role("cell", name="School to agree a part-time return plan with Maisie")
    ).to_be_visible()

    # A Team Around the Family review.
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Date of the meeting").fill(TODAY)
    page.get_by_label("Who else came? (optional)").fill("Jo and Maisie")
    page.get_by_label("Progress on: School to agree").select_option("in_progress")
    page.get_by_label("What has happened (optional)").fill(
        "Maisie in school three mornings a week."
    )
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("Maisie in school three mornings a week.").first).to_be_visible()

    # Closure: the repeat triage, then the outcome.
    page.get_by_role("button", name="Closure triage").click()
    add_issue(page, "Level 1 (blue)", "Maisie back full time, 95% attendance. Mum managing well.")
    complete(page)
    page.get_by_role("button", name="Close the pathway").click()
    page.get_by_label("Closed positively").check()
    page.get_by_label("Date of closure").fill(TODAY)
    page.get_by_label("Closing summary").fill(
        "Attendance restored; family feels the issues are resolved."
    )
    page.get_by_role("button", name="Close pathway").click()
    expect(page.get_by_text("Closed: Closed positively")).to_be_visible()

    # The family's timeline shows all of it.
    page.get_by_role("link", name="Brook family").first.click()
    timeline = page.locator(".eh-timeline")
    for event in (
        "Consent: agreed",
        "opened",
        "Assessment triage completed",
        "Plan action agreed",
        "Review meeting held",
        "Closure triage completed",
        "closed: closed positively",
    ):
        expect(timeline).to_contain_text(event)
