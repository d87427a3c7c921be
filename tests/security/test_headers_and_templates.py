"""Every page carries the Content Security Policy and refuses to be framed, and no
template holds what that policy would block or a form without its CSRF token."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import sign_in
from tests.security.pages import blocked_by_the_policy, csp_directives, project_templates

pytestmark = pytest.mark.single_lane  # the web layer: no database logic

# Rendered into PDFs by WeasyPrint on the server, never sent to a browser: their <style>
# elements are the PDF's page layout, and no Content Security Policy applies.
PDF_TEMPLATES = {"reports/pack.html", "protection/subject_access_pdf.html"}
POST_FORM = re.compile(
    r"<form\b[^>]*method=\"post\"[^>]*>(?P<body>.*?)</form>", re.IGNORECASE | re.DOTALL
)


def expected_policy() -> dict[str, list[str]]:
    tiles = re.match(r"https?://[^/]+", settings.MAP_TILE_URL)
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([tiles.group(0)] if tiles else [])],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }


def template_name(template: Path) -> str:
    return template.as_posix().split("/templates/", 1)[1]


def test_no_template_holds_inline_script_handlers_javascript_urls_or_inline_styles():
    templates = project_templates()
    assert len(templates) > 50

    found = {
        name: blocked
        for template in templates
        if (name := template_name(template)) not in PDF_TEMPLATES
        and (blocked := blocked_by_the_policy(template.read_text(encoding="utf-8")))
    }

    assert found == {}


def test_every_form_that_posts_in_a_template_holds_a_csrf_token():
    forms = [
        (template_name(template), match.group(0))
        for template in project_templates()
        for match in POST_FORM.finditer(template.read_text(encoding="utf-8"))
    ]
    assert len(forms) > 20

    without_token = [(name, form[:80]) for name, form in forms if "{% csrf_token %}" not in form]

    assert without_token == []


def test_public_staff_and_api_docs_pages_carry_the_policy_and_refuse_framing(demo):
    public = Client()
    staff = sign_in(Client(), "manager")
    pages = [
        (public, "/"),
        (public, "/find-help/"),
        (public, "/get-help/"),
        (public, "/sign-in/"),
        (public, "/api/openreferral/docs"),
        (staff, "/dashboard/"),
        (staff, "/families/?q=Hill"),
        (staff, "/api/docs"),
        (public, "/no-such-page/"),
    ]

    for client, url in pages:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert csp_directives(response["Content-Security-Policy"]) == expected_policy(), url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert blocked_by_the_policy(response.content.decode()) == [], url


def test_the_api_docs_are_for_signed_in_staff_and_use_only_this_sites_scripts(demo):
    signed_out = Client().get("/api/docs")
    docs = sign_in(Client(), "practitioner").get("/api/docs").content.decode()

    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/sign-in/")
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", docs)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert re.findall(r"<link\b[^>]*\bhref=\"(https?:[^\"]+)\"", docs) == []
