"""Django form fields rendered as GOV.UK Frontend components.

`{% govuk_field form.name %}` picks the component from the field's widget and fills in
label, hint, error message and value; `{% govuk_error_summary form %}` is the one error
summary every form uses. Markup comes from the GOV.UK Frontend macros, never pasted HTML.
"""

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString
from govuk_frontend_django.components.base import FieldsetLegend
from govuk_frontend_django.components.checkboxes import CheckboxesItems, GovUKCheckboxes
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.error_summary import (
    ErrorSummaryErrorlist,
    GovUKErrorSummary,
)
from govuk_frontend_django.components.fieldset import GovUKFieldset
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel
from govuk_frontend_django.components.radios import GovUKRadios, RadiosItems
from govuk_frontend_django.components.select import GovUKSelect, SelectItems
from govuk_frontend_django.components.textarea import GovUKTextarea

from earlyhelp.core.components import render_component

register = template.Library()

_PASSED_THROUGH_ATTRS = ("autocomplete", "inputmode", "spellcheck")


@register.simple_tag
def govuk_field(field: BoundField, label_classes: str = "", classes: str = "") -> SafeString:
    widget = field.field.widget
    common: dict[str, Any] = {
        "name": field.html_name,
        "hint": GovUKHint(text=str(field.help_text)) if field.help_text else None,
        "errorMessage": (
            GovUKErrorMessage(text=" ".join(str(e) for e in field.errors)) if field.errors else None
        ),
    }
    if classes:
        common["classes"] = classes
    label = GovUKLabel(text=str(field.label), classes=label_classes or "govuk-label--s")
    legend = FieldsetLegend(
        text=str(field.label),
        isPageHeading=False,
        classes=label_classes or "govuk-fieldset__legend--s",
    )

    # Before radios: Django's CheckboxSelectMultiple is a subclass of RadioSelect.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        component = GovUKCheckboxes(
            idPrefix=field.auto_id,
            fieldset=GovUKFieldset(legend=legend),
            items=[
                CheckboxesItems(value=str(value), text=str(text))
                for value, text in field.field.choices  # type: ignore[attr-defined]
            ],
            values=[str(v) for v in (field.value() or [])],
            **common,
        )
    elif isinstance(widget, forms.RadioSelect):
        component = GovUKRadios(
            idPrefix=field.auto_id,
            fieldset=GovUKFieldset(legend=legend),
            items=[
                RadiosItems(value=str(value), text=str(text))
                for value, text in field.field.choices  # type: ignore[attr-defined]
            ],
            value=_value_text(field),
            **common,
        )
    elif isinstance(widget, forms.Select):
        component = GovUKSelect(
            id=field.auto_id,
            label=label,
            items=[
                SelectItems(value=str(value), text=str(text))
                for value, text in field.field.choices  # type: ignore[attr-defined]
            ],
            value=_value_text(field),
            **common,
        )
    elif isinstance(widget, forms.Textarea):
        component = GovUKTextarea(
            id=field.auto_id,
            label=label,
            value=_value_text(field),
            rows=str(widget.attrs.get("rows", 5)),
            **common,
        )
    else:
        attrs = widget.attrs
        component = GovUKInput(
            id=field.auto_id,
            label=label,
            type=getattr(widget, "input_type", "text"),
            value=None if isinstance(widget, forms.PasswordInput) else _value_text(field),
            **{name: attrs[name] for name in _PASSED_THROUGH_ATTRS if name in attrs},
            **common,
        )
    return render_component(component)


@register.simple_tag
def govuk_error_summary(*forms_to_check: forms.Form) -> SafeString:
    errors = []
    for form in forms_to_check:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(ErrorSummaryErrorlist(text=str(message), href="#main-content"))
        for field in form:
            for message in field.errors:
                errors.append(
                    ErrorSummaryErrorlist(text=str(message), href=f"#{_first_input_id(field)}")
                )
    if not errors:
        return SafeString("")
    summary = GovUKErrorSummary(titleText="There is a problem", errorList=errors)
    return render_component(summary)


def _value_text(field: BoundField) -> str | None:
    value = field.value()
    if value is None:
        return None
    return str(value)


def _first_input_id(field: BoundField) -> str:
    # Radios and checkboxes: GOV.UK's first item has the prefix itself as its id.
    return field.auto_id or field.html_name
