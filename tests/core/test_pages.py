import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.conftest import sign_in


def test_start_page_is_a_govuk_start_page(client, db):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB"' in html
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "govuk-button--start" in html and 'href="/sign-in/"' in html
    assert "govuk-phase-banner" in html and "Beta" in html
    assert "govuk-service-navigation" in html
    for link in ("/accessibility/", "/cookies/", "/privacy/"):
        assert f'href="{link}"' in html
    assert "MIT licence" in html


def test_start_page_sends_signed_in_staff_to_their_work(demo):
    client = sign_in(Client(), "practitioner")

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


@pytest.mark.parametrize("path", ["/accessibility/", "/cookies/", "/privacy/"])
def test_footer_pages_open_without_signing_in(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_pages_have_no_inline_script(client, db):
    html = client.get("/").content.decode()

    assert "<script>" not in html
    assert html.count("<script ") == html.count("<script src=") + html.count(
        '<script type="module" src='
    )


def test_health_reports_the_database_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    # A real app process pointed at a PostgreSQL port where nothing listens.
    script = (
        "import django, os; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "earlyhelp.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        "SECRET_KEY": "test-only",
        "EARLYHELP_HTTPS": "false",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )

    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "error", "database": "unreachable"}


def test_unknown_page_is_a_govuk_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "govuk-heading-l" in html


def test_page_for_another_role_is_a_govuk_403(demo):
    client = sign_in(Client(), "practitioner")

    response = client.get("/audit/access-log/")

    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_form_without_csrf_token_gets_a_clear_page_and_saves_nothing(demo):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/sign-in/", {"username": "a@b.test", "password": "x"})

    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()


def test_security_headers_are_set(client, db):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_server_error_page_renders_in_govuk_style_without_a_request_context(rf, db):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-template" in html


def test_uptime_checks_may_ask_for_public_pages_with_head(client, db):
    for path in ("/", "/healthz", "/accessibility/", "/privacy/"):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b"", path
