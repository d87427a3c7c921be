"""Rendering GOV.UK Frontend components built in Python.

govuk-frontend-django's component dataclasses render through GOV.UK's own Jinja macros,
but the macros expect nested options as plain dicts (as the template tags pass them).
`render_component` turns the nested dataclasses into dicts first.
"""

from dataclasses import fields, is_dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            field.metadata.get("name", field.name): _plain(getattr(value, field.name))
            for field in fields(value)
            if getattr(value, field.name) is not None
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    return value


def render_component(component: GovUKComponent) -> SafeString:
    data = _plain(component)
    # The macros escape every text option, so the result is safe to insert.
    return mark_safe(component.render(component_data=data))  # noqa: S308
