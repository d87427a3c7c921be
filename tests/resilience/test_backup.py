"""`earlyhelp backup` and `earlyhelp restore`, round trip, on the database the suite runs on
(SQLite, and PostgreSQL in its lane): what was backed up comes back, what changed after is
gone, and a wrong file is refused with one line, exit 2, and nothing changed."""

import io
import sqlite3

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from earlyhelp.core import backup as backup_module
from earlyhelp.core.backup import BackupError, read_backup, restore_database
from earlyhelp.core.management.commands import restore as restore_command
from earlyhelp.people.models import Family, Person
from earlyhelp.people.selectors import current_consent
from earlyhelp.people.services import create_family, withdraw_consent
from earlyhelp.protection.models import Anonymisation
from tests.conftest import demo_user
from tests.people.helpers import family_with_pathway, make_family

# A restore replaces the tables under the test: it must not run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    message = str(error.value)
    assert "\n" not in message
    return message


def snapshot() -> tuple[list[str], list[str], int]:
    return (
        sorted(Family.objects.values_list("name", flat=True)),
        sorted(Person.objects.values_list("first_name", flat=True)),
        Family.history.count(),
    )


def test_a_restore_brings_back_what_was_backed_up_and_drops_what_changed_since(
    committed_demo, tmp_path, monkeypatch
):
    hill, pathway = family_with_pathway(name="Hill family")
    make_family("Oak family")
    before = snapshot()
    backup = tmp_path / "earlyhelp.backup"

    said = run("backup", str(backup))

    assert said.startswith(f"Backed up the {'SQLite' if connection.vendor == 'sqlite' else 'Post'}")
    assert backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o077 == 0  # children's records: for its owner only
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left beside it
    if connection.vendor == "sqlite":
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert copy.execute("SELECT count(*) FROM people_family").fetchone() == (2,)

    # After the backup: a family made, a person's name changed, consent withdrawn.
    create_family(
        by=demo_user("fsw"),
        name="Made after the backup",
        owning_team=hill.owning_team,
    )
    Person.objects.filter(first_name="Ruby").update(first_name="Changed")
    withdraw_consent(by=demo_user("fsw"), family=hill, reason="The family asked us to stop.")
    assert current_consent(hill) is None
    assert snapshot() != before

    # The file is read and checked once (on a big database, that takes a while).
    reads = []

    def counted_read(path):
        reads.append(path)
        return read_backup(path)

    monkeypatch.setattr(restore_command, "read_backup", counted_read)
    monkeypatch.setattr(backup_module, "read_backup", counted_read)
    said = run("restore", str(backup), "--yes")

    assert reads == [backup]
    assert said.startswith("Restored the ")
    assert "what it held before is gone" in said
    assert "earlyhelp migrate" not in said  # the backup is of this code
    assert snapshot() == before
    assert not Family.objects.filter(name="Made after the backup").exists()
    hill.refresh_from_db()
    assert current_consent(hill) is not None
    assert pathway.family_id == hill.pk
    # The restored database takes new records as before.
    create_family(by=demo_user("fsw"), name="After the restore", owning_team=hill.owning_team)
    assert Family.objects.count() == 3


def test_a_wrong_place_or_file_is_refused_in_one_line_and_nothing_changes(committed_demo, tmp_path):
    make_family("Hill family")
    assert refused("backup", str(tmp_path / "missing" / "b.backup")) == (
        f"{tmp_path / 'missing'}: no such directory"
    )
    assert refused("backup", str(tmp_path)) == (
        f"{tmp_path} is a directory: give the backup file's name"
    )
    assert list(tmp_path.iterdir()) == []
    before = snapshot()
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    other_database = tmp_path / "other.sqlite3"
    with sqlite3.connect(other_database) as other:
        other.execute("CREATE TABLE things (name TEXT)")
    live_database = tmp_path / "earlyhelp.sqlite3"
    with sqlite3.connect(live_database) as live:
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
    wrong = {
        tmp_path / "missing.backup": "no such file",
        text: "is not an earlyhelp backup: neither an SQLite database nor a pg_dump archive",
        other_database: "is an SQLite database, but not of earlyhelp (no django_migrations)",
        live_database: "is a live SQLite database, not a backup: make one with earlyhelp backup",
    }
    if connection.vendor == "postgresql":
        sqlite_backup = tmp_path / "sqlite.backup"
        with sqlite3.connect(sqlite_backup) as other:
            other.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
            other.execute("INSERT INTO django_migrations VALUES ('people', '0001_initial')")
        wrong[sqlite_backup] = "is a SQLite backup and this database is PostgreSQL"

    for path, reason in wrong.items():
        assert reason in refused("restore", str(path), "--yes"), path

    # A real backup, but restoring replaces everything: not without --yes (or a yes typed).
    backup = tmp_path / "good.backup"
    run("backup", str(backup))
    Family.objects.filter(name="Hill family").update(name="Renamed")
    assert "add --yes to do it" in refused("restore", str(backup))
    assert Family.objects.filter(name="Renamed").exists()
    # Checked once, before asking: a file that changes after that is not restored.
    checked = read_backup(backup)
    with backup.open("ab") as stream:
        stream.write(b"\0" * 512)
    with pytest.raises(BackupError, match=r"good.backup changed after it was checked"):
        restore_database(checked)
    assert Family.objects.filter(name="Renamed").exists()
    Family.objects.filter(name="Renamed").update(name="Hill family")
    assert snapshot() == before


def test_a_backup_from_newer_code_is_refused_and_one_from_older_code_asks_for_migrate(
    committed_demo, tmp_path
):
    recorder = MigrationRecorder(connection)
    family = make_family("Hill family")
    newer, older = tmp_path / "newer.backup", tmp_path / "older.backup"

    recorder.record_applied("people", "9999_from_a_later_release")
    run("backup", str(newer))
    recorder.record_unapplied("people", "9999_from_a_later_release")
    message = refused("restore", str(newer), "--yes")

    assert "was made by a newer earlyhelp" in message
    assert "people.9999_from_a_later_release" in message
    assert Family.objects.get().pk == family.pk

    # An older earlyhelp: one without the protection app's tables (its one migration not
    # applied). Since then the app has been upgraded and the tables made: one of them
    # has a foreign key to people_family, which the backup replaces.
    run("migrate", "protection", "zero")
    assert "protection_anonymisation" not in connection.introspection.table_names()
    try:
        run("backup", str(older))
    finally:
        run("migrate", "protection")
    Family.objects.update(name="Renamed after the backup")

    said = run("restore", str(older), "--yes")

    assert "from an older earlyhelp (1 migration to apply): run `earlyhelp migrate`" in said
    # The database is the backup's, schema and all: the newer tables are gone.
    assert "protection_anonymisation" not in connection.introspection.table_names()
    assert Family.objects.get().name == "Hill family"
    said = run("migrate")
    assert "Applying protection.0001_initial... OK" in said
    assert "protection_anonymisation" in connection.introspection.table_names()
    assert Anonymisation.objects.count() == 0
    assert Family.objects.get().name == "Hill family"


def test_a_damaged_backup_is_refused_and_nothing_changes(committed_demo, tmp_path):
    make_family("Hill family")
    backup = tmp_path / "damaged.backup"
    run("backup", str(backup))
    whole = backup.read_bytes()
    if connection.vendor == "sqlite":
        backup.write_bytes(whole[: len(whole) // 2])  # pages lost
    else:
        # The end of the last table's data: pg_restore finds it only after psql has run the
        # SQL for everything before, which must not be committed.
        backup.write_bytes(whole[:-1])
    Family.objects.update(name="Renamed after the backup")

    message = refused("restore", str(backup), "--yes")

    if connection.vendor == "sqlite":
        assert message == (
            f"{backup} is not a readable SQLite database (database disk image is malformed)"
        )
    else:
        assert message == (
            "the restore failed, nothing was changed: "
            "pg_restore: error: could not read from input file: end of file"
        )
    assert Family.objects.get().name == "Renamed after the backup"
    assert "protection_anonymisation" in connection.introspection.table_names()
