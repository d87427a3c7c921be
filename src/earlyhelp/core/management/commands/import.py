"""earlyhelp import KIND FILE [--authority SLUG]: records from another case system.

Kinds: ``triages`` (historic triages, see pathways/importing.py). Each kind validates the
whole file first: a file with any bad row writes nothing, prints one line per bad row and
exits with code 2.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.accounts.models import Authority
from earlyhelp.core.management.authority_option import authority_from_option
from earlyhelp.pathways.importing import BadRows, UnreadableFile, import_triages


class Command(BaseCommand):
    help = "Import records from another case system: earlyhelp import triages FILE.csv"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        triages = kinds.add_parser(
            "triages",
            help="historic triages, one row per triage entry",
            description=(
                "Import historic triages from a CSV with the columns triage_ref, family_ref, "
                "stage (assessment, review or closure), completed_on (YYYY-MM-DD), district "
                "(ONS code or name, or empty), band, narrative and, for closures, outcome. "
                "Families are matched by family_ref; a family's triages make its pathways "
                "(an assessment opens one, a closure closes it with its outcome). Recorded "
                "as done by the authority's first administrator. Importing the same file "
                "again changes nothing."
            ),
        )
        triages.add_argument("file", type=Path, help="the CSV file")
        triages.add_argument("--authority", help="slug (default: the only authority)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["file"].is_file():  # before the database: a typo needs no set-up
            raise CommandError(f"{options['file']}: no such file", returncode=2)
        if options["kind"] == "triages":
            self._import_triages(options["file"], authority_from_option(options["authority"]))

    def _import_triages(self, path: Path, authority: Authority) -> None:
        started = time.monotonic()
        try:
            summary = import_triages(path, authority)
        except UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from None
        except BadRows as error:
            for bad_row in error.bad_rows:
                self.stderr.write(str(bad_row))
            count = len(error.bad_rows)
            raise CommandError(
                f"{count} bad row{'s' if count != 1 else ''} in {path}: nothing imported",
                returncode=2,
            ) from None
        self.stdout.write(
            f"Imported {path.name} into {authority} in {time.monotonic() - started:.1f} s, "
            f"recorded as done by {summary.recorded_as.email}:"
        )
        self.stdout.write(
            f"  families: {summary.families_created:,} created, "
            f"{summary.families_matched:,} matched"
        )
        self.stdout.write(
            f"  pathways: {summary.pathways_created:,} created, "
            f"{summary.pathways_closed:,} closed that were open"
        )
        self.stdout.write(
            f"  triages: {summary.triages_imported:,} imported, "
            f"{summary.triages_already_imported:,} imported before"
        )
        self.stdout.write(f"  entries: {summary.entries_imported:,}")
        if summary.entries_imported:
            self.stdout.write("Run `earlyhelp coder backlog` to code the imported entries.")
