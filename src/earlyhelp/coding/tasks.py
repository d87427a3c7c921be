"""Background work of the coder."""

from django_tasks import task

from earlyhelp.coding.services import code_entries
from earlyhelp.pathways.models import TriageEntry


@task()
def code_entry(entry_id: int) -> None:
    """Code one triage entry, soon after it is saved."""
    entry = TriageEntry.objects.filter(pk=entry_id).select_related("triage__pathway").first()
    if entry is not None:
        code_entries([entry])
