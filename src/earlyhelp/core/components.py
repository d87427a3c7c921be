"""Rendering GOV.UK Frontend components built in Python.

govuk-frontend-django's component dataclasses render through GOV.UK's own Jinja macros,
but the macros expect nested options as plain dicts (as the template tags pass them).
`render_component` turns the nested dataclasses into dicts first.

The library builds a new Jinja environment, and compiles the macros again, for every
component it renders: a form page with twenty fields took most of a second. Here one
environment is shared and each macro's template is compiled once per process;
`CoreConfig.ready` makes the library's own `{% gds_component %}` tag use it too.
"""

from dataclasses import fields, is_dataclass
from functools import cache, lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    Template,
    select_autoescape,
)


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


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=ChoiceLoader(
            [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
        ),
        autoescape=select_autoescape(),
    )


@cache
def _macro(jinja_template: str, macro_name: str) -> Template:
    return _environment().from_string(
        f"{{%- from '{jinja_template}' import {macro_name} -%}}{{{{ {macro_name}(data) }}}}"
    )


def _render(
    component: GovUKComponent, *args: Any, component_data: Any = None, **kwargs: Any
) -> str:
    """GovUKComponent.render, through the shared environment."""
    data = _plain(component)
    if component_data:
        data.update(component_data)
    template = _macro(component._jinja2_template, component._macro_name)
    # The macros escape every text option, so the result is safe to insert.
    return mark_safe(template.render(data=data))  # noqa: S308


# Kept for the benchmark (bench/components.py), which compares the two.
LIBRARY_RENDER = GovUKComponent.render


def use_shared_environment() -> None:
    GovUKComponent.render = _render  # type: ignore[method-assign]
    GovUKComponent.__str__ = _render  # type: ignore[method-assign]
    GovUKComponent.__html__ = _render  # type: ignore[attr-defined]


def render_component(component: GovUKComponent) -> SafeString:
    return _render(component)
