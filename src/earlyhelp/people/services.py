"""Operations on families, people and consent. Each is one transaction."""

import datetime
from dataclasses import dataclass

from django.core.mail import mail_managers, send_mail
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from earlyhelp.accounts.models import Agency, Team, User
from earlyhelp.core.versioning import StaleEdit, save_versioned
from earlyhelp.people.models import (
    BreakGlassAccess,
    Consent,
    ConsentDecision,
    Family,
    FamilyMember,
    Person,
    Relationship,
)
from earlyhelp.places.models import Area, Postcode

BREAK_GLASS_HOURS = 24
PLACING_BATCH_SIZE = 1000


class FamilyRecordError(Exception):
    """The operation breaks a rule of the record; the message says which, for the user."""


def area_of_postcode(postcode: str) -> Area | None:
    """The LSOA of a postcode, when the postcode lookup holds it. Nothing is guessed from
    the outward code: without the lookup a family's area stays blank."""
    if not postcode:
        return None
    held = Postcode.objects.filter(postcode=postcode).select_related("area").first()
    if held is None:
        return None
    if held.area is not None:
        return held.area
    return Area.objects.filter(code=held.lsoa_code).first() if held.lsoa_code else None


@transaction.atomic
def place_families_in_their_areas() -> int:
    """Give families with no area the one of their postcode, now the postcode lookup holds
    it (after an import of postcodes, or of the areas they are in). One query finds them;
    the changes are written in batches with their history. Returns how many were placed."""
    area_of_held_postcode = Postcode.objects.filter(
        postcode=OuterRef("postcode"), area__isnull=False
    ).values("area_id")[:1]
    # Whole rows: the history rows copy every field.
    families = list(
        Family.objects.filter(area__isnull=True)
        .exclude(postcode="")
        .annotate(held_area_id=Subquery(area_of_held_postcode))
        .filter(held_area_id__isnull=False)
    )
    now = timezone.now()
    for family in families:
        family.area_id = family.held_area_id
        family.updated_at = now  # bulk updates skip auto_now
    bulk_update_with_history(
        families,
        Family,
        ["area", "updated_at"],
        batch_size=PLACING_BATCH_SIZE,
        default_change_reason="Placed in the area of its postcode",
    )
    return len(families)


@transaction.atomic
def create_family(*, by: User, name: str, owning_team: Team, postcode: str = "") -> Family:
    if not name.strip():
        raise FamilyRecordError("Enter a name for the household")
    if owning_team.authority_id != by.authority_id:
        raise FamilyRecordError("Choose a team of your own authority")
    return Family.objects.create(
        authority_id=by.authority_id,
        name=name.strip(),
        owning_team=owning_team,
        postcode=postcode,
        area=area_of_postcode(postcode),
        created_by=by,
    )


@dataclass
class PersonDetails:
    first_name: str
    last_name: str
    known_as: str = ""
    date_of_birth: datetime.date | None = None
    expected_due_date: datetime.date | None = None
    sex: str = "not_known"
    ethnicity: str = "NOBT"
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    has_send: bool = False
    first_language: str = "English"


@transaction.atomic
def add_new_person_to_family(
    *,
    by: User,
    family: Family,
    details: PersonDetails,
    relationship: Relationship,
    is_main_contact: bool = False,
) -> FamilyMember:
    if not (details.first_name.strip() and details.last_name.strip()):
        raise FamilyRecordError("Enter their first and last names")
    if details.date_of_birth and details.expected_due_date:
        raise FamilyRecordError("Give a date of birth or an expected due date, not both")
    if details.date_of_birth and details.date_of_birth > timezone.localdate():
        raise FamilyRecordError("Date of birth must be today or in the past")
    try:
        with transaction.atomic():
            person = Person.objects.create(
                authority_id=family.authority_id, created_by=by, **details.__dict__
            )
    except IntegrityError:
        # The unique NHS number: someone has this one already, perhaps saved a moment ago.
        raise FamilyRecordError(
            "Someone with this NHS number is already recorded: choose them instead of a new record"
        ) from None
    return _add_member(family, person, relationship, is_main_contact)


@transaction.atomic
def add_existing_person_to_family(
    *,
    by: User,
    family: Family,
    person: Person,
    relationship: Relationship,
    is_main_contact: bool = False,
) -> FamilyMember:
    if person.authority_id != family.authority_id or person.merged_into_id or person.anonymised_at:
        raise FamilyRecordError("That person cannot be added to this family")
    if family.members.filter(person=person, left_on__isnull=True).exists():
        raise FamilyRecordError(f"{person.full_name} is already in this family")
    return _add_member(family, person, relationship, is_main_contact)


def _add_member(
    family: Family, person: Person, relationship: Relationship, is_main_contact: bool
) -> FamilyMember:
    if is_main_contact:
        family.members.filter(is_main_contact=True).update(is_main_contact=False)
    return FamilyMember.objects.create(
        family=family, person=person, relationship=relationship, is_main_contact=is_main_contact
    )


@transaction.atomic
def record_consent(
    *,
    by: User,
    family: Family,
    decision: ConsentDecision,
    to_assessment: bool,
    share_with: list[Agency],
    given_by: str,
    given_on: datetime.date,
    notes: str = "",
) -> Consent:
    """Record what the family agreed to. It replaces any consent in force. A refusal
    ends an open pathway with the outcome "declined" (or records one that was declined),
    so that declined requests are counted."""
    from earlyhelp.pathways.services import record_declined

    if not given_by.strip():
        raise FamilyRecordError("Enter who in the family gave the answer")
    if given_on > timezone.localdate():
        raise FamilyRecordError("The date consent was given must be today or in the past")
    if decision == ConsentDecision.REFUSED and (to_assessment or share_with):
        raise FamilyRecordError("A refusal agrees to nothing: leave the choices empty")
    if any(agency.authority_id != family.authority_id for agency in share_with):
        raise FamilyRecordError("Choose agencies of this authority")
    _end_consent_in_force(family, by, "Replaced by a new consent")
    consent = Consent.objects.create(
        family=family,
        decision=decision,
        to_assessment=to_assessment,
        given_by=given_by.strip(),
        given_on=given_on,
        recorded_by=by,
        notes=notes,
    )
    consent.share_with.set(share_with)
    if decision == ConsentDecision.REFUSED:
        record_declined(by=by, family=family, on=given_on)
    return consent


@transaction.atomic
def withdraw_consent(*, by: User, family: Family, reason: str) -> None:
    if not reason.strip():
        raise FamilyRecordError("Say why consent was withdrawn")
    if not _end_consent_in_force(family, by, reason.strip()):
        raise FamilyRecordError("There is no consent in force to withdraw")


def _end_consent_in_force(family: Family, by: User, reason: str) -> int:
    return family.consents.filter(ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=by, end_reason=reason[:300]
    )


@transaction.atomic
def break_glass(*, by: User, family: Family, reason: str) -> BreakGlassAccess:
    """Give a user sight of a family they have no part in for a day, with their reason.
    Managers of the family's team and district are told at once."""
    if len(reason.strip()) < 20:
        raise FamilyRecordError("Explain in a sentence or more why you need to see this family")
    grant = BreakGlassAccess.objects.create(
        family=family,
        user=by,
        reason=reason.strip(),
        expires_at=timezone.now() + datetime.timedelta(hours=BREAK_GLASS_HOURS),
    )
    managers = User.objects.filter(
        Q(managed_teams=family.owning_team) | Q(managed_districts=family.owning_team.district_id),
        is_active=True,
    ).distinct()
    recipients = [manager.email for manager in managers if manager.email]
    subject = f"Break-glass access to family {family.reference}"
    body = (
        f"{by.get_full_name() or by.email} ({by.email}) opened family {family.reference} "
        f"by break-glass at {grant.created_at:%d %b %Y %H:%M}.\n\nTheir reason: {grant.reason}\n"
    )
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    else:
        transaction.on_commit(lambda: mail_managers(subject, body))
    return grant


MERGED_FIELDS = [
    "known_as",
    "date_of_birth",
    "expected_due_date",
    "nhs_number",
    "upn",
    "postcode",
    "first_language",
]


@transaction.atomic
def merge_people(*, by: User, keep: Person, duplicate: Person, reason: str) -> Person:
    """Merge a record made twice by mistake into the one to keep. Nothing is deleted: the
    duplicate points to the kept record, its family memberships and triage entries move
    over, details only it has are copied, and history records every step."""
    from earlyhelp.pathways.models import TriageEntry

    keep = Person.objects.select_for_update().get(pk=keep.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if keep.pk == duplicate.pk:
        raise FamilyRecordError("Choose two different records")
    if (
        keep.authority_id != duplicate.authority_id
        or keep.merged_into_id
        or duplicate.merged_into_id
    ):
        raise FamilyRecordError("These records cannot be merged")
    if (
        keep.anonymised_at
        or duplicate.anonymised_at
        or duplicate.memberships.filter(
            left_on__isnull=True, family__anonymised_at__isnull=False
        ).exists()
    ):
        raise FamilyRecordError("An anonymised record cannot be merged")
    if len(reason.strip()) < 10:
        raise FamilyRecordError("Say why these records are the same person")
    if keep.nhs_number and duplicate.nhs_number and keep.nhs_number != duplicate.nhs_number:
        raise FamilyRecordError(
            "The records have different NHS numbers: they are not the same person"
        )

    # Both rows are locked: a version bump here makes a correction form opened before
    # the merge stale, so it cannot write back the details the merge replaced.
    duplicate.merged_into = keep
    duplicate.version += 1
    duplicate._change_reason = f"Merged into {keep.public_id}: {reason.strip()}"[:100]
    duplicate.save(update_fields=["merged_into", "version", "updated_at"])
    for membership in duplicate.memberships.filter(left_on__isnull=True):
        if keep.memberships.filter(family=membership.family, left_on__isnull=True).exists():
            membership.left_on = timezone.localdate()
            membership.save(update_fields=["left_on", "updated_at"])
        else:
            membership.person = keep
            membership.save(update_fields=["person", "updated_at"])
    TriageEntry.objects.filter(person=duplicate).update(person=keep)
    copied = [
        name for name in MERGED_FIELDS if not getattr(keep, name) and getattr(duplicate, name)
    ]
    for name in copied:
        setattr(keep, name, getattr(duplicate, name))
    if keep.date_of_birth and keep.expected_due_date:
        keep.expected_due_date = None
        copied.append("expected_due_date")
    keep.has_send = keep.has_send or duplicate.has_send
    keep.version += 1
    keep._change_reason = f"Merged {duplicate.public_id} into this record"[:100]
    keep.save(update_fields=[*set(copied), "has_send", "version", "updated_at"])
    return keep


CORRECTABLE = [
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_due_date",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "postcode",
    "first_language",
    "has_send",
]


class CorrectionError(Exception):
    """The correction cannot be made; the message says why, for the user."""


@transaction.atomic
def correct_person(
    *, by: User, person: Person, version: int, reason: str, **details: object
) -> list[str]:
    """Correct a person's details from the version the editor saw (a stale version is
    refused with StaleEdit). The history row keeps the previous values, who and when.
    Returns the names of the fields that changed."""
    unknown = set(details) - set(CORRECTABLE)
    if unknown:
        raise CorrectionError(f"Not a detail that can be corrected: {', '.join(sorted(unknown))}")
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.anonymised_at or current.merged_into_id:
        raise CorrectionError("This person's record is anonymised or merged: it cannot be changed")
    if current.version != version:
        raise StaleEdit(current)
    changed = [
        name for name in CORRECTABLE if name in details and getattr(current, name) != details[name]
    ]
    if not changed:
        return []
    nhs = details.get("nhs_number")
    if nhs and (
        Person.objects.filter(
            authority_id=current.authority_id, nhs_number=nhs, merged_into__isnull=True
        )
        .exclude(pk=current.pk)
        .exists()
    ):
        raise CorrectionError(
            "Another person's record has this NHS number: merge the records instead"
        )
    for name in changed:
        setattr(current, name, details[name])
    current._change_reason = reason  # read by simple-history for the history row
    current._history_user = by
    try:
        with transaction.atomic():
            save_versioned(current, version, changed)
    except IntegrityError:
        # The unique NHS number, taken by a save that committed after the check above.
        raise CorrectionError(
            "Another person's record has this NHS number: merge the records instead"
        ) from None
    return changed
