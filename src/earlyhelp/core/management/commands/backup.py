"""earlyhelp backup PATH: a complete, checked copy of the database, safe while the app runs
(see core/backup.py)."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.core.backup import BackupError, backup_database, describe_database


class Command(BaseCommand):
    help = (
        "Back up the whole database to a file while the app runs: SQLite's online backup "
        "(a complete SQLite file, integrity-checked) or pg_dump's custom format. The file "
        "is written beside PATH and renamed over it once complete. Restore it with "
        "`earlyhelp restore PATH`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH", help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        started = time.monotonic()
        try:
            database = describe_database()
            backup = backup_database(path)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            f"Backed up {database} to {path} in {time.monotonic() - started:.1f} s "
            f"({backup.size / 1_000_000:,.1f} MB, {len(backup.migrations)} migrations applied)"
        )
