"""The coder's codes, the analysts' review and safeguarding flags, as JSON.

The same rules as the pages: the review queue and reviews are for the Monitoring Team's
analysts, an entry's codes for anyone who may see the entry, and safeguarding flags for
front door officers and the managers responsible for the family. Every read of family
data is logged. A service's refusal (CodingError) is a 400 with its message.
"""

import datetime
import uuid
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from earlyhelp.accounts.models import User
from earlyhelp.accounts.services import record_families_listed
from earlyhelp.coding import selectors, services
from earlyhelp.coding.models import FlagAction, SafeguardingFlag
from earlyhelp.core.openapi import MAX_OFFSET
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.pathways.access import get_entry_for
from earlyhelp.pathways.models import TriageEntry
from earlyhelp.people.access import as_uuid
from earlyhelp.people.api import ERRORS, ErrorOut, required

router = Router(tags=["coding"])


def _may(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


# Output -----------------------------------------------------------------------------------


class SuggestionOut(Schema):
    code: str
    confidence: float | None


class CodeOut(Schema):
    code: str
    status: str = Field(description="suggested, confirmed or rejected")
    source: str = Field(description="coder, practitioner or analyst")
    confidence: float | None
    confirmed_by: str | None = Field(description="Who confirmed or rejected it")
    confirmed_at: datetime.datetime | None


class EntryCodesOut(Schema):
    entry_id: uuid.UUID
    coded: bool = Field(description="False while the coder has not read the entry yet")
    flagged: bool = Field(description="A safeguarding flag on the entry is open")
    reviewed_by: str | None
    reviewed_at: datetime.datetime | None
    codes: list[CodeOut] = Field(description="Confirmed codes and suggestions, not rejected")


class QueueItemOut(Schema):
    entry_id: uuid.UUID
    family_id: uuid.UUID
    band: str
    narrative: str
    suggestions: list[SuggestionOut]
    flagged: bool


class QueueOut(Schema):
    items: list[QueueItemOut]
    count: int


class FlagOut(Schema):
    id: uuid.UUID
    entry_id: uuid.UUID
    family_id: uuid.UUID
    family_reference: str
    family_name: str
    band: str
    narrative: str
    score: float
    raised_at: datetime.datetime
    open: bool
    action: str = Field(description="What was done; empty while the flag is open")
    note: str
    closed_by: str | None
    closed_at: datetime.datetime | None


class FlagListOut(Schema):
    items: list[FlagOut]
    count: int


def _entry_codes_out(entry: TriageEntry) -> EntryCodesOut:
    shown = selectors.codes_of([entry])[entry.pk]
    rows = [*shown.confirmed, *shown.suggested]
    coding = getattr(entry, "coding", None)
    return EntryCodesOut(
        entry_id=entry.public_id,
        coded=shown.coded,
        flagged=shown.flagged,
        reviewed_by=coding.reviewed_by.email if coding and coding.reviewed_by else None,
        reviewed_at=coding.reviewed_at if coding else None,
        codes=[
            CodeOut(
                code=row.code.code,
                status=row.status,
                source=row.source,
                confidence=row.confidence,
                confirmed_by=row.confirmed_by.email if row.confirmed_by else None,
                confirmed_at=row.confirmed_at,
            )
            for row in rows
        ],
    )


def _flag_out(flag: SafeguardingFlag) -> FlagOut:
    entry = flag.entry
    family = entry.triage.pathway.family
    return FlagOut(
        id=flag.public_id,
        entry_id=entry.public_id,
        family_id=family.public_id,
        family_reference=family.reference,
        family_name=family.name,
        band=entry.band,
        narrative=entry.narrative,
        score=flag.score,
        raised_at=flag.created_at,
        open=flag.is_open,
        action=flag.action,
        note=flag.note,
        closed_by=flag.closed_by.email if flag.closed_by else None,
        closed_at=flag.closed_at,
    )


# The analysts' review ---------------------------------------------------------------------


class QueueQuery(Schema):
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get(
    "/coding/queue",
    response={200: QueueOut, 403: ErrorOut},
    summary="Entries waiting for an analyst's review",
    description="Flagged entries first, then those the coder has not read, then the least "
    "sure. For the Monitoring Team's analysts.",
)
def queue(request: HttpRequest, query: Query[QueueQuery]) -> QueueOut:
    _may(request, "coding.review_codes")
    entries = selectors.review_queue(request.user)
    count = entries.count()
    page = list(entries[query.offset : query.offset + query.limit])
    codes = selectors.codes_of(page)
    families = {entry.triage.pathway.family_id: entry.triage.pathway.family for entry in page}
    record_families_listed(user=request.user, families=list(families.values()), request=request)
    return QueueOut(
        items=[
            QueueItemOut(
                entry_id=entry.public_id,
                family_id=entry.triage.pathway.family.public_id,
                band=entry.band,
                narrative=entry.narrative,
                suggestions=[
                    SuggestionOut(code=row.code.code, confidence=row.confidence)
                    for row in codes[entry.pk].suggested
                ],
                flagged=entry.flagged,  # type: ignore[attr-defined]
            )
            for entry in page
        ],
        count=count,
    )


def _code(value: str) -> str:
    value = value.strip().upper()
    if not value:
        raise PydanticCustomError("required", "Name each code, like EDU-ATTEND")
    return value


class CodesReviewIn(Schema):
    codes: list[Annotated[str, Field(max_length=30), AfterValidator(_code)]] = Field(
        max_length=100, description="Every code the entry has; an empty list for none"
    )


@router.post(
    "/coding/entries/{entry_id}/review",
    response={200: EntryCodesOut, **ERRORS},
    summary="Confirm an entry's codes",
    description="The coder's suggestions left out are kept as rejected; codes added are "
    "recorded as the analyst's. For the Monitoring Team's analysts.",
)
def review(request: HttpRequest, entry_id: str, payload: CodesReviewIn) -> EntryCodesOut:
    _may(request, "coding.review_codes")
    entry = get_entry_for(request.user, entry_id, request=request)
    # The authority's codes only, as the page offers them (not another's local codes).
    offered = set(
        issue_codes_for(entry.triage.pathway.family.authority).values_list("code", flat=True)
    )
    unknown = sorted(set(payload.codes) - offered)
    if unknown:
        raise HttpError(400, f"Unknown issue codes: {', '.join(unknown)}")
    services.review_entry(by=request.user, entry=entry, codes=payload.codes)
    entry.refresh_from_db()
    return _entry_codes_out(entry)


@router.get(
    "/coding/entries/{entry_id}/codes",
    response={200: EntryCodesOut, 404: ErrorOut},
    summary="An entry's codes",
    description="For anyone who may see the entry.",
)
def entry_codes(request: HttpRequest, entry_id: str) -> EntryCodesOut:
    return _entry_codes_out(get_entry_for(request.user, entry_id, request=request))


# Safeguarding flags -----------------------------------------------------------------------


class FlagQuery(Schema):
    open: bool | None = Field(
        None, description="true: open flags only (oldest first); false: closed only"
    )
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get(
    "/safeguarding/flags",
    response={200: FlagListOut, 403: ErrorOut},
    summary="Safeguarding flags you must act on",
    description="Every flag of the authority for front door officers; for managers, flags "
    "on the families of their teams and districts.",
)
def list_flags(request: HttpRequest, query: Query[FlagQuery]) -> FlagListOut:
    _may(request, "coding.view_flags")
    flags = selectors.flags_visible_to(request.user)
    if query.open is True:
        flags = selectors.open_flags(request.user)
    elif query.open is False:
        flags = flags.filter(closed_at__isnull=False).order_by("-closed_at")
    count = flags.count()
    page = list(flags[query.offset : query.offset + query.limit])
    families = {
        flag.entry.triage.pathway.family_id: flag.entry.triage.pathway.family for flag in page
    }
    record_families_listed(user=request.user, families=list(families.values()), request=request)
    return FlagListOut(items=[_flag_out(flag) for flag in page], count=count)


def _note(value: str) -> str:
    if len(value) < 10:
        raise PydanticCustomError("too_short", "Say what was done, in a sentence")
    return value


class CloseFlagIn(Schema):
    action: FlagAction
    note: Annotated[
        str,
        Field(max_length=4000),
        required("Say what was done, in a sentence"),
        AfterValidator(_note),
    ]


@router.post(
    "/safeguarding/flags/{flag_id}/close",
    response={200: FlagOut, **ERRORS},
    summary="Record what was done about a flag, and close it",
    description="Both what was done (action) and a note are required; a flag is never "
    "closed without them.",
)
def close_flag(request: HttpRequest, flag_id: str, payload: CloseFlagIn) -> FlagOut:
    _may(request, "coding.view_flags")
    flag = _flag_for(request.user, flag_id)
    get_entry_for(request.user, flag.entry.public_id, request=request)
    services.close_flag(by=request.user, flag=flag, action=payload.action, note=payload.note)
    return _flag_out(_flag_for(request.user, flag_id))


def _flag_for(user: User, flag_id: object) -> SafeguardingFlag:
    flag = selectors.flags_visible_to(user).filter(public_id=as_uuid(flag_id)).first()
    if flag is None:
        raise Http404
    return flag
