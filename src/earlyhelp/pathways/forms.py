from django import forms

from earlyhelp.accounts.models import User
from earlyhelp.people.forms import DateField


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
