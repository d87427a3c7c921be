"""earlyhelp code INPUT.csv [-o OUTPUT.csv]: the coder over a CSV of narratives."""

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.coding.cli_input import InputError, read_rows
from earlyhelp.coding.training import current_coder

BATCH = 5000


class Command(BaseCommand):
    help = (
        "Code narratives: reads a CSV with id and narrative columns and writes "
        "id,codes,safeguarding,safeguarding_score, one row per input row, in order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="CSV with at least id and narrative")
        parser.add_argument("-o", "--output", type=Path, help="where to write (default stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_rows(options["input"])
        except InputError as error:
            raise CommandError(str(error), returncode=2) from None
        output: Path | None = options["output"]
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"{output}: no such folder", returncode=2)
        coder = current_coder()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", "codes", "safeguarding", "safeguarding_score"])
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            for row, prediction in zip(
                batch, coder.predict([row.narrative for row in batch]), strict=True
            ):
                writer.writerow(
                    [
                        row.id,
                        ";".join(sorted(prediction.codes)),
                        1 if prediction.safeguarding else 0,
                        f"{prediction.safeguarding_score:.3f}",
                    ]
                )
        if output is None:
            self.stdout.write(buffer.getvalue(), ending="")
            return
        # Written whole or not at all.
        partial = output.with_name(output.name + ".partial")
        partial.write_text(buffer.getvalue(), encoding="utf-8")
        partial.replace(output)
