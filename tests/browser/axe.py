"""axe-core (from npm) run in a page: the WCAG 2.2 AA checks, and a readable account of
what fails.

The script is injected into the page, which the Content-Security-Policy (script-src 'self')
would refuse; the contexts that run axe are opened with `bypass_csp=True` (see
`axe_context`), as a browser extension such as axe DevTools would be allowed to do.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    targets: list[str]
    best_practice: bool

    def describe(self) -> str:
        targets = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"{self.page}: {self.rule} ({self.impact}) {self.help} at {targets}"


def axe_context(browser: Browser) -> BrowserContext:
    """A browser context that lets axe's script in: under the application's CSP an
    injected script is blocked, and what axe checks does not depend on the policy."""
    return browser.new_context(bypass_csp=True)


def axe_version() -> str:
    package = AXE_SCRIPT.parent / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def run_axe(page: Page, name: str) -> list[Violation]:
    """Every violation axe finds on the page as it is now: the WCAG 2.2 AA rules, and the
    best-practice rules (reported, never failing a test)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        [*WCAG_22_AA, "best-practice"],
    )
    return [
        Violation(
            page=name,
            rule=violation["id"],
            impact=violation["impact"] or "minor",
            help=violation["help"],
            targets=[" ".join(map(str, node["target"])) for node in violation["nodes"]],
            best_practice=not set(violation["tags"]) & set(WCAG_22_AA),
        )
        for violation in result["violations"]
    ]


def failing(violations: list[Violation]) -> list[Violation]:
    """The WCAG violations serious or critical enough to fail a test."""
    return [
        violation
        for violation in violations
        if not violation.best_practice and violation.impact in FAILING_IMPACTS
    ]


def count_by_impact(violations: list[Violation]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for violation in violations:
        if not violation.best_practice:
            counts[violation.impact] = counts.get(violation.impact, 0) + 1
    return counts
