"""The directory's search forms: the public "find help" form (needs in plain words, a
child's age) and the professionals' form from a family's record (issue codes, the
children's ages). Both read GET, so a search is a link that can be shared."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString
from govuk_frontend_django.components.base import FieldsetLegend
from govuk_frontend_django.components.checkboxes import CheckboxesItems, GovUKCheckboxes
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.fieldset import GovUKFieldset
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel

from earlyhelp.accounts.models import Authority
from earlyhelp.core.components import render_component
from earlyhelp.directory.needs import BY_SLUG, NEEDS, codes_for
from earlyhelp.directory.search import (
    DEFAULT_DISTANCE_IN_MILES,
    DISTANCES_IN_MILES,
    KM_PER_MILE,
    HelpSearch,
)
from earlyhelp.need.models import IssueCode
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.places import selectors as places
from earlyhelp.places.selectors import PlaceNotFound

OLDEST_CHILD = 25  # care leavers and young people with SEND are helped up to 25
MAX_CHILDREN = 12
FREE = "free"
OPEN_NOW = "open"


def _choice_errors(what: str) -> dict[str, str]:
    message = "Choose " + what + " from the list"
    return {"invalid_choice": message, "invalid_list": message}


def _error_message(field: BoundField) -> GovUKErrorMessage | None:
    if not field.errors:
        return None
    return GovUKErrorMessage(text=" ".join(str(error) for error in field.errors))


class PlaceSearchForm(forms.Form):
    """Where, how far, and "free" and "open now": the part both searches share."""

    where = forms.CharField(
        label="Where?",
        help_text="A town, district or postcode, or choose a point on the map",
        max_length=places.MAX_PLACE_TEXT,
        required=False,
        error_messages={"max_length": "Enter a place of 100 characters or fewer"},
    )
    distance = forms.TypedChoiceField(
        label="Distance",
        choices=[
            (str(miles), f"Within {miles} mile{'s' if miles != 1 else ''}")
            for miles in DISTANCES_IN_MILES
        ],
        coerce=int,
        required=False,
        empty_value=DEFAULT_DISTANCE_IN_MILES,
        initial=str(DEFAULT_DISTANCE_IN_MILES),
        error_messages=_choice_errors("a distance"),
    )
    only = forms.MultipleChoiceField(
        label="Show only",
        choices=[(FREE, "Free services"), (OPEN_NOW, "Open now")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choice_errors("free services or open now"),
    )

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.place: places.Location | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        where = cleaned.get("where") or ""
        if where and "where" not in self.errors:
            try:
                self.place = places.locate(self.authority, where)
            except PlaceNotFound as error:
                self.add_error("where", str(error))
        return cleaned

    def where_input(self) -> SafeString:
        """The where field, with the authority's places offered as suggestions."""
        field = self["where"]
        return render_component(
            GovUKInput(
                id=field.auto_id,
                name=field.html_name,
                label=GovUKLabel(text=str(field.label), classes="govuk-label--s"),
                hint=GovUKHint(text=str(field.help_text)),
                value=field.value() or None,
                autocomplete="off",
                spellcheck=False,
                attributes={"list": "place-suggestions"},
                errorMessage=_error_message(field),
            )
        )

    def place_suggestions(self) -> list[str]:
        return places.place_names(self.authority)

    def _place_filters(self) -> dict[str, Any]:
        only = self.cleaned_data.get("only") or []
        miles = self.cleaned_data.get("distance") or DEFAULT_DISTANCE_IN_MILES
        return {
            "authority": self.authority,
            "place": self.place,
            "distance_km": miles * KM_PER_MILE,
            "free_only": FREE in only,
            "open_now": OPEN_NOW in only,
        }


class FindHelpForm(PlaceSearchForm):
    """The public search."""

    need = forms.MultipleChoiceField(
        label="What do you need help with?",
        help_text="Select all that apply, or none to see everything",
        choices=[(need.slug, need.label) for need in NEEDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choice_errors("what you need help with"),
    )
    age = forms.IntegerField(
        label="How old is the child or young person?",
        help_text="In years. Enter 0 for a baby under 1",
        min_value=0,
        max_value=OLDEST_CHILD,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the age as a whole number of years, like 3",
            "min_value": "Enter an age of 0 or more",
            "max_value": f"Enter an age of {OLDEST_CHILD} or under",
        },
    )
    field_order = ["need", "age", "where", "distance", "only"]

    def needs_input(self) -> SafeString:
        """The needs as checkboxes, each with its hint in plain words."""
        field = self["need"]
        chosen = [str(value) for value in (field.value() or [])]
        return render_component(
            GovUKCheckboxes(
                idPrefix=field.auto_id,
                name=field.html_name,
                fieldset=GovUKFieldset(
                    legend=FieldsetLegend(
                        text=str(field.label),
                        isPageHeading=False,
                        classes="govuk-fieldset__legend--s",
                    )
                ),
                hint=GovUKHint(text=str(field.help_text)),
                items=[
                    CheckboxesItems(
                        value=slug,
                        text=str(label),
                        hint=GovUKHint(text=BY_SLUG[slug].hint),
                    )
                    for slug, label in field.field.choices  # type: ignore[attr-defined]
                ],
                values=chosen,
                classes="govuk-checkboxes--small",
                errorMessage=_error_message(field),
            )
        )

    def help_search(self) -> HelpSearch:
        age = self.cleaned_data.get("age")
        return HelpSearch(
            issue_codes=codes_for(self.cleaned_data.get("need") or []),
            child_ages=() if age is None else (age,),
            **self._place_filters(),
        )


_AGES = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*,?\s*$")


class FamilyServiceSearchForm(PlaceSearchForm):
    """The professionals' search from a family's record: issue codes and every child's age."""

    code = forms.MultipleChoiceField(
        label="Needs",
        help_text="The family's needs from its latest triage are selected",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choice_errors("needs"),
    )
    ages = forms.CharField(
        label="Children's ages",
        help_text="Whole years, separated by commas, like 3, 7",
        max_length=60,
        required=False,
        error_messages={"max_length": "Enter at most 60 characters of ages"},
    )
    field_order = ["code", "ages", "where", "distance", "only"]

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, authority=authority, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (code.code, f"{code.code}: {code.need}")
            for code in issue_codes_for(authority).order_by(*IssueCode._meta.ordering)
        ]

    def clean_ages(self) -> tuple[int, ...]:
        text = self.cleaned_data["ages"]
        if not text:
            return ()
        if not _AGES.match(text):
            raise ValidationError("Enter ages as whole numbers separated by commas, like 3, 7")
        ages = tuple(sorted({int(age) for age in text.replace(" ", "").split(",") if age}))
        if len(ages) > MAX_CHILDREN:
            raise ValidationError(f"Enter at most {MAX_CHILDREN} ages")
        if ages[-1] > OLDEST_CHILD:
            raise ValidationError(f"Enter ages of {OLDEST_CHILD} or under")
        return ages

    def help_search(self) -> HelpSearch:
        return HelpSearch(
            issue_codes=tuple(self.cleaned_data.get("code") or []),
            child_ages=self.cleaned_data.get("ages") or (),
            **self._place_filters(),
        )
