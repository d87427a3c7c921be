"""Shared fixtures: the demo authority and one signed-in client per persona.

A shared world (the demo, or another registered in SHARED_WORLDS) is seeded once for a run
of consecutive tests that ask for it, not once a test: it is made inside a transaction that
stays open while those tests run, each test running in a savepoint of it (pytest-django's
`db`) that is rolled back after it, so every test still starts from the freshly seeded
world. The transaction is rolled back, leaving the database as the migrations made it,
before any other test: one that asks for no world or another one, or one that commits for
real (`transactional_db`, `live_server`), whose fixture then seeds its own world.
"""

import copy
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections, transaction
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts.models import User
from earlyhelp.demo.directory import seed_directory
from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN, SeedResult, seed_authority
from earlyhelp.demo.services import current_code as code_for
from tests.database import build_from_models, finish_test_database

PASSWORD = "demo-password"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Fixtures whose test commits for real: no shared world for them.
COMMITTING_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def seed_demo(*, directory: bool) -> SeedResult:
    """The demo as the `demo` fixture describes it; with its service directory too when
    `directory` (the `demo_directory` fixture)."""
    result = seed_authority(
        authority_slug="worcestershire",
        families=0,
        seed=1,
        password=PASSWORD,
        directory=False,
        population=False,
    )
    if directory:
        result.directory = seed_directory(result.authority, seed=1)
    return result


# Fixture name -> what it seeds, for the fixtures whose world is shared (see above). Each
# such fixture asks for `db` and returns `shared_world(name)` when that is not None, else
# seeds its own. A module registers its own with register_shared_world().
SHARED_WORLDS: dict[str, Callable[[], Any]] = {
    "demo_directory": lambda: seed_demo(directory=True),
    "demo": lambda: seed_demo(directory=False),
}


def register_shared_world(fixture_name: str, seed: Callable[[], Any]) -> None:
    assert fixture_name not in SHARED_WORLDS, f"{fixture_name} is already a shared world"
    SHARED_WORLDS[fixture_name] = seed


class OpenWorld:
    """The shared world now seeded in an open transaction: `kind` names its fixture (None:
    no transaction open)."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.world: Any = None
        self.unblock: Callable[[], Any] | None = None  # set once the test database is up
        self._atomic: transaction.Atomic | None = None

    def open(self, kind: str) -> None:
        assert self.kind is None and self.unblock is not None
        with self.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    self.world = SHARED_WORLDS[kind]()
            except BaseException as error:
                atomic.__exit__(type(error), error, error.__traceback__)
                raise
        self._atomic, self.kind = atomic, kind

    def close(self) -> None:
        """Roll the world back: the database is as the migrations left it."""
        if self._atomic is None:
            return
        atomic, self._atomic, self.kind, self.world = self._atomic, None, None, None
        assert self.unblock is not None
        with self.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


OPEN_WORLD = OpenWorld()


def shared_world(*kinds: str) -> Any:
    """A copy (tests change its objects) of the open world when it is one of `kinds`, for
    the test being set up; None when that test must seed its own."""
    if OPEN_WORLD.kind not in kinds:
        return None
    return copy.deepcopy(OPEN_WORLD.world)


def shared_world_kind(item: pytest.Item) -> str | None:
    """Which shared world a test wants: None for a test that asks for none, for more than
    one, or that commits for real."""
    names = set(getattr(item, "fixturenames", ()))
    if names & COMMITTING_FIXTURES:
        return None
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return None
    wanted = [kind for kind in SHARED_WORLDS if kind in names]
    if wanted[:2] == ["demo_directory", "demo"]:
        wanted = wanted[:1] + wanted[2:]  # demo_directory is the demo and more
    return wanted[0] if len(wanted) == 1 else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture of the test is set up: keep the open world for a test that wants
    it, roll it back for any other, and open (seed) the world a test wants once the test
    database is up (the very first test to want one seeds its own)."""
    kind = shared_world_kind(item)
    if OPEN_WORLD.kind != kind:
        OPEN_WORLD.close()
    if kind is not None and OPEN_WORLD.kind is None and OPEN_WORLD.unblock is not None:
        OPEN_WORLD.open(kind)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """The test database is built from the models (tests/database.py)."""
    for connection in connections.all():
        build_from_models(connection)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """pytest-django's test database, finished as the migrations would leave it; the open
    world is rolled back before it goes."""
    with django_db_blocker.unblock():
        for connection in connections.all():
            finish_test_database(connection)
    OPEN_WORLD.unblock = django_db_blocker.unblock
    yield
    OPEN_WORLD.close()
    OPEN_WORLD.unblock = None


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Real hashing is slow on purpose; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> SeedResult:
    """Worcestershire with its districts, teams, agencies, areas, towns and one user per
    role; no service directory or child population (they take longer to make: see
    demo_directory). A shared world: see the top of this file."""
    shared = shared_world("demo", "demo_directory")
    return shared if shared is not None else seed_demo(directory=False)


@pytest.fixture
def demo_directory(demo: SeedResult) -> SeedResult:
    """The demo with its service directory too: family hubs and their bases in every
    district, the virtual hub and the services at them (see demo/directory.py). Works
    with `signed_in`, which uses the same demo."""
    if not demo.directory:
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


# What a test asks for when it uses the database.
DATABASE_FIXTURES = {"db", *COMMITTING_FIXTURES}


def uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(names & DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With both lanes running (scripts/run_tests.sh), some tests run in one lane only, so
    that the two take about as long: those marked postgresql_lane (migrating an empty
    database) in the PostgreSQL lane, and those that use no database, which would run the
    same in both, in the SQLite lane (which runs the single_lane tests too: the browser,
    accessibility and fuzzing). Run on its own, a lane runs everything."""
    lane = os.environ.get("EARLYHELP_TEST_LANE")
    if lane == "sqlite-beside-postgresql":
        elsewhere = [item for item in items if item.get_closest_marker("postgresql_lane")]
    elif lane == "postgresql-beside-sqlite":
        elsewhere = [item for item in items if not uses_database(item)]
    else:
        return
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        moved = set(elsewhere)
        items[:] = [item for item in items if item not in moved]
