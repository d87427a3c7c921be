"""Reads for the Family Support Line and FSW interventions: who may see which call or
intervention (the one rule the pages, the API and the access helpers share), the line's
hours, workers' caseloads, and the family timeline's events."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from earlyhelp.accounts.models import Authority, District, Role, Team, User
from earlyhelp.pathways.selectors import TimelineEvent
from earlyhelp.people.models import Family
from earlyhelp.people.selectors import families_editable_by, families_visible_to
from earlyhelp.support.models import FswIntervention, InterventionSession, SupportLineCall

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# Calls ----------------------------------------------------------------------------------


def calls_visible_to(user: User) -> QuerySet[SupportLineCall]:
    """Every call of the user's authority for those who take or oversee the line; for
    anyone else, the calls about families they may see."""
    if not (user.is_authenticated and user.is_active and user.authority_id and user.roles):
        return SupportLineCall.objects.none()
    calls = SupportLineCall.objects.filter(authority_id=user.authority_id)
    if not user.has_perm("support.view_calls"):
        calls = calls.filter(family__in=families_visible_to(user))
    return calls.select_related("district", "taken_by", "family", "request")


def filter_calls(
    calls: QuerySet[SupportLineCall],
    *,
    district: District | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[SupportLineCall]:
    """Calls in a district and between two dates (local dates, both included)."""
    if district is not None:
        calls = calls.filter(district=district)
    if date_from:
        calls = calls.filter(called_at__date__gte=date_from)
    if date_to:
        calls = calls.filter(called_at__date__lte=date_to)
    return calls.order_by("-called_at", "-pk")


def call_with_codes(call: SupportLineCall) -> SupportLineCall:
    return (
        SupportLineCall.objects.select_related(
            "district", "taken_by", "family", "request", "authority"
        )
        .prefetch_related("issue_codes")
        .get(pk=call.pk)
    )


def default_district(user: User) -> District | None:
    """Where a worker's calls usually come from: the district of their first team that has
    one; for a team serving the whole authority, the authority's first district."""
    team = user.teams.filter(district__isnull=False).select_related("district").order_by("name")
    first = team.first()
    if first is not None:
        return first.district
    return District.objects.filter(authority_id=user.authority_id).order_by("name").first()


def _time_in_words(moment: datetime.time) -> str:
    if moment == datetime.time(12, 0):
        return "midday"
    if moment == datetime.time(0, 0):
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _days_in_words(days: Iterable[int]) -> str:
    days = sorted(set(days))
    if len(days) == 7:
        return "Every day"
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[day] for day in run)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def support_line_hours(authority: Authority) -> str:
    """The line's hours as people say them, like "Monday to Friday, 9am to 4pm"."""
    return (
        f"{_days_in_words(authority.support_line_weekdays)}, "
        f"{_time_in_words(authority.support_line_opens)} to "
        f"{_time_in_words(authority.support_line_closes)}"
    )


# Interventions --------------------------------------------------------------------------


def interventions_visible_to(user: User) -> QuerySet[FswIntervention]:
    """Interventions with families the user may see, and the user's own allocations."""
    if not (user.is_authenticated and user.is_active and user.authority_id and user.roles):
        return FswIntervention.objects.none()
    return FswIntervention.objects.filter(
        Q(family__in=families_visible_to(user)) | Q(worker=user),
        authority_id=user.authority_id,
    ).select_related("family", "worker", "pathway", "authority")


def may_change_intervention(user: User, intervention: FswIntervention) -> bool:
    """The allocated worker, and staff who allocate interventions and may change the
    family's record."""
    if not (user.is_authenticated and user.is_active):
        return False
    if intervention.worker_id == user.pk:
        return True
    return (
        user.has_perm("support.allocate_interventions")
        and families_editable_by(user).filter(pk=intervention.family_id).exists()
    )


def with_children_count(interventions: QuerySet[FswIntervention]) -> QuerySet[FswIntervention]:
    return interventions.annotate(children_count=Count("children", distinct=True))


def interventions_for_family(family: Family) -> QuerySet[FswIntervention]:
    """The family's FSW interventions, newest allocation first, open or ended."""
    return (
        FswIntervention.objects.filter(family=family)
        .select_related("worker", "pathway", "allocated_by")
        .prefetch_related("children")
        .annotate(children_count=Count("children", distinct=True))
        .order_by("-allocated_on", "-created_at")
    )


def open_interventions_of(worker: User) -> QuerySet[FswIntervention]:
    return (
        FswIntervention.objects.filter(worker=worker, ended_on__isnull=True)
        .select_related("family", "authority", "pathway")
        .annotate(children_count=Count("children", distinct=True))
        .order_by("allocated_on", "created_at")
    )


def weeks_in_words(weeks: float) -> str:
    """Like "1 week", "4.3 weeks": to a tenth of a week, without a needless ".0"."""
    text = f"{weeks:.1f}".removesuffix(".0")
    return f"{text} week" if text == "1" else f"{text} weeks"


def intervention_summary(user: User, intervention: FswIntervention) -> dict[str, object]:
    authority = intervention.authority
    weeks = intervention.weeks()
    limit = authority.remote_intervention_weeks
    overruns = intervention.overruns(limit)
    return {
        "intervention": intervention,
        "family": intervention.family,
        "children": intervention.children.order_by("date_of_birth", "first_name"),
        "sessions": InterventionSession.objects.filter(intervention=intervention).select_related(
            "recorded_by"
        ),
        "weeks": weeks,
        "weeks_text": weeks_in_words(weeks),
        "overruns": overruns,
        "overrun_warning": (
            f"This remote intervention has run for {weeks_in_words(weeks)}, past the limit of "
            f"{limit} weeks. End it, or agree face-to-face work with the family."
            if overruns
            else ""
        ),
        "remote_weeks": limit,
        "can_change": intervention.is_open and may_change_intervention(user, intervention),
    }


def allocations_by_worker(
    authority: Authority, workers: Iterable[User] | QuerySet[User] | None = None
) -> dict[int, int]:
    """How many children each worker is allocated in open interventions, by worker id
    (a worker with none is left out). Counted by the database."""
    allocations = FswIntervention.children.through.objects.filter(
        fswintervention__authority=authority, fswintervention__ended_on__isnull=True
    )
    if workers is not None:
        allocations = allocations.filter(fswintervention__worker__in=workers)
    return dict(
        allocations.order_by()
        .values("fswintervention__worker")
        .annotate(children=Count("person", distinct=True))
        .values_list("fswintervention__worker", "children")
    )


def family_support_workers(authority: Authority) -> QuerySet[User]:
    """The authority's active family support workers, by name."""
    return User.objects.filter(
        authority=authority, is_active=True, groups__name=Role.FAMILY_SUPPORT_WORKER
    ).order_by("first_name", "last_name", "email")


def caseloads(manager: User) -> QuerySet[User]:
    """Each family support worker in the teams and districts the manager manages, with
    their open interventions, the children allocated in them, and how many of their
    remote interventions have run past the authority's limit."""
    authority = manager.authority
    if authority is None:
        return User.objects.none()
    teams = Team.objects.filter(
        Q(managers=manager) | Q(district__managers=manager),
        authority=authority,
        is_active=True,
    ).distinct()
    in_teams = User.objects.filter(teams__in=teams, groups__name=Role.FAMILY_SUPPORT_WORKER).values(
        "pk"
    )
    cutoff = timezone.localdate() - datetime.timedelta(weeks=authority.remote_intervention_weeks)
    is_open = Q(fsw_interventions__ended_on__isnull=True)
    ran_past_limit = Q(fsw_interventions__started_on__lt=cutoff) | Q(
        fsw_interventions__started_on__isnull=True, fsw_interventions__allocated_on__lt=cutoff
    )
    return (
        User.objects.filter(pk__in=in_teams, is_active=True, authority=authority)
        .annotate(
            open_interventions=Count("fsw_interventions", filter=is_open, distinct=True),
            children_allocated=Count("fsw_interventions__children", filter=is_open, distinct=True),
            remote_overrunning=Count(
                "fsw_interventions",
                filter=is_open & Q(fsw_interventions__is_remote=True) & ran_past_limit,
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("teams", queryset=teams.order_by("name"), to_attr="caseload_teams")
        )
        .order_by("first_name", "last_name", "email")
    )


# The family timeline --------------------------------------------------------------------


def family_events(family: Family) -> list[TimelineEvent]:
    """The family's Family Support Line calls and FSW interventions, newest first, as
    events for the family timeline."""
    events: list[TimelineEvent] = []
    for call in family.support_line_calls.order_by("-called_at"):
        detail = call.get_outcome_display()
        if call.notes:
            detail += f": {Truncator(call.notes).words(12)}"
        events.append(
            TimelineEvent(
                timezone.localtime(call.called_at).date(),
                "Family Support Line call",
                detail,
                reverse("support:call-detail", args=[call.public_id]),
            )
        )
    for intervention in interventions_for_family(family):
        link = reverse("support:intervention-detail", args=[intervention.public_id])
        count = intervention.children_count
        detail = f"{intervention.worker}, {count} child{'ren' if count != 1 else ''}"
        if intervention.is_remote:
            detail += ", remote"
        events.append(
            TimelineEvent(intervention.allocated_on, "FSW intervention allocated", detail, link)
        )
        if intervention.ended_on:
            detail = intervention.get_outcome_display()
            if intervention.end_note:
                detail += f": {Truncator(intervention.end_note).words(12)}"
            events.append(
                TimelineEvent(intervention.ended_on, "FSW intervention ended", detail, link)
            )
    events.sort(key=lambda event: event.on, reverse=True)
    return events
