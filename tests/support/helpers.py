"""Building calls and interventions for tests through the same services the pages use."""

import datetime

from django.utils import timezone

from earlyhelp.accounts.models import District
from earlyhelp.people.models import Family, Person
from earlyhelp.support.models import FswIntervention, InterventionSource
from earlyhelp.support.services import allocate_intervention, current_children
from tests.conftest import demo_user


def last(weekday: int) -> datetime.date:
    """The most recent such weekday (Monday 0) before today."""
    today = timezone.localdate()
    days_back = (today.weekday() - weekday) % 7 or 7
    return today - datetime.timedelta(days=days_back)


def uk(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def call_form(**overrides: object) -> dict[str, object]:
    """What a worker types for a quick call: a parent, Wednesday morning, resolved."""
    data: dict[str, object] = {
        "caller_kind": "parent_carer",
        "caller_name": "Jo",
        "district": District.objects.get(name="Bromsgrove").pk,
        "family_reference": "",
        "called_on": uk(last(2)),
        "called_time": "10:15",
        "notes": "Mum worried about her son's angry outbursts at bedtime since the new baby.",
        "advice": "Talked through a calm bedtime routine; sent the parenting leaflet.",
        "outcome": "resolved",
        "referred_to": "",
        "child_first_name": "",
        "child_last_name": "",
        "child_date_of_birth": "",
    }
    data.update(overrides)
    return data


def children_of(family: Family) -> list[Person]:
    return [member.person for member in current_children(family)]


def allocate(
    family: Family,
    worker: str = "fsw",
    by: str = "frontdoor",
    days_ago: int = 0,
    is_remote: bool = False,
) -> FswIntervention:
    return allocate_intervention(
        by=demo_user(by),
        family=family,
        worker=demo_user(worker),
        children=children_of(family),
        source=InterventionSource.DIRECT_REFERRAL,
        is_remote=is_remote,
        allocated_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )
