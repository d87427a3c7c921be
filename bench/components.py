"""Rendering a GOV.UK form: one shared Jinja environment (ours) against the library's
own render, which builds an environment and compiles the macros for every component.

Renders a form of 20 fields (text inputs, text areas, radios, checkboxes, selects, as on
the Family Support Line call form) repeatedly with each and prints the median time per
form and the ratio. Run with `make bench`.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from django import forms  # noqa: E402
from django.template import engines  # noqa: E402
from govuk_frontend_django.components.base import GovUKComponent  # noqa: E402

from earlyhelp.core import components  # noqa: E402
from earlyhelp.core.templatetags import govuk_forms  # noqa: E402

TEMPLATE = engines["django"].from_string(
    "{% load govuk_forms %}{% for field in form %}{% govuk_field field %}{% endfor %}"
)


CHOICES = [(str(n), f"Choice {n}") for n in range(8)]


class TwentyFields(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for n in range(4):
            self.fields[f"text{n}"] = forms.CharField(label=f"Text {n}", help_text="A hint")
            self.fields[f"area{n}"] = forms.CharField(label=f"Area {n}", widget=forms.Textarea)
            self.fields[f"radio{n}"] = forms.ChoiceField(
                label=f"Radio {n}", choices=CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"ticks{n}"] = forms.MultipleChoiceField(
                label=f"Ticks {n}", choices=CHOICES, widget=forms.CheckboxSelectMultiple
            )
            self.fields[f"select{n}"] = forms.ChoiceField(label=f"Select {n}", choices=CHOICES)


def render_page() -> None:
    form = TwentyFields(data={})  # every field in error: error messages render too
    form.is_valid()
    TEMPLATE.render({"form": form})


def library_render(component: GovUKComponent) -> str:
    """What render_component did before: the library's render with the plain data."""
    return components.LIBRARY_RENDER(component, component_data=components._plain(component))


def timed(render: object, runs: int) -> list[float]:
    govuk_forms.render_component = render
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_page()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    ours = timed(components.render_component, runs)
    library = timed(library_render, runs)
    ours_ms, library_ms = statistics.median(ours) * 1000, statistics.median(library) * 1000
    print(
        f"20-field form, median of {runs}: shared environment {ours_ms:.1f} ms, "
        f"library render {library_ms:.1f} ms, ratio {library_ms / ours_ms:.1f}"
    )


if __name__ == "__main__":
    main()
