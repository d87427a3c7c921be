import datetime

from django import forms
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District, Team


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last six whole months, as committee papers usually report."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start_month = (end.month - 6) % 12 + 1
    start_year = end.year if start_month <= end.month else end.year - 1
    return datetime.date(start_year, start_month, 1), end


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(
        label="From",
        error_messages={
            "required": "Enter the first day of the period",
            "invalid": "Enter the from date as year-month-day, like 2020-04-01",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To",
        error_messages={
            "required": "Enter the last day of the period",
            "invalid": "Enter the to date as year-month-day, like 2020-09-30",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )
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

    def __init__(self, data, authority: Authority) -> None:  # type: ignore[no-untyped-def]
        start, end = default_period()
        data = data.copy()
        data.setdefault("date_from", start.isoformat())
        data.setdefault("date_to", end.isoformat())
        super().__init__(data)
        self.fields["district"].queryset = authority.districts.order_by("name")
        self.fields["team"].queryset = authority.teams.filter(is_active=True).order_by("name")

    def clean(self) -> dict[str, object]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        if start and end and (end - start).days > 366 * 5:
            self.add_error("date_to", "Choose a period of five years or less")
        return data
