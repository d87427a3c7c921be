"""The reporting dashboard, a page per report (chart and table), downloads as CSV and
XLSX, and the scrutiny pack as one PDF."""

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.reports import catalogue, charts, exports
from earlyhelp.reports.definitions import Period, Scope
from earlyhelp.reports.forms import ReportFilterForm


def _filters(request: HttpRequest) -> tuple[ReportFilterForm, Scope | None, Period | None]:
    form = ReportFilterForm(request.GET, request.user.authority)
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    scope = Scope(
        request.user.authority,
        (data["district"].pk,) if data["district"] else (),
        (data["team"].pk,) if data["team"] else (),
    )
    return form, scope, Period(data["date_from"], data["date_to"])


def _where(form: ReportFilterForm) -> str:
    data = form.cleaned_data
    parts = [str(data["district"]) if data.get("district") else "all districts"]
    if data.get("team"):
        parts.append(str(data["team"]))
    return ", ".join(parts)


@staff_page("reports.view_reports")
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope, period = _filters(request)
    reports = [catalogue.build(name, scope, period) for name in catalogue.BUILDERS] if scope else []
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "period": period,
            "where": _where(form) if scope else "",
            "reports": reports,
            "query": request.GET.urlencode(),
        },
        status=200 if scope else 400,
    )


def _built(request: HttpRequest, name: str):  # type: ignore[no-untyped-def]
    if name not in catalogue.BUILDERS:
        raise Http404("No such report")
    form, scope, period = _filters(request)
    return form, (catalogue.build(name, scope, period) if scope else None), period


@staff_page("reports.view_reports")
@require_safe
def report(request: HttpRequest, name: str) -> HttpResponse:
    form, built, period = _built(request, name)
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "name": name,
            "title": catalogue.TITLES[name],
            "report": built,
            "drawing": charts.draw(built.chart) if built else None,
            "period": period,
            "where": _where(form) if built else "",
            "query": request.GET.urlencode(),
        },
        status=200 if built or not form.is_bound else 400,
    )


@staff_page("reports.view_reports")
@require_safe
def download(request: HttpRequest, name: str, file_format: str) -> HttpResponse:
    form, built, period = _built(request, name)
    if built is None:
        return render(
            request,
            "reports/report.html",
            {"form": form, "name": name, "title": catalogue.TITLES[name], "report": None},
            status=400,
        )
    filename = f"{name}-{period.start.isoformat()}-to-{period.end.isoformat()}"
    if file_format == "csv":
        body = "\n".join(f"{t.title}\n{exports.as_csv(t)}" for t in built.tables)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(built.tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@staff_page("reports.view_reports")
@require_safe
def pack(request: HttpRequest) -> HttpResponse:
    form, scope, period = _filters(request)
    if scope is None:
        return dashboard(request)
    from weasyprint import HTML  # heavy: only when a pack is asked for

    reports = [catalogue.build(name, scope, period) for name in catalogue.BUILDERS]
    html = render_to_string(
        "reports/pack.html",
        {
            "authority": scope.authority,
            "period": period,
            "where": _where(form),
            "made_at": timezone.localtime(),
            "reports": [(built, charts.draw(built.chart)) for built in reports],
        },
    )
    pdf = io.BytesIO()
    HTML(string=html).write_pdf(pdf)
    response = HttpResponse(pdf.getvalue(), content_type="application/pdf")
    filename = f"scrutiny-pack-{period.start.isoformat()}-to-{period.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
