"""The --as-of, --from and --to dates of the earlyhelp commands: a bad one is refused in
one line with exit code 2."""

import datetime

from django.core.management.base import CommandError


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date like 2026-04-07", returncode=2) from None
