"""The filters of the caseloads and Lead Professionals pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from earlyhelp.accounts.models import Agency, District, Team


class PublicIdChoiceField(forms.ModelChoiceField):
    """A choice sent as the record's public id: anything else is "not in the list"."""

    def to_python(self, value: object) -> Model | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class StaffFilterForm(forms.Form):
    """District and team (caseloads), or district and agency (Lead Professionals), chosen
    among those the viewer sees."""

    district = PublicIdChoiceField(
        label="District",
        queryset=District.objects.none(),
        required=False,
        empty_label="All districts",
        to_field_name="public_id",
        error_messages={"invalid_choice": "Choose a district from the list"},
    )
    team = PublicIdChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="All teams",
        to_field_name="public_id",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    agency = PublicIdChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        to_field_name="public_id",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )

    def __init__(self, data, teams: QuerySet[Team], *, by: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(data)
        self.fields["district"].queryset = District.objects.filter(
            pk__in=teams.values("district")
        ).order_by("name")
        if by == "team":
            self.fields["team"].queryset = teams.filter(is_active=True).order_by("name")
            del self.fields["agency"]
        else:
            authority_ids = teams.values("authority")
            self.fields["agency"].queryset = Agency.objects.filter(
                authority__in=authority_ids
            ).order_by("name")
            del self.fields["team"]

    def clean(self) -> dict[str, object]:
        data = super().clean()
        team, district = data.get("team"), data.get("district")
        if team is not None and district is not None and team.district_id != district.pk:
            self.add_error("team", f"{team.name} is not in {district.name}")
        return data
