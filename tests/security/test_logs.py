"""Logs never hold a password, the secret key, a narrative or a name searched for: every
logger is captured at DEBUG through sign-in, a failed sign-in, a triage narrative saved
through its page, a public request, a family search and 404, 403 and 500 responses; and
gunicorn's access log (our config) leaves out query strings and referrers."""

import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN
from earlyhelp.pathways.models import Triage
from earlyhelp.people import selectors
from tests.conftest import PASSWORD, sign_in
from tests.frontdoor.helpers import fill_in, young_person_answers
from tests.people.helpers import family_with_pathway

SURNAME = "Zebedeeson"
WRONG_PASSWORD = "Wrong-Horse-Battery-7731"
TRIAGE_NARRATIVE = "Mum said the Quillfeather flat flooded and the rent is three months behind."
PUBLIC_NARRATIVE = "My brother Pellinore shouts at night and I cannot revise for my exams."


@pytest.fixture
def every_log_line() -> Iterator[list[str]]:
    """Every record any logger emits, formatted as production formats it (with tracebacks)."""
    lines: list[str] = []
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(formatter.format(record))

    handler = Capture(level=logging.DEBUG)
    root = logging.getLogger()
    not_propagating = [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    level = root.level
    root.setLevel(logging.DEBUG)
    for logger in [root, *not_propagating]:
        logger.addHandler(handler)
    yield lines
    for logger in [root, *not_propagating]:
        logger.removeHandler(handler)
    root.setLevel(level)


def test_logs_hold_no_password_secret_key_narrative_or_surname(
    demo, every_log_line, monkeypatch
) -> None:
    family, pathway = family_with_pathway(lead="fsw", name=f"{SURNAME} family")
    Client().post("/sign-in/", {"username": f"fsw@{DEMO_EMAIL_DOMAIN}", "password": WRONG_PASSWORD})
    staff = sign_in(Client(raise_request_exception=False), "fsw")

    staff.post(f"/pathways/{pathway.public_id}/triages/assessment/start/")
    triage = Triage.objects.get(pathway=pathway)
    saved = staff.post(
        f"/triages/{triage.public_id}/", {"band": "yellow", "narrative": TRIAGE_NARRATIVE}
    )
    assert saved.status_code == 302
    public = Client()
    answers = dict(young_person_answers())
    answers["worries"] = {"worries": PUBLIC_NARRATIVE}
    fill_in(public, list(answers.items()))
    assert public.post("/get-help/check-your-answers/", {"website": ""}).status_code == 302

    assert SURNAME in staff.get(f"/families/?q={SURNAME}").content.decode()
    assert staff.get(f"/families/{family.public_id}x/?q={SURNAME}").status_code == 404
    assert staff.get(f"/no-such-page/?q={SURNAME}").status_code == 404
    manager = sign_in(Client(), "manager")
    assert manager.get(f"/admin/?q={SURNAME}", follow=True).status_code == 403
    refused = Client(enforce_csrf_checks=True).post(f"/families/?q={SURNAME}", {"q": SURNAME})
    assert refused.status_code == 403

    def broken(*args: object) -> None:
        raise RuntimeError("the search failed")

    monkeypatch.setattr(selectors, "search_families", broken)
    assert staff.get(f"/families/?q={SURNAME}").status_code == 500

    logged = "\n".join(every_log_line)
    assert "Not Found: /no-such-page/" in logged
    assert "Forbidden (CSRF cookie not set.): /families/" in logged
    assert "Internal Server Error: /families/" in logged and "the search failed" in logged
    for never in [PASSWORD, WRONG_PASSWORD, settings.SECRET_KEY, SURNAME, "Quillfeather"]:
        assert never not in logged, never
    assert "Pellinore" not in logged


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_access_log_leaves_out_query_strings_and_referrers(tmp_path: Path) -> None:
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECRET_KEY", "DEBUG", "EARLYHELP_", "ALLOWED_HOSTS"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        EARLYHELP_HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        EARLYHELP_DATA_DIR=str(tmp_path),
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "earlyhelp.wsgi",
                "--config",
                "python:earlyhelp.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/healthz?surname={SURNAME}"
        request = urllib.request.Request(  # noqa: S310 - loopback http
            url, headers={"Referer": f"http://127.0.0.1:{port}/families/?q={SURNAME}"}
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    assert response.status == 200
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)

    logged = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in logged, logged
    assert SURNAME not in logged
