"""earlyhelp coder train | evaluate LABELLED.csv [--json]"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.coding.cli_input import InputError, read_rows
from earlyhelp.coding.evaluation import as_text, evaluate
from earlyhelp.coding.services import code_backlog
from earlyhelp.coding.training import current_coder, train


class Command(BaseCommand):
    help = "Train the narrative coder, or evaluate it on a labelled CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        training = actions.add_parser(
            "train",
            help="retrain from the corpus and every entry an analyst confirmed or corrected",
        )
        training.add_argument(
            "--corpus-only", action="store_true", help="leave out the analysts' reviews"
        )
        actions.add_parser("backlog", help="code every triage entry the coder has not read")
        evaluating = actions.add_parser(
            "evaluate", help="score the coder on a CSV with id, narrative and codes columns"
        )
        evaluating.add_argument("labelled", type=Path)
        evaluating.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            coder = train(with_analysts=not options["corpus_only"])
            self.stdout.write(f"Trained coder {coder.version} ({len(coder.codes)} codes).")
            return
        if options["action"] == "backlog":
            self.stdout.write(f"Coded {code_backlog():,} triage entries.")
            return
        try:
            rows = read_rows(options["labelled"], labelled=True)
        except InputError as error:
            raise CommandError(str(error), returncode=2) from None
        predictions = current_coder().predict([row.narrative for row in rows])
        has_flags = bool(rows) and rows[0].safeguarding is not None
        result = evaluate(
            [row.codes or frozenset() for row in rows],
            [frozenset(prediction.codes) for prediction in predictions],
            [bool(row.safeguarding) for row in rows] if has_flags else None,
            [prediction.safeguarding for prediction in predictions] if has_flags else None,
        )
        result["model_version"] = current_coder().version
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(f"coder {result['model_version']}\n" + as_text(result))
