"""Families, the people in them and their consent, as JSON.

Handlers are thin: parse and check the input as the pages' forms do, get the record
through its access helper (404 for someone with no part in the family, 403 for a reader
asking to change it; both write the access-log row), call the service, shape the answer.
A service's refusal (FamilyRecordError) is a 400 with its message (see earlyhelp.api).
"""

import datetime
import uuid
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from earlyhelp.accounts.models import AccessPurpose, Agency, AgencyKind, Team, User
from earlyhelp.accounts.services import record_families_listed
from earlyhelp.core.openapi import MAX_OFFSET
from earlyhelp.pathways.forms import staff_by_email
from earlyhelp.people import selectors, services
from earlyhelp.people.access import get_family_for, get_person_for
from earlyhelp.people.models import (
    Consent,
    ConsentDecision,
    Ethnicity,
    Family,
    FamilyMember,
    Person,
    Relationship,
    Sex,
)
from earlyhelp.people.validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_upn,
)

router = Router(tags=["families"])


# Errors, as every route documents them ----------------------------------------------------


class ErrorOut(Schema):
    detail: str


class InvalidOut(Schema):
    detail: str
    errors: list[dict[str, Any]]


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}


# Input checks shared with the pathway routes ----------------------------------------------


def _refuse(error: DjangoValidationError) -> PydanticCustomError:
    return PydanticCustomError(error.code or "invalid", error.messages[0])


def stripped(value: str) -> str:
    """Text as a form field cleans it: no surrounding space, no null characters."""
    if "\x00" in value:
        raise PydanticCustomError("null_characters", "Null characters are not allowed")
    return value.strip()


def required(message: str) -> AfterValidator:
    """Text that must not be blank; stripped, and refused with the form's own message."""

    def check(value: str) -> str:
        value = stripped(value)
        if not value:
            raise PydanticCustomError("required", message)
        return value

    return AfterValidator(check)


def _nhs_number(value: str) -> str:
    value = normalise_nhs_number(value)
    if value:
        try:
            validate_nhs_number(value)
        except DjangoValidationError as error:
            raise _refuse(error) from None
    return value


def _upn(value: str) -> str:
    value = value.strip().upper()
    if value:
        try:
            validate_upn(value)
        except DjangoValidationError as error:
            raise _refuse(error) from None
    return value


def _postcode(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_postcode(value)
    except DjangoValidationError as error:
        raise _refuse(error) from None


def email_address(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise PydanticCustomError(
            "invalid_email", "Enter an email address in the correct format, like name@example.org"
        ) from None
    return value


def _optional_email(value: str | None) -> str | None:
    return email_address(value) if value and value.strip() else None


NhsNumber = Annotated[
    str, Field(max_length=14, description="10 digits"), AfterValidator(_nhs_number)
]
Upn = Annotated[str, Field(max_length=15), AfterValidator(_upn)]
Postcode = Annotated[
    str, Field(max_length=10, description="A UK postcode"), AfterValidator(_postcode)
]
StaffEmail = Annotated[str | None, Field(max_length=254), AfterValidator(_optional_email)]


def staff_member(email: str, authority_id: int) -> User:
    """The active member of staff of the authority with this email address, or a 400."""
    try:
        return staff_by_email(email, authority_id)
    except DjangoValidationError:
        raise HttpError(
            400, f"There is no member of staff with the email address {email}"
        ) from None


def require_permission(request: HttpRequest, permission: str) -> User:
    """The signed-in user, if they hold the permission (a 403 otherwise)."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return request.user  # type: ignore[return-value]


# Families ---------------------------------------------------------------------------------


class FamilyListItem(Schema):
    id: uuid.UUID
    reference: str
    name: str
    team: str


class FamilyPage(Schema):
    items: list[FamilyListItem]
    count: int


class PageQuery(Schema):
    q: Annotated[str, AfterValidator(stripped)] = Field(
        "", max_length=100, description="Family name, member's name or reference"
    )
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class MemberOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    relationship: str
    date_of_birth: datetime.date | None
    expected_due_date: datetime.date | None
    is_main_contact: bool


class ConsentOut(Schema):
    id: uuid.UUID
    decision: str
    to_assessment: bool
    share_with: list[str]
    given_by: str
    given_on: datetime.date


class MessageOut(Schema):
    detail: str


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


class FamilyIn(Schema):
    name: Annotated[str, Field(max_length=120), required("Enter a name for the household")]
    owning_team_id: uuid.UUID = Field(description="The public id of the team that owns the record")
    postcode: Postcode = ""


def consent_out(consent: Consent) -> ConsentOut:
    return ConsentOut(
        id=consent.public_id,
        decision=consent.decision,
        to_assessment=consent.to_assessment,
        share_with=[agency.name for agency in consent.share_with.all()],
        given_by=consent.given_by,
        given_on=consent.given_on,
    )


def family_out(user: User, family: Family) -> FamilyOut:
    summary = selectors.family_summary(user, family)
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
        consent=consent_out(consent) if consent else None,
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


@router.post(
    "/families",
    response={201: FamilyOut, **ERRORS},
    summary="Record a new family",
    description="For a team whose families you work with (as its member or manager); "
    "anyone else gets 403 and nothing is recorded.",
)
def create_family(request: HttpRequest, payload: FamilyIn) -> Status:
    team = Team.objects.filter(
        public_id=payload.owning_team_id, is_active=True, district__isnull=False
    ).first()
    if team is None:
        raise HttpError(400, "Choose the team that owns the record")
    with transaction.atomic():
        family = services.create_family(
            by=request.user, name=payload.name, owning_team=team, postcode=payload.postcode
        )
        try:  # the new family must be one the user works with, or nothing is recorded
            family = get_family_for(
                request.user, family.public_id, purpose=AccessPurpose.EDIT, request=request
            )
        except (Http404, PermissionDenied):
            raise HttpError(
                403, "You can record a family only for a team whose families you work with"
            ) from None
    return Status(201, family_out(request.user, family))


@router.get("/families/{family_id}", response={200: FamilyOut, 404: ErrorOut}, summary="One family")
def get_family(request: HttpRequest, family_id: str) -> FamilyOut:
    family = get_family_for(request.user, family_id, request=request)
    return family_out(request.user, family)


# People -----------------------------------------------------------------------------------


class MembershipOut(Schema):
    family_id: uuid.UUID
    family_reference: str
    family_name: str
    relationship: str
    is_main_contact: bool


class PersonOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    known_as: str
    date_of_birth: datetime.date | None
    expected_due_date: datetime.date | None
    sex: str
    ethnicity: str
    nhs_number: str
    upn: str
    postcode: str
    has_send: bool
    first_language: str
    families: list[MembershipOut] = Field(description="Families of theirs that you may see")


class PersonIn(Schema):
    """A new person in the family, checked as the page's form checks them."""

    first_name: Annotated[str, Field(max_length=100), required("Enter their first name")]
    last_name: Annotated[str, Field(max_length=100), required("Enter their last name")]
    known_as: Annotated[str, Field(max_length=100), AfterValidator(stripped)] = ""
    relationship: Relationship
    is_main_contact: bool = False
    date_of_birth: datetime.date | None = None
    expected_due_date: datetime.date | None = Field(
        None, validate_default=True, description="For an unborn baby, instead of a date of birth"
    )
    sex: Sex = Sex.NOT_KNOWN
    ethnicity: Ethnicity = Ethnicity.NOBT
    nhs_number: NhsNumber = ""
    upn: Upn = ""
    postcode: Postcode = ""
    first_language: Annotated[str, Field(max_length=60), required("Enter their first language")] = (
        "English"
    )
    has_send: bool = False

    @field_validator("date_of_birth")
    @classmethod
    def born_in_the_past(
        cls, born: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        if born is None:
            return None
        today = timezone.localdate()
        earliest = today - datetime.timedelta(days=365 * 120)
        if info.data.get("relationship") == Relationship.UNBORN:
            raise PydanticCustomError(
                "unborn", "An unborn baby has an expected due date, not a date of birth"
            )
        if born > today:
            raise PydanticCustomError("future", "Date of birth must be today or in the past")
        if born < earliest:
            raise PydanticCustomError(
                "too_old", f"Date of birth must be after {earliest:%-d %B %Y}"
            )
        return born

    @field_validator("expected_due_date")
    @classmethod
    def due_within_ten_months(
        cls, due: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        if due is None:
            if info.data.get("relationship") == Relationship.UNBORN:
                raise PydanticCustomError(
                    "required", "Enter the expected due date of the unborn baby"
                )
            return None
        if info.data.get("date_of_birth"):
            raise PydanticCustomError(
                "both", "Give a date of birth or an expected due date, not both"
            )
        today = timezone.localdate()
        if not today - datetime.timedelta(days=60) <= due <= today + datetime.timedelta(days=300):
            raise PydanticCustomError(
                "out_of_range", "Expected due date must be within the next 10 months"
            )
        return due

    def details(self) -> services.PersonDetails:
        return services.PersonDetails(
            **self.model_dump(exclude={"relationship", "is_main_contact"})
        )


def person_out(person: Person, memberships: list[FamilyMember]) -> PersonOut:
    return PersonOut(
        id=person.public_id,
        first_name=person.first_name,
        last_name=person.last_name,
        known_as=person.known_as,
        date_of_birth=person.date_of_birth,
        expected_due_date=person.expected_due_date,
        sex=person.sex,
        ethnicity=person.ethnicity,
        nhs_number=person.nhs_number,
        upn=person.upn,
        postcode=person.postcode,
        has_send=person.has_send,
        first_language=person.first_language,
        families=[
            MembershipOut(
                family_id=member.family.public_id,
                family_reference=member.family.reference,
                family_name=member.family.name,
                relationship=member.relationship,
                is_main_contact=member.is_main_contact,
            )
            for member in memberships
        ],
    )


@router.post(
    "/families/{family_id}/people",
    response={201: PersonOut, **ERRORS},
    summary="Add a new person to the family",
    description="Makes a new person record. If someone with the NHS number is already "
    "recorded the answer is 400 with a message saying so, and nothing is written.",
)
def add_person(request: HttpRequest, family_id: str, payload: PersonIn) -> Status:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    member = services.add_new_person_to_family(
        by=request.user,
        family=family,
        details=payload.details(),
        relationship=payload.relationship,
        is_main_contact=payload.is_main_contact,
    )
    return Status(201, person_out(member.person, [member]))


@router.get("/people/{person_id}", response={200: PersonOut, 404: ErrorOut}, summary="One person")
def get_person(request: HttpRequest, person_id: str) -> PersonOut:
    person = get_person_for(request.user, person_id, request=request)
    memberships = list(
        person.memberships.filter(
            family__in=selectors.families_visible_to(request.user), left_on__isnull=True
        ).select_related("family")
    )
    record_families_listed(
        user=request.user, families=[member.family for member in memberships], request=request
    )
    return person_out(person, memberships)


# Consent ----------------------------------------------------------------------------------


class ConsentIn(Schema):
    decision: ConsentDecision
    to_assessment: bool | None = Field(
        None, validate_default=True, description="Required when the family agreed"
    )
    share_with: list[uuid.UUID] = Field(
        [], max_length=100, description="Public ids of partner agencies that may see the record"
    )
    given_by: Annotated[
        str, Field(max_length=200), required("Enter who in the family gave the answer")
    ]
    given_on: datetime.date
    notes: Annotated[str, Field(max_length=2000), AfterValidator(stripped)] = ""

    @field_validator("to_assessment")
    @classmethod
    def answered(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        decision = info.data.get("decision")
        if decision == ConsentDecision.GIVEN and value is None:
            raise PydanticCustomError("required", "Choose whether they agreed to an assessment")
        if decision == ConsentDecision.REFUSED and value is None:
            return False
        return value


class WithdrawConsentIn(Schema):
    reason: Annotated[str, Field(max_length=300), required("Say why consent was withdrawn")]


def _partner_agencies(family: Family, ids: list[uuid.UUID]) -> list[Agency]:
    wanted = set(ids)
    agencies = list(
        Agency.objects.filter(
            public_id__in=wanted, authority_id=family.authority_id, is_active=True
        ).exclude(kind=AgencyKind.LOCAL_AUTHORITY)
    )
    if len(agencies) != len(wanted):
        raise HttpError(
            400,
            "Choose partner agencies of this authority: the council's own staff work under "
            "the consent itself",
        )
    return agencies


@router.post(
    "/families/{family_id}/consents",
    response={201: ConsentOut, **ERRORS},
    summary="Record what the family agreed to",
    description="Replaces any consent in force. A refusal closes an open pathway as declined. "
    "Staff of agencies the new consent does not name lose sight of the family.",
)
def record_consent(request: HttpRequest, family_id: str, payload: ConsentIn) -> Status:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    consent = services.record_consent(
        by=request.user,
        family=family,
        decision=payload.decision,
        to_assessment=bool(payload.to_assessment),
        share_with=_partner_agencies(family, payload.share_with),
        given_by=payload.given_by,
        given_on=payload.given_on,
        notes=payload.notes,
    )
    return Status(201, consent_out(consent))


@router.post(
    "/families/{family_id}/consents/withdraw",
    response={200: MessageOut, **ERRORS},
    summary="Withdraw the consent in force",
    description="Staff of partner agencies, perhaps including you, lose sight of the family.",
)
def withdraw_consent(
    request: HttpRequest, family_id: str, payload: WithdrawConsentIn
) -> MessageOut:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    services.withdraw_consent(by=request.user, family=family, reason=payload.reason)
    return MessageOut(detail="Consent withdrawn. Partner agencies no longer see the family.")
