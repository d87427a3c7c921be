"""earlyhelp forecast [--authority SLUG] [--years 5] [--growth PERCENT] [--as-of YYYY-MM-DD]
[--format json|csv|text]: the demand forecast by district, as the planning page shows it.

JSON: {"authority", "as_of", "method", "rates_by": {"requests": "IMD decile" or "whole
authority", "pathways": ...}, "child_population_year", "child_population_growth_percent",
"recorded_years": [...], "districts": {NAME: [{"year", "from", "to", "requests":
{"forecast", "low", "high"}, "pathways": {...}}, ...]}, "areas_in_no_district": [...],
"total": [...]} where "year" is the year each 12 months ends in; "areas_in_no_district" is
empty unless some areas with children are in no district; "method" says when the whole
authority's rate is used because no family's area is known."""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from earlyhelp.core.management.authority_option import authority_from_option
from earlyhelp.planning.forecast import (
    ForecastUnavailable,
    districts_table,
    forecast_for,
    totals_table,
)
from earlyhelp.reports import exports
from earlyhelp.reports.forms import EARLIEST_DAY, latest_day


class Command(BaseCommand):
    help = "Forecast requests and pathways a year by district, with low and high bounds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", help="slug (default: the only authority)")
        parser.add_argument("--years", default="5", help="years ahead, 1 to 10 (default 5)")
        parser.add_argument(
            "--growth", default="0", help="yearly growth in children, percent (default 0)"
        )
        parser.add_argument("--as-of", help="the day to forecast from, YYYY-MM-DD (default today)")
        parser.add_argument("--format", choices=("json", "csv", "text"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        years = _number(options["years"], int, "--years", "a whole number like 5")
        growth = _number(options["growth"], float, "--growth", "a percentage like 0.5")
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of {options['as_of']!r} is not a date like 2026-04-01", returncode=2
                ) from None
            if not EARLIEST_DAY <= as_of <= latest_day():
                raise CommandError(
                    f"--as-of {options['as_of']!r} must be from {EARLIEST_DAY:%-d %B %Y} to "
                    f"{latest_day():%-d %B %Y}",
                    returncode=2,
                )
        authority = authority_from_option(options["authority"])
        try:
            forecast = forecast_for(authority, years=years, as_of=as_of, growth_percent=growth)
        except ForecastUnavailable as reason:
            raise CommandError(str(reason), returncode=2) from None
        tables = [totals_table(forecast), districts_table(forecast)]
        if options["format"] == "json":
            self.stdout.write(json.dumps(forecast.as_json(), indent=2))
        elif options["format"] == "csv":
            self.stdout.write("\n".join(exports.as_csv(table) for table in tables), ending="")
        else:
            self.stdout.write("\n\n".join(exports.as_text(table) for table in tables))


def _number(text: str, kind: type, option: str, example: str) -> Any:
    try:
        value = kind(text)
    except ValueError:
        raise CommandError(f"{option} {text!r} is not {example}", returncode=2) from None
    if kind is float and value != value:  # NaN
        raise CommandError(f"{option} {text!r} is not {example}", returncode=2)
    return value
