"""An import killed with SIGKILL while it writes (the power cut, the OOM killer) leaves the
database sound: nothing of it is written, and running it again imports exactly the file,
once. `earlyhelp import` runs in its own process on a file SQLite database, as on a
council's server, and is killed once it holds the write lock and has written pages."""

import csv
import datetime
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from earlyhelp.pathways.models import Pathway, Triage, TriageEntry
from earlyhelp.people.models import Family
from earlyhelp.places.models import Postcode
from tests.resilience.helpers import BIN, consistency_problems, count_rows, file_database

# Its own SQLite file, killed mid-write: the PostgreSQL lane has nothing to add.
pytestmark = pytest.mark.single_lane

FAMILIES = 2000  # each: an assessment of 3 issues, a closure of 2: 10,000 rows
POSTCODES = 60_000
WRITTEN = 256 * 1024  # bytes of uncommitted pages in the write-ahead log before the kill
TIME_LIMIT = 180  # seconds for one import on a busy machine


def triages_file(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["triage_ref", "family_ref", "stage", "completed_on", "district", "band"]
            + ["narrative", "outcome"]
        )
        for number in range(FAMILIES):
            assessed = datetime.date(2019, 1, 1) + datetime.timedelta(days=number % 1500)
            closed = assessed + datetime.timedelta(days=120)
            for band in ("orange", "yellow", "green"):
                writer.writerow(
                    [f"A{number}", f"OLD{number}", "assessment", assessed, "E07000234", band]
                    + [f"Family {number}, {band}: attendance 80%, sleep poor.", ""]
                )
            for band in ("green", "blue"):
                writer.writerow(
                    [f"C{number}", f"OLD{number}", "closure", closed, "E07000234", band]
                    + [f"Family {number}, {band}: attendance better.", "closed_positively"]
                )
    return path


def postcodes_file(path: Path) -> Path:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    inward = [f"{digit}{a}{b}" for digit in range(10) for a in letters for b in letters]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["pcds", "lat", "long", "lsoa11"])
        for number in range(POSTCODES):
            district, code = divmod(number, len(inward))
            writer.writerow([f"ZZ{district + 1} {inward[code]}", 52.3, -2.0 - number / 1e6, ""])
    return path


def holds_write_lock(database: Path) -> bool:
    probe = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        assert "locked" in str(error), error
        return True
    finally:
        probe.close()


def import_command(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own arguments
        [str(BIN / "earlyhelp"), "import", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )


def kill_while_writing(environment: dict[str, str], database: Path, *args: str) -> None:
    """Start the import and SIGKILL it once it holds the write lock and has written pages."""
    log = database.with_name("import.log")
    wal = database.with_name(f"{database.name}-wal")
    written_before = wal.stat().st_size if wal.exists() else 0
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own arguments
            [str(BIN / "earlyhelp"), "import", *args],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + TIME_LIMIT
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, (
                f"the import ended before it could be killed (make the file bigger): "
                f"{log.read_text()}"
            )
            writing = wal.exists() and wal.stat().st_size > written_before + WRITTEN
            if writing and holds_write_lock(database):
                os.kill(process.pid, signal.SIGKILL)
                assert process.wait(timeout=30) == -signal.SIGKILL
                return
            time.sleep(0.02)
        raise AssertionError("the import never started writing")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_triages_import_killed_mid_write_leaves_nothing_and_runs_again_exactly(
    committed_demo, tmp_path
):
    environment = file_database(tmp_path)
    database = tmp_path / "earlyhelp.sqlite3"
    source = triages_file(tmp_path / "historic-triages.csv")
    models = (Family, Pathway, Triage, TriageEntry, TriageEntry.history.model)
    tables = [model._meta.db_table for model in models]
    before = [count_rows(database, table) for table in tables]

    kill_while_writing(environment, database, "triages", str(source))

    assert consistency_problems(database) == []
    assert [count_rows(database, table) for table in tables] == before  # all or nothing

    again = import_command(environment, "triages", str(source))

    assert again.returncode == 0, again.stderr
    assert f"triages: {2 * FAMILIES:,} imported, 0 imported before" in again.stdout
    expected = [
        before[0] + FAMILIES,
        before[1] + FAMILIES,
        before[2] + 2 * FAMILIES,
        before[3] + 5 * FAMILIES,
        before[4] + 5 * FAMILIES,  # each entry with its history row
    ]
    assert [count_rows(database, table) for table in tables] == expected
    assert consistency_problems(database) == []

    once_more = import_command(environment, "triages", str(source))

    assert once_more.returncode == 0, once_more.stderr
    assert f"triages: 0 imported, {2 * FAMILIES:,} imported before" in once_more.stdout
    assert [count_rows(database, table) for table in tables] == expected


def test_postcodes_import_killed_mid_write_leaves_nothing_and_runs_again_exactly(
    committed_demo, tmp_path
):
    environment = file_database(tmp_path)
    database = tmp_path / "earlyhelp.sqlite3"
    source = postcodes_file(tmp_path / "onspd.csv")
    table = Postcode._meta.db_table
    before = count_rows(database, table)

    kill_while_writing(environment, database, "postcodes", str(source))

    assert consistency_problems(database) == []
    assert count_rows(database, table) == before

    again = import_command(environment, "postcodes", str(source))

    assert again.returncode == 0, again.stderr
    assert count_rows(database, table) == before + POSTCODES
    assert consistency_problems(database) == []
