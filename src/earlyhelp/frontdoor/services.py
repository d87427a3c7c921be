"""Operations of the front door. Each is one transaction."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import AgencyKind, Authority, District, Role, Team, User
from earlyhelp.directory.models import Service
from earlyhelp.frontdoor.models import (
    PUBLIC_SOURCES,
    Decision,
    DecisionKind,
    RequestConsent,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.pathways.services import PathwayError, open_pathway
from earlyhelp.people.models import ConsentDecision, Family, Person, Relationship
from earlyhelp.people.selectors import current_consent, likely_matches
from earlyhelp.people.services import (
    FamilyRecordError,
    PersonDetails,
    add_new_person_to_family,
    create_family,
    record_consent,
)
from earlyhelp.support.models import InterventionSource

logger = logging.getLogger(__name__)

# A match this strong, on the same date of birth, is the same child: the request is linked.
CERTAIN_MATCH_SCORE = 90


def latest_due_date() -> datetime.date:
    """A request may be about an unborn baby, by its expected due date."""
    return timezone.localdate() + datetime.timedelta(days=310)


class FrontDoorError(Exception):
    """The operation breaks a rule of the front door; the message says why, for the user."""


NAME_PART_LIMIT = 100


def split_name(full_name: str) -> tuple[str, str]:
    """A full name as first names and last name, as a person record keeps it."""
    *first, last = full_name.split() or [""]
    return " ".join(first), last


def name_fits_a_record(full_name: str) -> bool:
    return all(len(part) <= NAME_PART_LIMIT for part in split_name(full_name))


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
    service: Service | None = None  # the family hub service they asked from
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
    if details.service and details.service.authority_id != authority.pk:
        raise FrontDoorError("That service is not in this authority's directory")
    if family and family.authority_id != authority.pk:
        raise FrontDoorError("That family is not recorded by this authority")
    if not name_fits_a_record(details.parent_name):
        raise FrontDoorError(f"Names must be {NAME_PART_LIMIT} characters or fewer")
    if details.child_date_of_birth and details.child_date_of_birth > latest_due_date():
        raise FrontDoorError("An expected due date must be within the next 10 months")
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


def _awaiting_for_change(request: RequestForSupport) -> RequestForSupport:
    request = RequestForSupport.objects.select_for_update().get(pk=request.pk)
    if not request.is_awaiting_decision:
        raise FrontDoorError("This request has already been decided")
    return request


@transaction.atomic
def link_family(*, by: User, request: RequestForSupport, family: Family | None) -> None:
    """The front door officer says which recorded family the request is about, or that
    it is about a family not yet recorded (family None)."""
    request = _awaiting_for_change(request)
    if family is not None and family.authority_id != request.authority_id:
        raise FrontDoorError("That family is not recorded by this authority")
    request.family = family
    request.matched_person = None
    who = by.get_full_name() or by.email
    request.match_note = f"Linked by {who}" if family else f"Marked as a new family by {who}"
    request.save(update_fields=["family", "matched_person", "match_note", "updated_at"])


@dataclass
class DecisionDetails:
    kind: DecisionKind
    reason: str
    advice: str = ""
    team: Team | None = None
    lead_professional: User | None = None
    worker: User | None = None
    parenting_needs_only: bool = False
    consent_given_by: str = ""
    consent_given_on: datetime.date | None = None


@transaction.atomic
def decide_request(*, by: User, request: RequestForSupport, details: DecisionDetails) -> Decision:
    """Decide what help the request leads to, record who decided, when and why, do what
    the decision needs (record the family, open the pathway, allocate the worker), and
    tell the requester once it is saved. Any refusal leaves nothing written."""
    # Imported here: the support line's services create requests through this module.
    from earlyhelp.support.services import SupportError

    request = _awaiting_for_change(request)
    if not by.has_role(Role.FRONT_DOOR_OFFICER) or by.authority_id != request.authority_id:
        raise FrontDoorError("Only the authority's front door officers decide requests")
    if not details.reason.strip():
        raise FrontDoorError("Say why you made this decision")
    decision = Decision(
        request=request,
        kind=details.kind,
        reason=details.reason.strip(),
        advice=details.advice.strip(),
        decided_by=by,
        decided_at=timezone.now(),
        team=details.team,
    )
    try:
        if details.kind in (DecisionKind.SIGNPOST, DecisionKind.SUPPORT_LINE_ADVICE):
            if not decision.advice:
                raise FrontDoorError("Say what information or advice the family is given")
        elif details.kind == DecisionKind.PATHWAY:
            _open_pathway_for(by, request, decision, details)
        elif details.kind == DecisionKind.FSW_INTERVENTION:
            _allocate_worker_for(by, request, decision, details)
        elif details.kind != DecisionKind.ESCALATE:
            raise FrontDoorError("Choose what the request leads to")
    except (FamilyRecordError, PathwayError, SupportError) as error:
        raise FrontDoorError(str(error)) from error
    decision.save()
    request.status = RequestStatus.DECIDED
    request.save(update_fields=["status", "family", "updated_at"])
    transaction.on_commit(lambda: tell_requester(decision))
    return decision


def _open_pathway_for(
    by: User, request: RequestForSupport, decision: Decision, details: DecisionDetails
) -> None:
    if details.team is None or details.lead_professional is None:
        raise FrontDoorError("Choose the team and the Lead Professional for the pathway")
    family = _family_for(by, request, details.team)
    _record_consent_for(by, request, family, details, to_assessment=True)
    if family.owning_team_id != details.team.pk:
        # The family's record moves to the team that will work with it.
        family.owning_team = details.team
        family.save(update_fields=["owning_team", "updated_at"])
    decision.pathway = open_pathway(
        by=by,
        family=family,
        opened_on=timezone.localdate(),
        lead_professional=details.lead_professional,
    )


def _allocate_worker_for(
    by: User, request: RequestForSupport, decision: Decision, details: DecisionDetails
) -> None:
    from earlyhelp.support.services import allocate_intervention

    if not details.parenting_needs_only:
        raise FrontDoorError(
            "A direct FSW intervention is for parenting needs only: "
            "open an Early Help Pathway for anything more"
        )
    worker = details.worker
    if worker is None:
        raise FrontDoorError("Choose the Family Support Worker")
    team = details.team or worker.teams.filter(district__isnull=False).first()
    if team is None:
        raise FrontDoorError("Choose the team the family's record belongs to")
    decision.team = team
    family = _family_for(by, request, team)
    _record_consent_for(by, request, family, details, to_assessment=False)
    children = [
        member.person
        for member in family.members.filter(
            left_on__isnull=True, relationship__in=[Relationship.CHILD, Relationship.UNBORN]
        ).select_related("person")
    ]
    decision.intervention = allocate_intervention(
        by=by,
        family=family,
        worker=worker,
        children=children,
        source=InterventionSource.DIRECT_REFERRAL,
    )


def _family_for(by: User, request: RequestForSupport, team: Team) -> Family:
    """The family the request is about: the one linked, or a new record made from what
    the request says (the child, and the parent or carer if named)."""
    if request.family_id:
        return request.family
    family = create_family(
        by=by,
        name=f"{request.child_last_name} family",
        owning_team=team,
        postcode=request.postcode,
    )
    born = request.child_date_of_birth
    unborn = born is not None and born > timezone.localdate()
    add_new_person_to_family(
        by=by,
        family=family,
        details=PersonDetails(
            first_name=request.child_first_name,
            last_name=request.child_last_name,
            date_of_birth=None if unborn else born,
            expected_due_date=born if unborn else None,
            postcode=request.postcode,
        ),
        relationship=Relationship.UNBORN if unborn else Relationship.CHILD,
        is_main_contact=request.source == RequestSource.YOUNG_PERSON,
    )
    if request.parent_name.strip():
        first, last = split_name(request.parent_name)
        add_new_person_to_family(
            by=by,
            family=family,
            details=PersonDetails(
                first_name=first or last,
                last_name=last if first else request.child_last_name,
                postcode=request.postcode,
            ),
            relationship=Relationship.PARENT,
            is_main_contact=request.source != RequestSource.YOUNG_PERSON,
        )
    request.family = family
    return family


def _record_consent_for(
    by: User,
    request: RequestForSupport,
    family: Family,
    details: DecisionDetails,
    *,
    to_assessment: bool,
) -> None:
    """Help is voluntary. Consent already in force is kept; otherwise the request's own
    consent, or the consent the officer confirmed with the family, is recorded."""
    consent = current_consent(family)
    if (
        consent is not None
        and consent.decision == ConsentDecision.GIVEN
        and (consent.to_assessment or not to_assessment)
    ):
        return
    if details.consent_given_by.strip() and details.consent_given_on:
        given_by, given_on = details.consent_given_by, details.consent_given_on
    elif request.consent == RequestConsent.GIVEN:
        given_by = (
            request.requester_name
            if request.source in PUBLIC_SOURCES
            else (request.parent_name or f"The family, as told by {request.requester_name}")
        )
        given_on = timezone.localtime(request.received_at).date()
    else:
        raise FrontDoorError(
            "The family has not agreed yet: ask them, then record who agreed and when"
        )
    # A new consent replaces the one in force: keep the agencies it already named.
    share_with = list(consent.share_with.all()) if consent else []
    sender = request.submitted_by
    if (
        sender
        and sender.agency_id
        and sender.agency.kind != AgencyKind.LOCAL_AUTHORITY
        and sender.agency not in share_with
    ):
        share_with.append(sender.agency)
    record_consent(
        by=by,
        family=family,
        decision=ConsentDecision.GIVEN,
        to_assessment=to_assessment,
        share_with=share_with,
        given_by=given_by,
        given_on=given_on,
        notes=f"Recorded by the front door with request {request.reference}",
    )


# Telling the requester -----------------------------------------------------------------

WHAT_HAPPENS_NEXT = {
    DecisionKind.SIGNPOST: "We think the information and services below can help.",
    DecisionKind.SUPPORT_LINE_ADVICE: (
        "A Family Support Worker from the Family Support Line will give you advice."
    ),
    DecisionKind.FSW_INTERVENTION: (
        "A Family Support Worker will contact you to arrange to work with your family."
    ),
    DecisionKind.PATHWAY: (
        "A worker will contact you to talk about an Early Help assessment and plan for your family."
    ),
    DecisionKind.ESCALATE: (
        "We have passed your request to children's social care, who will contact you."
    ),
}


def requester_message(decision: Decision) -> tuple[str, str]:
    """The subject and body of the message to the person who asked. It says what
    happens next, never what the system knows about the family."""
    request = decision.request
    service = settings.SERVICE_NAME
    lines = [
        f"Dear {request.requester_name},",
        "",
        f"Thank you for your request for support (reference {request.reference}).",
        "",
        WHAT_HAPPENS_NEXT[DecisionKind(decision.kind)],
    ]
    if decision.advice and decision.kind in (
        DecisionKind.SIGNPOST,
        DecisionKind.SUPPORT_LINE_ADVICE,
    ):
        lines += ["", decision.advice]
    lines += [
        "",
        "If you are worried a child is in danger now, call 999.",
        "",
        service,
    ]
    return f"Your request for support {request.reference}", "\n".join(lines)


def tell_requester(decision: Decision) -> bool:
    """Email the requester (a member of staff at their work address). Runs after the
    decision is saved; a failed send is logged and left for the officer to follow up,
    never undoing the decision."""
    request = decision.request
    address = request.requester_email or (
        request.submitted_by.email if request.submitted_by else ""
    )
    if not address:
        return False
    subject, body = requester_message(decision)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # a mail server or Notify outage must not lose the decision
        logger.exception("Could not tell the requester of %s", request.reference)
        return False
    Decision.objects.filter(pk=decision.pk).update(requester_told_at=timezone.now())
    return True
