"""earlyhelp report NAME --from YYYY-MM-DD --to YYYY-MM-DD [--authority SLUG]
[--district CODE] [--format json|csv|text]: a report over the command line. NAME is one of
the reports the pages show: table1, issue-codes, outcomes, targeted-support,
interventions, support-line, training."""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.accounts.models import Authority, District
from earlyhelp.core.management.authority_option import authority_from_option
from earlyhelp.core.management.date_option import iso_date
from earlyhelp.reports import catalogue, exports
from earlyhelp.reports.definitions import Period, Scope
from earlyhelp.reports.forms import EARLIEST_DAY, latest_day


def _date(text: str) -> datetime.date:
    day = iso_date(text)
    if not EARLIEST_DAY <= day <= latest_day():
        raise CommandError(
            f"{text} is outside the dates reports cover: {EARLIEST_DAY} to {latest_day()}",
            returncode=2,
        )
    return day


class Command(BaseCommand):
    help = "Print a report for a period, as JSON, CSV or text."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(catalogue.BUILDERS))
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--authority", help="slug (default: the only authority)")
        parser.add_argument("--district", help="ONS code or name of one district")
        parser.add_argument("--format", choices=("json", "csv", "text"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period(_date(options["start"]), _date(options["end"]))
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from None
        authority = authority_from_option(options["authority"])
        district = _district(authority, options["district"]) if options["district"] else None
        scope = Scope(authority, (district.pk,) if district else ())
        built = catalogue.build(options["name"], scope, period)
        if options["format"] == "json":
            data = {**built.data, "district": district.ons_code if district else None}
            self.stdout.write(json.dumps(data, indent=2))
        elif options["format"] == "csv":
            self.stdout.write("\n".join(exports.as_csv(t) for t in built.tables), ending="")
        else:
            self.stdout.write("\n\n".join(exports.as_text(t) for t in built.tables))


def _district(authority: Authority, code_or_name: str) -> District:
    found = authority.districts.filter(ons_code__iexact=code_or_name).first()
    found = found or authority.districts.filter(name__iexact=code_or_name).first()
    if found is None:
        raise CommandError(f"No district {code_or_name!r} in {authority}", returncode=2)
    return found
