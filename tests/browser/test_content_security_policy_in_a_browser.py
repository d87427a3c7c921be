"""In a real browser, under the production Content Security Policy: the pages whose
scripts do the most (the maps, the API docs) draw fully and the browser reports no
violation. (The other browser tests exercise the triage codes and shortcuts under it.)"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_lane]


def watch_for_violations(page: Page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_maps_and_api_docs_work_without_breaking_the_policy(seeded, live_server, page) -> None:
    # Only this site: tiles from elsewhere cannot load here (nor would they be reported).
    page.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    violations = watch_for_violations(page)
    base = live_server.url

    page.goto(f"{base}/")
    assert "script-src 'self'" in page.evaluate(
        "async () => (await fetch('/')).headers.get('content-security-policy')"
    )
    expect(page.locator("body.js-enabled")).to_be_attached()

    page.goto(f"{base}/find-help/?where=Kidderminster")
    expect(page.locator(".eh-map .leaflet-interactive").first).to_be_attached()
    expect(page.locator(".eh-map-legend")).to_be_visible()

    page.goto(f"{base}/api/openreferral/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Open Referral UK API")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()

    sign_in(page, base, "manager@demo.earlyhelp.test")
    page.goto(f"{base}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("earlyhelp API")
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()

    assert violations == []
