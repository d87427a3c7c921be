"""Signposting: a professional suggests a service of the directory to a family, and the
suggestion goes on the family's timeline."""

import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import User
from earlyhelp.directory.models import Location, Service, ServiceStatus, Signposting
from earlyhelp.pathways.selectors import TimelineEvent
from earlyhelp.people.models import Family

MAX_NOTE = 1000


class SignpostingError(Exception):
    """The suggestion cannot be recorded; the message says why, for the user."""


@transaction.atomic
def suggest_service(
    *,
    by: User,
    family: Family,
    service_id: uuid.UUID,
    location_id: uuid.UUID | None = None,
    note: str = "",
) -> Signposting:
    """Record that `by` suggested the service (at one of its places, if given) to the
    family. The caller has checked that `by` may change the family's record."""
    service = Service.objects.filter(pk=service_id, authority_id=family.authority_id).first()
    if service is None:
        raise SignpostingError(
            "That service is not in your council's directory: choose one from the search"
        )
    if service.status != ServiceStatus.ACTIVE:
        raise SignpostingError(
            f"{service.name} is {service.get_status_display().lower()}: "
            "choose a service that is running"
        )
    location = None
    if location_id is not None:
        location = Location.objects.filter(
            pk=location_id, service_at_locations__service=service
        ).first()
        if location is None:
            raise SignpostingError(f"{service.name} does not run at that place")
    if len(note) > MAX_NOTE:
        raise SignpostingError(f"A note must be {MAX_NOTE} characters or fewer")
    return Signposting.objects.create(
        family=family,
        service=service,
        location=location,
        suggested_by=by,
        suggested_at=timezone.now(),
        note=note.strip(),
    )


def family_events(family: Family) -> list[TimelineEvent]:
    """The services suggested to the family, for its timeline."""
    events = []
    for signposting in family.signpostings.select_related("service", "location", "suggested_by"):
        detail = f"By {signposting.suggested_by}"
        if signposting.location and signposting.location.name:
            detail += f", at {signposting.location.name}"
        if signposting.note:
            detail += f": {signposting.note[:120]}"
        events.append(
            TimelineEvent(
                timezone.localtime(signposting.suggested_at).date(),
                f"Suggested: {signposting.service.name}",
                detail,
                reverse("directory:service", args=[signposting.service_id]),
            )
        )
    return events
