"""What a page does when StaleEdit refuses a save: the one message and form state every
versioned form shows (see core/versioning.py)."""

from collections.abc import Callable

from django import forms
from django.db import models

from earlyhelp.core.versioning import StaleEdit


def shown(record: models.Model, name: str) -> str:
    getter = getattr(record, f"get_{name}_display", None)
    value = getter() if getter else getattr(record, name)
    return "" if value is None else str(value)


def refuse_stale(
    form: forms.Form,
    stale: StaleEdit,
    fields: dict[str, str],
    show: Callable[[models.Model, str], str] = shown,
) -> list[tuple[str, str]]:
    """Keep the user's text in the form, move it to the saved version, and say what the
    other person saved (label, value) for `fields` (name: label), so the user can
    compare and save again."""
    form.data = form.data.copy()
    form.data["version"] = str(stale.current.version)
    form.add_error(
        None,
        "Someone else saved a change while you were editing. Your text is still below: "
        "compare it with what they saved, then save again.",
    )
    return [(label, show(stale.current, name)) for name, label in fields.items()]
