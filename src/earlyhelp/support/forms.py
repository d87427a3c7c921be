import datetime
import re

from django import forms
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District, User
from earlyhelp.need.models import IssueCode
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.people.forms import DateField
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Family, Person
from earlyhelp.people.selectors import families_visible_to
from earlyhelp.support.models import (
    CallerKind,
    CallOutcome,
    InterventionOutcome,
    InterventionSource,
    SessionKind,
)
from earlyhelp.support.selectors import allocations_by_worker, family_support_workers

YES_NO = [("no", "No"), ("yes", "Yes")]
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")
_REFERENCE = re.compile(r"^F?(\d{1,9})$")


def parse_time(text: str) -> datetime.time | None:
    """A time as people type it: 14:30, 14.30, 2:30pm, 2pm, 9."""
    match = _TIME.match(text.strip().lower().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def _uk_date(day: datetime.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


class CallFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label="District", queryset=District.objects.none(), required=False, empty_label="All"
    )
    date_from = DateField(label="From date", required=False, help_text="For example, 1/4/2025")
    date_to = DateField(label="To date", required=False, help_text="For example, 30/4/2025")

    def __init__(self, *args: object, authority_id: int | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            authority_id=authority_id
        ).order_by("name")

    def clean(self) -> dict[str, object]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data


class CallForm(forms.Form):
    """One page for a call, in the order the conversation usually goes."""

    caller_kind = forms.ChoiceField(
        label="Who called?",
        choices=CallerKind.choices,
        initial=CallerKind.PARENT_CARER,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who called", "invalid_choice": "Choose who called"},
    )
    caller_name = forms.CharField(label="Caller's name (optional)", required=False, max_length=200)
    district = forms.ModelChoiceField(
        label="District the caller lives or works in",
        queryset=District.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the district",
            "invalid_choice": "Choose a district from the list",
        },
    )
    family_reference = forms.CharField(
        label="Family reference (optional)",
        required=False,
        max_length=12,
        help_text="If the family is known to Early Help. For example, F0000123",
    )
    called_on = DateField(label="Date of the call")
    called_time = forms.CharField(
        label="Time of the call",
        max_length=8,
        help_text="For example, 14:30",
        error_messages={"required": "Enter the time of the call"},
    )
    issue_codes = forms.ModelMultipleChoiceField(
        label="Issues discussed (optional)",
        queryset=IssueCode.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose issues from the list"},
    )
    notes = forms.CharField(
        label="What did the caller tell you?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        error_messages={"required": "Say what the caller told you"},
    )
    advice = forms.CharField(
        label="What advice or information did you give?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        error_messages={"required": "Say what advice or information you gave"},
    )
    outcome = forms.ChoiceField(
        label="Outcome of the call",
        choices=CallOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the outcome of the call",
            "invalid_choice": "Choose the outcome of the call",
        },
    )
    referred_to = forms.CharField(
        label="Referred to",
        required=False,
        max_length=200,
        help_text="If you referred the caller elsewhere: which service",
    )
    child_first_name = forms.CharField(label="Child's first name", required=False, max_length=100)
    child_last_name = forms.CharField(label="Child's last name", required=False, max_length=100)
    child_date_of_birth = DateField(label="Child's date of birth", required=False)

    CHILD_FIELDS = ("child_first_name", "child_last_name", "child_date_of_birth")

    def __init__(
        self,
        *args: object,
        user: User,
        authority: Authority,
        district: District | None,
        family: Family | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        now = timezone.localtime()
        self.fields["district"].queryset = District.objects.filter(authority=authority).order_by(
            "name"
        )
        self.fields["district"].initial = district.pk if district else None
        self.fields["called_on"].initial = _uk_date(now.date())
        self.fields["called_time"].initial = f"{now:%H:%M}"
        codes = issue_codes_for(authority)
        self.fields["issue_codes"].queryset = codes
        self.fields["issue_codes"].label_from_instance = lambda code: (
            f"{code.need[:1].upper()}{code.need[1:]} ({code.code})"
        )
        if family is not None:
            self.fields["family_reference"].initial = family.reference

    def clean_family_reference(self) -> Family | None:
        text = self.cleaned_data["family_reference"].strip().upper().replace(" ", "")
        if not text:
            return None
        match = _REFERENCE.match(text)
        family = families_visible_to(self.user).filter(pk=int(match[1])).first() if match else None
        if family is None:
            raise forms.ValidationError("No family you can see has that reference")
        return family

    def clean_called_time(self) -> datetime.time:
        moment = parse_time(self.cleaned_data["called_time"])
        if moment is None:
            raise forms.ValidationError("Time of the call must be a real time, like 14:30")
        return moment

    def clean(self) -> dict[str, object]:
        data = super().clean()
        day, moment = data.get("called_on"), data.get("called_time")
        if day and moment:
            called_at = timezone.make_aware(datetime.datetime.combine(day, moment))
            if called_at > timezone.now():
                field = "called_time" if day == timezone.localdate() else "called_on"
                self.add_error(field, "The call cannot be in the future")
            else:
                data["called_at"] = called_at
        outcome = data.get("outcome")
        if outcome == CallOutcome.REFERRED and not data.get("referred_to", "").strip():
            self.add_error("referred_to", "Say where the caller was referred to")
        born = data.get("child_date_of_birth")
        if born and born > timezone.localdate():
            self.add_error("child_date_of_birth", "Child's date of birth must be in the past")
        if (
            outcome == CallOutcome.OPENED_PATHWAY
            and data.get("family_reference") is None
            and "family_reference" not in self.errors
        ):
            for name, message in [
                ("child_first_name", "Enter the child's first name, to open an Early Help Pathway"),
                ("child_last_name", "Enter the child's last name, to open an Early Help Pathway"),
                (
                    "child_date_of_birth",
                    "Enter the child's date of birth, to open an Early Help Pathway",
                ),
            ]:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def operation_arguments(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "district": data["district"],
            "caller_kind": CallerKind(data["caller_kind"]),
            "caller_name": data["caller_name"],
            "family": data["family_reference"],
            "called_at": data["called_at"],
            "issue_codes": list(data["issue_codes"]),
            "notes": data["notes"],
            "advice": data["advice"],
            "outcome": CallOutcome(data["outcome"]),
            "referred_to": data["referred_to"],
            "child_first_name": data["child_first_name"],
            "child_last_name": data["child_last_name"],
            "child_date_of_birth": data["child_date_of_birth"],
        }


class AllocateInterventionForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Family support worker",
        queryset=User.objects.none(),
        empty_label="Choose a worker",
        help_text="With the children each is allocated now, of the target",
        error_messages={
            "required": "Choose the family support worker",
            "invalid_choice": "Choose a family support worker from the list",
        },
    )
    children = forms.ModelMultipleChoiceField(
        label="Which children is it for?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one child the intervention is for",
            "invalid_choice": "Choose children who are in this family now",
        },
    )
    source = forms.ChoiceField(
        label="How did the family come to the intervention?",
        choices=InterventionSource.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the family came to the intervention",
            "invalid_choice": "Choose how the family came to the intervention",
        },
    )
    is_remote = forms.TypedChoiceField(
        label="Is it a remote intervention?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a remote intervention"},
    )
    allocated_on = DateField(label="Date of allocation")

    def __init__(
        self,
        *args: object,
        family: Family,
        has_open_pathway: bool,
        from_pathway: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        authority = family.authority
        workers = family_support_workers(authority)
        counts = allocations_by_worker(authority, workers)
        target = authority.fsw_allocation_target
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda worker: (
            f"{worker.get_full_name() or worker.email} ({counts.get(worker.pk, 0)} of {target})"
        )
        children = Person.objects.filter(
            memberships__family=family,
            memberships__left_on__isnull=True,
            memberships__relationship__in=CHILD_RELATIONSHIPS,
        ).order_by("date_of_birth", "first_name")
        self.fields["children"].queryset = children
        if len(children) == 1:
            self.fields["children"].initial = [children[0].pk]
        if has_open_pathway:
            self.fields["source"].initial = (
                InterventionSource.PATHWAY if from_pathway else InterventionSource.DIRECT_REFERRAL
            )
        else:
            self.fields["source"].choices = [
                (InterventionSource.DIRECT_REFERRAL.value, InterventionSource.DIRECT_REFERRAL.label)
            ]
            self.fields["source"].initial = InterventionSource.DIRECT_REFERRAL
        weeks = authority.remote_intervention_weeks
        self.fields[
            "is_remote"
        ].help_text = f"Direct advice given remotely, for up to {weeks} weeks"
        self.fields["allocated_on"].initial = _uk_date(timezone.localdate())


class StartInterventionForm(forms.Form):
    started_on = DateField(label="Start date")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = _uk_date(timezone.localdate())


class SessionForm(forms.Form):
    held_on = DateField(label="Date of the session")
    kind = forms.ChoiceField(
        label="What kind of session was it?",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of session"},
    )
    note = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        error_messages={"required": "Say what happened in the session"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = _uk_date(timezone.localdate())


class EndInterventionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the intervention",
        choices=InterventionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    ended_on = DateField(label="End date")
    note = forms.CharField(
        label="Closing note (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=8000,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = _uk_date(timezone.localdate())
