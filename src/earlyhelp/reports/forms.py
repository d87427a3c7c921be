import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District, Team

# Periods start no earlier than this and end no later than the end of next year: wide enough
# for any record the service holds or plans for, and far enough from the ends of the
# calendar that the day after a period, or the period before it, can always be worked out.
EARLIEST_DAY = datetime.date(2000, 1, 1)
MOST_DAYS = 366 * 5


def latest_day(today: datetime.date | None = None) -> datetime.date:
    """The last day a period may reach: the end of next year."""
    return datetime.date((today or timezone.localdate()).year + 1, 12, 31)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last six whole months, as committee papers usually report."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start_month = (end.month - 6) % 12 + 1
    start_year = end.year if start_month <= end.month else end.year - 1
    return datetime.date(start_year, start_month, 1), end


class PeriodForm(forms.Form):
    """The period a page counts over, by GET, with its checks: each day from 1 January 2000
    to the end of next year, the to date on or after the from date, at most five years."""

    date_from = forms.DateField(
        label="From",
        error_messages={
            "required": "Enter the first day of the period",
            "invalid": "Enter the from date as year-month-day, like 2025-04-01",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To",
        error_messages={
            "required": "Enter the last day of the period",
            "invalid": "Enter the to date as year-month-day, like 2026-03-31",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(
        self,
        data: QueryDict,
        period: tuple[datetime.date, datetime.date],
        today: datetime.date | None = None,
        **defaults: str,
    ) -> None:
        """`period` fills in whichever day the query leaves out; `defaults` the other fields."""
        self.latest_day = latest_day(today)
        data = data.copy()
        for name, default in {
            "date_from": period[0].isoformat(),
            "date_to": period[1].isoformat(),
            **defaults,
        }.items():
            data.setdefault(name, default)
        super().__init__(data)

    def clean_date_from(self) -> datetime.date:
        return self._within_range(self.cleaned_data["date_from"], "from")

    def clean_date_to(self) -> datetime.date:
        return self._within_range(self.cleaned_data["date_to"], "to")

    def _within_range(self, day: datetime.date, which: str) -> datetime.date:
        if day < EARLIEST_DAY:
            raise forms.ValidationError(
                f"The {which} date must be the same as or after {_long_date(EARLIEST_DAY)}"
            )
        if day > self.latest_day:
            raise forms.ValidationError(
                f"The {which} date must be the same as or before {_long_date(self.latest_day)}"
            )
        return day

    def clean(self) -> dict[str, object]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        if start and end and (end - start).days > MOST_DAYS:
            self.add_error("date_to", "Choose a period of five years or less")
        return data


class ReportFilterForm(PeriodForm):
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.none(),
        required=False,
        empty_label="All districts",
        error_messages={"invalid_choice": "Choose a district from the list"},
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="All teams",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )

    def __init__(self, data: QueryDict, authority: Authority) -> None:
        super().__init__(data, default_period())
        self.fields["district"].queryset = authority.districts.order_by("name")
        self.fields["team"].queryset = authority.teams.filter(is_active=True).order_by("name")


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
