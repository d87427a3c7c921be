from django import forms
from django.contrib.auth.forms import AuthenticationForm

from earlyhelp.accounts.models import AccessPurpose


class SignInForm(AuthenticationForm):
    """Django's authentication form; the email address goes in the `username` field."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].lower()


class TwoFactorCodeForm(forms.Form):
    code = forms.RegexField(
        label="Code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "The code must be 6 digits, like 123456",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class AccessLogFilterForm(forms.Form):
    family_id = forms.UUIDField(
        label="Family reference",
        required=False,
        error_messages={"invalid": "Enter a family reference in the format shown on its record"},
    )
    user_email = forms.CharField(label="Email of who looked", required=False, max_length=254)
    purpose = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything")] + list(AccessPurpose.choices),
    )
    date_from = forms.DateField(
        label="From (for example 2026-11-01)",
        required=False,
        error_messages={"invalid": "Enter the from date as year-month-day, like 2026-11-01"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To (for example 2026-11-30)",
        required=False,
        error_messages={"invalid": "Enter the to date as year-month-day, like 2026-11-30"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data
