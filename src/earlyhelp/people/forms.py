import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from earlyhelp.accounts.models import Agency, Team, User
from earlyhelp.people.models import ConsentDecision, Ethnicity, Relationship, Sex
from earlyhelp.people.validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_upn,
)


class FamilySearchForm(forms.Form):
    q = forms.CharField(
        label="Search by family name, a member's name or a family reference",
        required=False,
        max_length=100,
    )


def _postcode(value: str) -> str:
    return normalise_postcode(value) if value.strip() else ""


class FamilyForm(forms.Form):
    name = forms.CharField(
        label="Household name",
        help_text="How the household is known, for example the Hill family",
        max_length=120,
        error_messages={"required": "Enter a name for the household"},
    )
    owning_team = forms.ModelChoiceField(
        label="Team that owns the family's record",
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the team that owns the record"},
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(
            authority_id=user.authority_id, is_active=True, district__isnull=False
        )
        self.fields["owning_team"].queryset = teams.select_related("district").order_by("name")
        mine = user.teams.filter(district__isnull=False).first()
        if mine:
            self.fields["owning_team"].initial = mine.pk

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])


class DateField(forms.DateField):
    """A date typed as day/month/year or year-month-day, with GOV.UK-style messages."""

    input_formats = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]

    def __init__(self, *, label: str, required: bool = True, **kwargs: object) -> None:
        super().__init__(
            label=label,
            required=required,
            help_text=kwargs.pop("help_text", "For example, 27/3/2019"),
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": f"{label} must be a real date, like 27/3/2019",
            },
            **kwargs,
        )


class PersonForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    known_as = forms.CharField(label="Known as (optional)", required=False, max_length=100)
    relationship = forms.ChoiceField(
        label="Their place in the household",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their place in the household"},
    )
    date_of_birth = DateField(label="Date of birth", required=False)
    expected_due_date = DateField(
        label="Expected due date",
        required=False,
        help_text="For an unborn baby. For example, 1/6/2027",
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.NOT_KNOWN)
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT
    )
    nhs_number = forms.CharField(label="NHS number (optional)", required=False, max_length=14)
    upn = forms.CharField(label="Unique Pupil Number (optional)", required=False, max_length=15)
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
    first_language = forms.CharField(label="First language", max_length=60, initial="English")
    has_send = forms.TypedChoiceField(
        label="Do they have special educational needs or a disability (SEND)?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    is_main_contact = forms.TypedChoiceField(
        label="Are they the family's main contact?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            validate_nhs_number(value)
        return value

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip().upper()
        if value:
            validate_upn(value)
        return value

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, object]:
        data = super().clean()
        born, due = data.get("date_of_birth"), data.get("expected_due_date")
        relationship = data.get("relationship")
        today = timezone.localdate()
        if born and due:
            self.add_error(
                "expected_due_date", "Give a date of birth or an expected due date, not both"
            )
        if born and born > today:
            self.add_error("date_of_birth", "Date of birth must be today or in the past")
        if born and born < today - datetime.timedelta(days=365 * 120):
            self.add_error("date_of_birth", "Date of birth must be within the last 120 years")
        if relationship == Relationship.UNBORN and not due:
            self.add_error("expected_due_date", "Enter the expected due date of the unborn baby")
        if relationship == Relationship.UNBORN and born:
            self.add_error(
                "date_of_birth", "An unborn baby has an expected due date, not a date of birth"
            )
        if due and (
            due < today - datetime.timedelta(days=60) or due > today + datetime.timedelta(days=300)
        ):
            self.add_error(
                "expected_due_date", "Expected due date must be within the next 10 months"
            )
        return data


class MatchChoiceForm(forms.Form):
    """After a search for likely matches: use one of them, or make a new record."""

    choice = forms.ChoiceField(
        label="Is this one of these people?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the people listed, or a new record"},
    )

    def __init__(self, *args: object, matches: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(person.public_id),
                f"{person.full_name}, born {person.date_of_birth:%-d %B %Y}"
                if person.date_of_birth
                else person.full_name,
            )
            for person, _ in matches
        ]
        self.fields["choice"].choices = choices + [("new", "No, none of these: make a new record")]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label="What did the family decide?",
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the family agreed or refused"},
    )
    to_assessment = forms.TypedChoiceField(
        label="Did they agree to an Early Help assessment?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    share_with = forms.ModelMultipleChoiceField(
        label="Which agencies may see the family's record?",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The council's Early Help staff work under the consent itself.",
    )
    given_by = forms.CharField(
        label="Who in the family gave this answer?",
        max_length=200,
        error_messages={"required": "Enter who in the family gave the answer"},
    )
    given_on = DateField(label="Date they gave it")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["share_with"].queryset = (
            Agency.objects.filter(authority_id=authority_id, is_active=True)
            .exclude(kind="local_authority")
            .order_by("name")
        )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("decision") == ConsentDecision.GIVEN and data.get("to_assessment") is None:
            self.add_error("to_assessment", "Choose whether they agreed to an assessment")
        if data.get("decision") == ConsentDecision.REFUSED:
            if data.get("to_assessment") or data.get("share_with"):
                self.add_error(
                    "decision", "A refusal agrees to nothing: leave the other choices empty"
                )
            data["to_assessment"] = False
        return data


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label="Why was consent withdrawn?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why consent was withdrawn"},
    )


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label="Family reference",
        max_length=20,
        help_text="For example F0000123",
        error_messages={"required": "Enter the family's reference"},
    )
    reason = forms.CharField(
        label="Why do you need to see this family now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=20,
        max_length=2000,
        error_messages={
            "required": "Explain why you need to see this family",
            "min_length": "Explain in a sentence or more why you need to see this family",
        },
    )

    def clean_reference(self) -> int:
        value = self.cleaned_data["reference"].strip().upper()
        if not (value.startswith("F") and value[1:].isdigit()):
            raise ValidationError("Enter a family reference: F and 7 digits, like F0000123")
        return int(value[1:])


class MergeForm(forms.Form):
    duplicate = forms.ChoiceField(
        label="Which record is the same person?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the record that is the same person"},
    )
    reason = forms.CharField(
        label="How do you know they are the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        min_length=10,
        error_messages={
            "required": "Say why these records are the same person",
            "min_length": "Say why these records are the same person",
        },
    )

    def __init__(self, *args: object, candidates: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [
            (
                str(person.public_id),
                f"{person.full_name}"
                + (f", born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else "")
                + (f", NHS {person.nhs_number}" if person.nhs_number else ""),
            )
            for person, _ in candidates
        ]


class PersonCorrectionForm(PersonForm):
    """A correction to a person's details, saved from the version the editor saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are you changing these details? (optional)",
        required=False,
        max_length=200,
        help_text="For example, the birth certificate gives a different date",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["relationship"]
        del self.fields["is_main_contact"]
