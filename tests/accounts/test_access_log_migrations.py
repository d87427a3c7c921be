"""The access log's append-only trigger outlives migrating accounts back to 0006 and forward
again: on SQLite, changing the log's check constraint (0007, either way) rebuilds the table,
which drops its triggers; PostgreSQL alters the table in place, keeping the trigger."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from earlyhelp.accounts.models import AccessLog, AccessPurpose

# Migrating needs no transaction around the test (SQLite's schema editor refuses one).
pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS_0007 = ("accounts", "0007_access_purpose_subject_access_and_anonymise")


def assert_update_refused() -> None:
    with (
        pytest.raises(DatabaseError, match="access log rows are never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE accounts_accesslog SET purpose = 'edit'")
    assert list(AccessLog.objects.values_list("purpose", flat=True)) == ["view"]


def test_the_access_log_refuses_updates_after_migrating_back_to_0006_and_forward():
    AccessLog(
        user_email="practitioner@example.org",
        object_type="family",
        object_id="1",
        purpose=AccessPurpose.VIEW,
    ).save()
    assert_update_refused()
    # 0007 alone, back and forth, as `migrate accounts 0006` and `migrate` run it. (The
    # migrate command would first unapply protection, which needs 0007 but not this table,
    # and render every model state: a minute.)
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration(*ACCOUNTS_0007)
    before = executor.loader.project_state(ACCOUNTS_0007, at_end=False)
    executor.unapply_migration(before, migration)
    try:
        assert ACCOUNTS_0007 not in MigrationRecorder(connection).applied_migrations()
        assert_update_refused()
    finally:
        executor.apply_migration(before, migration)
    assert ACCOUNTS_0007 in MigrationRecorder(connection).applied_migrations()
    assert_update_refused()
