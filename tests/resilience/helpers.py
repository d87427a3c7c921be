"""A file SQLite database and the environment to run `earlyhelp` and gunicorn on it in
another process, the way a council's server runs them."""

import os
import sqlite3
import sys
from pathlib import Path

from earlyhelp.core.backup import backup_database

BIN = Path(sys.executable).parent


def file_database(directory: Path) -> dict[str, str]:
    """Copy the test database (migrated, with what the test committed) to
    `directory`/earlyhelp.sqlite3 and return the environment that points the app at it."""
    backup_database(directory / "earlyhelp.sqlite3")
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL"}}
    environment.update(
        EARLYHELP_DATA_DIR=str(directory),
        SECRET_KEY="test-only-not-a-secret",
        DEBUG="false",
        EARLYHELP_HTTPS="false",
        STATIC_MANIFEST="false",
        ALLOWED_HOSTS="127.0.0.1",
        # As in production: background work is queued in the database (one more writer).
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="WARNING",
    )
    return environment


def count_rows(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608


def consistency_problems(database: Path) -> list[str]:
    """What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find wrong (none: [])."""
    with sqlite3.connect(database) as connection:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        foreign_keys = [
            f"{table} row {rowid} points at a missing {parent}"
            for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check")
        ]
    return ([] if integrity == ["ok"] else integrity) + foreign_keys
