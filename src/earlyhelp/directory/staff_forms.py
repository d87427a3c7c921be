"""Forms of the directory's staff pages: the gap analysis filters, and a suggestion."""

from django import forms

from earlyhelp.accounts.models import Authority, District
from earlyhelp.directory.gaps import DEFAULT_DISTANCE_MILES, DISTANCE_CHOICES_MILES
from earlyhelp.directory.signposting import MAX_NOTE


class GapFilterForm(forms.Form):
    distance = forms.TypedChoiceField(
        label="Distance from the centre of each area",
        choices=[
            (str(miles), f"{miles} mile{'s' if miles != 1 else ''}")
            for miles in DISTANCE_CHOICES_MILES
        ],
        coerce=int,
        error_messages={"invalid_choice": "Choose a distance from the list"},
    )
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.none(),
        required=False,
        empty_label="All districts",
        error_messages={"invalid_choice": "Choose a district from the list"},
    )

    def __init__(self, data, authority: Authority) -> None:  # type: ignore[no-untyped-def]
        data = data.copy()
        data.setdefault("distance", str(DEFAULT_DISTANCE_MILES))
        super().__init__(data)
        self.fields["district"].queryset = authority.districts.order_by("name")


class SuggestServiceForm(forms.Form):
    service = forms.UUIDField(
        error_messages={
            "required": "Choose a service to suggest",
            "invalid": "Choose a service from the search",
        }
    )
    location = forms.UUIDField(
        required=False, error_messages={"invalid": "Choose a place from the search"}
    )
    note = forms.CharField(required=False, max_length=MAX_NOTE, strip=True)
    next = forms.CharField(required=False, max_length=2000)
