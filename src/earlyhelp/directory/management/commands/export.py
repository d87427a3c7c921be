"""earlyhelp export services [--authority SLUG] [-o FILE]: the service directory as an
Open Referral UK 3.0 feed (a JSON list of fully nested services)."""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.accounts.models import Authority
from earlyhelp.directory.exporting import export_services


class Command(BaseCommand):
    help = "Export records: earlyhelp export services [--authority SLUG] [-o FILE]"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        services = kinds.add_parser(
            "services",
            help="the service directory as an Open Referral UK 3.0 feed",
            description=(
                "Write the service directory as an Open Referral UK 3.0 feed: a JSON list of "
                "fully nested services, which `earlyhelp import services` reads back."
            ),
        )
        services.add_argument("--authority", help="slug (default: every authority)")
        services.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = None
        if options["authority"]:
            authority = Authority.objects.filter(slug=options["authority"]).first()
            if authority is None:
                raise CommandError(f"No authority {options['authority']!r}", returncode=2)
        output: Path | None = options["output"]
        if output is None:
            export_services(self.stdout, authority)
            return
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent}: no such directory", returncode=2)
        # Written beside the target, then moved over it: a failed export leaves no half file.
        handle, temporary = tempfile.mkstemp(dir=output.parent, suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                count = export_services(stream, authority)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stderr.write(f"Exported {count:,} services to {output}")
