"""Many people saving at once on SQLite: the app under gunicorn (several processes, several
threads each) on a file database, driven over real HTTP by many writers at once. Nobody
sees "database is locked" or a server error, every save the server confirmed is in the
database, and no edit is lost: two saves from the same version never both win.

The two-users-one-refused case, one request after the other, is tested through the pages
(tests/pathways/test_pathway_pages.py: test_two_users_saving_the_same_plan_action_...) and
the API (tests/pathways/test_pathways_api.py: test_two_changes_to_one_plan_action_...);
here the saves really are at the same moment."""

import datetime
import random
import socket
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from earlyhelp.accounts.models import Team
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.pathways.models import PlanAction, TriageEntry
from earlyhelp.pathways.services import add_plan_action, add_triage_entry, start_triage
from earlyhelp.people.models import Family
from tests.conftest import PASSWORD, demo_user
from tests.people.helpers import BROMSGROVE_TEAM, family_with_pathway
from tests.resilience.helpers import BIN, consistency_problems, count_rows, file_database

# Its own SQLite file and server: the PostgreSQL lane has nothing to add.
pytestmark = pytest.mark.single_lane

WORKERS, THREADS = 3, 4  # gunicorn: 12 requests at once
WRITERS, WRITES = 24, 300  # client threads, and the writes they share
TIME_LIMIT = 120  # seconds for all the writes, on a busy 2-core machine
DEMO_DOMAIN = "demo.earlyhelp.test"
REQUEST = {
    "child_first_name": "Noah",
    "child_last_name": "Price",
    "child_date_of_birth": "2016-05-09",
    "district": "E07000234",
    "worries": "Noah's attendance has dropped and he is withdrawn.",
    "suggested_band": "yellow",
    "consent": "given",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, environment: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments
                [
                    str(BIN / "gunicorn"),
                    "earlyhelp.wsgi",
                    f"--bind=127.0.0.1:{self.port}",
                    f"--workers={WORKERS}",
                    f"--threads={THREADS}",
                    "--timeout=120",
                    "--capture-output",
                ],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text()
            try:
                if requests.get(f"{self.url}/healthz", timeout=30).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def signed_in_cookies(url: str, local_part: str) -> dict[str, str]:
    session = requests.Session()
    session.get(f"{url}/sign-in/", timeout=30)
    response = session.post(
        f"{url}/sign-in/",
        {
            "username": f"{local_part}@{DEMO_DOMAIN}",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return session.cookies.get_dict()


def test_many_writers_at_once_never_see_database_is_locked_and_lose_nothing(
    committed_demo, tmp_path, settings
):
    # The server checks passwords with the real hasher, not the tests' quick one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for local_part in ("fsw", "manager", "practitioner"):
        user = demo_user(local_part)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    _, pathway = family_with_pathway()
    fsw = demo_user("fsw")
    triage = start_triage(by=fsw, pathway=pathway, stage="assessment")
    entry = add_triage_entry(
        by=fsw, triage=triage, band="orange", narrative="Ruby not attending school, 62%."
    )
    action = add_plan_action(
        by=fsw,
        pathway=pathway,
        description="Attend the parenting course",
        entries=[entry],
        owner=None,
        owner_agency=None,
        owner_text="Mum",
        due_on=datetime.date.today() + datetime.timedelta(days=28),
    )
    team = Team.objects.get(name=BROMSGROVE_TEAM)
    environment = file_database(tmp_path)
    database = tmp_path / "earlyhelp.sqlite3"
    tables = {
        "families": Family._meta.db_table,
        "requests": RequestForSupport._meta.db_table,
        "entries": TriageEntry._meta.db_table,
    }
    before = {kind: count_rows(database, table) for kind, table in tables.items()}

    server = Server(environment, tmp_path / "gunicorn.log")
    try:
        cookies = {
            local_part: signed_in_cookies(server.url, local_part)
            for local_part in ("fsw", "manager", "practitioner")
        }
        versions = {"entry": 1, "action": 1}  # the newest version each writer has seen
        seen = threading.Lock()
        local = threading.local()

        def send(user: str, method: str, path: str, body: dict[str, Any]) -> requests.Response:
            if not hasattr(local, "sessions"):
                local.sessions = {}
            if user not in local.sessions:
                local.sessions[user] = requests.Session()
                local.sessions[user].cookies.update(cookies[user])
            session = local.sessions[user]
            return session.request(
                method,
                f"{server.url}{path}",
                json=body,
                # A new connection each time: a kept-alive one the server is closing just as
                # it is reused is reset, which a browser retries and this client would not.
                headers={
                    "X-CSRFToken": session.cookies.get("csrftoken", ""),
                    "Connection": "close",
                },
                timeout=60,
            )

        def edit(user: str, kind: str, path: str, body: dict[str, Any]) -> requests.Response:
            with seen:
                version = versions[kind]
            response = send(user, "PATCH", path, {**body, "version": version})
            found = (
                response.json().get("version")
                if response.status_code == 200
                else (response.json().get("current") or {}).get("version")
                if response.status_code == 409
                else None
            )
            if found:
                with seen:
                    versions[kind] = max(versions[kind], found)
            return response

        def write(number: int, kind: str) -> tuple[str, int, str]:
            try:
                return save(number, kind)
            except requests.RequestException as error:  # reported with the server's log
                return kind, 0, repr(error)

        def save(number: int, kind: str) -> tuple[str, int, str]:
            user = ("fsw", "manager")[number % 2]
            if kind == "families":
                response = send(
                    user,
                    "POST",
                    "/api/families",
                    {"name": f"Family {number}", "owning_team_id": str(team.public_id)},
                )
            elif kind == "requests":
                response = send("practitioner", "POST", "/api/requests", REQUEST)
            elif kind == "entries":
                response = send(
                    user,
                    "POST",
                    f"/api/triages/{triage.public_id}/entries",
                    {"band": "yellow", "narrative": f"Issue {number}: attendance is 80%."},
                )
            elif kind == "entry edits":
                response = edit(
                    user,
                    "entry",
                    f"/api/triage-entries/{entry.public_id}",
                    {"narrative": f"Edit {number}: attendance is now {number % 100}%."},
                )
            else:
                response = edit(
                    user,
                    "action",
                    f"/api/plan-actions/{action.public_id}",
                    {"description": f"Attend the parenting course, edit {number}"},
                )
            return kind, response.status_code, response.text

        kinds = ["families", "requests", "entries", "entry edits", "action edits"]
        work = [(number, kinds[number % len(kinds)]) for number in range(WRITES)]
        random.Random(9).shuffle(work)
        backup = tmp_path / "during-the-writes.backup"
        backup_run: dict[str, Any] = {}

        def back_up_meanwhile() -> None:
            backup_run["result"] = subprocess.run(  # noqa: S603 - our own arguments
                [str(BIN / "earlyhelp"), "backup", str(backup)],
                env=environment,
                capture_output=True,
                text=True,
                timeout=TIME_LIMIT,
            )

        started = time.monotonic()
        backing_up = threading.Thread(target=back_up_meanwhile)
        backing_up.start()
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            results = list(pool.map(lambda item: write(*item), work))
        elapsed = time.monotonic() - started
        backing_up.join()
    finally:
        server.stop()

    statuses = Counter((kind, status) for kind, status, _ in results)
    print(f"{WRITES} writes from {WRITERS} threads in {elapsed:.1f} s: {dict(statuses)}")
    assert elapsed < TIME_LIMIT
    allowed = {"families": {201}, "requests": {201}, "entries": {201}}
    log = server.log.read_text()
    for kind, status, text in results:
        assert status in allowed.get(kind, {200, 409}), (kind, status, text[:500], log[-3000:])
        assert "locked" not in text.lower()
    for sign_of_trouble in ("database is locked", "Traceback", "Internal Server Error"):
        assert sign_of_trouble not in log, log[-3000:]

    # Every save the server confirmed is there, once; every edit that won made one version.
    for kind, table in tables.items():
        assert count_rows(database, table) == before[kind] + statuses[(kind, 201)], kind
    for kind, model, record in (
        ("entry edits", TriageEntry, entry),
        ("action edits", PlanAction, action),
    ):
        wins = statuses[(kind, 200)]
        assert wins >= 1 and statuses[(kind, 409)] >= 1, statuses
        assert versions_of(database, model, record.pk) == (wins + 1, wins + 1), kind
    assert consistency_problems(database) == []

    # The backup taken while the writers worked is a complete database of one moment.
    result = backup_run["result"]
    assert result.returncode == 0, result.stderr
    assert consistency_problems(backup) == []
    for kind, table in tables.items():
        assert before[kind] <= count_rows(backup, table) <= count_rows(database, table)


def versions_of(database: Path, model: Any, pk: int) -> tuple[int, int]:
    """The record's version, and how many versions its history holds."""
    table, history = model._meta.db_table, model.history.model._meta.db_table
    with sqlite3.connect(database) as connection:
        current = connection.execute(f'SELECT version FROM "{table}" WHERE id = ?', [pk])  # noqa: S608
        kept = connection.execute(
            f'SELECT count(DISTINCT version) FROM "{history}" WHERE id = ?',  # noqa: S608
            [pk],
        )
        return current.fetchone()[0], kept.fetchone()[0]
