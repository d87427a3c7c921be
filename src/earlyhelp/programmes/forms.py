from django import forms

from earlyhelp.accounts.models import District, User
from earlyhelp.pathways.forms import staff_by_email, staff_email_field
from earlyhelp.people.forms import DateField
from earlyhelp.people.models import Family
from earlyhelp.programmes.models import Course, EvidenceLevel, TrainingCourse
from earlyhelp.programmes.services import ADULT_RELATIONSHIPS, MAX_AGE, MAX_PLACES, MAX_SESSIONS


def _whole_number(
    label: str, *, low: int, high: int, required: bool = True, name: str = ""
) -> forms.IntegerField:
    """A whole number typed in a text box (GOV.UK advises against number inputs)."""
    name = name or label
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {name.lower()}",
            "invalid": f"{name} must be a whole number",
            "min_value": f"{name} must be from {low} to {high}",
            "max_value": f"{name} must be from {low} to {high}",
        },
    )


def _text(label: str, message: str, max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, error_messages={"required": message})


class AgeFilterForm(forms.Form):
    age = forms.IntegerField(
        label="Child's age in years",
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Show programmes for a child of this age",
        error_messages={
            "invalid": "Enter the child's age as a whole number of years, like 7",
            "min_value": f"Enter an age from 0 to {MAX_AGE}",
            "max_value": f"Enter an age from 0 to {MAX_AGE}",
        },
    )


class ProgrammeForm(forms.Form):
    name = _text("Name", "Enter the programme's name", 120)
    description = forms.CharField(
        label="What the programme does, and for whom",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe the programme"},
    )
    min_age = _whole_number(
        "Youngest child's age (years)", name="Youngest age", low=0, high=MAX_AGE
    )
    max_age = _whole_number("Oldest child's age (years)", name="Oldest age", low=0, high=MAX_AGE)
    evidence_level = forms.ChoiceField(
        label="Evidence level (Foundations Guidebook)",
        choices=EvidenceLevel.choices,
        initial=EvidenceLevel.NOT_RATED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the programme's evidence level"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        youngest, oldest = data.get("min_age"), data.get("max_age")
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error(
                "max_age", "The oldest age must be the same as or more than the youngest age"
            )
        return data


class ProgrammeEditForm(ProgrammeForm):
    is_active = forms.TypedChoiceField(
        label="Is the programme offered now?",
        choices=[("yes", "Yes"), ("no", "No, not any more")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the programme is offered now"},
    )


class CourseForm(forms.Form):
    venue = _text("Venue", "Enter where the course meets, or Online")
    district = forms.ModelChoiceField(
        label="District (optional)",
        queryset=District.objects.none(),
        required=False,
        empty_label="Not in one district, or online",
    )
    trainer = _text("Trainer", "Enter who runs the course")
    starts_on = DateField(label="Start date")
    ends_on = DateField(label="End date")
    capacity = _whole_number("Number of places", low=1, high=MAX_PLACES)
    sessions = _whole_number("Number of weekly sessions", low=1, high=MAX_SESSIONS)

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            authority_id=authority_id
        ).order_by("name")
        self.fields[
            "sessions"
        ].help_text = (
            "Sessions are weekly from the start date; the last must be on or before the end date"
        )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


def course_label(course: Course) -> str:
    programme = course.programme
    where = course.venue + (f", {course.district.name}" if course.district else "")
    places = course.places_left  # type: ignore[attr-defined]
    return (
        f"{programme.name} (for children aged {programme.min_age} to {programme.max_age}): "
        f"{where}, {course.starts_on:%-d %b %Y} to {course.ends_on:%-d %b %Y}, "
        f"{places} place{'' if places == 1 else 's'} left"
    )


class EnrolForm(forms.Form):
    person = forms.ChoiceField(
        label="Who will attend?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the parent or carer who will attend"},
    )
    course = forms.ChoiceField(
        label="Which course?",
        widget=forms.RadioSelect,
        help_text="Courses that have not ended and have places left",
        error_messages={"required": "Choose a course"},
    )

    def __init__(
        self, *args: object, family: Family, courses: list[Course], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        adults = (
            family.members.filter(left_on__isnull=True, relationship__in=ADULT_RELATIONSHIPS)
            .select_related("person")
            .order_by("person__first_name")
        )
        self.people = {str(member.person.public_id): member.person for member in adults}
        self.fields["person"].choices = [
            (
                str(member.person.public_id),
                f"{member.person.full_name} ({member.get_relationship_display().lower()})",
            )
            for member in adults
        ]
        self.courses = {str(course.public_id): course for course in courses}
        self.fields["course"].choices = [
            (key, course_label(course)) for key, course in self.courses.items()
        ]


class RegisterForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came. Anyone not ticked is marked absent.",
    )

    def __init__(self, *args: object, places: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.places = {str(enrolment.public_id): enrolment for enrolment, _ in places}
        self.fields["attended"].choices = [
            (str(enrolment.public_id), enrolment.person.full_name) for enrolment, _ in places
        ]
        if not self.is_bound:
            self.initial["attended"] = [
                str(enrolment.public_id) for enrolment, present in places if present
            ]


# Workforce training -----------------------------------------------------------------------


class DateRangeForm(forms.Form):
    date_from = DateField(label="From", required=False, help_text="For example, 1/4/2025")
    date_to = DateField(label="To", required=False, help_text="For example, 31/3/2026")

    def clean(self) -> dict[str, object]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period must be on or after its start")
        return data


class TrainingCourseForm(forms.Form):
    name = _text("Name", "Enter the training course's name", 120)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TrainingSessionForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Training course",
        queryset=TrainingCourse.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the training course"},
    )
    held_on = DateField(label="Date")
    trainer = _text("Trainer", "Enter who delivers the session")
    venue = _text("Venue", "Enter where the session is held, or Online")
    capacity = _whole_number("Number of places", low=1, high=MAX_PLACES)

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = TrainingCourse.objects.filter(
            authority_id=authority_id, is_active=True
        ).order_by("name")


class DelegateForm(forms.Form):
    staff_email = staff_email_field(
        "Their work email address, if they are staff on this service (optional)",
        required=False,
        help_text="Their name and organisation then come from their account",
    )
    name = forms.CharField(label="Name", max_length=200, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)

    def __init__(self, *args: object, authority_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.authority_id = authority_id

    def clean_staff_email(self) -> User | None:
        email = self.cleaned_data["staff_email"]
        return staff_by_email(email, self.authority_id) if email else None

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if "staff_email" in data and data["staff_email"] is None:
            if not data.get("name", "").strip():
                self.add_error("name", "Enter the delegate's name")
            if not data.get("organisation", "").strip():
                self.add_error("organisation", "Enter the organisation they work for")
        return data


class DelegateScoresForm(forms.Form):
    confidence_before = _whole_number(
        "Confidence before the training, 0 to 10 (optional)",
        name="Confidence before",
        low=0,
        high=10,
        required=False,
    )
    confidence_after = _whole_number(
        "Confidence after the training, 0 to 10 (optional)",
        name="Confidence after",
        low=0,
        high=10,
        required=False,
    )
    overall_score = _whole_number(
        "Overall score for the session, 0 to 10 (optional)",
        name="Overall score",
        low=0,
        high=10,
        required=False,
    )
    feedback = forms.CharField(
        label="Feedback (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
