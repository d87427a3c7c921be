from django import forms
from django.utils import timezone

from earlyhelp.accounts.models import District, Role, Team, User
from earlyhelp.frontdoor.models import DecisionKind, RequestConsent
from earlyhelp.frontdoor.services import NAME_PART_LIMIT, latest_due_date, name_fits_a_record
from earlyhelp.need.models import Band
from earlyhelp.need.selectors import band_labels_for
from earlyhelp.pathways.forms import staff_by_email, staff_email_field
from earlyhelp.people.forms import DateField
from earlyhelp.people.models import age_on
from earlyhelp.people.validators import normalise_postcode

TEXT_LIMIT = 4000


def _textarea(label: str, required: bool, message: str = "", help_text: str = "") -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": message,
            "max_length": f"{label} must be {TEXT_LIMIT} characters or fewer",
        },
    )


def _name_for_a_record(name: str) -> str:
    if not name_fits_a_record(name):
        raise forms.ValidationError(
            f"First and last names must each be {NAME_PART_LIMIT} characters or fewer"
        )
    return name


def band_choices(authority: object) -> list[tuple[str, str]]:
    return [
        (label.band, f"{label.label} ({Band(label.band).label.lower()})")
        for label in band_labels_for(authority)  # type: ignore[arg-type]
        if label.band != Band.RED
    ]


class ProfessionalRequestForm(forms.Form):
    """A professional's request for support: about whom, what worries them, what has been
    tried, the level of need they think fits, and whether the family agrees."""

    child_first_name = forms.CharField(
        label="Child's first name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    child_last_name = forms.CharField(
        label="Child's last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    child_date_of_birth = DateField(
        label="Child's date of birth",
        required=False,
        help_text="Or the expected due date for an unborn baby. For example, 27/3/2019",
    )
    parent_name = forms.CharField(
        label="Parent or carer's full name (optional)", required=False, max_length=200
    )
    postcode = forms.CharField(label="Family's postcode (optional)", required=False, max_length=10)
    district = forms.ModelChoiceField(
        label="District the family lives in",
        queryset=District.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the district the family lives in"},
    )
    worries = _textarea(
        "What worries you?",
        True,
        "Say what worries you about the child or family",
        "What is happening, for whom, and how long it has been going on.",
    )
    tried_so_far = _textarea("What has been tried already? (optional)", False)
    suggested_band = forms.ChoiceField(
        label="Which level of need do you think fits?",
        widget=forms.RadioSelect,
        required=False,
        help_text="If a child is at risk of significant harm, call the front door (MASH) now.",
    )
    consent = forms.ChoiceField(
        label="Does the family know about this request and agree to it?",
        choices=RequestConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the family agrees to the request"},
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(authority_id=user.authority_id)
        mine = user.teams.filter(district__isnull=False).first()
        if mine:
            self.fields["district"].initial = mine.district_id
        self.fields["suggested_band"].choices = band_choices(user.authority)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        return normalise_postcode(value) if value.strip() else ""

    def clean_child_date_of_birth(self) -> object:
        born = self.cleaned_data["child_date_of_birth"]
        if born and born.year < timezone.localdate().year - 25:
            raise forms.ValidationError("Early Help is for children and young people up to 25")
        if born and born > latest_due_date():
            raise forms.ValidationError("An expected due date must be within the next 10 months")
        return born

    def clean_parent_name(self) -> str:
        return _name_for_a_record(self.cleaned_data["parent_name"])


class StepDownForm(ProfessionalRequestForm):
    """Children's social care handing a family to Early Help, with its level of need."""

    social_worker_summary = _textarea(
        "Social worker's summary",
        True,
        "Enter the social worker's summary of the case",
        "Why the case is stepping down, what has changed, and what support continues.",
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, user=user, **kwargs)
        band = self.fields["suggested_band"]
        band.required = True
        band.label = "Level of need at step-down"
        band.help_text = ""
        band.error_messages["required"] = "Choose the family's level of need at step-down"
        self.fields["worries"].label = "What the family still needs help with"
        self.fields["worries"].help_text = ""
        self.fields["worries"].error_messages["required"] = "Say what the family needs help with"


class LinkFamilyForm(forms.Form):
    """Which recorded family the request is about, or none of them."""

    family = forms.ChoiceField(
        label="Which family is this request about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a family, or say it is a new family"},
    )

    def __init__(self, *args: object, families: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.families = {str(family.public_id): family for family in families}
        self.fields["family"].choices = [
            (key, f"{family.name} ({family.reference}), {family.owning_team}")
            for key, family in self.families.items()
        ] + [("new", "None of these: a family not yet recorded")]

    def clean_family(self) -> object:
        value = self.cleaned_data["family"]
        return None if value == "new" else self.families[value]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does this request lead to?",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the request leads to"},
    )
    reason = _textarea("Why?", True, "Say why you made this decision")
    advice = _textarea(
        "Information, services or advice for the family",
        False,
        help_text="For information and signposting, or Family Support Line advice. "
        "The requester is sent this.",
    )
    team = forms.ModelChoiceField(
        label="Team (for a pathway, or the worker's team for an FSW intervention)",
        queryset=Team.objects.none(),
        required=False,
    )
    lead_professional = staff_email_field(
        "Lead Professional's email address (for a pathway)", required=False
    )
    worker = forms.ModelChoiceField(
        label="Family Support Worker (for an FSW intervention)",
        queryset=User.objects.none(),
        required=False,
    )
    parenting_needs_only = forms.TypedChoiceField(
        label="Are the needs about parenting only? (for an FSW intervention)",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        initial="no",
        required=False,
        empty_value=False,
        widget=forms.RadioSelect,
    )
    consent_given_by = forms.CharField(
        label="Who in the family agreed (if the request does not say they agree)",
        required=False,
        max_length=200,
    )
    consent_given_on = DateField(label="Date they agreed", required=False)

    def __init__(self, *args: object, user: User, worker_labels: dict, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.authority_id = user.authority_id
        self.fields["team"].queryset = Team.objects.filter(
            authority_id=user.authority_id, is_active=True, district__isnull=False
        ).order_by("name")
        workers = User.objects.filter(
            authority_id=user.authority_id,
            is_active=True,
            groups__name=Role.FAMILY_SUPPORT_WORKER,
        ).order_by("last_name", "first_name")
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda worker: worker_labels.get(
            worker.pk, str(worker)
        )

    def clean_lead_professional(self) -> User | None:
        email = self.cleaned_data["lead_professional"]
        return staff_by_email(email, self.authority_id) if email else None

    def clean(self) -> dict[str, object]:
        data = super().clean()
        kind = data.get("kind")
        if kind in (DecisionKind.SIGNPOST, DecisionKind.SUPPORT_LINE_ADVICE) and not data.get(
            "advice"
        ):
            self.add_error("advice", "Say what information or advice the family is given")
        if kind == DecisionKind.PATHWAY:
            if not data.get("team"):
                self.add_error("team", "Choose the team that will work with the family")
            if not data.get("lead_professional") and "lead_professional" not in self.errors:
                self.add_error("lead_professional", "Enter the Lead Professional's email address")
        if kind == DecisionKind.FSW_INTERVENTION:
            if not data.get("worker"):
                self.add_error("worker", "Choose the Family Support Worker")
            if not data.get("parenting_needs_only"):
                self.add_error(
                    "parenting_needs_only",
                    "A direct FSW intervention is for parenting needs only: "
                    "open an Early Help Pathway for anything more",
                )
        given_by, given_on = data.get("consent_given_by"), data.get("consent_given_on")
        if given_by and not given_on and "consent_given_on" not in self.errors:
            self.add_error("consent_given_on", "Enter the date they agreed")
        if given_on and not given_by:
            self.add_error("consent_given_by", "Enter who in the family agreed")
        if given_on and given_on > timezone.localdate():
            self.add_error("consent_given_on", "The date they agreed must be today or earlier")
        return data


# The public form: one question per page, in plain words -------------------------------

PUBLIC_TEXT_LIMIT = 2000
YOUNGEST_SELF_REQUEST = 13
OLDEST_CHILD = 25


class WhoForm(forms.Form):
    who = forms.ChoiceField(
        label="Who is asking for help?",
        choices=[
            ("parent_carer", "I am a parent or carer"),
            ("young_person", "I am a young person aged 13 or over, asking for myself"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is asking for help"},
    )


class PersonQuestionForm(forms.Form):
    """The child's name and date of birth; for a young person, their own."""

    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter a last name"}
    )
    date_of_birth = DateField(label="Date of birth")

    def __init__(self, *args: object, young_person: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.young_person = young_person
        whose = "your" if young_person else "your child's"
        self.fields["first_name"].label = f"{whose.capitalize()} first name"
        self.fields["first_name"].error_messages["required"] = f"Enter {whose} first name"
        self.fields["last_name"].label = f"{whose.capitalize()} last name"
        self.fields["last_name"].error_messages["required"] = f"Enter {whose} last name"
        self.fields["date_of_birth"].label = f"{whose.capitalize()} date of birth"
        self.fields["date_of_birth"].error_messages["required"] = f"Enter {whose} date of birth"

    def clean_date_of_birth(self) -> object:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("Date of birth must be today or in the past")
        age = age_on(born, today)
        if self.young_person and age < YOUNGEST_SELF_REQUEST:
            raise forms.ValidationError(
                "You must be 13 or over to ask for help yourself. Ask a parent or carer, or "
                "an adult you trust such as a teacher, to ask for you"
            )
        if age > OLDEST_CHILD:
            raise forms.ValidationError("Early Help is for children and young people up to 25")
        return born


class WhereForm(forms.Form):
    district = forms.ModelChoiceField(
        label="Which area do you live in?",
        queryset=District.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the area you live in"},
    )
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)

    def __init__(self, *args: object, authority: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(authority=authority)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        return normalise_postcode(value) if value.strip() else ""


def _public_text(label: str, required: bool, message: str = "", hint: str = "") -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=PUBLIC_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": message,
            "max_length": f"Your answer must be {PUBLIC_TEXT_LIMIT} characters or fewer",
        },
    )


class WorriesForm(forms.Form):
    worries = _public_text(
        "What would you like help with?",
        True,
        "Tell us what you would like help with",
        "Tell us what is happening and how long it has been going on. "
        "Do not wait for this form if someone is in danger now: call 999.",
    )


class TriedForm(forms.Form):
    tried_so_far = _public_text(
        "Is there anything you have tried already? (optional)",
        False,
        hint="For example, talking to a teacher or your GP.",
    )


class ContactForm(forms.Form):
    requester_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your name"}
    )
    requester_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    requester_phone = forms.RegexField(
        label="Phone number",
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 ()-]{10,20}$",
        error_messages={"invalid": "Enter a phone number, like 01632 960 001 or 07700 900 982"},
    )

    def clean_requester_name(self) -> str:
        return _name_for_a_record(self.cleaned_data["requester_name"])

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if (
            not data.get("requester_email")
            and not data.get("requester_phone")
            and not {"requester_email", "requester_phone"} & set(self.errors)
        ):
            self.add_error("requester_email", "Enter an email address or a phone number")
        return data


class SendForm(forms.Form):
    """The check-your-answers page's form: a field people leave empty and bots fill in."""

    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Leave this field empty")
        return ""
