"""Corrections to a person's or family's details, read from their history rows: who
changed what, when, and what it was before."""

import datetime
from dataclasses import dataclass

from django.db.models import Model

from earlyhelp.people.models import Family, Person

# Bookkeeping, not details a person would call a correction.
IGNORED = {"updated_at", "created_at", "version", "anonymised_at", "merged_into", "created_by"}


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    was: str
    now: str


@dataclass(frozen=True)
class Correction:
    at: datetime.datetime
    by: str
    reason: str
    changes: tuple[Change, ...]

    def as_json(self) -> dict:
        return {
            "changed_at": self.at.isoformat(),
            "changed_by": self.by,
            "reason": self.reason,
            "changes": [
                {"field": change.field, "was": change.was, "now": change.now}
                for change in self.changes
            ],
        }


def shown_value(record: Model, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "(blank)"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    if field.is_relation:
        return str(getattr(record, name))
    return str(value)


def corrections_of(record: Person | Family) -> list[Correction]:
    """Each change to the record's details after it was made, oldest first."""
    rows = list(record.history.select_related("history_user").order_by("history_date", "pk"))
    corrections = []
    for before, after in zip(rows, rows[1:], strict=False):
        delta = after.diff_against(before, excluded_fields=IGNORED)
        if not delta.changed_fields:
            continue
        changes = tuple(
            Change(
                name,
                str(record._meta.get_field(name).verbose_name).capitalize(),
                shown_value(before, name),
                shown_value(after, name),
            )
            for name in delta.changed_fields
        )
        by = str(after.history_user) if after.history_user else "system"
        corrections.append(
            Correction(after.history_date, by, after.history_change_reason or "", changes)
        )
    return corrections
