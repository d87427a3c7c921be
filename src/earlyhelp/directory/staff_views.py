"""Directory pages for staff: the gap analysis, and suggesting a service to a family."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.directory import gaps
from earlyhelp.directory.search import map_data
from earlyhelp.directory.signposting import SignpostingError, suggest_service
from earlyhelp.directory.staff_forms import GapFilterForm, SuggestServiceForm
from earlyhelp.people.access import get_family_for
from earlyhelp.reports import exports


def _analysis(request: HttpRequest) -> tuple[GapFilterForm, gaps.GapAnalysis | None]:
    form = GapFilterForm(request.GET, request.user.authority)
    if not form.is_valid():
        return form, None
    return form, gaps.find_gaps(
        request.user.authority,
        distance_miles=form.cleaned_data["distance"],
        district=form.cleaned_data["district"],
    )


@staff_page("directory.view_gaps")
@require_safe
def gap_analysis(request: HttpRequest) -> HttpResponse:
    form, analysis = _analysis(request)
    return render(
        request,
        "directory/gaps.html",
        {
            "form": form,
            "analysis": analysis,
            "headings": gaps.HEADINGS,
            "numeric_columns": gaps.NUMERIC_COLUMNS,
            "rows": gaps.table_rows(analysis) if analysis else [],
            "map_data": _map_data(analysis) if analysis else None,
            "query": request.GET.urlencode(),
        },
        status=200 if analysis else 400,
    )


@staff_page("directory.view_gaps")
@require_safe
def gap_analysis_csv(request: HttpRequest) -> HttpResponse:
    _, analysis = _analysis(request)
    if analysis is None:
        return gap_analysis(request)
    where = analysis.district.name.lower().replace(" ", "-") if analysis.district else "all"
    response = HttpResponse(
        exports.as_csv(gaps.as_table(analysis)), content_type="text/csv; charset=utf-8"
    )
    filename = f"service-gaps-{where}-{analysis.distance_miles:g}-miles.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _map_data(analysis: gaps.GapAnalysis) -> dict[str, object]:
    """The deprived areas shaded, the hubs and centres, and a point on each gap; the map
    fits itself to the points."""
    return map_data(analysis.deprived, gaps.map_points(analysis))


@staff_page("accounts.use_service")
@require_POST
def suggest(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    form = SuggestServiceForm(request.POST)
    back = _local_url(request, request.POST.get("next", "")) or (
        reverse("people:family-detail", args=[family.public_id]) + "#timeline"
    )
    if form.is_valid():
        try:
            signposting = suggest_service(
                by=request.user,
                family=family,
                service_id=form.cleaned_data["service"],
                location_id=form.cleaned_data["location"],
                note=form.cleaned_data["note"],
            )
        except SignpostingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{signposting.service.name} suggested to the {family.name}: "
                "it is on the family's timeline.",
            )
            return redirect(back)
    return render(
        request,
        "directory/signposting_refused.html",
        {"form": form, "family": family, "back_url": back},
        status=400,
    )


def _local_url(request: HttpRequest, url: str) -> str:
    """The URL if it is a page of this site, else ""."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""
