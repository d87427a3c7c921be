"""Subject access exports (a page with downloads) and the retention rule's dry run."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.accounts.services import record_listed
from earlyhelp.people.models import Family
from earlyhelp.protection.access import get_person_for_subject_access, merged_into
from earlyhelp.protection.forms import RetentionReportForm
from earlyhelp.protection.selectors import retention_report
from earlyhelp.protection.subject_access import as_pdf, memberships_in, subject_access_record


@staff_page("protection.export_subject_access")
@require_safe
def subject_access(request: HttpRequest, person_id: str) -> HttpResponse:
    person, families = get_person_for_subject_access(
        request.user, person_id, purpose=AccessPurpose.VIEW, request=request
    )
    memberships = memberships_in([person, *merged_into(person)], families)
    return render(
        request, "protection/subject_access.html", {"person": person, "memberships": memberships}
    )


@staff_page("protection.export_subject_access")
@require_safe
def subject_access_download(request: HttpRequest, person_id: str, file_format: str) -> HttpResponse:
    if file_format not in ("json", "pdf"):
        raise Http404
    person, families = get_person_for_subject_access(request.user, person_id, request=request)
    record = subject_access_record(person, by=request.user, families=families)
    if file_format == "json":
        response = HttpResponse(
            json.dumps(record, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(as_pdf(record), content_type="application/pdf")
    filename = f"subject-access-{person.public_id}-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@staff_page("protection.view_retention")
@require_safe
def retention(request: HttpRequest) -> HttpResponse:
    if request.user.authority is None:
        raise Http404  # an installation-wide administrator: use the command per authority
    form = RetentionReportForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    as_of = (form.cleaned_data.get("as_of") if form.is_bound and valid else None) or (
        timezone.localdate()
    )
    report = retention_report(request.user.authority, as_of) if valid else None
    if report and report.due:
        # The page lists families (by reference): one "found in a list" row each, as
        # every list page writes.
        families = Family.objects.filter(pk__in=[row.family_pk for row in report.due]).only(
            "pk", "public_id", "authority_id"
        )
        record_listed(
            user=request.user,
            shown=[
                (family, family.public_id, f"Retention report: family {family.reference}")
                for family in families
            ],
            request=request,
        )
    return render(
        request,
        "protection/retention.html",
        {"form": form, "report": report, "as_of": as_of},
        status=200 if valid else 400,
    )
