from django import forms

from earlyhelp.accounts.models import Agency, User
from earlyhelp.pathways.models import (
    ActionStatus,
    Outcome,
    Pathway,
    PlanAction,
    TargetedSupportOutcome,
    TriageEntry,
)
from earlyhelp.people.forms import DateField
from earlyhelp.people.models import Family, Person


def staff_by_email(email: str, authority_id: int) -> User:
    user = (
        User.objects.filter(email=email.lower(), authority_id=authority_id, is_active=True)
        .select_related("agency")
        .first()
    )
    if user is None:
        raise forms.ValidationError("There is no member of staff with this email address")
    return user


def staff_email_field(label: str, required: bool = True, help_text: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=required,
        max_length=254,
        help_text=help_text,
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class StaffChoiceForm(forms.Form):
    email = staff_email_field("Their work email address")

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.authority_id = authority_id

    def clean_email(self) -> User:
        return staff_by_email(self.cleaned_data["email"], self.authority_id)


class OpenPathwayForm(forms.Form):
    opened_on = DateField(label="Date the pathway opens")
    lead_professional = staff_email_field(
        "Lead Professional's email address (optional)",
        required=False,
        help_text="Leave empty to be the Lead Professional yourself.",
    )

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.authority_id = authority_id

    def clean_lead_professional(self) -> User | None:
        email = self.cleaned_data["lead_professional"]
        return staff_by_email(email, self.authority_id) if email else None


class VersionedForm(forms.Form):
    """A form for a record two people may edit at once: it carries the version it showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TriageEntryForm(forms.Form):
    band = forms.ChoiceField(
        label="Which box does this issue fit?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the box that fits the issue's complexity"},
    )
    narrative = forms.CharField(
        label="Describe the issue in a few sentences",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Describe the issue"},
    )
    person = forms.ModelChoiceField(
        label="Who is it about? (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="The whole family",
    )

    def __init__(self, *args: object, family: Family, band_labels: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [
            (label.band, f"{label.label} ({label.get_band_display().lower()}): {label.who_helps}")
            for label in band_labels
        ]
        self.fields["person"].queryset = Person.objects.filter(
            memberships__family=family, memberships__left_on__isnull=True
        )

    def clean_narrative(self) -> str:
        text = self.cleaned_data["narrative"].strip()
        if len(text) < 10:
            raise forms.ValidationError("Describe the issue in at least a few words")
        return text


class TriageEntryEditForm(TriageEntryForm, VersionedForm):
    pass


class CompleteTriageForm(forms.Form):
    completed_on = DateField(label="Date of the triage")


class PlanActionForm(forms.Form):
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what will be done"},
    )
    entries = forms.ModelMultipleChoiceField(
        label="Which issues does it address?",
        queryset=TriageEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one issue from the triage"},
    )
    owner_email = staff_email_field("Worker who will do it (email, optional)", required=False)
    owner_agency = forms.ModelChoiceField(
        label="Or the agency that will do it (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="None",
    )
    owner_text = forms.CharField(
        label="Or someone in the family (optional)",
        required=False,
        max_length=120,
        help_text="For example, Mum",
    )
    due_on = DateField(label="By when")

    def __init__(self, *args: object, pathway: Pathway, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.pathway = pathway
        entries = TriageEntry.objects.filter(triage__pathway=pathway).select_related("triage")
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda entry: (
            f"{entry.get_band_display()}: {entry.narrative[:90]}"
        )
        self.fields["owner_agency"].queryset = Agency.objects.filter(
            authority_id=pathway.family.authority_id, is_active=True
        )

    def clean_owner_email(self) -> User | None:
        email = self.cleaned_data["owner_email"]
        return staff_by_email(email, self.pathway.family.authority_id) if email else None

    def clean(self) -> dict[str, object]:
        data = super().clean()
        has_owner = data.get("owner_email") or data.get("owner_agency") or data.get("owner_text")
        if not has_owner and "owner_email" not in self.errors:
            self.add_error(
                "owner_email",
                "Say who will do it: a worker, an agency or someone in the family",
            )
        return data

    def operation_arguments(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "entries": list(data["entries"]),
            "owner": data["owner_email"],
            "owner_agency": data["owner_agency"],
            "owner_text": data["owner_text"],
            "due_on": data["due_on"],
        }


class PlanActionEditForm(PlanActionForm, VersionedForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)

    def operation_arguments(self) -> dict[str, object]:
        return {
            **super().operation_arguments(),
            "status": ActionStatus(self.cleaned_data["status"]),
            "version": self.cleaned_data["version"],
        }


class ReviewForm(forms.Form):
    held_on = DateField(label="Date of the meeting")
    attendees = forms.ModelMultipleChoiceField(
        label="Who from the Team Around the Family came?",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_attendees = forms.CharField(
        label="Who else came? (optional)",
        required=False,
        max_length=300,
        help_text="For example, Mum and Dad",
    )
    plan_changes = forms.CharField(
        label="Changes to the plan (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    next_review_on = DateField(label="Date of the next review (optional)", required=False)

    def __init__(self, *args: object, pathway: Pathway, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = User.objects.filter(
            taf_memberships__pathway=pathway, taf_memberships__removed_at__isnull=True
        )
        self.actions = list(
            pathway.actions.exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
        )
        for action in self.actions:
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=f"Progress on: {action.description[:80]}",
                choices=ActionStatus.choices,
                initial=action.status,
            )
            self.fields[f"note_{action.pk}"] = forms.CharField(
                label="What has happened (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
            )

    def progress(self) -> dict[PlanAction, tuple[ActionStatus, str]]:
        return {
            action: (
                ActionStatus(self.cleaned_data[f"status_{action.pk}"]),
                self.cleaned_data[f"note_{action.pk}"],
            )
            for action in self.actions
        }


class ClosePathwayForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[choice for choice in Outcome.choices if choice[0] != Outcome.ESCALATED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    closed_on = DateField(label="Date of closure")
    summary = forms.CharField(
        label="Closing summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Write a closing summary"},
    )


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Give the reason"},
    )


class TargetedSupportForm(forms.Form):
    officer = staff_email_field("Targeted Support Officer's email")
    started_on = DateField(label="Start date")

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.authority_id = authority_id

    def clean_officer(self) -> User:
        return staff_by_email(self.cleaned_data["officer"], self.authority_id)


class EndTargetedSupportForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the Targeted Support",
        choices=TargetedSupportOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    ended_on = DateField(label="End date")
