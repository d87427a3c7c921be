"""The migrations build the database the tests use (tests/database.py builds it from the
models instead, for speed): `earlyhelp migrate` on an empty database, in another process
as on a council's server, gives the same tables, columns, constraints, indexes and
triggers. And no change to the models is missing its migration."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

BIN = Path(sys.executable).parent
# Columns whose type may differ, and why it does not matter.
COLUMNS_THAT_MAY_DIFFER = {
    # Django's own auth migrations make this join table's id a bigint on PostgreSQL (the
    # project's DEFAULT_AUTO_FIELD); built from the models it is auth's AutoField. No row
    # is ever found by this id.
    ("auth_group_permissions", "id"),
}


def test_every_change_to_the_models_has_its_migration(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(
            "a model change has no migration (run `earlyhelp makemigrations`):\n" + out.getvalue()
        )


def schema(database: BaseDatabaseWrapper) -> dict[str, object]:
    """Each table's columns (type, nullable) and constraints and indexes (by what they are
    on: their names may differ, as SQLite names none of a table's own), and the triggers."""
    introspection = database.introspection
    tables: dict[str, object] = {}
    with database.cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = {
                column.name: (str(column.type_code), column.null_ok)
                for column in introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                repr(
                    (
                        tuple(found["columns"] or ()),
                        found["primary_key"],
                        found["unique"],
                        found["foreign_key"],
                        found["check"],
                        found["index"],
                        found.get("type"),
                    )
                )
                for found in introspection.get_constraints(cursor, table).values()
            )
            tables[table] = {"columns": columns, "constraints": constraints}
        if database.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
            )
        else:
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        tables["(triggers)"] = sorted(cursor.fetchall())
    return tables


def app_environment(**settings: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(SECRET_KEY="test-only-not-a-secret", DEBUG="false", **settings)
    return environment


def migrated_schema(environment: dict[str, str]) -> dict[str, object]:
    """`earlyhelp migrate` on the empty database `environment` points at, and its schema
    (read in another process too: Django connects a process to its configured databases)."""
    subprocess.run(  # noqa: S603 - our own command
        [BIN / "earlyhelp", "migrate", "--noinput", "--verbosity", "0"],
        env=environment,
        check=True,
    )
    printed = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "-c", PRINT_SCHEMA],
        env={**environment, "DJANGO_SETTINGS_MODULE": "earlyhelp.settings"},
        cwd=PROJECT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(printed.stdout)


def postgresql_url(name: str) -> str:
    """The URL of database `name` on the test database's server, as its user."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        user += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}@{host}{port}/{name}"


PROJECT = Path(__file__).resolve().parents[2]
PRINT_SCHEMA = """
import json, django
django.setup()
from django.db import connection
from tests.core.test_migrations import schema
print(json.dumps(schema(connection)))
"""


@pytest.mark.postgresql_lane
@pytest.mark.django_db
def test_the_migrations_build_from_empty_the_database_the_tests_use(tmp_path):
    built = json.loads(json.dumps(schema(connection)))
    if connection.vendor == "sqlite":
        made = migrated_schema(app_environment(EARLYHELP_DATA_DIR=str(tmp_path)))
    else:
        name = f"{connection.settings_dict['NAME']}_migrated"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            made = migrated_schema(app_environment(DATABASE_URL=postgresql_url(name)))
        finally:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{name}"')
    for table, column in COLUMNS_THAT_MAY_DIFFER:
        for found in (built, made):
            found[table]["columns"].pop(column)  # type: ignore[index]
    assert built.keys() == made.keys()
    differences = [table for table in built if built[table] != made[table]]
    assert not differences, {table: (built[table], made[table]) for table in differences}
