"""Settings come only from the environment and fail fast on bad values."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from earlyhelp.env import env_bool, env_int, env_list, env_secret


@pytest.mark.parametrize("text", ["true", "TRUE", "True", "1", " true "])
def test_booleans_accept_true_in_any_case(monkeypatch, text):
    monkeypatch.setenv("SOME_FLAG", text)
    assert env_bool("SOME_FLAG", default=False) is True


@pytest.mark.parametrize("text", ["false", "FALSE", "0"])
def test_booleans_accept_false_in_any_case(monkeypatch, text):
    monkeypatch.setenv("SOME_FLAG", text)
    assert env_bool("SOME_FLAG", default=True) is False


@pytest.mark.parametrize("text", ["yes", "on", "2", "flase"])
def test_booleans_refuse_anything_else_and_name_the_variable(monkeypatch, text):
    monkeypatch.setenv("SOME_FLAG", text)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_unset_values_take_their_default(monkeypatch):
    monkeypatch.delenv("SOME_NUMBER", raising=False)
    assert env_int("SOME_NUMBER", 30) == 30
    assert env_list("SOME_NUMBER", ["a"]) == ["a"]


def test_numbers_must_be_whole_and_in_range(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SOME_NUMBER", 1, minimum=1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,,")
    assert env_list("SOME_HOSTS", []) == ["a.example", "b.example"]


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.delenv("SOME_SECRET", raising=False)
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret_file))
    assert env_secret("SOME_SECRET") == "from-a-file"

    monkeypatch.setenv("SOME_SECRET", "also-set")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("SOME_SECRET")


def run_earlyhelp(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "earlyhelp.cli", *args],
        env=clean,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = run_earlyhelp(["check"], {"DEBUG": "false"}, tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off" in result.stderr


def test_bad_boolean_stops_start_up_with_its_name(tmp_path):
    result = run_earlyhelp(["check"], {"DEBUG": "maybe"}, tmp_path)

    assert result.returncode != 0
    assert "DEBUG must be true, false, 1 or 0, not 'maybe'" in result.stderr


def test_debug_without_secret_key_generates_one_into_the_data_folder(tmp_path):
    data_dir = tmp_path / "data"
    env = {"DEBUG": "true", "EARLYHELP_DATA_DIR": str(data_dir)}

    first = run_earlyhelp(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        env,
        tmp_path,
    )
    second = run_earlyhelp(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        env,
        tmp_path,
    )

    assert first.returncode == 0, first.stderr
    key = (data_dir / "secret_key").read_text().strip()
    assert len(key) >= 50
    assert first.stdout.strip() == key == second.stdout.strip()
    assert oct((data_dir / "secret_key").stat().st_mode)[-3:] == "600"


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 30 + "production-like-secret-key-with-enough-variety-1234",
        "ALLOWED_HOSTS": "earlyhelp.example.gov.uk",
        "SECURE_HSTS_PRELOAD": "true",
        "EARLYHELP_DATA_DIR": str(tmp_path),
        "EARLYHELP_HTTPS": "",
        "STATIC_MANIFEST": "",
    }

    result = run_earlyhelp(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_suite_runs_on_the_database_database_url_names(db):
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1


def test_the_static_files_collect_as_production_serves_them(settings, tmp_path) -> None:
    """`make demo` and a deployment collect the static files into hashed names (Django's
    manifest storage, which production's compressing one builds on); a file one of them
    refers to (e.g. a source map) must be there too."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for collected in ("leaflet/leaflet.js", "directory/map.mjs", "earlyhelp/earlyhelp.css"):
        assert (tmp_path / manifest[collected]).is_file()
