"""earlyhelp restore PATH --yes: replace the database with a backup made by `earlyhelp
backup` (see core/backup.py)."""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.core.backup import (
    BackupError,
    check_restorable,
    describe_database,
    read_backup,
    restore_database,
)


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `earlyhelp backup`. Refuses a "
        "file that is not an earlyhelp backup of this database's engine, or one made by a "
        "newer earlyhelp; asks first unless given --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH", help="the backup file")
        parser.add_argument(
            "--yes", action="store_true", help="replace the database without asking"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            database = describe_database()
            # Read and checked once, before asking, so a wrong file is refused at once.
            backup = read_backup(path)
            check_restorable(backup)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        if not options["yes"]:
            self._confirm(path, database)
        started = time.monotonic()
        try:
            report = restore_database(backup)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            f"Restored {report.database} from {path} in {time.monotonic() - started:.1f} s "
            f"({report.backup.size / 1_000_000:,.1f} MB, "
            f"{len(report.backup.migrations)} migrations applied); what it held before is gone."
        )
        if report.migrations_to_apply:
            count = len(report.migrations_to_apply)
            self.stdout.write(
                f"The backup is from an older earlyhelp ({count} migration"
                f"{'s' if count != 1 else ''} to apply): run `earlyhelp migrate` now."
            )

    def _confirm(self, path: Path, database: str) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                f"restoring replaces everything in {database}: add --yes to do it",
                returncode=2,
            )
        answer = input(f"Replace everything in {database} with {path}? Type yes to go on: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Nothing restored", returncode=2)
