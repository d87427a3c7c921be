"""Background work of oversight: the daily digest.

Run it once a day from the system's scheduler, for example with cron on working days at
7am: `0 7 * * 1-5 earlyhelp overdue --send-digests --authority worcestershire`, which
queues this task for the background worker (`earlyhelp db_worker`). Running it more than
once in a day sends nobody a second email.
"""

from django.utils import timezone
from django_tasks import task

from earlyhelp.accounts.models import Authority
from earlyhelp.oversight.services import send_digests


@task()
def send_daily_digests(authority_id: int) -> int:
    """Email each person of the authority their digest for today; returns how many."""
    authority = Authority.objects.filter(pk=authority_id).first()
    if authority is None:
        return 0
    return send_digests(authority, timezone.localdate())
