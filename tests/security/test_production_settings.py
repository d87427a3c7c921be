"""With production's environment (DEBUG off, a real secret key, a real host name and no
HTTPS override) the settings insist on HTTPS, and Django's deployment check is clean."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.single_lane  # settings only: no database logic

# Run in the production environment: settings as values, and what the middleware does
# with a request over plain http and one over https.
REPORT = """
import io
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client

check = io.StringIO()  # `earlyhelp check --deploy --fail-level WARNING`: raises on a warning
call_command("check", deploy=True, fail_level="WARNING", stdout=check, stderr=check)

client = Client()
insecure = client.get("/privacy/?surname=x", headers={"host": "example.org"})
secure = client.get("/healthz", secure=True, headers={"host": "example.org"})
names = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "X_FRAME_OPTIONS", "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST", "CONTENT_SECURITY_POLICY",
]
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "insecure": [insecure.status_code, insecure.get("Location")],
    "hsts": secure.get("Strict-Transport-Security"),
    "check": check.getvalue(),
}))
"""


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECRET_KEY", "DEBUG", "EARLYHELP_", "SECURE_", "ALLOWED_HOSTS"))
        and name not in {"MAP_TILE_URL", "STATIC_MANIFEST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        EARLYHELP_DATA_DIR=str(tmp_path),
        **extra,
    )
    return env


def earlyhelp(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command line, fixed arguments
        [sys.executable, "-m", "earlyhelp.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What the settings and the deployment check say in production's environment."""
    folder = tmp_path_factory.mktemp("production")
    result = earlyhelp(
        ["shell", "--no-imports", "-c", REPORT],
        production_env(folder, MAP_TILE_URL="none"),
        folder,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_insist_on_https_secure_cookies_and_hsts(production):
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is False  # opt in only: hard to undo
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["SESSION_SAVE_EVERY_REQUEST"] is True
    # Without map tiles, images come from this site (and data: URLs) only.
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]
    assert production["insecure"] == [301, "https://example.org/privacy/?surname=x"]
    assert production["hsts"] == "max-age=31536000; includeSubDomains"


def test_deploy_check_is_clean_in_production(production):
    assert "System check identified no issues" in production["check"]
