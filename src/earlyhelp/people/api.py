import datetime
import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from earlyhelp.accounts.services import record_families_listed
from earlyhelp.people import selectors
from earlyhelp.people.access import get_family_for

router = Router(tags=["families"])


class FamilyListItem(Schema):
    id: uuid.UUID
    reference: str
    name: str
    team: str


class FamilyPage(Schema):
    items: list[FamilyListItem]
    count: int


class PageQuery(Schema):
    q: str = Field("", max_length=100, description="Family name, member's name or reference")
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0)


class MemberOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    relationship: str
    date_of_birth: datetime.date | None
    expected_due_date: datetime.date | None
    is_main_contact: bool


class ConsentOut(Schema):
    decision: str
    to_assessment: bool
    share_with: list[str]
    given_on: datetime.date


class PathwayItem(Schema):
    id: uuid.UUID
    reference: str
    status: str
    opened_on: datetime.date
    outcome: str
    lead_professional: str | None


class FamilyOut(Schema):
    id: uuid.UUID
    reference: str
    name: str
    team: str
    members: list[MemberOut]
    consent: ConsentOut | None
    pathways: list[PathwayItem]
    can_edit: bool


@router.get("/families", response=FamilyPage, summary="Families you may see")
def list_families(request: HttpRequest, query: Query[PageQuery]) -> FamilyPage:
    families = selectors.search_families(request.user, query.q)
    count = families.count()
    page = list(families[query.offset : query.offset + query.limit])
    record_families_listed(user=request.user, families=page, request=request)
    return FamilyPage(
        items=[
            FamilyListItem(
                id=family.public_id,
                reference=family.reference,
                name=family.name,
                team=family.owning_team.name,
            )
            for family in page
        ],
        count=count,
    )


@router.get("/families/{family_id}", response=FamilyOut, summary="One family")
def get_family(request: HttpRequest, family_id: str) -> FamilyOut:
    family = get_family_for(request.user, family_id, request=request)
    summary = selectors.family_summary(request.user, family)
    consent = summary["consent"]
    return FamilyOut(
        id=family.public_id,
        reference=family.reference,
        name=family.name,
        team=family.owning_team.name,
        members=[
            MemberOut(
                id=member.person.public_id,
                first_name=member.person.first_name,
                last_name=member.person.last_name,
                relationship=member.relationship,
                date_of_birth=member.person.date_of_birth,
                expected_due_date=member.person.expected_due_date,
                is_main_contact=member.is_main_contact,
            )
            for member in summary["members"]
        ],
        consent=ConsentOut(
            decision=consent.decision,
            to_assessment=consent.to_assessment,
            share_with=[agency.name for agency in consent.share_with.all()],
            given_on=consent.given_on,
        )
        if consent
        else None,
        pathways=[
            PathwayItem(
                id=pathway.public_id,
                reference=pathway.reference,
                status=pathway.status,
                opened_on=pathway.opened_on,
                outcome=pathway.outcome,
                lead_professional=pathway.lead_professional.email
                if pathway.lead_professional
                else None,
            )
            for pathway in summary["pathways"]
        ],
        can_edit=summary["can_edit"],
    )
