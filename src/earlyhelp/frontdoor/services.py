"""Operations of the front door. Each is one transaction."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from earlyhelp.accounts.models import Authority, District, User
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.people.models import Family, Person
from earlyhelp.people.selectors import likely_matches

# A match this strong, on the same date of birth, is the same child: the request is linked.
CERTAIN_MATCH_SCORE = 90


class FrontDoorError(Exception):
    """The operation breaks a rule of the front door; the message says why, for the user."""


@dataclass
class RequestDetails:
    """What a request says, whoever makes it."""

    child_first_name: str
    child_last_name: str
    worries: str
    requester_name: str
    consent: RequestConsent
    child_date_of_birth: datetime.date | None = None
    parent_name: str = ""
    postcode: str = ""
    district: District | None = None
    tried_so_far: str = ""
    suggested_band: str = ""
    social_worker_summary: str = ""
    requester_email: str = ""
    requester_phone: str = ""
    requester_role: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@transaction.atomic
def create_request(
    *,
    authority: Authority,
    source: RequestSource,
    details: RequestDetails,
    submitted_by: User | None = None,
    family: Family | None = None,
    sender_key: str = "",
) -> RequestForSupport:
    """Record a request and link it to the family it is about, if the system knows it.

    `family` is given when a worker asks from a family's record; otherwise the child is
    matched against the people already recorded (see match_request).
    """
    if details.district and details.district.authority_id != authority.pk:
        raise FrontDoorError("Choose a district of this authority")
    if family and family.authority_id != authority.pk:
        raise FrontDoorError("That family is not recorded by this authority")
    fields = {k: v for k, v in details.__dict__.items() if k != "extra"}
    request = RequestForSupport.objects.create(
        authority=authority,
        source=source,
        submitted_by=submitted_by,
        family=family,
        match_note="Made from the family's record" if family else "",
        sender_key=sender_key,
        **fields,
    )
    if family is None:
        match_request(request)
    return request


def match_request(request: RequestForSupport) -> Person | None:
    """Link the request to the family of a child already recorded, when the match is
    certain: the same date of birth and a name that matches closely, in one family.
    Weaker candidates are left for the front door officer to choose from."""
    if request.child_date_of_birth is None:
        return None
    matches = likely_matches(
        authority_id=request.authority_id,
        first_name=request.child_first_name,
        last_name=request.child_last_name,
        date_of_birth=request.child_date_of_birth,
        nhs_number="",
    )
    certain = [
        person
        for person, score in matches
        if score >= CERTAIN_MATCH_SCORE and person.date_of_birth == request.child_date_of_birth
    ]
    if len(certain) != 1:
        return None
    person = certain[0]
    families = list(
        Family.objects.filter(members__person=person, members__left_on__isnull=True).distinct()
    )
    if len(families) != 1:
        return None
    request.family = families[0]
    request.matched_person = person
    request.match_note = "Linked automatically: same name and date of birth"
    request.save(update_fields=["family", "matched_person", "match_note", "updated_at"])
    return person
