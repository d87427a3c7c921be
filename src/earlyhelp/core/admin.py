"""Admin pieces every app's admin uses."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def _404_unless_valid(field: models.Field, value: str) -> None:
    try:
        field.to_python(unquote(value))
    except ValidationError as invalid:
        raise Http404(f"No record has the id {value!r}") from invalid


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages of a record's past versions, answering "not found" to an id
    that cannot be one (its own views let the database's ValueError through: a 500)."""

    def history_view(self, request, object_id, extra_context=None):  # type: ignore[no-untyped-def]
        _404_unless_valid(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):  # type: ignore[no-untyped-def]
        _404_unless_valid(self.model._meta.pk, object_id)
        _404_unless_valid(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
