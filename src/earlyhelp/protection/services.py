"""Operations of data protection: anonymising a family the retention rule makes due,
and correcting a person's details with the previous values kept.

Anonymisation keeps every code, band, date, outcome, count and area, so the reports give
the same figures before and after; it replaces names, contact details, postcodes and
every piece of free text, in the records and in their history rows; and it removes the
family's rows from the access log, writing one row that says so (docs/decisions/0011).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Authority, User
from earlyhelp.coding.models import SafeguardingFlag
from earlyhelp.directory.models import Signposting
from earlyhelp.frontdoor.models import Decision, RequestForSupport
from earlyhelp.pathways.models import (
    ActionProgress,
    Escalation,
    Pathway,
    PlanAction,
    Reopening,
    Review,
    Triage,
    TriageEntry,
)
from earlyhelp.people.models import BreakGlassAccess, Consent, Family, FamilyMember, Person
from earlyhelp.protection.models import Anonymisation
from earlyhelp.protection.selectors import (
    DueFamily,
    RetentionReport,
    family_is_due,
    retention_report,
    retention_rule_for,
)
from earlyhelp.support.models import FswIntervention, InterventionSession, SupportLineCall

ANONYMISED = "[anonymised]"
ANONYMISED_FAMILY = "Anonymised family"
SYSTEM = "system"


def _text(name: str) -> Case:
    """Free text: gone, but a blank stays blank (so "was there a note" survives, and
    columns that must not be empty stay valid)."""
    return Case(When(**{name: ""}, then=Value("")), default=Value(ANONYMISED))


def _texts(*names: str) -> dict:
    return {name: _text(name) for name in names}


def _blank(*names: str) -> dict:
    return {name: Value("") for name in names}


@dataclass
class _Scrub:
    model: type[models.Model]
    pks: list[int]
    values: dict
    not_in_history: dict = field(default_factory=dict)  # columns history rows do not keep


def _scrub(job: _Scrub, counts: dict[str, int]) -> None:
    """Replace the values in the records and in every history row of them."""
    if not job.pks:
        return
    name = job.model._meta.verbose_name_plural
    counts[str(name)] = job.model._default_manager.filter(pk__in=job.pks).update(
        **job.values, **job.not_in_history
    )
    history = getattr(job.model, "history", None)
    if history is not None:
        counts["history rows"] = counts.get("history rows", 0) + history.model.objects.filter(
            id__in=job.pks
        ).update(**job.values, history_change_reason=None)


def _keep_year(model: type[models.Model], pks: list[int], names: list[str]) -> None:
    """Dates of birth become 1 July of the same year: ages stay right to within half
    a year, and the day that identifies someone is gone (history rows too)."""
    history = getattr(model, "history", None)
    for row in model._default_manager.filter(pk__in=pks).values("pk", *names):
        values = {
            name: datetime.date(row[name].year, 7, 1) for name in names if row[name] is not None
        }
        if values:
            model._default_manager.filter(pk=row["pk"]).update(**values)
            if history is not None:
                # Every earlier value too: a corrected date of birth stays in history.
                history.model.objects.filter(id=row["pk"]).update(**values)
        cleared = {name: None for name in names if row[name] is None}
        if cleared and history is not None:
            history.model.objects.filter(id=row["pk"]).update(**cleared)


def _pks(rows: models.QuerySet) -> list[int]:
    return list(rows.values_list("pk", flat=True))


def _people_to_anonymise(family: Family) -> list[int]:
    """The family's members whose every family is anonymised once this one is, with
    the duplicate records merged into them. A member still in another family's work
    keeps their details for it."""
    members = set(FamilyMember.objects.filter(family=family).values_list("person_id", flat=True))
    elsewhere = set(
        FamilyMember.objects.filter(person_id__in=members, family__anonymised_at__isnull=True)
        .exclude(family=family)
        .values_list("person_id", flat=True)
    )
    people = members - elsewhere
    merged = set(Person.objects.filter(merged_into__in=people).values_list("pk", flat=True))
    while merged - people:
        people |= merged
        merged = set(Person.objects.filter(merged_into__in=people).values_list("pk", flat=True))
    return sorted(people)


@transaction.atomic
def anonymise_family(
    family: Family, *, as_of: datetime.date, by: User | None = None
) -> Anonymisation | None:
    """Anonymise one family the rule makes due on `as_of`, in one transaction; None
    when it is no longer due (work reopened since the report, or already done)."""
    family = Family.objects.select_for_update().select_related("authority").get(pk=family.pk)
    due = family_is_due(family, as_of)
    if due is None:
        return None
    people = _people_to_anonymise(family)
    requests = RequestForSupport.objects.filter(
        Q(family=family) | Q(family__isnull=True, matched_person__in=people)
    )
    request_pks = _pks(requests)
    entries = TriageEntry.objects.filter(triage__pathway__family=family)
    actions = PlanAction.objects.filter(pathway__family=family)
    interventions = FswIntervention.objects.filter(family=family)
    counts: dict[str, int] = {}
    jobs = [
        _Scrub(
            Person,
            people,
            {
                "first_name": Value("Anonymised"),
                "last_name": Value("person"),
                **_blank("known_as", "nhs_number", "upn", "postcode"),
            },
        ),
        _Scrub(
            Family,
            [family.pk],
            {"name": Value(ANONYMISED_FAMILY), **_blank("postcode", "external_ref")},
        ),
        _Scrub(
            Consent,
            _pks(Consent.objects.filter(family=family)),
            _texts("given_by", "notes", "end_reason"),
        ),
        _Scrub(
            BreakGlassAccess,
            _pks(BreakGlassAccess.objects.filter(family=family)),
            _texts("reason"),
        ),
        _Scrub(Pathway, _pks(Pathway.objects.filter(family=family)), _texts("closing_summary")),
        _Scrub(Triage, _pks(Triage.objects.filter(pathway__family=family)), _blank("external_ref")),
        _Scrub(TriageEntry, _pks(entries), _texts("narrative")),
        _Scrub(PlanAction, _pks(actions), _texts("description", "owner_text")),
        _Scrub(
            ActionProgress, _pks(ActionProgress.objects.filter(action__in=actions)), _texts("note")
        ),
        _Scrub(
            Review,
            _pks(Review.objects.filter(pathway__family=family)),
            _texts("other_attendees", "plan_changes"),
        ),
        _Scrub(Reopening, _pks(Reopening.objects.filter(pathway__family=family)), _texts("reason")),
        _Scrub(
            Escalation, _pks(Escalation.objects.filter(pathway__family=family)), _texts("reason")
        ),
        _Scrub(
            SafeguardingFlag,
            _pks(SafeguardingFlag.objects.filter(entry__in=entries)),
            _texts("note"),
        ),
        _Scrub(
            RequestForSupport,
            request_pks,
            {
                "child_first_name": Value("Anonymised"),
                "child_last_name": Value("person"),
                **_texts(
                    "requester_name",
                    "requester_role",
                    "parent_name",
                    "worries",
                    "tried_so_far",
                    "social_worker_summary",
                    "match_note",
                ),
                **_blank("requester_email", "requester_phone", "postcode"),
            },
            not_in_history=_blank("sender_key"),
        ),
        _Scrub(
            Decision,
            _pks(Decision.objects.filter(request__in=request_pks)),
            _texts("reason", "advice"),
        ),
        _Scrub(
            SupportLineCall,
            _pks(SupportLineCall.objects.filter(Q(family=family) | Q(request__in=request_pks))),
            {**_blank("caller_name"), **_texts("notes", "advice", "referred_to")},
        ),
        _Scrub(FswIntervention, _pks(interventions), _texts("end_note")),
        _Scrub(
            InterventionSession,
            _pks(InterventionSession.objects.filter(intervention__in=interventions)),
            _texts("note"),
        ),
        _Scrub(Signposting, _pks(Signposting.objects.filter(family=family)), _texts("note")),
    ]
    for job in jobs:
        _scrub(job, counts)
    _keep_year(Person, people, ["date_of_birth", "expected_due_date"])
    _keep_year(RequestForSupport, request_pks, ["child_date_of_birth"])

    now = timezone.now()
    Family.objects.filter(pk=family.pk).update(anonymised_at=now)
    Family.history.model.objects.filter(id=family.pk).update(anonymised_at=now)
    # A version bump: a correction form opened before this is refused as stale.
    Person.objects.filter(pk__in=people).update(anonymised_at=now, version=F("version") + 1)

    removed = _remove_access_log_rows(family, people, request_pks)
    counts["access log rows removed"] = removed
    reason = _reason(due, family.authority)
    AccessLog(
        user=by,
        user_email=by.email if by else SYSTEM,
        authority=family.authority,
        object_type="people.family",
        object_id=str(family.public_id),
        object_label=f"{ANONYMISED_FAMILY} ({family.reference})",
        family_id=family.public_id,
        purpose=AccessPurpose.ANONYMISE,
        reason=f"{reason}; {removed} earlier access-log rows about the family removed",
    ).save()
    return Anonymisation.objects.create(
        family=family,
        authority=family.authority,
        by=by,
        by_label=by.email if by else SYSTEM,
        as_of=as_of,
        due_on=due.due_on,
        reason=reason,
        counts=counts,
    )


def _reason(due: DueFamily, authority: Authority) -> str:
    rule = retention_rule_for(authority)
    if due.rule == "youngest_child_age":
        return f"Youngest child reached {rule.youngest_child_age} on {due.due_on.isoformat()}"
    return (
        f"{rule.years_after_closure} years after the last work ended on "
        f"{due.last_work_ended_on.isoformat()}"
    )


def _remove_access_log_rows(family: Family, people: list[int], request_pks: list[int]) -> int:
    """The one path that deletes access-log rows (decision 0003 reserved it for the
    retention job): the reads of the family's records, whose labels name the family,
    once those records are anonymised. The model refuses deletes so that nothing else
    can; this bypasses it on purpose, and no UPDATE is ever made."""
    object_ids = [
        str(public_id)
        for public_id in [
            *Person.objects.filter(pk__in=people).values_list("public_id", flat=True),
            *RequestForSupport.objects.filter(pk__in=request_pks).values_list(
                "public_id", flat=True
            ),
        ]
    ]
    rows = AccessLog.objects.filter(Q(family_id=family.public_id) | Q(object_id__in=object_ids))
    return rows._raw_delete(rows.db)


@dataclass
class RetentionRun:
    as_of: datetime.date
    due: int
    anonymised: list[Anonymisation]
    skipped: int  # due in the report, no longer due when its turn came
    rule_is_active: bool = True


def apply_retention(
    authority: Authority,
    as_of: datetime.date,
    *,
    by: User | None = None,
    report: RetentionReport | None = None,
) -> RetentionRun:
    """Anonymise every family of the authority the rule makes due, one transaction
    per family (`report`: the dry run already made for the same day, not made again).
    Does nothing while the authority has turned its rule off."""
    if report is None:
        report = retention_report(authority, as_of)
    if not report.rule.is_active:
        return RetentionRun(as_of, len(report.due), [], 0, rule_is_active=False)
    done = []
    for row in report.due:
        family = Family.objects.get(pk=row.family_pk)
        result = anonymise_family(family, as_of=as_of, by=by)
        if result is not None:
            done.append(result)
    return RetentionRun(as_of, len(report.due), done, len(report.due) - len(done))
