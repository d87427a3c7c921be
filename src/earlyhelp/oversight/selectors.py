"""Due and overdue work as a person may see it: their own (as Lead Professional, as the
worker of an FSW intervention, as a front door officer deciding requests), and per team
for managers and the Monitoring Team. Every record comes through the project's access
rules (families_visible_to, requests_visible_to), so a list never shows a family its page
would refuse."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from earlyhelp.accounts.models import Authority, District, Role, Team, User
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.frontdoor.selectors import requests_visible_to
from earlyhelp.oversight.timescales import DueItem, due_work, timescales_for
from earlyhelp.pathways.models import Pathway
from earlyhelp.people.models import Family
from earlyhelp.people.selectors import families_visible_to
from earlyhelp.support.models import FswIntervention


def work_for(user: User, as_of: datetime.date) -> list[DueItem]:
    """The user's own due and overdue work."""
    if not (user.is_active and user.authority_id and user.roles):
        return []
    visible = families_visible_to(user)
    requests = (
        requests_visible_to(user)
        if user.has_role(Role.FRONT_DOOR_OFFICER)
        else RequestForSupport.objects.none()
    )
    return due_work(
        timescales_for(user.authority),
        as_of,
        requests=requests,
        pathways=Pathway.objects.filter(lead_professional=user, family__in=visible),
        interventions=FswIntervention.objects.filter(worker=user, family__in=visible),
    )


def teams_overseen_by(user: User) -> QuerySet[Team]:
    """Managers: the teams they manage and every team of the districts they manage. The
    Monitoring Team (analysts): every team of the authority."""
    if not (user.is_active and user.authority_id):
        return Team.objects.none()
    teams = Team.objects.filter(authority_id=user.authority_id).select_related("district")
    if user.has_role(Role.ANALYST):
        return teams.order_by("district__name", "name")
    if user.has_role(Role.MANAGER):
        return (
            teams.filter(Q(managers=user) | Q(district__managers=user))
            .distinct()
            .order_by("district__name", "name")
        )
    return Team.objects.none()


def families_overseen_by(user: User) -> QuerySet[Family]:
    """The families whose records the data quality pages list for the user: for the
    Monitoring Team every family of the authority; for managers the families owned by the
    teams and districts they manage; for anyone else (administrators) the families they
    work with. Always within families_visible_to, so nothing listed is refused on opening."""
    visible = families_visible_to(user)
    if user.has_role(Role.ANALYST):
        return visible
    if user.has_role(Role.MANAGER):
        return visible.filter(owning_team__in=teams_overseen_by(user))
    return visible


def teams_in_view(user: User) -> QuerySet[Team]:
    """Teams whose staff figures (caseloads, Lead Professionals) the user sees: numbers
    and names of staff, never a family. Managers: the teams they manage and every team of
    the districts they manage. The Monitoring Team and administrators: every team."""
    if not (user.is_active and user.authority_id):
        return Team.objects.none()
    if user.has_role(Role.ANALYST) or user.has_role(Role.ADMINISTRATOR):
        return (
            Team.objects.filter(authority_id=user.authority_id)
            .select_related("district")
            .order_by("district__name", "name")
        )
    return teams_overseen_by(user)


def team_work(user: User, teams: QuerySet[Team], as_of: datetime.date) -> list[DueItem]:
    """Due and overdue work of these teams that the user may open: pathways the teams own,
    and FSW interventions with the families the teams own."""
    if not user.authority_id:
        return []
    visible = families_visible_to(user)
    return due_work(
        timescales_for(user.authority),
        as_of,
        requests=RequestForSupport.objects.none(),
        pathways=Pathway.objects.filter(team__in=teams, family__in=visible),
        interventions=FswIntervention.objects.filter(
            family__owning_team__in=teams, family__in=visible
        ),
    )


@dataclass
class TeamSummary:
    team: Team
    overdue: int
    due_soon: int


@dataclass
class DistrictSummary:
    district: District | None
    teams: list[TeamSummary]

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.teams)

    @property
    def due_soon(self) -> int:
        return sum(row.due_soon for row in self.teams)


def summary_by_district(teams: QuerySet[Team], items: list[DueItem]) -> list[DistrictSummary]:
    """Overdue and due-soon counts per team, grouped by district (teams serving the whole
    authority last)."""
    overdue = Counter(item.team_id for item in items if item.is_overdue)
    due_soon = Counter(item.team_id for item in items if not item.is_overdue)
    districts: dict[int | None, DistrictSummary] = {}
    for team in teams:
        summary = districts.setdefault(team.district_id, DistrictSummary(team.district, []))
        summary.teams.append(TeamSummary(team, overdue[team.pk], due_soon[team.pk]))
    return sorted(districts.values(), key=lambda d: (d.district is None, str(d.district)))


def authority_work(authority: Authority, as_of: datetime.date) -> list[DueItem]:
    """Every due and overdue piece of work in the authority, for counts and the command
    line: never shown record by record on a page."""
    return due_work(
        timescales_for(authority),
        as_of,
        requests=RequestForSupport.objects.filter(authority=authority),
        pathways=Pathway.objects.filter(family__authority=authority),
        interventions=FswIntervention.objects.filter(authority=authority),
    )
