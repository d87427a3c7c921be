from collections.abc import Iterable

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.base import FieldsetLegend
from govuk_frontend_django.components.checkboxes import CheckboxesItems, GovUKCheckboxes
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.fieldset import GovUKFieldset
from govuk_frontend_django.components.hint import GovUKHint

from earlyhelp.coding.models import FlagAction
from earlyhelp.core.components import render_component
from earlyhelp.need.models import IssueCode

# One key per code, in the order the codes are listed: 1-9, then letters.
SHORTCUT_KEYS = "123456789abcdefghijklmnopqrstuvwxyz"


class ReviewCodesForm(forms.Form):
    """Which issue codes a narrative has, one checkbox per code of the authority."""

    codes = forms.MultipleChoiceField(
        label="Which issues does the narrative describe?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose codes from the list: %(value)s is not one"},
    )

    def __init__(self, *args: object, codes: Iterable[IssueCode], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.issue_codes = list(codes)
        self.fields["codes"].choices = [(code.code, code.code) for code in self.issue_codes]

    def render_codes(self) -> SafeString:
        """The checkboxes, each with its code, the need it stands for and its key."""
        field = self["codes"]
        keys = dict(zip((code.code for code in self.issue_codes), SHORTCUT_KEYS, strict=False))
        items = []
        for code in self.issue_codes:
            key = keys.get(code.code)
            label = (
                format_html(
                    '<strong>{}</strong> <span class="govuk-hint">key <kbd>{}</kbd></span>',
                    code.code,
                    key,
                )
                if key
                else format_html("<strong>{}</strong>", code.code)
            )
            items.append(
                CheckboxesItems(
                    value=code.code,
                    html=label,
                    hint=GovUKHint(text=code.need),
                    attributes={"data-shortcut": key} if key else None,
                )
            )
        values = field.value() or []
        component = GovUKCheckboxes(
            idPrefix=field.auto_id,
            name=field.html_name,
            fieldset=GovUKFieldset(
                legend=FieldsetLegend(
                    text=str(field.label), isPageHeading=False, classes="govuk-fieldset__legend--m"
                )
            ),
            hint=GovUKHint(
                text="The coder's suggestions are ticked. While the codes have focus (the first "
                "one has when the page opens), press a code's key to tick or untick it, and "
                "Enter to confirm."
            ),
            items=items,
            values=[str(value) for value in values],
            errorMessage=(
                GovUKErrorMessage(text=" ".join(str(error) for error in field.errors))
                if field.errors
                else None
            ),
            classes="govuk-checkboxes--small",
        )
        return render_component(component)


class CloseFlagForm(forms.Form):
    action = forms.ChoiceField(
        label="What was done?",
        choices=FlagAction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what was done",
            "invalid_choice": "Choose what was done",
        },
    )
    note = forms.CharField(
        label="What did you do, and why?",
        help_text="For example, who you spoke to at the MASH and what they said.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say what was done, in a sentence",
            "max_length": "Keep the note to 4,000 characters or fewer",
        },
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if len(note) < 10:
            raise forms.ValidationError("Say what was done, in a sentence")
        return note
