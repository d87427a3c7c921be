"""Reading pages and templates for what a Content Security Policy would block and for
forms that post."""

import re
from html.parser import HTMLParser
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src"

# Script that is not data: <script> without src, unless it is a JSON data block.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)

BLOCKED = {
    "inline <script>": INLINE_SCRIPT,
    "on* event handler": EVENT_HANDLER,
    "javascript: URL": JAVASCRIPT_URL,
    'style="" attribute': STYLE_ATTRIBUTE,
    "<style> element": STYLE_ELEMENT,
}


def blocked_by_the_policy(html: str) -> list[str]:
    """What in this HTML the policy (script-src and style-src 'self') would refuse."""
    return [
        f"{what}: {found.group(0)[:120]!r}"
        for what, pattern in BLOCKED.items()
        for found in pattern.finditer(html)
    ]


def project_templates() -> list[Path]:
    return sorted(SOURCE.rglob("templates/**/*.html"))


class PostForms(HTMLParser):
    """Each <form method="post"> on a page: its action and whether it holds a CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._open: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "get").lower() == "post":
            self._open = {"action": values.get("action") or "", "token": False}
            self.forms.append(self._open)
        elif tag == "input" and self._open and values.get("name") == "csrfmiddlewaretoken":
            self._open["token"] = bool(values.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def post_forms(html: str) -> list[dict[str, object]]:
    parser = PostForms()
    parser.feed(html)
    return parser.forms


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives
