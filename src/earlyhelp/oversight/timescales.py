"""The timescale rules: from the records given, which work is overdue and which is due
soon on a day.

Each rule has a due date per record; on a day (`as_of`) a record is overdue once that day
is past its due date, and due soon while its due date is no more than the authority's
`due_soon_days` ahead (a request for support: due by the end of the next working day).
Records are taken as they stand now; records that began after `as_of` are left out.

The caller chooses the records (the whole authority for the command line; what a person
may open for their pages and emails), so these functions never widen what anyone sees.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.models import Authority
from earlyhelp.frontdoor.models import RequestForSupport, RequestStatus
from earlyhelp.oversight.models import TimescaleRules
from earlyhelp.oversight.working_days import add_months, add_working_days
from earlyhelp.pathways.models import (
    Pathway,
    PathwayStatus,
    PlanAction,
    Review,
    Triage,
    TriageStage,
)
from earlyhelp.people.models import Consent, ConsentDecision, Family
from earlyhelp.support.models import FswIntervention


class Rule(models.TextChoices):
    REQUEST_DECISION = "request_decision", "Requests for support decided"
    ASSESSMENT = "assessment", "Assessments completed after consent"
    FIRST_REVIEW = "first_review", "First reviews after the family plan"
    REVIEW = "review", "Regular reviews"
    LONG_PATHWAY = "long_pathway", "Pathways open a long time"
    LONG_FSW_INTERVENTION = "long_fsw_intervention", "FSW interventions running long"
    LONG_REMOTE_INTERVENTION = "long_remote_intervention", "Remote interventions running long"


@dataclass(frozen=True)
class Timescales:
    """An authority's numbers, with each rule and its "due soon" said in words."""

    request_decision_working_days: int
    assessment_days: int
    first_review_weeks: int
    review_interval_weeks: int
    pathway_months: int
    fsw_intervention_weeks: int
    remote_intervention_weeks: int
    due_soon_days: int

    def rule_in_words(self, rule: Rule) -> str:
        days = self.request_decision_working_days
        return {
            Rule.REQUEST_DECISION: (
                f"A request for support is decided within {days} working "
                f"day{'s' if days != 1 else ''} of the day it came in (weekends and bank "
                "holidays in England are not working days)."
            ),
            Rule.ASSESSMENT: (
                f"The assessment triage is completed within {self.assessment_days} days of "
                "the family's consent (or of the pathway opening, if later)."
            ),
            Rule.FIRST_REVIEW: (
                f"The first review is held within {self.first_review_weeks} weeks of the "
                "family plan's first action being agreed."
            ),
            Rule.REVIEW: (
                f"Reviews are held at least every {self.review_interval_weeks} weeks after "
                "the first."
            ),
            Rule.LONG_PATHWAY: (
                f"A pathway open for more than {self.pathway_months} months is flagged, to "
                "check whether it should close."
            ),
            Rule.LONG_FSW_INTERVENTION: (
                f"An FSW intervention running for more than {self.fsw_intervention_weeks} "
                "weeks from its start (or allocation) is flagged."
            ),
            Rule.LONG_REMOTE_INTERVENTION: (
                f"A remote intervention running for more than "
                f"{self.remote_intervention_weeks} weeks is flagged."
            ),
        }[rule]

    def due_soon_in_words(self, rule: Rule) -> str:
        if rule == Rule.REQUEST_DECISION:
            return "Due soon means due by the end of the next working day"
        return f"Due soon means due within the next {self.due_soon_days} days"


def timescales_for(authority: Authority) -> Timescales:
    """The authority's timescales (the defaults until its administrators change them)."""
    row = TimescaleRules.for_authority(authority.pk)
    return Timescales(
        request_decision_working_days=row.request_decision_working_days,
        assessment_days=row.assessment_days,
        first_review_weeks=row.first_review_weeks,
        review_interval_weeks=row.review_interval_weeks,
        pathway_months=row.pathway_months,
        fsw_intervention_weeks=row.fsw_intervention_weeks,
        remote_intervention_weeks=authority.remote_intervention_weeks,
        due_soon_days=row.due_soon_days,
    )


@dataclass(frozen=True)
class DueItem:
    """One piece of work a rule flags: what, for which family, who does it, by when."""

    rule: Rule
    due_on: datetime.date
    is_overdue: bool
    record: str
    todo: str
    href: str
    family: Family | None
    responsible_id: int | None
    team_id: int | None

    @property
    def rule_label(self) -> str:
        return Rule(self.rule).label


def _flag(
    rule: Rule,
    due_on: datetime.date,
    as_of: datetime.date,
    latest_flagged: datetime.date,
    **details: object,
) -> DueItem | None:
    if due_on > latest_flagged:
        return None
    return DueItem(rule=rule, due_on=due_on, is_overdue=as_of > due_on, **details)  # type: ignore[arg-type]


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def undecided_requests(
    requests: QuerySet[RequestForSupport], timescales: Timescales, as_of: datetime.date
) -> list[DueItem]:
    """Requests awaiting a decision: due the given number of working days after the day
    they came in; all of them are for the front door to decide."""
    latest_flagged = add_working_days(as_of, 1)
    items = []
    awaiting = requests.filter(
        status=RequestStatus.AWAITING_DECISION, received_at__date__lte=as_of
    ).select_related("family")
    for support_request in awaiting:
        received_on = timezone.localdate(support_request.received_at)
        item = _flag(
            Rule.REQUEST_DECISION,
            add_working_days(received_on, timescales.request_decision_working_days),
            as_of,
            latest_flagged,
            record=f"Request {support_request.reference}",
            todo="Decide the request",
            href=reverse("frontdoor:decide", args=[support_request.public_id]),
            family=support_request.family,
            responsible_id=None,
            team_id=None,
        )
        if item:
            items.append(item)
    return items


def _pathway_item(
    rule: Rule,
    pathway: Pathway,
    due_on: datetime.date,
    as_of: datetime.date,
    latest_flagged: datetime.date,
    todo: str,
) -> DueItem | None:
    return _flag(
        rule,
        due_on,
        as_of,
        latest_flagged,
        record=f"Pathway {pathway.reference}",
        todo=todo,
        href=reverse("pathways:pathway-detail", args=[pathway.public_id]),
        family=pathway.family,
        responsible_id=pathway.lead_professional_id,
        team_id=pathway.team_id,
    )


def pathway_work(
    pathways: QuerySet[Pathway], timescales: Timescales, as_of: datetime.date
) -> list[DueItem]:
    """Open pathways' assessments, first reviews, regular reviews and long pathways."""
    latest_flagged = as_of + _days(timescales.due_soon_days)
    open_pathways = pathways.filter(status=PathwayStatus.OPEN, opened_on__lte=as_of).select_related(
        "family"
    )
    items: list[DueItem | None] = []

    assessed = Triage.objects.filter(
        pathway=OuterRef("pk"), stage=TriageStage.ASSESSMENT, completed_on__isnull=False
    )
    consent_on = Consent.objects.filter(
        family=OuterRef("family"),
        ended_at__isnull=True,
        decision=ConsentDecision.GIVEN,
        to_assessment=True,
    ).values("given_on")[:1]
    cutoff = latest_flagged - _days(timescales.assessment_days)
    for pathway in (
        open_pathways.filter(~Exists(assessed), opened_on__lte=cutoff)
        .annotate(consent_on=Subquery(consent_on))
        .filter(consent_on__lte=cutoff)
    ):
        clock_starts = max(pathway.consent_on, pathway.opened_on)
        due_on = clock_starts + _days(timescales.assessment_days)
        items.append(
            _pathway_item(
                Rule.ASSESSMENT, pathway, due_on, as_of, latest_flagged, "Complete the assessment"
            )
        )

    reviewed = Review.objects.filter(pathway=OuterRef("pk"), held_on__lte=as_of)
    plan_on = (
        PlanAction.objects.filter(pathway=OuterRef("pk"), agreed_on__lte=as_of)
        .order_by("agreed_on")
        .values("agreed_on")[:1]
    )
    first_review = _days(7 * timescales.first_review_weeks)
    for pathway in (
        open_pathways.filter(~Exists(reviewed))
        .annotate(plan_on=Subquery(plan_on))
        .filter(plan_on__lte=latest_flagged - first_review)
    ):
        items.append(
            _pathway_item(
                Rule.FIRST_REVIEW,
                pathway,
                pathway.plan_on + first_review,
                as_of,
                latest_flagged,
                "Hold the first review",
            )
        )

    last_review_on = reviewed.order_by("-held_on").values("held_on")[:1]
    interval = _days(7 * timescales.review_interval_weeks)
    for pathway in open_pathways.annotate(last_review_on=Subquery(last_review_on)).filter(
        last_review_on__lte=latest_flagged - interval
    ):
        items.append(
            _pathway_item(
                Rule.REVIEW,
                pathway,
                pathway.last_review_on + interval,
                as_of,
                latest_flagged,
                "Hold a review",
            )
        )

    # add_months clamps to a month's last day, so allow a few days' slack in the query.
    opened_by = add_months(latest_flagged, -timescales.pathway_months) + _days(3)
    for pathway in open_pathways.filter(opened_on__lte=opened_by):
        items.append(
            _pathway_item(
                Rule.LONG_PATHWAY,
                pathway,
                add_months(pathway.opened_on, timescales.pathway_months),
                as_of,
                latest_flagged,
                "Check whether the pathway should close",
            )
        )
    return [item for item in items if item]


def intervention_work(
    interventions: QuerySet[FswIntervention], timescales: Timescales, as_of: datetime.date
) -> list[DueItem]:
    """Open FSW interventions running past their weeks, counted from the start (or the
    allocation, before the first session)."""
    latest_flagged = as_of + _days(timescales.due_soon_days)
    running = (
        interventions.filter(ended_on__isnull=True)
        .annotate(began_on=Coalesce("started_on", "allocated_on"))
        .filter(began_on__lte=as_of)
        .select_related("family")
    )
    items = []
    for is_remote, rule, weeks in (
        (False, Rule.LONG_FSW_INTERVENTION, timescales.fsw_intervention_weeks),
        (True, Rule.LONG_REMOTE_INTERVENTION, timescales.remote_intervention_weeks),
    ):
        length = _days(7 * weeks)
        for intervention in running.filter(
            is_remote=is_remote, began_on__lte=latest_flagged - length
        ):
            item = _flag(
                rule,
                intervention.began_on + length,
                as_of,
                latest_flagged,
                record=f"Intervention {intervention.reference}",
                todo="Check whether the intervention should end",
                href=reverse("support:intervention-detail", args=[intervention.public_id]),
                family=intervention.family,
                responsible_id=intervention.worker_id,
                team_id=intervention.family.owning_team_id,
            )
            if item:
                items.append(item)
    return items


def due_work(
    timescales: Timescales,
    as_of: datetime.date,
    *,
    requests: QuerySet[RequestForSupport],
    pathways: QuerySet[Pathway],
    interventions: QuerySet[FswIntervention],
) -> list[DueItem]:
    """Everything the rules flag among these records: overdue first, longest overdue first."""
    items = (
        undecided_requests(requests, timescales, as_of)
        + pathway_work(pathways, timescales, as_of)
        + intervention_work(interventions, timescales, as_of)
    )
    items.sort(key=lambda item: (not item.is_overdue, item.due_on, item.record))
    return items


def counts_by_rule(items: Iterable[DueItem]) -> dict[str, dict[str, int]]:
    """{rule: {"overdue": n, "due_soon": n}} for every rule, in the rules' order."""
    counts = {rule.value: {"overdue": 0, "due_soon": 0} for rule in Rule}
    for item in items:
        counts[item.rule]["overdue" if item.is_overdue else "due_soon"] += 1
    return counts
