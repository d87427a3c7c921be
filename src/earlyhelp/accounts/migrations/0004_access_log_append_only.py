"""A trigger that refuses any UPDATE of an access-log row, whatever client sends it."""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER accounts_accesslog_no_update BEFORE UPDATE ON accounts_accesslog
    BEGIN
        SELECT RAISE(ABORT, 'access log rows are never changed');
    END
    """
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS accounts_accesslog_no_update"]

POSTGRES_UP = [
    """
    CREATE FUNCTION accounts_accesslog_refuse_update() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'access log rows are never changed';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER accounts_accesslog_no_update BEFORE UPDATE ON accounts_accesslog
        FOR EACH ROW EXECUTE FUNCTION accounts_accesslog_refuse_update()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS accounts_accesslog_no_update ON accounts_accesslog",
    "DROP FUNCTION IF EXISTS accounts_accesslog_refuse_update()",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
