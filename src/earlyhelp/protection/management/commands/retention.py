"""earlyhelp retention [--as-of YYYY-MM-DD] [--authority SLUG] [--apply [--queue]]
[--format text|json]: which families the retention rule makes due and why (ids and
dates only, no names); nothing changes without --apply. With --apply each family is
anonymised in its own transaction, with an audit row by "system"; --queue hands the
run to the background worker instead (for the scheduler)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from earlyhelp.core.management.authority_option import authority_from_option
from earlyhelp.core.management.date_option import iso_date
from earlyhelp.protection.selectors import AFTER_CLOSURE, retention_report
from earlyhelp.protection.services import apply_retention
from earlyhelp.protection.tasks import apply_retention_rule

RULE_WORDS = {
    AFTER_CLOSURE: "years after the last work ended",
    "youngest_child_age": "youngest child's age",
}


class Command(BaseCommand):
    help = "Report (dry run) or apply the retention rule: anonymise families that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", help="the day to apply the rule for, YYYY-MM-DD (default today)"
        )
        parser.add_argument("--authority", help="slug (default: the only authority)")
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument("--apply", action="store_true", help="anonymise the families due")
        parser.add_argument(
            "--queue", action="store_true", help="with --apply: queue it for the background worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = iso_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        authority = authority_from_option(options["authority"])
        if options["queue"]:
            if not options["apply"]:
                raise CommandError("--queue goes with --apply", returncode=2)
            apply_retention_rule.enqueue(authority.pk, as_of.isoformat())
            self.stdout.write(f"Queued the retention rule for {authority} as of {as_of}.")
            return
        report = retention_report(authority, as_of)
        data = report.as_json()
        data["dry_run"] = not options["apply"]
        if options["apply"]:
            run = apply_retention(authority, as_of, report=report)
            data["anonymised"] = [str(row.family.public_id) for row in run.anonymised]
            data["skipped"] = run.skipped
        if options["format"] == "json":
            self.stdout.write(json.dumps(data))
            return
        if not options["apply"]:
            heading = "Dry run, nothing changed"
        elif not report.rule.is_active:
            heading = "Nothing anonymised, the rule is turned off"
        else:
            heading = "Applied the rule"
        self.stdout.write(f"{heading}: {authority}, as of {as_of:%-d %B %Y}")
        rule = report.rule
        self.stdout.write(
            f"Rule: {rule.years_after_closure} years after the last work ended, or the youngest "
            f"child reaching {rule.youngest_child_age}, at the {rule.combine} date"
            + ("" if rule.is_active else " (turned off: nothing is anonymised)")
        )
        self.stdout.write(f"Families due: {len(report.due)}")
        for key, count in report.by_rule().items():
            self.stdout.write(f"  decided by {RULE_WORDS[key]}: {count}")
        self.stdout.write(f"Past their date with work still open (not touched): {report.held_open}")
        for family in report.due:
            self.stdout.write(
                f"{family.reference} {family.public_id} due {family.due_on.isoformat()} "
                f"({RULE_WORDS[family.rule]})"
            )
        if options["apply"] and report.rule.is_active:
            self.stdout.write(
                f"Anonymised: {len(data['anonymised'])}, skipped (no longer due): {data['skipped']}"
            )
