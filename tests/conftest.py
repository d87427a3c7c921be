"""Shared fixtures: the demo authority and one signed-in client per persona."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts.models import User
from earlyhelp.demo.directory import seed_directory
from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN, SeedResult, seed_authority
from earlyhelp.demo.services import current_code as code_for

PASSWORD = "demo-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Real hashing is slow on purpose; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> SeedResult:
    """Worcestershire with its districts, teams, agencies, areas, towns and one user per
    role; no service directory or child population (they take longer to make: see
    demo_directory)."""
    return seed_authority(
        authority_slug="worcestershire",
        families=0,
        seed=1,
        password=PASSWORD,
        directory=False,
        population=False,
    )


@pytest.fixture
def demo_directory(demo: SeedResult) -> SeedResult:
    """The demo with its service directory too: family hubs and their bases in every
    district, the virtual hub and the services at them (see demo/directory.py). Works
    with `signed_in`, which uses the same demo."""
    demo.directory = seed_directory(demo.authority, seed=1)
    return demo


def demo_user(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{DEMO_EMAIL_DOMAIN}")


def current_code(user: User) -> str:
    return code_for(TOTPDevice.objects.get(user=user, confirmed=True))


def sign_in(client: Client, local_part: str) -> Client:
    """Sign in through the real sign-in page (and two-factor page where the user has one)."""
    response = client.post(
        "/sign-in/", {"username": f"{local_part}@{DEMO_EMAIL_DOMAIN}", "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = demo_user(local_part)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        response = client.post("/account/two-factor/verify/", {"code": current_code(user)})
        assert response.status_code == 302
    return client


@pytest.fixture
def signed_in(demo: SeedResult):  # type: ignore[no-untyped-def]
    """signed_in("manager") gives a client signed in as the demo manager."""

    def make(local_part: str) -> Client:
        return sign_in(Client(), local_part)

    return make


def pytest_report_header(config) -> str:  # type: ignore[no-untyped-def]
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
