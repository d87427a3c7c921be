"""No lost edits: a save names the version it started from, and loses to a newer one.

Records two people may edit at once carry a `version`. `save_versioned` locks the row,
refuses a stale save with StaleEdit (which carries the record as the other person left
it, so the page can show what changed and keep the user's text), and otherwise saves
normally, so history is kept as for any other save.
"""

from django.db import models, transaction


class StaleEdit(Exception):
    def __init__(self, current: models.Model) -> None:
        super().__init__("This record was changed by someone else since you opened it")
        self.current = current


@transaction.atomic
def save_versioned(instance: models.Model, expected_version: int, fields: list[str]) -> None:
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    instance.version = current.version + 1
    instance.save(update_fields=[*fields, "version", "updated_at"])
