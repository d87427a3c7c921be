"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Playwright's own browser download does not work here, so the tests use the Chromium at
EARLYHELP_CHROMIUM (default /usr/bin/chromium); `make test` installs it where it can.
Without it these tests are skipped, except in CI, where that is an error.
"""

import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from earlyhelp.accounts.reference_data import create_role_groups
from earlyhelp.demo.services import SeedResult, seed_authority
from earlyhelp.need.reference_data import load_need_framework
from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("EARLYHELP_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Chromium at {CHROMIUM} for the browser tests")
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser
    # is open; the tests' own database calls (fixtures, flushes) are still plain
    # synchronous code, which Django would otherwise refuse inside a running loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def another_page(browser):  # type: ignore[no-untyped-def]
    """A second person's browser, beside `page`, closed before the test's data goes."""
    opened = []

    def open_page():  # type: ignore[no-untyped-def]
        context = browser.new_context()
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()


@pytest.fixture
def seeded(browser) -> SeedResult:  # type: ignore[no-untyped-def]
    """The demo authority, for tests against a live server. Those tests commit for real and
    the database is emptied after each, so the migrations' reference data is loaded again."""
    create_role_groups(django_apps)
    load_need_framework(django_apps)
    return seed_authority(authority_slug="worcestershire", families=0, seed=1, password=PASSWORD)
