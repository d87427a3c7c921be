"""Every route refuses a POST without the CSRF token, with the page that says nothing was
saved; every form on the pages staff reach carries the token; the API refuses a write
without it too. Staff are signed in and allowed to use the pages, so the refusal is the
token's, not the permission's."""

import re
import uuid
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from earlyhelp.api import api
from earlyhelp.directory.api import api as openreferral_api
from earlyhelp.pathways.models import Triage
from tests.conftest import PASSWORD, sign_in
from tests.people.helpers import family_with_pathway
from tests.security.pages import blocked_by_the_policy, post_forms

pytestmark = pytest.mark.single_lane  # the web layer: no database logic

CSRF_PAGE = "The form you sent had expired"
PLACEHOLDERS = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "x", "str": "x", "path": "x"}
WRITES = {"post", "put", "patch", "delete"}


def routes(patterns: list, prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append(prefix + str(pattern.pattern))
    return found


def example_url(route: str) -> str:
    """A URL the route matches: any value will do, as the token is checked first."""
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: PLACEHOLDERS[m.group(1) or "str"], route)
    # The admin's regular-expression routes: its app list and its catch-all.
    route = re.sub(r"\(\?P<app_label>(\w+)[^)]*\)", r"\1", route)
    route = route.replace("(?P<url>.*)", "x").lstrip("^").rstrip("$")
    return "/" + route


def csrf_enforcing(local_part: str) -> Client:
    """Signed in through the real page (token and all), then checking tokens as a browser's
    requests are checked."""
    client = Client(enforce_csrf_checks=True)
    sign_in_page = client.get("/sign-in/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in_page).group(1)
    response = client.post(
        "/sign-in/",
        {
            "username": f"{local_part}@demo.earlyhelp.test",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302, "the token from the page signs in"
    return client


def test_a_post_without_the_token_is_refused_on_every_page_route(demo):
    client = csrf_enforcing("manager")
    page_routes = [route for route in routes(get_resolver().url_patterns) if "api/" not in route]
    assert len(page_routes) > 250  # the project's pages and the admin's

    accepted = {}
    for route in page_routes:
        response = client.post(example_url(route), {"anything": "at all"})
        if response.status_code != 403 or CSRF_PAGE not in response.content.decode():
            accepted[route] = response.status_code

    assert accepted == {}
    assert client.get("/dashboard/").status_code == 200, "still signed in: nothing happened"


def test_every_api_write_needs_the_token_and_the_open_api_has_none(demo):
    client = csrf_enforcing("manager")
    operations = [
        (method, path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
        if method in WRITES
    ]
    assert len(operations) > 10

    for method, path in operations:
        url = re.sub(r"\{\w+\}", PLACEHOLDERS["uuid"], path)
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 403, (method, url, response.content[:200])
        assert "CSRF" in response.json()["detail"], (method, url)

    open_paths = openreferral_api.get_openapi_schema()["paths"].values()
    assert {method for methods in open_paths for method in methods} == {"get"}


def test_every_form_staff_reach_holds_the_token_and_is_refused_without_it(demo):
    """Walks the pages each role reaches from its dashboard (one page per route), with a
    family whose pathway has a triage under way."""
    family, pathway = family_with_pathway(lead="fsw")
    setup = sign_in(Client(), "fsw")
    setup.post(f"/pathways/{pathway.public_id}/triages/assessment/start/")
    triage = Triage.objects.get(pathway=pathway)
    setup.post(f"/triages/{triage.public_id}/", {"band": "yellow", "narrative": "Rent arrears."})
    starts = [
        "/dashboard/",
        f"/families/{family.public_id}/",
        f"/pathways/{pathway.public_id}/",
        f"/triages/{triage.public_id}/",
    ]

    forms: dict[str, str] = {}  # action: the page it is on
    pages_seen = 0
    seen_routes: set[str] = set()  # each route once, by the first role to reach it
    for local_part in ["fsw", "manager", "frontdoor", "analyst"]:
        client = csrf_enforcing(local_part)
        queue = list(starts)
        while queue:
            url = queue.pop(0)
            try:
                route = resolve(urlsplit(url).path).route
            except Resolver404:
                continue
            if route in seen_routes or route.startswith(("api/", "admin/")):
                continue
            seen_routes.add(route)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            pages_seen += 1
            html = response.content.decode()
            assert blocked_by_the_policy(html) == [], url
            for form in post_forms(html):
                assert form["token"], (url, form)
                forms.setdefault(urljoin(url, str(form["action"])), url)
            queue += [
                urljoin(url, href)
                for href in re.findall(r'href="(/[^"#]*)', html)
                if not href.startswith("/static/")
            ]
    print(f"{pages_seen} pages, {len(seen_routes)} routes, {len(forms)} forms")
    assert pages_seen >= 30 and len(forms) >= 15

    refused = Client(enforce_csrf_checks=True)
    refused.cookies = client.cookies  # the analyst, signed in
    for action, page in forms.items():
        response = refused.post(action, {"anything": "at all"})
        assert response.status_code == 403 and CSRF_PAGE in response.content.decode(), (
            action,
            page,
        )
