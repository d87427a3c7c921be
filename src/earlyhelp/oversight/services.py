"""The daily digest: each person's due and overdue work, emailed at most once a day."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from earlyhelp.accounts.models import Authority, Role, User
from earlyhelp.oversight.models import Digest
from earlyhelp.oversight.selectors import (
    summary_by_district,
    team_work,
    teams_overseen_by,
    work_for,
)
from earlyhelp.pathways.models import PathwayStatus

logger = logging.getLogger(__name__)


def send_digests(authority: Authority, as_of: datetime.date) -> int:
    """Email everyone in the authority who has due or overdue work their digest for the
    day, unless they already had it. Returns how many were sent."""
    already = Digest.objects.filter(sent_on=as_of).values("user_id")
    may_have_work = (
        Q(lead_pathways__status=PathwayStatus.OPEN)
        | Q(fsw_interventions__ended_on__isnull=True)
        | Q(groups__name__in=[Role.FRONT_DOOR_OFFICER, Role.MANAGER, Role.ANALYST])
    )
    people = (
        User.objects.filter(may_have_work, authority=authority, is_active=True)
        .exclude(email="")
        .exclude(pk__in=already)
        .select_related("authority")
        .prefetch_related("groups")
        .distinct()
        .order_by("pk")
    )
    return sum(send_digest(person, as_of) for person in people)


def send_digest(user: User, as_of: datetime.date) -> bool:
    """Claim the day's digest for the user, then email it. The claim is a row unique per
    person and day, so a second run (or a second worker) sends nothing; if the email
    cannot be sent the claim is withdrawn, so a later run tries again."""
    own = work_for(user, as_of)
    teams = teams_overseen_by(user)
    districts = summary_by_district(teams, team_work(user, teams, as_of)) if teams else []
    district_rows = [d for d in districts if d.overdue or d.due_soon]
    if not own and not district_rows:
        return False
    if own:
        overdue = sum(item.is_overdue for item in own)
        due_soon = len(own) - overdue
        headline = f"{overdue} overdue and {due_soon} due soon"
    else:
        overdue = sum(district.overdue for district in district_rows)
        due_soon = sum(district.due_soon for district in district_rows)
        headline = f"your teams have {overdue} overdue and {due_soon} due soon"
    context = {
        "user": user,
        "as_of": as_of,
        "overdue": [item for item in own if item.is_overdue],
        "due_soon": [item for item in own if not item.is_overdue],
        "districts": district_rows,
        "link": settings.SERVICE_URL + reverse("oversight:due"),
        "service_url": settings.SERVICE_URL,
    }
    subject = f"{settings.SERVICE_NAME}: {headline}, {as_of:%-d %B %Y}"
    body = render_to_string("oversight/digest_email.txt", context)
    with transaction.atomic():
        digest, claimed = Digest.objects.get_or_create(
            user=user, sent_on=as_of, defaults={"overdue": overdue, "due_soon": due_soon}
        )
    if not claimed:
        return False
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # the next run sends it instead
        logger.exception("Could not email the daily digest to user %s", user.pk)
        digest.delete()
        return False
    return True
