"""Backing up and restoring the whole database: `earlyhelp backup PATH`, `earlyhelp restore PATH`.

SQLite: SQLite's online backup API copies the database in one read transaction, so the app
can keep running (WAL: readers and the writer carry on) and the copy is one consistent
moment. The copy is a plain SQLite file (rollback journal, nothing beside it), checked with
`PRAGMA integrity_check`, written beside PATH and renamed over it: PATH is never half
written. Restoring copies a backup into the live database the same way, under SQLite's
write lock, so a running app sees the old database or the new one, never a mix.

PostgreSQL: `pg_dump` in its custom format, connecting with the settings in DATABASES
(the password in PGPASSWORD, never on a command line). Restoring runs, in one transaction
(so a restore that fails changes nothing): empty the schema, then the archive's SQL from
`pg_restore --no-owner`, fed to `psql`. Emptying the whole schema, not only what the archive
holds (as `pg_restore --clean` would), matters for a backup from older code: tables that
newer migrations made would otherwise stay, blocking the DROP of tables they point at
and making `migrate` fail with "relation already exists" after.

A backup carries its own manifest: the `django_migrations` table. Restore reads it to refuse
a file that is not an earlyhelp backup, a backup of the other engine, or one made by newer
code (migrations this code does not know); a backup from older code is restored and the
report says to run `earlyhelp migrate`.
"""

import contextlib
import glob
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with our own arguments  # nosec B404
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line saying why, and
    nothing was changed."""


@dataclass
class BackupFile:
    """What a backup file holds, read from the file itself."""

    path: Path
    engine: str  # "sqlite" or "postgresql"
    migrations: set[tuple[str, str]]  # (app, name) applied in the backed-up database
    size: int
    modified_ns: int  # when it was read: a restore refuses a file changed since


@dataclass
class RestoreReport:
    backup: BackupFile
    database: str  # what was replaced, for the message
    # Migrations the code has that the backup had not applied: run `earlyhelp migrate`.
    migrations_to_apply: list[str] = field(default_factory=list)


def engine_of(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in ENGINE_NAMES:
        raise BackupError(f"backups are for SQLite or PostgreSQL, not {vendor}")
    return vendor


def describe_database(using: str = "default") -> str:
    settings = connections[using].settings_dict
    if engine_of(using) == "sqlite":
        return f"the SQLite database {settings['NAME']}"
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"the PostgreSQL database {settings['NAME']} on {host}{port}"


# Backing up ------------------------------------------------------------------------------


def backup_database(path: Path, using: str = "default") -> BackupFile:
    """Write a complete, checked backup of the database to `path` (replacing any file
    there) and describe it; raises BackupError, leaving `path` as it was, when it cannot."""
    engine = engine_of(using)
    if path.is_dir():
        raise BackupError(f"{path} is a directory: give the backup file's name")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent}: no such directory")
    if (
        engine == "sqlite"
        and path.resolve() == Path(connections[using].settings_dict["NAME"]).resolve()
    ):
        raise BackupError(f"{path} is the database itself: write the backup somewhere else")
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise BackupError(f"{path}: cannot write there ({error.strerror})") from None
    os.close(handle)
    temporary = Path(name)
    try:
        if engine == "sqlite":
            _backup_sqlite(temporary, using)
        else:
            _backup_postgresql(temporary, using)
        backup = read_backup(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    backup.path = path
    return backup


def _backup_sqlite(temporary: Path, using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        # Its own open transaction would hold the copy up for ever (SQLITE_LOCKED, retried).
        raise BackupError("a backup cannot be taken inside a transaction")
    connection.ensure_connection()
    target = sqlite3.connect(temporary)
    try:
        # One step (pages=-1): the whole copy is one read transaction, one moment in time.
        connection.connection.backup(target)
        # A standalone file: no -wal or -shm beside it when it is opened.
        target.execute("PRAGMA journal_mode=DELETE")
        problems = _integrity_problems(target)
    except sqlite3.Error as error:
        raise BackupError(f"the backup failed: {error}") from None
    finally:
        target.close()
    if problems:
        raise BackupError(f"the copy failed its integrity check: {problems}")


def _backup_postgresql(temporary: Path, using: str) -> None:
    result = _run_pg_tool(
        "pg_dump", ["--format=custom", f"--file={temporary}", "--no-password"], using
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {_first_line(result.stderr)}")


# Reading a backup ------------------------------------------------------------------------


def read_backup(path: Path) -> BackupFile:
    """What the backup at `path` holds; raises BackupError when it is not an earlyhelp
    backup (or not a sound one)."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with path.open("rb") as stream:
            start = stream.read(20)
    except OSError as error:
        raise BackupError(f"{path}: cannot read it ({error.strerror})") from None
    if start.startswith(SQLITE_MAGIC) and start[18:20] == b"\x02\x02":
        # A live database in WAL mode: its latest writes may be in the -wal file beside it.
        raise BackupError(
            f"{path} is a live SQLite database, not a backup: make one with earlyhelp backup"
        )
    if start.startswith(SQLITE_MAGIC):
        engine, migrations = "sqlite", _sqlite_migrations(path)
    elif start.startswith(PG_DUMP_MAGIC):
        engine, migrations = "postgresql", _pg_dump_migrations(path)
    else:
        raise BackupError(
            f"{path} is not an earlyhelp backup: neither an SQLite database nor a pg_dump archive"
        )
    earlyhelp_apps = {
        config.label for config in apps.get_app_configs() if config.name.startswith("earlyhelp.")
    }
    if not {app for app, _ in migrations} & earlyhelp_apps:
        raise BackupError(f"{path} is a database, but not of earlyhelp (no earlyhelp migrations)")
    status = path.stat()
    return BackupFile(path, engine, migrations, status.st_size, status.st_mtime_ns)


def _sqlite_migrations(path: Path) -> set[tuple[str, str]]:
    try:
        # Read-only and immutable: reading a backup never writes beside it.
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            problems = _integrity_problems(source)
            if problems:
                raise BackupError(f"{path} is damaged: the integrity check says {problems}")
            return set(source.execute("SELECT app, name FROM django_migrations").fetchall())
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        if "no such table" in str(error):
            raise BackupError(
                f"{path} is an SQLite database, but not of earlyhelp (no django_migrations)"
            ) from None
        raise BackupError(f"{path} is not a readable SQLite database ({error})") from None


def _integrity_problems(database: sqlite3.Connection) -> str:
    """'' when the database is sound, else what `PRAGMA integrity_check` found (briefly)."""
    rows = [row[0] for row in database.execute("PRAGMA integrity_check(5)").fetchall()]
    return "" if rows == ["ok"] else "; ".join(rows)


# A COPY block of pg_restore's SQL output: a header naming the columns, rows, then "\.".
_COPY_MIGRATIONS = re.compile(
    r"^COPY \S*django_migrations \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", re.M | re.S
)


def _pg_dump_migrations(path: Path) -> set[tuple[str, str]]:
    listing = _run_pg_restore(["--list", str(path)])
    if listing.returncode != 0:
        raise BackupError(
            f"{path} is not a readable pg_dump archive: {_first_line(listing.stderr)}"
        )
    if not re.search(r" TABLE DATA \S+ django_migrations ", listing.stdout):
        raise BackupError(
            f"{path} is a pg_dump archive, but not of earlyhelp (no django_migrations)"
        )
    data = _run_pg_restore(["--data-only", "--table=django_migrations", "--file=-", str(path)])
    match = _COPY_MIGRATIONS.search(data.stdout) if data.returncode == 0 else None
    if match is None:
        raise BackupError(f"{path}: cannot read the migrations in the archive")
    columns = [name.strip() for name in match.group(1).split(",")]
    app, name = columns.index("app"), columns.index("name")
    rows = [line.split("\t") for line in match.group(2).splitlines() if line]
    return {(row[app], row[name]) for row in rows}


# Restoring -------------------------------------------------------------------------------


def check_restorable(backup: BackupFile, using: str = "default") -> list[str]:
    """Raise BackupError when `backup` cannot go into this database with this code; else the
    migrations the code has that the backup lacks (run `earlyhelp migrate` after)."""
    engine = engine_of(using)
    if backup.engine != engine:
        raise BackupError(
            f"{backup.path} is a {ENGINE_NAMES[backup.engine]} backup and this database is "
            f"{ENGINE_NAMES[engine]}: restore it into {ENGINE_NAMES[backup.engine]}"
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    ours = {(app, name) for app, name in backup.migrations if app in loader.migrated_apps}
    unknown = sorted(ours - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise BackupError(
            f"{backup.path} was made by a newer earlyhelp (migrations {names}{more} are not "
            "in this code): upgrade earlyhelp, then restore"
        )
    replaced = {
        replaced_key
        for migration in loader.disk_migrations.values()
        if migration.replaces and (migration.app_label, migration.name) in ours
        for replaced_key in migration.replaces
    }
    return sorted(f"{app}.{name}" for app, name in known - ours - replaced)


def restore_database(backup: BackupFile, using: str = "default") -> RestoreReport:
    """Replace the database with `backup` (as read and checked by read_backup); raises
    BackupError, changing nothing, when this code cannot restore it."""
    to_apply = check_restorable(backup, using)
    try:
        status = backup.path.stat()
    except OSError as error:
        raise BackupError(f"{backup.path}: cannot read it ({error.strerror})") from None
    if (status.st_size, status.st_mtime_ns) != (backup.size, backup.modified_ns):
        raise BackupError(f"{backup.path} changed after it was checked: restore it again")
    database = describe_database(using)
    if backup.engine == "sqlite":
        _restore_sqlite(backup.path, using)
    else:
        _restore_postgresql(backup.path, using)
    return RestoreReport(backup, database, to_apply)


def _restore_sqlite(path: Path, using: str) -> None:
    # The backup API replaces every page: the database becomes the backup's, schema and
    # all (tables made by newer migrations go too), so `migrate` after it starts clean.
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        # One step under the write lock (waiting for it as long as the busy timeout allows):
        # other connections see the old database or the new one.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"the restore failed, nothing was changed: {error}") from None
    finally:
        source.close()


# Drops everything in the schema Django's tables are in, but keeps the schema itself (its
# owner and grants): dropping objects needs only their ownership, as migrate made them.
# CASCADE and IF EXISTS: a table's drop takes its sequences, indexes and triggers with it.
_EMPTY_SCHEMA = """
SET client_min_messages = warning;
DO $$
DECLARE
    statement text;
BEGIN
    FOR statement IN
        SELECT format('DROP VIEW IF EXISTS %I.%I CASCADE', schemaname, viewname)
            FROM pg_views WHERE schemaname = current_schema()
        UNION ALL
        SELECT format('DROP MATERIALIZED VIEW IF EXISTS %I.%I CASCADE', schemaname, matviewname)
            FROM pg_matviews WHERE schemaname = current_schema()
        UNION ALL
        SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE', schemaname, tablename)
            FROM pg_tables WHERE schemaname = current_schema()
        UNION ALL
        SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', schemaname, sequencename)
            FROM pg_sequences WHERE schemaname = current_schema()
        UNION ALL
        SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', oid::regprocedure)
            FROM pg_proc
            WHERE pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
            AND prokind IN ('f', 'p')
    LOOP
        EXECUTE statement;
    END LOOP;
END
$$;
"""


def _restore_postgresql(path: Path, using: str) -> None:
    connections[using].close()  # no session of ours holds a lock on what is replaced
    with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as psql_errors:
        # pg_restore only reads the archive and writes its SQL; psql runs that SQL after
        # emptying the schema, in one transaction, stopping at the first error.
        script = subprocess.Popen(  # noqa: S603 - our own arguments, no shell  # nosec B603
            [pg_tool("pg_restore"), "--no-owner", "--file=-", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=script_errors,
        )
        psql = subprocess.Popen(  # noqa: S603 - our own arguments, no shell  # nosec B603
            [
                pg_tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--no-password",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                f"--command={_EMPTY_SCHEMA}",
                "--file=-",
            ],
            env=_pg_environment(using),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
        )
        sql, psql_input = cast(IO[bytes], script.stdout), cast(IO[bytes], psql.stdin)
        complete = False
        try:
            shutil.copyfileobj(sql, psql_input, 1 << 20)
            complete = script.wait() == 0
        except BrokenPipeError:
            pass  # psql stopped at an error and rolled back
        finally:
            if not complete:
                # psql commits when its input ends: killed before that, it never does,
                # and the server rolls the transaction back.
                psql.kill()
            script.kill()
            script.wait()
            sql.close()
            with contextlib.suppress(BrokenPipeError):
                psql_input.close()
            succeeded = psql.wait() == 0 and complete
        if not succeeded:
            psql_errors.seek(0)
            script_errors.seek(0)
            message = _first_line(
                psql_errors.read().decode(errors="replace")
                or script_errors.read().decode(errors="replace")
            )
            raise BackupError(f"the restore failed, nothing was changed: {message}")


# PostgreSQL's tools ----------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client tool: on PATH, else the newest in
    /usr/lib/postgresql/*/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found

    def version(candidate: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", Path(candidate).parent.parent.name))

    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    for candidate in sorted(candidates, key=version, reverse=True):
        if os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(f"{name} not found: install PostgreSQL's client tools")


def _pg_environment(using: str) -> dict[str, str]:
    """The connection settings as libpq's variables: nothing secret on a command line."""
    settings = connections[using].settings_dict
    environment = dict(os.environ)  # libpq reads the rest (PGSSLROOTCERT...) as psycopg does
    for variable, value in (
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),
        ("PGDATABASE", settings.get("NAME")),
        ("PGSSLMODE", (settings.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            environment[variable] = str(value)
    return environment


def _run_pg_tool(name: str, arguments: list[str], using: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own arguments, no shell  # nosec B603
        [pg_tool(name), *arguments],
        env=_pg_environment(using),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _run_pg_restore(
    arguments: list[str], using: str | None = None
) -> subprocess.CompletedProcess[str]:
    if using is not None:
        return _run_pg_tool("pg_restore", arguments, using)
    # Reading an archive needs no database.
    return subprocess.run(  # noqa: S603 - our own arguments, no shell  # nosec B603
        [pg_tool("pg_restore"), *arguments],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "no message"
