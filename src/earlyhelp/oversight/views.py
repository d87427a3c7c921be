"""Pages of due and overdue work (your own, and per team for those who oversee teams),
and the Monitoring Team's pages: data quality checks, caseloads, Lead Professionals."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import Role, Team, User
from earlyhelp.accounts.services import record_families_listed
from earlyhelp.oversight import quality
from earlyhelp.oversight.caseloads import (
    caseload_overview,
    lead_professionals,
    lead_professionals_table,
    open_pathways_without_lead,
)
from earlyhelp.oversight.charts import column_chart
from earlyhelp.oversight.forms import StaffFilterForm
from earlyhelp.oversight.selectors import (
    authority_work,
    families_overseen_by,
    summary_by_district,
    team_work,
    teams_in_view,
    teams_overseen_by,
    work_for,
)
from earlyhelp.oversight.timescales import DueItem, Rule, counts_by_rule, timescales_for
from earlyhelp.people.access import as_uuid
from earlyhelp.people.models import Family
from earlyhelp.reports import exports


def _log_families_listed(request: HttpRequest, items: list[DueItem]) -> None:
    families = {item.family.pk: item.family for item in items if item.family}
    record_families_listed(user=request.user, families=list(families.values()), request=request)


def _timescale_words(request: HttpRequest) -> list[tuple[Rule, str, str]]:
    timescales = timescales_for(request.user.authority)
    return [
        (rule, timescales.rule_in_words(rule), timescales.due_soon_in_words(rule)) for rule in Rule
    ]


def _rule_rows(items: list[DueItem]) -> list[dict[str, object]]:
    counts = counts_by_rule(items)
    return [{"rule": rule, **counts[rule.value]} for rule in Rule]


@staff_page("accounts.use_service")
def due(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.authority_id:
        raise Http404
    as_of = timezone.localdate()
    items = work_for(user, as_of)
    _log_families_listed(request, items)
    context: dict[str, object] = {
        "as_of": as_of,
        "items": items,
        "rule_rows": _rule_rows(items),
        "timescale_words": _timescale_words(request),
    }
    if user.has_perm("oversight.view_team_work"):
        teams = teams_overseen_by(user)
        context["districts"] = summary_by_district(teams, team_work(user, teams, as_of))
        context["oversees_every_team"] = user.has_role(Role.ANALYST)
    if user.has_perm("oversight.view_authority_counts"):
        context["authority_rows"] = _rule_rows(authority_work(user.authority, as_of))
    return render(request, "oversight/due.html", context)


@staff_page("oversight.view_team_work")
def team(request: HttpRequest, team_id: str) -> HttpResponse:
    teams = teams_overseen_by(request.user)
    chosen = teams.filter(public_id=as_uuid(team_id)).first()
    if chosen is None:
        raise Http404
    as_of = timezone.localdate()
    items = team_work(request.user, teams.filter(pk=chosen.pk), as_of)
    _log_families_listed(request, items)
    return render(
        request,
        "oversight/team.html",
        {
            "team": chosen,
            "as_of": as_of,
            "items": items,
            "rule_rows": _rule_rows(items),
            "timescale_words": _timescale_words(request),
        },
    )


# The Monitoring Team's pages -------------------------------------------------------------

QUALITY_PAGE_SIZE = 25


def _scope_in_words(user: User) -> str:
    if user.has_role(Role.ANALYST):
        return f"every family of {user.authority.name}"
    if user.has_role(Role.MANAGER):
        return "the families of the teams and districts you manage"
    return "the families you work with"


@staff_page("oversight.view_monitoring")
@require_safe
def monitoring(request: HttpRequest) -> HttpResponse:
    """The data quality checks' counts, with the caseloads and Lead Professionals pages."""
    user = request.user
    if not user.authority_id:
        raise Http404
    as_of = timezone.localdate()
    settings = quality.quality_settings_for(user.authority)
    yours = quality.counts(families_overseen_by(user), settings, as_of)
    whole = (
        quality.counts(Family.objects.filter(authority_id=user.authority_id), settings, as_of)
        if user.has_perm("oversight.view_authority_counts") and not user.has_role(Role.ANALYST)
        else None
    )
    rows = [
        {
            "check": check,
            "words": quality.check_in_words(check, settings),
            "count": yours[check.value],
            "authority_count": whole[check.value] if whole else None,
        }
        for check in quality.Check
    ]
    return render(
        request,
        "oversight/monitoring.html",
        {"rows": rows, "scope": _scope_in_words(user), "authority_counts": whole is not None},
    )


@staff_page("oversight.view_monitoring")
@require_safe
def data_quality_check(request: HttpRequest, check: str) -> HttpResponse:
    """One check's records that the viewer may open, a page at a time, each with a link
    to where it is put right."""
    user = request.user
    if check not in quality.Check.values or not user.authority_id:
        raise Http404
    chosen = quality.Check(check)
    settings = quality.quality_settings_for(user.authority)
    families = families_overseen_by(user)
    as_of = timezone.localdate()
    page = Paginator(
        quality.records(chosen, families, settings, as_of), QUALITY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = quality.findings(chosen, user, families, list(page))
    shown = {row.family.pk: row.family for row in rows if row.family}
    record_families_listed(user=user, families=list(shown.values()), request=request)
    return render(
        request,
        "oversight/data_quality_check.html",
        {
            "check": chosen,
            "words": quality.check_in_words(chosen, settings),
            "date_heading": quality.DATE_HEADINGS[chosen],
            "page": page,
            "rows": rows,
            "scope": _scope_in_words(user),
            "is_groups": chosen == quality.Check.LIKELY_DUPLICATES,
        },
    )


def _teams_in_words(user: User) -> str:
    if user.has_role(Role.ANALYST) or user.has_role(Role.ADMINISTRATOR):
        return f"every team of {user.authority.name}"
    return "the teams and districts you manage"


def _staff_filters(
    request: HttpRequest, by: str
) -> tuple[StaffFilterForm, QuerySet[Team] | None, dict[str, object]]:
    """The filter form, the teams in view narrowed by it (None when it is wrong), and the
    chosen district, team and agency."""
    teams = teams_in_view(request.user)
    form = StaffFilterForm(request.GET or None, teams, by=by)
    if form.is_bound and not form.is_valid():
        return form, None, {}
    chosen = form.cleaned_data if form.is_bound else {}
    if chosen.get("district"):
        teams = teams.filter(district=chosen["district"])
    if chosen.get("team"):
        teams = teams.filter(pk=chosen["team"].pk)
    return form, teams, chosen


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@staff_page("oversight.view_monitoring")
@require_safe
def caseloads(request: HttpRequest) -> HttpResponse:
    """Each worker's open pathways as Lead Professional and children allocated as a Family
    Support Worker (against the target), by team and district, and month by month."""
    user = request.user
    if not user.authority_id:
        raise Http404
    form, teams, _ = _staff_filters(request, "team")
    context: dict[str, object] = {
        "form": form,
        "target": user.authority.fsw_allocation_target,
        "teams_in_words": _teams_in_words(user),
    }
    if teams is not None:
        overview = caseload_overview(user.authority, teams, timezone.localdate())
        labels = [f"{day:%b}" for day in overview.days]
        context.update(
            {
                "districts": overview.districts,
                "days": overview.days,
                "monthly": overview.monthly,
                "led_totals": overview.led_totals,
                "allocated_totals": overview.allocated_totals,
                "over_target": overview.over_target,
                "led_chart": column_chart(
                    "Open pathways with a Lead Professional listed here, at each month's end",
                    labels,
                    overview.led_totals,
                ),
                "allocated_chart": column_chart(
                    "Children allocated to the Family Support Workers listed here, at each "
                    "month's end",
                    labels,
                    overview.allocated_totals,
                ),
            }
        )
    return render(request, "oversight/caseloads.html", context)


@staff_page("oversight.view_monitoring")
@require_safe
def lead_professionals_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.authority_id:
        raise Http404
    form, teams, chosen = _staff_filters(request, "agency")
    context: dict[str, object] = {
        "form": form,
        "query": _query_without_page(request),
        "teams_in_words": _teams_in_words(user),
    }
    if teams is not None:
        rows = lead_professionals(teams, agency=chosen.get("agency"))
        table = lead_professionals_table(rows)
        context.update(
            {
                "headings": table.headings,
                "rows": table.rows,
                "people": len({row.user.pk for row in rows}),
                "pathways": sum(row.open_pathways for row in rows),
                "without_lead": open_pathways_without_lead(teams)
                if not chosen.get("agency")
                else None,
            }
        )
    return render(request, "oversight/lead_professionals.html", context)


@staff_page("oversight.view_monitoring")
@require_safe
def lead_professionals_csv(request: HttpRequest) -> HttpResponse:
    """The Lead Professionals list as the page shows it, for circulation."""
    user = request.user
    if not user.authority_id:
        raise Http404
    form, teams, chosen = _staff_filters(request, "agency")
    if teams is None:
        return render(request, "oversight/lead_professionals.html", {"form": form}, status=400)
    table = lead_professionals_table(lead_professionals(teams, agency=chosen.get("agency")))
    response = HttpResponse(exports.as_csv(table), content_type="text/csv; charset=utf-8")
    filename = f"lead-professionals-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
