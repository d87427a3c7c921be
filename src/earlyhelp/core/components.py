"""Rendering GOV.UK Frontend components built in Python.

govuk-frontend-django's component dataclasses render through GOV.UK's own Jinja macros,
but the macros expect nested options as plain dicts (as the template tags pass them).
`render_component` turns the nested dataclasses into dicts first.

The library builds a new Jinja environment, and compiles the macros again, for every
component it renders: a form page with twenty fields took most of a second. Here one
environment is shared and each macro's template is compiled once per process;
`CoreConfig.ready` makes the library's own `{% gds_component %}` tag use it too.

The library's template nodes keep each render's values on the node itself, and Django
shares a compiled template's nodes between the threads of a process: under a threaded
server one request could render with another's values (a name, a date). The
`{% gds_component %}` tag is therefore rendered here from local values only, and the
templates use no other tag of the library (a test checks both).
"""

from dataclasses import fields, is_dataclass
from functools import cache, lru_cache
from typing import Any

from django.template import Context
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from govuk_frontend_django.templatetags.govuk_frontend_django import GovUKComponentNode
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
    html = template.render(data=data)
    # The macros escape every text option, so the result is safe to insert. (Alone on its
    # line: bandit tests every call on a line, and warns that its skip comment is not needed
    # on any call but mark_safe.)
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


# Kept for the benchmark (bench/components.py), which compares the two.
LIBRARY_RENDER = GovUKComponent.render


def _render_node(node: GovUKComponentNode, context: Context) -> str:
    """`{% gds_component name key=value ... %}`, resolved into local values only."""
    options = {key: value.resolve(context) for key, value in node.extra_context.items()}
    return _render(node.dataclass_cls(**options))


def use_shared_environment() -> None:
    GovUKComponent.render = _render  # type: ignore[method-assign]
    GovUKComponent.__str__ = _render  # type: ignore[method-assign]
    GovUKComponent.__html__ = _render  # type: ignore[attr-defined]
    GovUKComponentNode.render = _render_node  # type: ignore[method-assign]


def render_component(component: GovUKComponent) -> SafeString:
    return _render(component)
