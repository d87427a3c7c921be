"""Background work of data protection: the retention rule.

Run it from the system's scheduler, for example monthly with cron:
`0 2 1 * * earlyhelp retention --apply --queue --authority worcestershire`, which queues
this task for the background worker (`earlyhelp db_worker`). Run the command without
--apply first: it reports what would be anonymised and changes nothing.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from earlyhelp.accounts.models import Authority
from earlyhelp.protection.services import apply_retention


@task()
def apply_retention_rule(authority_id: int, as_of: str | None = None) -> dict:
    """Anonymise the authority's families that are due; returns the counts (ids only)."""
    authority = Authority.objects.filter(pk=authority_id).first()
    if authority is None:
        return {"due": 0, "anonymised": 0}
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    run = apply_retention(authority, day)
    return {
        "as_of": day.isoformat(),
        "due": run.due,
        "anonymised": len(run.anonymised),
        "skipped": run.skipped,
        "rule_is_active": run.rule_is_active,
    }
