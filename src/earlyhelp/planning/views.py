"""The planning page (rates by deprivation, the demand forecast and the cost-avoidance
estimate) and a CSV download of each of its tables."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.planning import costs, figures
from earlyhelp.planning.forecast import METHOD
from earlyhelp.planning.forms import PlanningForm
from earlyhelp.reports import exports


def _figures(request: HttpRequest) -> tuple[PlanningForm, figures.PlanningFigures | None]:
    today = timezone.localdate()
    form = PlanningForm(request.GET, today)
    if not form.is_valid():
        return form, None
    return form, figures.build(request.user.authority, form.cleaned_data, today)


def _page(
    request: HttpRequest, form: PlanningForm, built: figures.PlanningFigures | None
) -> HttpResponse:
    return render(
        request,
        "planning/planning.html",
        {
            "form": form,
            "figures": built,
            "method": built.forecast.method if built and built.forecast else METHOD,
            "ratio_source": costs.RATIO_SOURCE,
            "default_avoided_per_pound": costs.DEFAULT_AVOIDED_PER_POUND,
            "query": request.GET.urlencode(),
            "demo": settings.EARLYHELP_DEMO,
        },
        status=200 if built else 400,
    )


@staff_page("planning.view_planning")
@require_safe
def planning(request: HttpRequest) -> HttpResponse:
    form, built = _figures(request)
    return _page(request, form, built)


@staff_page("planning.view_planning")
@require_safe
def download(request: HttpRequest, name: str) -> HttpResponse:
    key = name.replace("-", "_")
    if key not in figures.TABLE_NAMES:
        raise Http404("No such table")
    form, built = _figures(request)
    if built is None:
        return _page(request, form, None)
    if key not in built.tables:  # no forecast to show, or no unit cost given
        raise Http404("That table is not shown for these figures")
    response = HttpResponse(
        exports.as_csv(built.tables[key]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="planning-{name}.csv"'
    return response
