"""Accessibility in a real browser: axe-core finds no serious or critical WCAG 2.2 AA
violation on the pages people use most, as each kind of user sees them, including a
form's error state; and a practitioner completes a triage with the keyboard alone."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Browser, Page, expect

from earlyhelp.accounts.reference_data import create_role_groups
from earlyhelp.demo.services import SeedResult, seed_authority
from earlyhelp.need.reference_data import load_need_framework
from earlyhelp.pathways.models import Band, Triage, TriageStage
from earlyhelp.pathways.services import (
    add_plan_action,
    add_triage_entry,
    complete_triage,
    start_triage,
)
from tests.browser.axe import (
    Violation,
    axe_context,
    axe_version,
    count_by_impact,
    failing,
    run_axe,
)
from tests.browser.helpers import sign_in
from tests.conftest import PASSWORD, demo_user
from tests.people.helpers import family_with_pathway

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]
TODAY = datetime.date.today().strftime("%d/%m/%Y")
# The outermost elements reaching past the right edge of the screen, for a failure message.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(element => element.parentElement === document.body
        || element.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
    .slice(0, 5)
    .map(element => element.outerHTML.slice(0, 120))"""
WIDE = {"width": 1280, "height": 720}  # Playwright's default
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def seeded(browser) -> SeedResult:  # type: ignore[no-untyped-def]
    """The demo authority with its service directory, as tests/browser/conftest.py seeds
    it, less the child population, which none of these pages shows and takes long to make."""
    create_role_groups(django_apps)
    load_need_framework(django_apps)
    return seed_authority(
        authority_slug="worcestershire", families=0, seed=1, password=PASSWORD, population=False
    )


def pathway_with_a_plan_and_a_draft_triage():  # type: ignore[no-untyped-def]
    """A family with members and consent, an open pathway with a completed assessment
    triage, an action in the plan, and a closure triage being written."""
    family, pathway = family_with_pathway(lead="fsw")
    fsw = demo_user("fsw")
    assessment = start_triage(by=fsw, pathway=pathway, stage=TriageStage.ASSESSMENT)
    school = add_triage_entry(
        by=fsw,
        triage=assessment,
        band=Band.ORANGE,
        narrative="Ruby refusing school most mornings, attendance 71%.",
    )
    add_triage_entry(
        by=fsw,
        triage=assessment,
        band=Band.GREEN,
        narrative="Rent arrears building since the change to Universal Credit.",
    )
    complete_triage(by=fsw, triage=assessment, completed_on=datetime.date.today())
    add_plan_action(
        by=fsw,
        pathway=pathway,
        description="School to agree a part-time return plan with Ruby",
        entries=[school],
        owner=fsw,
        owner_agency=None,
        owner_text="",
        due_on=datetime.date.today() + datetime.timedelta(days=14),
    )
    closure = start_triage(by=fsw, pathway=pathway, stage=TriageStage.CLOSURE)
    add_triage_entry(
        by=fsw,
        triage=closure,
        band=Band.BLUE,
        narrative="Ruby back in school full time; attendance 95%.",
    )
    return family, pathway, closure


@pytest.fixture
def axe_page(browser: Browser):  # type: ignore[no-untyped-def]
    """Opens one browser (context) per person that axe can run in; all closed after."""
    opened = []

    def open_page() -> Page:
        context = axe_context(browser)
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()


def summary(pages: list[str], found: list[Violation]) -> str:
    lines = [f"axe-core {axe_version()}"]
    for name in pages:
        on_page = [violation for violation in found if violation.page == name]
        counts = count_by_impact(on_page)
        shown = ", ".join(f"{impact} {count}" for impact, count in sorted(counts.items()))
        advice = sorted({v.rule for v in on_page if v.best_practice})
        lines.append(
            f"{name}: {shown or 'none'}"
            + (f" (best practice: {', '.join(advice)})" if advice else "")
        )
    return "\n".join(lines)


def test_the_main_pages_have_no_serious_wcag_violations(seeded, live_server, axe_page) -> None:
    family, pathway, closure = pathway_with_a_plan_and_a_draft_triage()
    base = live_server.url
    found: list[Violation] = []
    pages: list[str] = []

    def visit(page: Page, name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(f"{base}{path}")
        expect(page.locator("main")).to_be_visible()
        pages.append(name)
        found.extend(run_axe(page, name))

    def visit_narrow(page: Page, name: str, path: str) -> None:
        """The page on a 320px-wide screen (400% zoom): it reflows, only a wide table
        scrolling sideways in its own box (WCAG 1.4.10)."""
        page.set_viewport_size(NARROW)
        visit(page, f"{name} at 320px", path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= NARROW["width"], (
            f"{name} is {wide}px wide on a 320px screen: {page.evaluate(STICKING_OUT)}"
        )
        page.set_viewport_size(WIDE)

    public = axe_page()
    # The map's tiles come from the internet, which the tests do not reach.
    public.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    visit(public, "start page", "/")
    visit(public, "sign-in", "/sign-in/")
    public.get_by_label("Email address").fill("fsw@demo.earlyhelp.test")
    public.get_by_label("Password").fill("not-the-password")
    public.get_by_role("button", name="Sign in").click()
    expect(public.locator(".govuk-error-summary")).to_be_visible()
    visit(public, "sign-in with an error")
    public.goto(f"{base}/find-help/")
    public.get_by_label("Speech, language and talking").check()
    public.get_by_label("How old is the child or young person?").fill("3")
    public.get_by_label("Where?").fill("Kidderminster")
    public.get_by_role("button", name="Search").click()
    expect(public.get_by_role("heading", name=re.compile(r"\d+ services? found"))).to_be_visible()
    expect(public.locator(".eh-map .leaflet-interactive").first).to_be_attached()
    visit(public, "find help: results and map")
    public.locator("[data-result] h3 a").first.click()
    expect(public.get_by_role("heading", name="Who it is for")).to_be_visible()
    visit(public, "find help: a service")

    worker = axe_page()
    sign_in(worker, base, "fsw@demo.earlyhelp.test")
    visit(worker, "family record", f"/families/{family.public_id}/")
    visit(worker, "pathway and its plan", f"/pathways/{pathway.public_id}/")
    visit(worker, "triage tool", f"/triages/{closure.public_id}/")
    worker.get_by_role("button", name="Add issue").click()
    expect(worker.locator(".govuk-error-summary")).to_be_visible()
    visit(worker, "triage tool with an error")
    visit(worker, "plan: add an action", f"/pathways/{pathway.public_id}/plan/new/")
    visit(worker, "review", f"/pathways/{pathway.public_id}/reviews/new/")
    visit(worker, "closure", f"/pathways/{pathway.public_id}/close/")
    visit_narrow(worker, "family record", f"/families/{family.public_id}/")
    visit_narrow(worker, "pathway and its plan", f"/pathways/{pathway.public_id}/")
    visit_narrow(worker, "triage tool", f"/triages/{closure.public_id}/")

    manager = axe_page()
    sign_in(manager, base, "manager@demo.earlyhelp.test")
    visit(manager, "reports dashboard", "/reports/")
    visit(manager, "report: table 1", "/reports/table1/")
    visit_narrow(manager, "report: table 1", "/reports/table1/")

    # The figures for each page, shown with `pytest -s`. Best-practice findings are
    # reported, not failed: the one left is GOV.UK's back link placed before <main> (the
    # "region" rule), where GOV.UK Frontend advises it goes.
    print(summary(pages, found))
    serious = failing(found)
    assert not serious, "serious or critical WCAG 2.2 AA violations:\n" + "\n".join(
        violation.describe() for violation in serious
    )


# GOV.UK Frontend's focus style: the focus colour as an outline, a box shadow or a
# background, on the element or, for a radio or checkbox, on its label's drawn box.
FOCUS_IS_VISIBLE = """element => {
    const yellow = "rgb(255, 221, 0)";
    const styles = [getComputedStyle(element)];
    if (element.labels && element.labels.length) {
        styles.push(getComputedStyle(element.labels[0], "::before"));
    }
    return styles.some(style =>
        (style.outlineStyle !== "none" && style.outlineColor === yellow)
        || style.boxShadow.includes(yellow)
        || style.backgroundColor === yellow
    );
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            return {
                tag: element.tagName.toLowerCase(),
                id: element.id,
                name: element.name || "",
                value: element.value || "",
                text: (element.innerText || "").trim(),
            };
        }"""
    )


def tab_until(page: Page, wanted: Callable[[dict[str, str]], bool], most: int = 80) -> None:
    """Press Tab until the focused element is the one wanted, checking on the way that
    every element the focus lands on shows it."""
    for _ in range(most):
        page.keyboard.press("Tab")
        now = focused(page)
        assert page.evaluate(f"({FOCUS_IS_VISIBLE})(document.activeElement)"), (
            f"no visible focus on {now}"
        )
        if wanted(now):
            return
    raise AssertionError(f"{most} presses of Tab never reached the element wanted")


def test_a_practitioner_completes_a_triage_with_the_keyboard_alone(
    seeded, live_server, page: Page
) -> None:
    family, pathway = family_with_pathway(lead="fsw")
    base = live_server.url
    sign_in(page, base, "fsw@demo.earlyhelp.test")
    page.goto(f"{base}/pathways/{pathway.public_id}/")
    page.focus("body")

    # The skip link comes first and takes the focus past the header to the page's content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    assert page.evaluate(f"({FOCUS_IS_VISIBLE})(document.activeElement)")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    tab_until(page, lambda now: now["tag"] == "button" and now["text"] == "Assessment triage")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Assessment triage", level=1)).to_be_visible()

    # Into the boxes: the arrow keys move along the radios to the orange one.
    tab_until(page, lambda now: now["name"] == "band")
    for _ in range(len(Band)):
        if focused(page)["value"] == Band.ORANGE:
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=band][value=orange]")).to_be_checked()
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "narrative"
    narrative = "Ruby refusing school most mornings; attendance 71% this term."
    page.keyboard.type(narrative)
    tab_until(page, lambda now: now["text"] == "Add issue")
    page.keyboard.press("Space")
    expect(page.locator(".eh-triage__column--orange")).to_contain_text(narrative)

    tab_until(page, lambda now: now["name"] == "completed_on")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(TODAY)
    tab_until(page, lambda now: now["text"] == "Complete triage")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Assessment triage completed.")).to_be_visible()

    triage = Triage.objects.get(pathway=pathway)
    assert triage.stage == TriageStage.ASSESSMENT
    assert triage.completed_on == datetime.date.today()
    assert triage.completed_by == demo_user("fsw")
    assert [(entry.band, entry.narrative) for entry in triage.entries.all()] == [
        (Band.ORANGE, narrative)
    ]
