import re

import pytest
from django.test import Client

from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN
from tests.conftest import PASSWORD, current_code, demo_user, sign_in

ROLE_LABELS = {
    "practitioner": "Practitioner",
    "practitioner2": "Practitioner",
    "fsw": "Family support worker",
    "tso": "Targeted support officer",
    "frontdoor": "Front door officer",
    "analyst": "Analyst (Monitoring Team)",
    "manager": "Manager",
    "admin": "Administrator",
}

# What each demo role sees in the service navigation, in order.
NAVIGATION_BY_ROLE = {
    "practitioner": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Programmes",
        "Levels of need",
    ],
    "practitioner2": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Programmes",
        "Levels of need",
    ],
    "fsw": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Support Line",
        "Interventions",
        "Programmes",
        "Levels of need",
    ],
    "tso": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Programmes",
        "Training",
        "Levels of need",
    ],
    "frontdoor": [
        "My work",
        "Due and overdue",
        "Families",
        "Front door",
        "Requests",
        "Support Line",
        "Interventions",
        "Programmes",
        "Safeguarding",
        "Levels of need",
    ],
    "analyst": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Support Line",
        "Programmes",
        "Coding",
        "Reports",
        "Planning",
        "Monitoring",
        "Service gaps",
        "Levels of need",
    ],
    "manager": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Support Line",
        "Interventions",
        "Programmes",
        "Training",
        "Safeguarding",
        "Reports",
        "Planning",
        "Monitoring",
        "Service gaps",
        "My teams",
        "Levels of need",
        "Access log",
    ],
    "admin": [
        "My work",
        "Due and overdue",
        "Families",
        "Requests",
        "Programmes",
        "Training",
        "Reports",
        "Planning",
        "Monitoring",
        "Service gaps",
        "Levels of need",
        "Access log",
        "Administration",
    ],
}
ALL_ITEMS = {item for items in NAVIGATION_BY_ROLE.values() for item in items}


def navigation_block(html: str) -> str:
    parts = html.split('<ul class="govuk-service-navigation__list"', 1)
    return parts[1].split("</ul>", 1)[0] if len(parts) == 2 else ""


def navigation_labels(html: str) -> list[str]:
    links = re.findall(r"<a [^>]*>(.*?)</a>", navigation_block(html), flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", link)).strip() for link in links]


@pytest.mark.parametrize("local_part", sorted(NAVIGATION_BY_ROLE))
def test_each_demo_role_signs_in_and_sees_its_own_navigation(demo, local_part):
    client = sign_in(Client(), local_part)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert navigation_labels(html) == NAVIGATION_BY_ROLE[local_part]
    assert f"{local_part}@{DEMO_EMAIL_DOMAIN}" in html
    assert re.search(rf"<li>{re.escape(ROLE_LABELS[local_part])}</li>", html)
    assert "Sign out" in html


def test_signed_out_staff_page_redirects_to_sign_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/dashboard/"


def test_wrong_password_shows_error_summary_and_keeps_email(demo, client):
    response = client.post(
        "/sign-in/", {"username": f"practitioner@{DEMO_EMAIL_DOMAIN}", "password": "wrong-one"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html
    assert f'value="practitioner@{DEMO_EMAIL_DOMAIN}"' in html
    assert "<title>Error: Sign in" in html


def test_empty_sign_in_names_each_missing_field(demo, client):
    html = client.post("/sign-in/", {"username": "", "password": ""}).content.decode()

    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_email_is_matched_whatever_its_case(demo, client):
    response = client.post(
        "/sign-in/", {"username": f"Practitioner@{DEMO_EMAIL_DOMAIN.upper()}", "password": PASSWORD}
    )

    assert response.status_code == 302


def test_account_locks_after_five_failures_even_with_the_right_password(demo, client):
    email = f"fsw@{DEMO_EMAIL_DOMAIN}"
    for _ in range(5):
        client.post("/sign-in/", {"username": email, "password": "not-the-password"})

    response = client.post("/sign-in/", {"username": email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_lockout_of_one_account_leaves_others_signing_in(demo, client):
    for _ in range(5):
        client.post("/sign-in/", {"username": f"fsw@{DEMO_EMAIL_DOMAIN}", "password": "nope-nope"})

    sign_in(Client(), "tso")


def test_sign_out_ends_the_session(demo):
    client = sign_in(Client(), "practitioner")

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/dashboard/").status_code == 302


def test_sign_out_by_get_asks_to_confirm_and_does_not_sign_out(demo):
    client = sign_in(Client(), "practitioner")

    response = client.get("/sign-out/")

    assert response.status_code == 200
    assert client.get("/dashboard/").status_code == 200


def test_administrator_must_give_a_code_before_any_page(demo, client):
    response = client.post(
        "/sign-in/", {"username": f"admin@{DEMO_EMAIL_DOMAIN}", "password": PASSWORD}
    )
    assert response.status_code == 302

    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/accounts/me")
    assert api.status_code == 403
    assert api.json() == {"detail": "Two-factor authentication is required"}


def test_wrong_code_is_refused_with_an_error(demo, client):
    client.post("/sign-in/", {"username": f"admin@{DEMO_EMAIL_DOMAIN}", "password": PASSWORD})
    right = current_code(demo_user("admin"))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post("/account/two-factor/verify/", {"code": wrong})

    assert response.status_code == 200
    assert "The code is not right or has expired" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_code_that_is_not_six_digits_gets_a_clear_error(demo, client):
    client.post("/sign-in/", {"username": f"admin@{DEMO_EMAIL_DOMAIN}", "password": PASSWORD})

    response = client.post("/account/two-factor/verify/", {"code": "abc"})

    assert "The code must be 6 digits" in response.content.decode()


def test_next_page_is_kept_through_sign_in_but_not_to_other_sites(demo, client):
    response = client.post(
        "/sign-in/?next=/levels-of-need/",
        {
            "username": f"analyst@{DEMO_EMAIL_DOMAIN}",
            "password": PASSWORD,
            "next": "/levels-of-need/",
        },
    )
    assert response["Location"] == "/levels-of-need/"

    other = Client()
    response = other.post(
        "/sign-in/",
        {
            "username": f"analyst@{DEMO_EMAIL_DOMAIN}",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/dashboard/"


def test_inactive_user_cannot_sign_in(demo, client):
    user = demo_user("tso")
    user.is_active = False
    user.save()

    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_all_navigation_items_lead_to_pages_the_role_can_open(demo):
    for local_part in NAVIGATION_BY_ROLE:
        client = sign_in(Client(), local_part)
        html = client.get("/dashboard/").content.decode()
        for href in re.findall(r'href="([^"]+)"', navigation_block(html)):
            assert client.get(href).status_code == 200, (local_part, href)


def test_role_groups_match_the_roles_in_code(db):
    from django.contrib.auth.models import Group

    from earlyhelp.accounts.models import Role

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
