"""Reads of data protection: which families the retention rule makes due, and
everything held about one person for a subject access request."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import DateField, DateTimeField, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, Authority
from earlyhelp.coding.models import SafeguardingFlag
from earlyhelp.directory.models import Signposting
from earlyhelp.frontdoor.models import RequestForSupport, RequestStatus
from earlyhelp.pathways.models import Pathway, PathwayStatus
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Family, FamilyMember, Person
from earlyhelp.programmes.models import Enrolment, EnrolmentStatus
from earlyhelp.protection.models import Combine, RetentionRule
from earlyhelp.support.models import FswIntervention, SupportLineCall

AFTER_CLOSURE = "after_closure"
YOUNGEST_CHILD_AGE = "youngest_child_age"


def retention_rule_for(authority: Authority) -> RetentionRule:
    """The authority's rule; until an administrator sets one, the defaults in settings
    (not saved, so that a dry run writes nothing)."""
    return RetentionRule.objects.filter(authority=authority).first() or RetentionRule(
        authority=authority,
        years_after_closure=settings.RETENTION_YEARS_AFTER_CLOSURE,
        youngest_child_age=settings.RETENTION_YOUNGEST_CHILD_AGE,
    )


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DueFamily:
    """A family the rule makes due: ids and dates only, never a name."""

    family_pk: int
    public_id: uuid.UUID
    reference: str
    due_on: datetime.date
    rule: str  # AFTER_CLOSURE or YOUNGEST_CHILD_AGE: the date that decided
    last_work_ended_on: datetime.date
    youngest_child_born_on: datetime.date | None

    def as_json(self) -> dict:
        return {
            "family_id": str(self.public_id),
            "reference": self.reference,
            "due_on": self.due_on.isoformat(),
            "rule": self.rule,
            "last_work_ended_on": self.last_work_ended_on.isoformat(),
            "youngest_child_born_on": (
                self.youngest_child_born_on.isoformat() if self.youngest_child_born_on else None
            ),
        }


@dataclass
class RetentionReport:
    authority: Authority
    as_of: datetime.date
    rule: RetentionRule
    due: list[DueFamily] = field(default_factory=list)
    # Families whose dates have passed but with work still open: never touched.
    held_open: int = 0

    def by_rule(self) -> dict[str, int]:
        counts = {AFTER_CLOSURE: 0, YOUNGEST_CHILD_AGE: 0}
        for family in self.due:
            counts[family.rule] += 1
        return counts

    def as_json(self) -> dict:
        return {
            "authority": self.authority.slug,
            "as_of": self.as_of.isoformat(),
            "rule": {
                "is_active": self.rule.is_active,
                "years_after_closure": self.rule.years_after_closure,
                "youngest_child_age": self.rule.youngest_child_age,
                "combine": self.rule.combine,
            },
            "due": len(self.due),
            "by_rule": self.by_rule(),
            "held_open": self.held_open,
            "families": [family.as_json() for family in self.due],
        }


def _latest(rows: QuerySet, column: str, output: type) -> Subquery:
    return Subquery(
        rows.order_by().values("family_id").annotate(latest=Max(column)).values("latest")[:1],
        output_field=output(),
    )


def has_open_work() -> Q:
    """A family with any pathway, request, intervention, course place or safeguarding
    flag still open: the rule never touches it."""
    return Q(
        Exists(Pathway.objects.filter(family=OuterRef("pk"), status=PathwayStatus.OPEN))
        | Exists(
            RequestForSupport.objects.filter(
                family=OuterRef("pk"), status=RequestStatus.AWAITING_DECISION
            )
        )
        | Exists(FswIntervention.objects.filter(family=OuterRef("pk"), ended_on__isnull=True))
        | Exists(Enrolment.objects.filter(family=OuterRef("pk"), status=EnrolmentStatus.ENROLLED))
        | Exists(
            SafeguardingFlag.objects.filter(
                entry__triage__pathway__family=OuterRef("pk"), closed_at__isnull=True
            )
        )
    )


def _with_dates(families: QuerySet[Family]) -> QuerySet[Family]:
    children = FamilyMember.objects.filter(
        family=OuterRef("pk"), relationship__in=CHILD_RELATIONSHIPS
    )
    return families.annotate(
        last_closed=_latest(Pathway.objects.filter(family=OuterRef("pk")), "closed_on", DateField),
        last_intervention=_latest(
            FswIntervention.objects.filter(family=OuterRef("pk")), "ended_on", DateField
        ),
        last_request=_latest(
            RequestForSupport.objects.filter(family=OuterRef("pk")), "received_at", DateTimeField
        ),
        last_call=_latest(
            SupportLineCall.objects.filter(family=OuterRef("pk")), "called_at", DateTimeField
        ),
        last_signposting=_latest(
            Signposting.objects.filter(family=OuterRef("pk")), "suggested_at", DateTimeField
        ),
        last_course=_latest(
            Enrolment.objects.filter(family=OuterRef("pk")), "course__ends_on", DateField
        ),
        youngest_born=Subquery(
            children.annotate(born=Coalesce("person__date_of_birth", "person__expected_due_date"))
            .filter(born__isnull=False)
            .order_by("-born")
            .values("born")[:1],
            output_field=DateField(),
        ),
        open_work=has_open_work(),
    )


def _day(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def last_work_ended_on(family: Family) -> datetime.date:
    """The last day anything happened for the family: a pathway or intervention ended,
    a request, a call, a signposting, a course; the day it was recorded if none."""
    days = [
        _day(getattr(family, name))
        for name in (
            "last_closed",
            "last_intervention",
            "last_request",
            "last_call",
            "last_signposting",
            "last_course",
        )
    ]
    known = [day for day in days if day]
    return max(known) if known else timezone.localdate(family.created_at)


def due_date(
    rule: RetentionRule, ended_on: datetime.date, youngest_born: datetime.date | None
) -> tuple[datetime.date, str]:
    """When the family falls due, and which of the two dates decided it."""
    after_closure = add_years(ended_on, rule.years_after_closure)
    if youngest_born is None:
        return after_closure, AFTER_CLOSURE
    at_age = add_years(youngest_born, rule.youngest_child_age)
    later = rule.combine == Combine.LATER
    if (at_age > after_closure) == later and at_age != after_closure:
        return at_age, YOUNGEST_CHILD_AGE
    return after_closure, AFTER_CLOSURE


def retention_report(authority: Authority, as_of: datetime.date) -> RetentionReport:
    """The families of the authority the rule makes due on `as_of`, oldest due first."""
    rule = retention_rule_for(authority)
    report = RetentionReport(authority, as_of, rule)
    families = _with_dates(
        Family.objects.filter(authority=authority, anonymised_at__isnull=True)
    ).only("pk", "public_id", "created_at")
    for family in families.iterator(chunk_size=2000):
        ended = last_work_ended_on(family)
        due_on, decided_by = due_date(rule, ended, family.youngest_born)
        if due_on > as_of:
            continue
        if family.open_work:
            report.held_open += 1
            continue
        report.due.append(
            DueFamily(
                family.pk,
                family.public_id,
                family.reference,
                due_on,
                decided_by,
                ended,
                family.youngest_born,
            )
        )
    report.due.sort(key=lambda family: (family.due_on, family.family_pk))
    return report


def family_is_due(family: Family, as_of: datetime.date) -> DueFamily | None:
    """The family's row of the report, read again (under the caller's lock)."""
    rule = retention_rule_for(family.authority)
    row = _with_dates(Family.objects.filter(pk=family.pk, anonymised_at__isnull=True)).first()
    if row is None or row.open_work:
        return None
    ended = last_work_ended_on(row)
    due_on, decided_by = due_date(rule, ended, row.youngest_born)
    if due_on > as_of:
        return None
    return DueFamily(
        row.pk, row.public_id, row.reference, due_on, decided_by, ended, row.youngest_born
    )


# Subject access ---------------------------------------------------------------------------


def access_log_about(people: list[Person], family_ids: list[uuid.UUID]) -> QuerySet[AccessLog]:
    """Who read the people's records (a person and the duplicates merged into them) or
    their families' records."""
    return AccessLog.objects.filter(
        Q(object_id__in=[str(person.public_id) for person in people]) | Q(family_id__in=family_ids)
    ).order_by("at", "pk")
