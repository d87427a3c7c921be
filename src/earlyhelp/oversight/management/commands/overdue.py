"""earlyhelp overdue [--as-of YYYY-MM-DD] [--authority SLUG] [--format json|text]
[--send-digests]: how much work is overdue and due soon under each timescale rule, over
the whole authority; or, with --send-digests, queue today's digest emails (run it daily
from the scheduler, e.g. cron `0 7 * * 1-5 earlyhelp overdue --send-digests`)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from earlyhelp.core.management.authority_option import authority_from_option
from earlyhelp.core.management.date_option import iso_date
from earlyhelp.oversight.selectors import authority_work
from earlyhelp.oversight.tasks import send_daily_digests
from earlyhelp.oversight.timescales import Rule, counts_by_rule


class Command(BaseCommand):
    help = "Count overdue and due-soon work per timescale rule, or send the daily digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the day to measure on, YYYY-MM-DD (default today)")
        parser.add_argument("--authority", help="slug (default: the only authority)")
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument(
            "--send-digests",
            action="store_true",
            help="queue today's digest emails for the background worker (at most one a "
            "person a day)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = iso_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        authority = authority_from_option(options["authority"])
        if options["send_digests"]:
            if options["as_of"]:
                raise CommandError("Digests are always for today: leave out --as-of", returncode=2)
            send_daily_digests.enqueue(authority.pk)
            self.stdout.write(f"Queued today's digests for {authority}.")
            return
        counts = counts_by_rule(authority_work(authority, as_of))
        if options["format"] == "json":
            self.stdout.write(json.dumps({"as_of": as_of.isoformat(), "rules": counts}))
            return
        self.stdout.write(f"{authority}, {as_of:%-d %B %Y}: overdue, due soon")
        for rule in Rule:
            row = counts[rule.value]
            self.stdout.write(f"{rule.label}: {row['overdue']}, {row['due_soon']}")
