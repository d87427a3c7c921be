"""Working days in England: Monday to Friday, except bank holidays.

The bank holidays of England and Wales are shipped in bank_holidays.json (GOV.UK's list
to 2028, then the usual rules to 2030), so no network is needed. Outside those years
only weekends are skipped; extend the file when GOV.UK publishes more years.
"""

import datetime
import json
from functools import cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).with_name("bank_holidays.json")


@cache
def bank_holidays() -> frozenset[datetime.date]:
    events = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))["events"]
    return frozenset(datetime.date.fromisoformat(event["date"]) for event in events)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (which may itself be a weekend or
    bank holiday): a request received on Good Friday 2026 with 1 working day to decide
    is due on Tuesday 7 April, Easter Monday being a bank holiday."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (or earlier), or the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))
