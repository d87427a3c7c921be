"""The Monitoring Team's data quality checks: records that are incomplete, thin or
stale, each with the page where it is put right.

Every check takes the families to look in (what the viewer may open, or the whole
authority for numbers only), so a check never widens what anyone sees. Thresholds come
from the authority's settings (oversight.models.TimescaleRules).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db import models
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Length, Lower, Replace, Trim, TruncDate
from django.urls import reverse

from earlyhelp.accounts.models import Authority, User
from earlyhelp.oversight.models import TimescaleRules
from earlyhelp.pathways.models import (
    ActionProgress,
    Outcome,
    Pathway,
    PathwayStatus,
    PlanAction,
    Reopening,
    Review,
    TargetedSupport,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.pathways.services import OUTCOMES_WITHOUT_REPEAT_TRIAGE
from earlyhelp.people.models import (
    CHILD_RELATIONSHIPS,
    Consent,
    ConsentDecision,
    Family,
    FamilyMember,
    Person,
)
from earlyhelp.people.selectors import families_editable_by
from earlyhelp.support.models import InterventionSession


class Check(models.TextChoices):
    CLOSED_WITHOUT_REPEAT_TRIAGE = (
        "closed-without-repeat-triage",
        "Pathways closed without a repeat triage or outcome",
    )
    SHORT_NARRATIVES = "short-narratives", "Triage entries with a short narrative"
    UNCONFIRMED_CODES = "unconfirmed-codes", "Triage entries not yet coded or confirmed"
    MISSING_DATE_OF_BIRTH = "missing-date-of-birth", "Children without a date of birth"
    MISSING_CONSENT = "missing-consent", "Open pathways without consent"
    LIKELY_DUPLICATES = "likely-duplicates", "Likely duplicate people"
    INACTIVE_PATHWAYS = "inactive-pathways", "Open pathways with no recent activity"


@dataclass(frozen=True)
class QualitySettings:
    narrative_min_length: int
    inactive_weeks: int


def quality_settings_for(authority: Authority) -> QualitySettings:
    """The authority's thresholds, kept with its timescales."""
    row = TimescaleRules.for_authority(authority.pk)
    return QualitySettings(row.narrative_min_length, row.inactive_weeks)


def check_in_words(check: Check, settings: QualitySettings) -> str:
    """What the check looks for, as the page says it."""
    return {
        Check.CLOSED_WITHOUT_REPEAT_TRIAGE: (
            "Closed pathways with no outcome, or closed with an outcome that needs the repeat "
            "triage at closure (every outcome except declined, moved away and escalated) when "
            "none was completed. Without it, the change in the family's needs cannot be counted."
        ),
        Check.SHORT_NARRATIVES: (
            f"Entries of open pathways whose narrative is shorter than "
            f"{settings.narrative_min_length} characters: too short to say what is happening "
            "and what it means for the child, and for the coder to read."
        ),
        Check.UNCONFIRMED_CODES: (
            "Triage entries the coder has not read yet, or whose codes no analyst has "
            "confirmed. Analysts confirm them from the coding review queue."
        ),
        Check.MISSING_DATE_OF_BIRTH: (
            "Children living in a family with no date of birth (unborn babies: no expected due "
            "date), so their age cannot be counted in reports."
        ),
        Check.MISSING_CONSENT: (
            "Open pathways whose family has no consent to Early Help in force: never given, "
            "refused or withdrawn."
        ),
        Check.LIKELY_DUPLICATES: (
            "People recorded more than once: the same name (ignoring case, spaces, hyphens "
            "and apostrophes) and the same date of birth. Merge the records into one."
        ),
        Check.INACTIVE_PATHWAYS: (
            f"Open pathways with nothing recorded for {settings.inactive_weeks} weeks: no "
            "triage completed or entry drafted, plan action agreed, progress note, review, "
            "Targeted Support started or ended, FSW session, or reopening."
        ),
    }[check]


# The checks, as querysets ---------------------------------------------------------------

# Escalation closes a pathway without the repeat triage too (the family goes to children's
# social care), so it is no gap.
OUTCOMES_NEEDING_NO_REPEAT_TRIAGE = [*OUTCOMES_WITHOUT_REPEAT_TRIAGE, Outcome.ESCALATED]


def closed_without_repeat_triage(families: QuerySet[Family]) -> QuerySet[Pathway]:
    closure_triage = Triage.objects.filter(
        pathway=OuterRef("pk"), stage=TriageStage.CLOSURE, completed_on__isnull=False
    )
    return (
        Pathway.objects.filter(family__in=families, status=PathwayStatus.CLOSED)
        .filter(
            Q(outcome="")
            | (~Q(outcome__in=OUTCOMES_NEEDING_NO_REPEAT_TRIAGE) & ~Exists(closure_triage))
        )
        .select_related("family", "lead_professional")
        .order_by("-closed_on", "-pk")
    )


def short_narratives(families: QuerySet[Family], min_length: int) -> QuerySet[TriageEntry]:
    return (
        TriageEntry.objects.filter(
            triage__pathway__family__in=families, triage__pathway__status=PathwayStatus.OPEN
        )
        .annotate(narrative_length=Length(Trim("narrative")))
        .filter(narrative_length__lt=min_length)
        .select_related("triage__pathway__family")
        .order_by("-created_at", "-pk")
    )


def unconfirmed_codes(families: QuerySet[Family]) -> QuerySet[TriageEntry]:
    """The same entries as the analysts' review queue (coding.selectors.review_queue)."""
    return (
        TriageEntry.objects.filter(triage__pathway__family__in=families)
        .filter(Q(coding__isnull=True) | Q(coding__reviewed_at__isnull=True))
        .select_related("triage__pathway__family", "coding")
        .order_by("created_at", "pk")
    )


def children_without_date_of_birth(families: QuerySet[Family]) -> QuerySet[FamilyMember]:
    return (
        FamilyMember.objects.filter(
            family__in=families,
            left_on__isnull=True,
            relationship__in=CHILD_RELATIONSHIPS,
            person__date_of_birth__isnull=True,
            person__expected_due_date__isnull=True,
            person__merged_into__isnull=True,
        )
        .select_related("family", "person")
        .order_by("family__name", "person__last_name", "person__first_name", "pk")
    )


def open_pathways_without_consent(families: QuerySet[Family]) -> QuerySet[Pathway]:
    consent_in_force = Consent.objects.filter(
        family=OuterRef("family"), ended_at__isnull=True, decision=ConsentDecision.GIVEN
    )
    return (
        Pathway.objects.filter(family__in=families, status=PathwayStatus.OPEN)
        .filter(~Exists(consent_in_force))
        .select_related("family", "lead_professional")
        .order_by("opened_on", "pk")
    )


def _name_key(field: str) -> Replace:
    """A name as the duplicate check compares it: lower case, without spaces, hyphens or
    apostrophes ("Mary-Jane O'Neil" and "maryjane oneil" are the same)."""
    key = Lower(Trim(field))
    for mark in (" ", "-", "'", "’"):
        key = Replace(key, Value(mark), Value(""))
    return key


def _people_in(families: QuerySet[Family]) -> QuerySet[Person]:
    members = FamilyMember.objects.filter(family__in=families, left_on__isnull=True)
    return Person.objects.filter(
        pk__in=members.values("person_id"),
        merged_into__isnull=True,
        date_of_birth__isnull=False,
    ).annotate(first_key=_name_key("first_name"), last_key=_name_key("last_name"))


def likely_duplicate_groups(families: QuerySet[Family]) -> QuerySet[Person]:
    """One row per group of two or more people of these families with the same name and
    date of birth: {"first_key", "last_key", "date_of_birth", "people"}. (Two current
    records can never share an NHS number: the database refuses it.)"""
    return (
        _people_in(families)
        .order_by()
        .values("first_key", "last_key", "date_of_birth")
        .annotate(people=Count("pk"))
        .filter(people__gt=1)
        .order_by("last_key", "first_key", "date_of_birth")
    )


def _newest(records: QuerySet, day: str, link: str = "pathway") -> Subquery:
    """The newest day of these records for the pathway, as a date."""
    field = records.model._meta.get_field(day.split("__")[0])
    newest = records.filter(**{link: OuterRef("pk")}).order_by(f"-{day}")
    if isinstance(field, models.DateTimeField):
        newest = newest.annotate(activity_day=TruncDate(day)).values("activity_day")
    else:
        newest = newest.values(day)
    return Subquery(newest[:1], output_field=DateField())


def with_last_activity(pathways: QuerySet[Pathway]) -> QuerySet[Pathway]:
    """Each pathway with `last_activity`: the newest day anything was recorded on it (the
    day it opened, if nothing since). Work has its own day where the record keeps one (a
    triage completed, a review held, a session held); the moment a record was saved counts
    only for work in hand: an entry of a draft triage, a progress note between reviews, a
    reopening. Imported and seeded records are saved on the day they are loaded, so their
    saving day says nothing about when the work happened."""
    newest = [
        _newest(Triage.objects.filter(completed_on__isnull=False), "completed_on"),
        _newest(
            TriageEntry.objects.filter(triage__completed_on__isnull=True),
            "created_at",
            "triage__pathway",
        ),
        _newest(PlanAction.objects.all(), "agreed_on"),
        _newest(
            ActionProgress.objects.filter(review__isnull=True), "created_at", "action__pathway"
        ),
        _newest(Review.objects.all(), "held_on"),
        _newest(TargetedSupport.objects.all(), "started_on"),
        _newest(TargetedSupport.objects.filter(ended_on__isnull=False), "ended_on"),
        _newest(InterventionSession.objects.all(), "held_on", "intervention__pathway"),
        _newest(Reopening.objects.all(), "created_at"),
    ]
    # Greatest is NULL on SQLite if any part is, so each part falls back on the opening.
    return pathways.annotate(
        last_activity=Greatest(
            F("opened_on"),
            *(Coalesce(day, F("opened_on"), output_field=DateField()) for day in newest),
            output_field=DateField(),
        )
    )


def inactive_pathways(
    families: QuerySet[Family], inactive_weeks: int, as_of: datetime.date
) -> QuerySet[Pathway]:
    since = as_of - datetime.timedelta(weeks=inactive_weeks)
    open_before = Pathway.objects.filter(
        family__in=families, status=PathwayStatus.OPEN, opened_on__lt=since
    )
    return (
        with_last_activity(open_before)
        .filter(last_activity__lt=since)
        .select_related("family", "lead_professional")
        .order_by("last_activity", "pk")
    )


def records(
    check: Check, families: QuerySet[Family], settings: QualitySettings, as_of: datetime.date
) -> QuerySet:
    """The records (for likely duplicates, the groups) the check lists among these families."""
    if check == Check.CLOSED_WITHOUT_REPEAT_TRIAGE:
        return closed_without_repeat_triage(families)
    if check == Check.SHORT_NARRATIVES:
        return short_narratives(families, settings.narrative_min_length)
    if check == Check.UNCONFIRMED_CODES:
        return unconfirmed_codes(families)
    if check == Check.MISSING_DATE_OF_BIRTH:
        return children_without_date_of_birth(families)
    if check == Check.MISSING_CONSENT:
        return open_pathways_without_consent(families)
    if check == Check.LIKELY_DUPLICATES:
        return likely_duplicate_groups(families)
    return inactive_pathways(families, settings.inactive_weeks, as_of)


def counts(
    families: QuerySet[Family], settings: QualitySettings, as_of: datetime.date
) -> dict[str, int]:
    """{check: how many records it lists} for every check, in the checks' order."""
    return {check.value: records(check, families, settings, as_of).count() for check in Check}


# The records as the list pages show them ------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One record a check lists: what it is, whose, and where to put it right."""

    record: str
    record_href: str
    family: Family | None
    detail: str
    on: datetime.date | None
    fix_text: str
    fix_href: str  # empty when the viewer cannot put it right themselves
    fix_changes_family: bool = False  # the fix page is for those who may change the family


# The heading of each list's date column.
DATE_HEADINGS = {
    Check.CLOSED_WITHOUT_REPEAT_TRIAGE: "Closed",
    Check.SHORT_NARRATIVES: "Written",
    Check.UNCONFIRMED_CODES: "Written",
    Check.MISSING_DATE_OF_BIRTH: "Joined the family",
    Check.MISSING_CONSENT: "Opened",
    Check.LIKELY_DUPLICATES: "Date of birth",
    Check.INACTIVE_PATHWAYS: "Last activity",
}


def _pathway_href(pathway: Pathway) -> str:
    return reverse("pathways:pathway-detail", args=[pathway.public_id])


def _family_href(family: Family) -> str:
    return reverse("people:family-detail", args=[family.public_id])


def _lead(pathway: Pathway) -> str:
    lead = pathway.lead_professional
    return f"Lead Professional: {lead}" if lead else "No Lead Professional"


def _pathway_findings(check: Check, pathways: Sequence[Pathway]) -> list[Finding]:
    findings = []
    for pathway in pathways:
        if check == Check.CLOSED_WITHOUT_REPEAT_TRIAGE:
            detail = (
                f"{pathway.get_outcome_display()}, no repeat triage at closure"
                if pathway.outcome
                else "No outcome recorded"
            )
            on, fix = pathway.closed_on, "Reopen it to complete the closure triage"
        elif check == Check.MISSING_CONSENT:
            detail, on, fix = _lead(pathway), pathway.opened_on, "Record the family's consent"
        else:
            detail = _lead(pathway)
            on, fix = pathway.last_activity, "Record the work done, or close the pathway"  # type: ignore[attr-defined]
        fix_href = (
            reverse("people:consent-new", args=[pathway.family.public_id])
            if check == Check.MISSING_CONSENT
            else _pathway_href(pathway)
        )
        findings.append(
            Finding(
                f"Pathway {pathway.reference}",
                _pathway_href(pathway),
                pathway.family,
                detail,
                on,
                fix,
                fix_href,
                fix_changes_family=check == Check.MISSING_CONSENT,
            )
        )
    return findings


def _entry_findings(check: Check, user: User, entries: Sequence[TriageEntry]) -> list[Finding]:
    may_review = user.has_perm("coding.review_codes")
    findings = []
    for entry in entries:
        triage = entry.triage
        pathway = triage.pathway
        record = f"{triage.get_stage_display()} entry, pathway {pathway.reference}"
        if check == Check.SHORT_NARRATIVES:
            detail = f"{entry.narrative_length} characters: “{entry.narrative}”"  # type: ignore[attr-defined]
            changes_family = not triage.is_complete
            if triage.is_complete:
                fix, fix_href = "Add the detail at the next review triage", _pathway_href(pathway)
            else:
                fix = "Edit the entry"
                fix_href = reverse("pathways:entry-edit", args=[entry.public_id])
        else:
            changes_family = False
            coding = getattr(entry, "coding", None)
            coded = coding is not None and coding.coded_at is not None
            detail = "Coded, awaiting an analyst" if coded else "Not coded yet"
            fix = "Confirm the codes" if may_review else "An analyst confirms the codes"
            fix_href = reverse("coding:review-entry", args=[entry.public_id]) if may_review else ""
        findings.append(
            Finding(
                record,
                reverse("pathways:triage", args=[triage.public_id]),
                pathway.family,
                detail,
                entry.created_at.date(),
                fix,
                fix_href,
                fix_changes_family=changes_family,
            )
        )
    return findings


def _member_findings(members: Sequence[FamilyMember]) -> list[Finding]:
    return [
        Finding(
            member.person.full_name,
            _family_href(member.family),
            member.family,
            member.get_relationship_display(),
            member.created_at.date(),
            "Record the date of birth",
            reverse("people:person-change", args=[member.person.public_id]),
            fix_changes_family=True,
        )
        for member in members
    ]


def _duplicate_findings(families: QuerySet[Family], groups: Sequence[dict]) -> list[Finding]:
    """The people of each group on the page, each with a family of theirs among these
    families (one query for the page's groups)."""
    if not groups:
        return []
    in_groups = Q()
    for group in groups:
        in_groups |= Q(
            first_key=group["first_key"],
            last_key=group["last_key"],
            date_of_birth=group["date_of_birth"],
        )
    people = list(_people_in(families).filter(in_groups).order_by("pk"))
    memberships = {
        member.person_id: member
        for member in FamilyMember.objects.filter(
            person__in=[person.pk for person in people], family__in=families, left_on__isnull=True
        )
        .select_related("family")
        .order_by("-pk")
    }
    findings = []
    for group in groups:
        members = [
            person
            for person in people
            if (person.first_key, person.last_key, person.date_of_birth)  # type: ignore[attr-defined]
            == (group["first_key"], group["last_key"], group["date_of_birth"])
        ]
        for number, person in enumerate(members):
            family = memberships[person.pk].family
            others = len(members) - 1
            findings.append(
                Finding(
                    person.full_name,
                    _family_href(family),
                    family,
                    f"Record {number + 1} of {len(members)}"
                    + (f" (NHS number {person.nhs_number})" if person.nhs_number else ""),
                    person.date_of_birth,
                    f"Merge the other record{'s' if others > 1 else ''} into this one",
                    reverse("people:person-merge", args=[person.public_id]),
                    fix_changes_family=True,
                )
            )
    return findings


def findings(
    check: Check, user: User, families: QuerySet[Family], shown: Sequence[object]
) -> list[Finding]:
    """The page's records (from `records`) as rows to show. A fix that changes the
    family's record is linked only for those who may change it (the Monitoring Team
    reads; the family's workers put it right)."""
    rows = _findings(check, user, families, shown)
    family_ids = {row.family.pk for row in rows if row.family and row.fix_changes_family}
    editable = set(
        families_editable_by(user).filter(pk__in=family_ids).values_list("pk", flat=True)
    )
    return [
        row
        if not row.fix_changes_family or (row.family and row.family.pk in editable)
        else replace(row, fix_text=f"For the family's workers: {row.fix_text.lower()}", fix_href="")
        for row in rows
    ]


def _findings(
    check: Check, user: User, families: QuerySet[Family], shown: Sequence[object]
) -> list[Finding]:
    if check in (
        Check.CLOSED_WITHOUT_REPEAT_TRIAGE,
        Check.MISSING_CONSENT,
        Check.INACTIVE_PATHWAYS,
    ):
        return _pathway_findings(check, shown)  # type: ignore[arg-type]
    if check in (Check.SHORT_NARRATIVES, Check.UNCONFIRMED_CODES):
        return _entry_findings(check, user, shown)  # type: ignore[arg-type]
    if check == Check.MISSING_DATE_OF_BIRTH:
        return _member_findings(shown)  # type: ignore[arg-type]
    return _duplicate_findings(families, shown)  # type: ignore[arg-type]
