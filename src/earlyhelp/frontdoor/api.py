"""Requests for support and the front door's decisions, as JSON.

The same rules as the pages: anyone on the staff may make a request and read their own;
front door officers read every request of their authority and decide them (to anyone
else the decision routes do not exist: 404). Every read of a request is logged.
"""

import datetime
import uuid
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import AfterValidator, Field

from earlyhelp.accounts.models import District, Team, User
from earlyhelp.accounts.services import record_families_listed, record_listed
from earlyhelp.frontdoor import selectors, services
from earlyhelp.frontdoor.access import get_request_for
from earlyhelp.frontdoor.models import (
    Decision,
    DecisionKind,
    RequestConsent,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.frontdoor.services import DecisionDetails, FrontDoorError, RequestDetails
from earlyhelp.people.access import get_family_for
from earlyhelp.people.api import ERRORS, Postcode, StaffEmail, required, staff_member, stripped
from earlyhelp.people.models import Family
from earlyhelp.people.selectors import families_visible_to

router = Router(tags=["front door"])

LongText = Annotated[str, Field(max_length=4000), AfterValidator(stripped)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(stripped)]


# Output ------------------------------------------------------------------------------------


class DecisionOut(Schema):
    """What was decided. Who decided, why, and what it opened are for front door officers
    (and, for the pathway or intervention, anyone who may see the family); the person who
    asked sees what was decided and the advice."""

    kind: str
    advice: str
    decided_at: datetime.datetime
    requester_told_at: datetime.datetime | None
    reason: str | None
    decided_by: str | None
    team: str | None
    pathway_id: uuid.UUID | None
    intervention_id: uuid.UUID | None


class RequestOut(Schema):
    id: uuid.UUID
    reference: str
    source: str
    status: str
    received_at: datetime.datetime
    district: str | None
    requester_name: str
    child_first_name: str
    child_last_name: str
    child_date_of_birth: datetime.date | None
    worries: str
    tried_so_far: str
    service_id: uuid.UUID | None = Field(
        None, description="The family hub service (Open Referral id) the family asked from"
    )
    suggested_band: str
    consent: str
    social_worker_summary: str
    family_id: uuid.UUID | None
    decision: DecisionOut | None


class RequestListOut(Schema):
    items: list[RequestOut]
    count: int


def _decision_out(
    decision: Decision | None, *, front_door: bool, sees_family: bool
) -> DecisionOut | None:
    if decision is None:
        return None
    return DecisionOut(
        kind=decision.kind,
        advice=decision.advice,
        decided_at=decision.decided_at,
        requester_told_at=decision.requester_told_at,
        reason=decision.reason if front_door else None,
        decided_by=decision.decided_by.email if front_door else None,
        team=decision.team.name if front_door and decision.team else None,
        pathway_id=decision.pathway.public_id if sees_family and decision.pathway else None,
        intervention_id=(
            decision.intervention.public_id if sees_family and decision.intervention else None
        ),
    )


def _requests_out(user: User, requests: list[RequestForSupport]) -> list[RequestOut]:
    """Requests as the user may see them: the family a request is linked to is named only
    to someone who may see that family, so a request never tells its sender whether the
    system knows a child."""
    visible = set(
        families_visible_to(user)
        .filter(pk__in=[r.family_id for r in requests if r.family_id])
        .values_list("pk", flat=True)
    )
    front_door = user.has_perm("frontdoor.decide_requests")
    return [
        _request_out(r, front_door=front_door, sees_family=r.family_id in visible) for r in requests
    ]


def _request_out(
    support_request: RequestForSupport, *, front_door: bool, sees_family: bool
) -> RequestOut:
    return RequestOut(
        id=support_request.public_id,
        reference=support_request.reference,
        source=support_request.source,
        status=support_request.status,
        received_at=support_request.received_at,
        district=support_request.district.ons_code if support_request.district else None,
        requester_name=support_request.requester_name,
        child_first_name=support_request.child_first_name,
        child_last_name=support_request.child_last_name,
        child_date_of_birth=support_request.child_date_of_birth,
        worries=support_request.worries,
        tried_so_far=support_request.tried_so_far,
        service_id=support_request.service_id,
        suggested_band=support_request.suggested_band,
        consent=support_request.consent,
        social_worker_summary=support_request.social_worker_summary,
        family_id=support_request.family.public_id if sees_family else None,
        decision=_decision_out(
            getattr(support_request, "decision", None),
            front_door=front_door,
            sees_family=sees_family,
        ),
    )


def _one_out(user: User, support_request: RequestForSupport) -> RequestOut:
    return _requests_out(user, [support_request])[0]


# Reading -----------------------------------------------------------------------------------


class RequestFilter(Schema):
    status: RequestStatus | None = None
    source: RequestSource | None = None


@router.get("/requests", response={200: RequestListOut, **ERRORS})
def list_requests(request: HttpRequest, filters: Query[RequestFilter]) -> RequestListOut:
    """Requests the user may see: every request for front door officers, otherwise the
    user's own. `status=awaiting_decision` is the front door's queue, oldest first."""
    requests = selectors.requests_visible_to(request.user).select_related(
        "district", "family", "decision__decided_by", "decision__team", "decision__pathway"
    )
    if filters.status:
        requests = requests.filter(status=filters.status)
    if filters.source:
        requests = requests.filter(source=filters.source)
    items = list(requests.order_by("received_at", "pk")[:500])
    record_listed(
        user=request.user,
        shown=[
            (r, r.family.public_id if r.family else None, f"Request {r.reference}") for r in items
        ],
        request=request,
    )
    return RequestListOut(items=_requests_out(request.user, items), count=requests.count())


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS})
def get_request(request: HttpRequest, request_id: uuid.UUID) -> RequestOut:
    return _one_out(request.user, get_request_for(request.user, request_id, request=request))


# Making a request --------------------------------------------------------------------------


class RequestIn(Schema):
    source: Literal["professional", "step_down"] = "professional"
    family_id: uuid.UUID | None = Field(
        None, description="A family the user may see, when the request is about it"
    )
    child_first_name: Annotated[
        str, Field(max_length=100), required("Enter the child's first name")
    ]
    child_last_name: Annotated[str, Field(max_length=100), required("Enter the child's last name")]
    child_date_of_birth: datetime.date | None = None
    parent_name: ShortText = ""
    postcode: Postcode = ""
    district: Annotated[str, Field(max_length=9, description="The district's ONS code")]
    worries: Annotated[LongText, required("Say what worries you about the child or family")]
    tried_so_far: LongText = ""
    suggested_band: Literal["", "blue", "green", "yellow", "orange"] = ""
    consent: RequestConsent
    social_worker_summary: LongText = ""


@router.post("/requests", response={201: RequestOut, **ERRORS})
def make_request(request: HttpRequest, payload: RequestIn) -> Status[RequestOut]:
    user: User = request.user  # type: ignore[assignment]
    district = District.objects.filter(
        authority_id=user.authority_id, ons_code=payload.district.strip().upper()
    ).first()
    if district is None:
        raise FrontDoorError("There is no district of your authority with that ONS code")
    if (
        payload.child_date_of_birth
        and payload.child_date_of_birth.year < timezone.localdate().year - 25
    ):
        raise FrontDoorError("Early Help is for children and young people up to 25")
    source = RequestSource(payload.source)
    if source == RequestSource.STEP_DOWN and not (
        payload.suggested_band and payload.social_worker_summary
    ):
        raise FrontDoorError("A step-down needs the level of need and the social worker's summary")
    family: Family | None = None
    if payload.family_id:
        family = get_family_for(user, payload.family_id, request=request)
    data = payload.dict(exclude={"source", "family_id", "district"})
    support_request = services.create_request(
        authority=user.authority,
        source=source,
        submitted_by=user,
        family=family,
        details=RequestDetails(
            **data,
            district=district,
            requester_name=user.get_full_name() or user.email,
            requester_email=user.email,
            requester_role=", ".join(p for p in [user.job_title, str(user.agency or "")] if p),
        ),
    )
    return Status(201, _one_out(user, support_request))


# The front door's decisions ----------------------------------------------------------------


def _staff_or_none(email: str | None, user: User) -> User | None:
    return staff_member(email, user.authority_id) if email else None


def _front_door_request(request: HttpRequest, request_id: uuid.UUID) -> RequestForSupport:
    if not request.user.has_perm("frontdoor.decide_requests"):
        raise Http404
    return get_request_for(request.user, request_id, request=request)


class CandidateOut(Schema):
    person_id: uuid.UUID
    name: str
    date_of_birth: datetime.date | None
    score: int
    family_ids: list[uuid.UUID]


@router.get("/requests/{request_id}/matches", response={200: list[CandidateOut], **ERRORS})
def request_matches(request: HttpRequest, request_id: uuid.UUID) -> list[CandidateOut]:
    """People already recorded who may be the child (front door officers only)."""
    support_request = _front_door_request(request, request_id)
    candidates = selectors.match_candidates(support_request)
    record_families_listed(
        user=request.user,
        families=[family for candidate in candidates for family in candidate.families],
        request=request,
    )
    return [
        CandidateOut(
            person_id=candidate.person.public_id,
            name=candidate.person.full_name,
            date_of_birth=candidate.person.date_of_birth,
            score=candidate.score,
            family_ids=[family.public_id for family in candidate.families],
        )
        for candidate in candidates
    ]


class LinkIn(Schema):
    family_id: uuid.UUID | None = Field(description="The family, or null for a new family")


@router.post("/requests/{request_id}/family", response={200: RequestOut, **ERRORS})
def link_family(request: HttpRequest, request_id: uuid.UUID, payload: LinkIn) -> RequestOut:
    support_request = _front_door_request(request, request_id)
    family = None
    if payload.family_id:
        linkable = {f.public_id: f for f in selectors.linkable_families(support_request)}
        family = linkable.get(payload.family_id)
        if family is None:
            raise FrontDoorError(
                "Choose a family of the people this request may be about (see its matches)"
            )
    services.link_family(by=request.user, request=support_request, family=family)
    support_request.refresh_from_db()
    return _one_out(request.user, support_request)


class DecisionIn(Schema):
    kind: DecisionKind
    reason: Annotated[LongText, required("Say why you made this decision")]
    advice: LongText = ""
    team_id: uuid.UUID | None = None
    lead_professional_email: StaffEmail = None
    worker_email: StaffEmail = None
    parenting_needs_only: bool = False
    consent_given_by: ShortText = ""
    consent_given_on: datetime.date | None = None


@router.post("/requests/{request_id}/decision", response={201: RequestOut, **ERRORS})
def decide(request: HttpRequest, request_id: uuid.UUID, payload: DecisionIn) -> Status[RequestOut]:
    support_request = _front_door_request(request, request_id)
    user: User = request.user  # type: ignore[assignment]
    team = None
    if payload.team_id:
        team = Team.objects.filter(
            public_id=payload.team_id, authority_id=user.authority_id
        ).first()
        if team is None:
            raise FrontDoorError("There is no team of your authority with that id")

    if payload.consent_given_on and payload.consent_given_on > timezone.localdate():
        raise FrontDoorError("The date they agreed must be today or earlier")
    services.decide_request(
        by=user,
        request=support_request,
        details=DecisionDetails(
            kind=payload.kind,
            reason=payload.reason,
            advice=payload.advice,
            team=team,
            lead_professional=_staff_or_none(payload.lead_professional_email, user),
            worker=_staff_or_none(payload.worker_email, user),
            parenting_needs_only=payload.parenting_needs_only,
            consent_given_by=payload.consent_given_by,
            consent_given_on=payload.consent_given_on,
        ),
    )
    support_request.refresh_from_db()
    return Status(201, _one_out(user, support_request))
