"""Every page is either public (listed here) or sends a signed-out visitor to sign in."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "",
    "healthz",
    "accessibility/",
    "cookies/",
    "privacy/",
    "sign-in/",
    "sign-out/",
    "get-help/",
    "get-help/check-your-answers/",
    "get-help/sent/",
    "find-help/",
}


def staff_paths() -> list[str]:
    """Every URL pattern without parameters, outside the API and admin site."""
    paths = []

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route:
                paths.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(
        path
        for path in paths
        if path not in PUBLIC and not path.startswith(("api/", "admin/", "^static"))
    )


def test_there_are_staff_pages_to_check():
    assert {
        "dashboard/",
        "teams/",
        "audit/access-log/",
        "levels-of-need/",
        "families/",
        "families/new/",
    } <= set(staff_paths())


@pytest.mark.parametrize("path", staff_paths())
def test_signed_out_visitor_is_sent_to_sign_in(client, db, path):
    response = client.get(f"/{path}")

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next=/{path}"


@pytest.mark.parametrize("path", ["admin/", "admin/need/issuecode/"])
def test_signed_out_visitor_gets_the_admin_sites_sign_in(client, db, path):
    response = client.get(f"/{path}")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_sign_in_is_the_services_sign_in_page(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=%2Fadmin%2F"
