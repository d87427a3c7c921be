"""Workers' caseloads and the Lead Professionals list: how many open pathways each worker
leads and how many children each Family Support Worker is allocated, against the
authority's target, by team and district and month by month; and who leads how many open
pathways, for the circulation list. Staff names and numbers only, never a family."""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from earlyhelp.accounts.models import Agency, Authority, District, Role, Team, User
from earlyhelp.pathways.models import Pathway, PathwayStatus
from earlyhelp.reports.exports import Table
from earlyhelp.support.models import FswIntervention
from earlyhelp.support.selectors import allocations_by_worker

# Team members listed even with nothing allocated: those who lead pathways or do FSW work.
CASEWORK_ROLES = [
    Role.PRACTITIONER,
    Role.FAMILY_SUPPORT_WORKER,
    Role.TARGETED_SUPPORT_OFFICER,
]


@dataclass
class WorkerCaseload:
    worker: User
    is_fsw: bool
    open_pathways: int  # as Lead Professional, whichever team owns the pathway
    children_allocated: int  # in open FSW interventions
    target: int

    @property
    def over_target(self) -> bool:
        return self.is_fsw and self.children_allocated > self.target


@dataclass
class TeamCaseloads:
    team: Team
    pathways_owned: int  # open pathways the team owns
    workers: list[WorkerCaseload] = field(default_factory=list)

    @property
    def children_allocated(self) -> int:
        return sum(row.children_allocated for row in self.workers)

    @property
    def over_target(self) -> int:
        return sum(row.over_target for row in self.workers)


@dataclass
class DistrictCaseloads:
    district: District | None
    teams: list[TeamCaseloads] = field(default_factory=list)

    @property
    def pathways_owned(self) -> int:
        return sum(team.pathways_owned for team in self.teams)

    @property
    def workers(self) -> int:
        return len({row.worker.pk for team in self.teams for row in team.workers})

    @property
    def children_allocated(self) -> int:
        """Children allocated to the district's FSWs, each worker counted once."""
        per_worker = {
            row.worker.pk: row.children_allocated for t in self.teams for row in t.workers
        }
        return sum(per_worker.values())

    @property
    def over_target(self) -> int:
        return len({row.worker.pk for t in self.teams for row in t.workers if row.over_target})


def team_workers(teams: QuerySet[Team]) -> QuerySet[User]:
    """Active members of these teams who do casework or lead an open pathway."""
    leads = Pathway.objects.filter(status=PathwayStatus.OPEN).values("lead_professional_id")
    return (
        User.objects.filter(teams__in=teams, is_active=True)
        .filter(Q(groups__name__in=CASEWORK_ROLES) | Q(pk__in=leads))
        .distinct()
        .select_related("agency")
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "email")
    )


def open_pathways_led(workers: Iterable[User]) -> dict[int, int]:
    """How many open pathways each worker leads, by worker id (none: left out)."""
    return dict(
        Pathway.objects.filter(status=PathwayStatus.OPEN, lead_professional__in=workers)
        .order_by()
        .values("lead_professional")
        .annotate(pathways=Count("pk"))
        .values_list("lead_professional", "pathways")
    )


def caseloads_by_district(authority: Authority, teams: QuerySet[Team]) -> list[DistrictCaseloads]:
    """Each team's workers with their caseloads, grouped by district (teams serving the
    whole authority last). A worker in two teams is listed in both."""
    teams = teams.filter(is_active=True).select_related("district")
    workers = list(team_workers(teams))
    led = open_pathways_led(workers)
    allocated = allocations_by_worker(authority, workers)
    owned = dict(
        Pathway.objects.filter(status=PathwayStatus.OPEN, team__in=teams)
        .order_by()
        .values("team")
        .annotate(pathways=Count("pk"))
        .values_list("team", "pathways")
    )
    teams_of = defaultdict(list)
    for membership in User.teams.through.objects.filter(
        team__in=teams, user__in=[worker.pk for worker in workers]
    ):
        teams_of[membership.team_id].append(membership.user_id)
    by_id = {worker.pk: worker for worker in workers}
    target = authority.fsw_allocation_target
    districts: dict[int | None, DistrictCaseloads] = {}
    for team in teams:
        row = TeamCaseloads(team, owned.get(team.pk, 0))
        for worker_id in teams_of[team.pk]:
            worker = by_id[worker_id]
            row.workers.append(
                WorkerCaseload(
                    worker,
                    worker.has_role(Role.FAMILY_SUPPORT_WORKER),
                    led.get(worker.pk, 0),
                    allocated.get(worker.pk, 0),
                    target,
                )
            )
        row.workers.sort(key=lambda r: (r.worker.first_name, r.worker.last_name, r.worker.email))
        districts.setdefault(team.district_id, DistrictCaseloads(team.district)).teams.append(row)
    return sorted(districts.values(), key=lambda d: (d.district is None, str(d.district)))


# Over time -------------------------------------------------------------------------------


def month_ends(as_of: datetime.date, months: int = 12) -> list[datetime.date]:
    """The last day of each of the previous months, oldest first, then as_of itself (this
    month so far): `months` days in all."""
    days = [as_of]
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        days.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return days[::-1]


def _open_on(day: datetime.date, began: datetime.date, ended: datetime.date | None) -> bool:
    return began <= day and (ended is None or ended > day)


def open_pathways_by_month(
    workers: Iterable[User], days: list[datetime.date]
) -> dict[int, list[int]]:
    """For each worker, how many pathways they lead were open at the end of each day,
    from the pathways' opening and closing dates."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(days))
    pathways = (
        Pathway.objects.filter(lead_professional__in=workers, opened_on__lte=days[-1])
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=days[0]))
        .values_list("lead_professional_id", "opened_on", "closed_on")
    )
    for worker_id, opened_on, closed_on in pathways:
        for index, day in enumerate(days):
            counts[worker_id][index] += _open_on(day, opened_on, closed_on)
    return counts


def children_allocated_by_month(
    workers: Iterable[User], days: list[datetime.date]
) -> dict[int, list[int]]:
    """For each worker, how many children they were allocated in FSW interventions open at
    the end of each day (each child once, as allocations_by_worker counts them)."""
    children: dict[int, list[set[int]]] = defaultdict(lambda: [set() for _ in days])
    allocations = (
        FswIntervention.children.through.objects.filter(
            fswintervention__worker__in=workers, fswintervention__allocated_on__lte=days[-1]
        )
        .filter(
            Q(fswintervention__ended_on__isnull=True) | Q(fswintervention__ended_on__gt=days[0])
        )
        .values_list(
            "fswintervention__worker_id",
            "person_id",
            "fswintervention__allocated_on",
            "fswintervention__ended_on",
        )
    )
    for worker_id, person_id, allocated_on, ended_on in allocations:
        for index, day in enumerate(days):
            if _open_on(day, allocated_on, ended_on):
                children[worker_id][index].add(person_id)
    return {worker_id: [len(day) for day in per_day] for worker_id, per_day in children.items()}


@dataclass
class MonthlyRow:
    worker: User
    open_pathways: list[int]
    children_allocated: list[int] | None  # Family Support Workers only


def caseloads_over_time(
    workers: list[User], as_of: datetime.date
) -> tuple[list[datetime.date], list[MonthlyRow]]:
    days = month_ends(as_of)
    led = open_pathways_by_month(workers, days)
    fsws = [worker for worker in workers if worker.has_role(Role.FAMILY_SUPPORT_WORKER)]
    allocated = children_allocated_by_month(fsws, days)
    rows = [
        MonthlyRow(
            worker,
            led.get(worker.pk, [0] * len(days)),
            allocated.get(worker.pk, [0] * len(days))
            if worker.has_role(Role.FAMILY_SUPPORT_WORKER)
            else None,
        )
        for worker in workers
    ]
    return days, rows


@dataclass(frozen=True)
class CaseloadOverview:
    """The caseloads page's figures: now by district and team, and month by month for each
    worker listed, with the totals of the workers listed (each worker counted once)."""

    districts: list[DistrictCaseloads]
    days: list[datetime.date]
    monthly: list[MonthlyRow]

    @property
    def led_totals(self) -> list[int]:
        return [sum(row.open_pathways[i] for row in self.monthly) for i in range(len(self.days))]

    @property
    def allocated_totals(self) -> list[int]:
        return [
            sum(row.children_allocated[i] for row in self.monthly if row.children_allocated)
            for i in range(len(self.days))
        ]

    @property
    def over_target(self) -> int:
        """Family Support Workers over the target now, each once whatever their teams."""
        return len({row.worker.pk for row in self._worker_rows() if row.over_target})

    def _worker_rows(self) -> Iterable[WorkerCaseload]:
        for district in self.districts:
            for team in district.teams:
                yield from team.workers


def caseload_overview(
    authority: Authority, teams: QuerySet[Team], as_of: datetime.date
) -> CaseloadOverview:
    districts = caseloads_by_district(authority, teams)
    workers = list(
        {
            row.worker.pk: row.worker
            for district in districts
            for team in district.teams
            for row in team.workers
        }.values()
    )
    workers.sort(key=lambda w: (w.first_name, w.last_name, w.email))
    days, monthly = caseloads_over_time(workers, as_of)
    return CaseloadOverview(districts, days, monthly)


# Lead Professionals ----------------------------------------------------------------------


@dataclass(frozen=True)
class LeadProfessional:
    """One Lead Professional's open pathways in one team: the circulation list's row."""

    user: User
    team: Team
    open_pathways: int

    @property
    def district(self) -> str:
        return self.team.district.name if self.team.district else "Whole authority"

    @property
    def agency(self) -> str:
        return self.user.agency.name if self.user.agency else ""


def _open_pathways_in(
    teams: QuerySet[Team], district: District | None, agency: Agency | None
) -> QuerySet[Pathway]:
    pathways = Pathway.objects.filter(status=PathwayStatus.OPEN, team__in=teams)
    if district is not None:
        pathways = pathways.filter(team__district=district)
    if agency is not None:
        pathways = pathways.filter(lead_professional__agency=agency)
    return pathways


def lead_professionals(
    teams: QuerySet[Team], *, district: District | None = None, agency: Agency | None = None
) -> list[LeadProfessional]:
    """Who leads how many open pathways of these teams, one row per person and team, by
    district, agency and name."""
    counted = list(
        _open_pathways_in(teams, district, agency)
        .filter(lead_professional__isnull=False)
        .order_by()
        .values("lead_professional", "team")
        .annotate(pathways=Count("pk"))
        .values_list("lead_professional", "team", "pathways")
    )
    users = User.objects.select_related("agency").in_bulk({row[0] for row in counted})
    teams_by_id = Team.objects.select_related("district").in_bulk({row[1] for row in counted})
    rows = [
        LeadProfessional(users[user_id], teams_by_id[team_id], pathways)
        for user_id, team_id, pathways in counted
    ]
    rows.sort(
        key=lambda row: (
            row.team.district is None,
            row.district,
            row.agency,
            row.user.last_name,
            row.user.first_name,
            row.user.email,
            row.team.name,
        )
    )
    return rows


LEAD_PROFESSIONAL_HEADINGS = ("Name", "Agency", "Team", "District", "Open pathways", "Email")


def lead_professionals_table(rows: list[LeadProfessional]) -> Table:
    """The circulation list as the page shows it and the CSV download writes it."""
    return Table(
        "Lead Professionals of open pathways",
        LEAD_PROFESSIONAL_HEADINGS,
        tuple(
            (
                row.user.get_full_name() or row.user.email,
                row.agency,
                row.team.name,
                row.district,
                row.open_pathways,
                row.user.email,
            )
            for row in rows
        ),
    )


def open_pathways_without_lead(teams: QuerySet[Team], *, district: District | None = None) -> int:
    return _open_pathways_in(teams, district, None).filter(lead_professional__isnull=True).count()
