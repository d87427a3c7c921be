from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.accounts.services import record_families_listed
from earlyhelp.core.views import form_page
from earlyhelp.pathways.models import Pathway, PathwayStatus
from earlyhelp.people.access import as_uuid, get_family_for
from earlyhelp.people.selectors import families_visible_to
from earlyhelp.support import selectors, services
from earlyhelp.support.access import get_call_for, get_intervention_for
from earlyhelp.support.forms import (
    AllocateInterventionForm,
    CallFilterForm,
    CallForm,
    EndInterventionForm,
    SessionForm,
    StartInterventionForm,
)
from earlyhelp.support.models import (
    FswIntervention,
    InterventionOutcome,
    InterventionSource,
    SessionKind,
    SupportLineCall,
)
from earlyhelp.support.services import SupportError

SERVICE = "accounts.use_service"
CALLS_PER_PAGE = 50


# The Family Support Line ----------------------------------------------------------------


@staff_page("support.view_calls")
def call_list(request: HttpRequest) -> HttpResponse:
    authority = request.user.authority
    form = CallFilterForm(request.GET or None, authority_id=request.user.authority_id)
    filters = form.cleaned_data if form.is_valid() else {}
    # A filter in error shows no calls, rather than every call under the error.
    visible = selectors.calls_visible_to(request.user)
    calls = selectors.filter_calls(
        visible if not form.errors else SupportLineCall.objects.none(),
        district=filters.get("district"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/call_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_open": authority.support_line_open_at(timezone.localtime()) if authority else False,
            "hours": selectors.support_line_hours(authority) if authority else "",
            "can_take_calls": request.user.has_perm("support.take_calls"),
        },
    )


@staff_page("support.take_calls")
def call_new(request: HttpRequest) -> HttpResponse:
    authority = request.user.authority
    if authority is None:
        raise Http404
    family = None
    if request.GET.get("family"):
        family = get_family_for(request.user, request.GET["family"], request=request)
    district = (family.owning_team.district if family else None) or selectors.default_district(
        request.user
    )
    form = CallForm(
        request.POST or None,
        user=request.user,
        authority=authority,
        district=district,
        family=family,
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.log_call(
                by=request.user, authority=authority, **form.operation_arguments()
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            message = "Call logged."
            if call.request:
                message += f" Request for support {call.request.reference} sent to the front door."
            messages.success(request, message)
            return redirect("support:call-detail", call.public_id)
    return render(
        request,
        "support/call_new.html",
        {
            "form": form,
            "family": family,
            "back_url": reverse("people:family-detail", args=[family.public_id])
            if family
            else reverse("support:call-list"),
        },
    )


@staff_page(SERVICE)
def call_detail(request: HttpRequest, call_id: str) -> HttpResponse:
    call = selectors.call_with_codes(get_call_for(request.user, call_id, request=request))
    family_visible = (
        call.family_id is not None
        and families_visible_to(request.user).filter(pk=call.family_id).exists()
    )
    return render(
        request,
        "support/call_detail.html",
        {
            "call": call,
            "family_visible": family_visible,
            "can_see_calls": request.user.has_perm("support.view_calls"),
        },
    )


# FSW interventions ----------------------------------------------------------------------


def _family_url(family_id: object) -> str:
    return reverse("people:family-detail", args=[family_id])


@staff_page("support.allocate_interventions")
def intervention_new(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    open_pathway = family.pathways.filter(status=PathwayStatus.OPEN).first()
    from_pathway = None
    if request.GET.get("pathway"):
        from_pathway = Pathway.objects.filter(
            public_id=as_uuid(request.GET["pathway"]), family=family
        ).first()
        if from_pathway is None:
            raise Http404
    form = AllocateInterventionForm(
        request.POST or None,
        family=family,
        has_open_pathway=open_pathway is not None,
        from_pathway=from_pathway is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = InterventionSource(data["source"])
        try:
            intervention = services.allocate_intervention(
                by=request.user,
                family=family,
                worker=data["worker"],
                children=list(data["children"]),
                source=source,
                pathway=open_pathway if source == InterventionSource.PATHWAY else None,
                is_remote=data["is_remote"],
                allocated_on=data["allocated_on"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"FSW intervention {intervention.reference} allocated to {data['worker']}."
            )
            return redirect("support:intervention-detail", intervention.public_id)
    back_url = (
        reverse("pathways:pathway-detail", args=[from_pathway.public_id])
        if from_pathway
        else _family_url(family.public_id)
    )
    return form_page(
        request,
        form,
        caption=family.name,
        title="Allocate an FSW intervention",
        intro=(
            "One-to-one work by a family support worker with the family's children. "
            f"Each child counts as one allocation; the target is at most "
            f"{family.authority.fsw_allocation_target} children for each worker."
        ),
        button="Allocate",
        back_url=back_url,
    )


@staff_page(SERVICE)
def intervention_detail(request: HttpRequest, intervention_id: str) -> HttpResponse:
    intervention = get_intervention_for(request.user, intervention_id, request=request)
    context = selectors.intervention_summary(request.user, intervention)
    context["start_form"] = StartInterventionForm()
    return render(request, "support/intervention_detail.html", context)


def _change_page(
    request: HttpRequest,
    intervention_id: str,
    form_class: type,
    title: str,
    button: str,
    operation: object,
) -> HttpResponse:
    intervention = get_intervention_for(
        request.user, intervention_id, purpose=AccessPurpose.EDIT, request=request
    )
    back_url = reverse("support:intervention-detail", args=[intervention.public_id])
    if not intervention.is_open:
        messages.error(request, "This intervention has ended and can no longer change.")
        return redirect(back_url)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = operation(intervention, form.cleaned_data)  # type: ignore[operator]
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect(back_url)
    return form_page(
        request,
        form,
        caption=f"{intervention.family.name}, {intervention.reference}",
        title=title,
        button=button,
        back_url=back_url,
    )


@staff_page(SERVICE)
def intervention_start(request: HttpRequest, intervention_id: str) -> HttpResponse:
    def start(intervention: FswIntervention, data: dict) -> str:
        services.start_intervention(
            by=request.user, intervention=intervention, started_on=data["started_on"]
        )
        return "Start of the intervention recorded."

    return _change_page(
        request, intervention_id, StartInterventionForm, "Record the start", "Save", start
    )


@staff_page(SERVICE)
def session_new(request: HttpRequest, intervention_id: str) -> HttpResponse:
    def add(intervention: FswIntervention, data: dict) -> str:
        services.record_session(
            by=request.user,
            intervention=intervention,
            held_on=data["held_on"],
            kind=SessionKind(data["kind"]),
            note=data["note"],
        )
        return "Session recorded."

    return _change_page(request, intervention_id, SessionForm, "Add a session", "Add session", add)


@staff_page(SERVICE)
def intervention_end(request: HttpRequest, intervention_id: str) -> HttpResponse:
    def end(intervention: FswIntervention, data: dict) -> str:
        services.end_intervention(
            by=request.user,
            intervention=intervention,
            ended_on=data["ended_on"],
            outcome=InterventionOutcome(data["outcome"]),
            note=data["note"],
        )
        return "Intervention ended."

    return _change_page(
        request, intervention_id, EndInterventionForm, "End the intervention", "End", end
    )


@staff_page("support.allocate_interventions")
def intervention_list(request: HttpRequest) -> HttpResponse:
    """Your allocations: the user's open interventions and their caseload against the target."""
    interventions = list(selectors.open_interventions_of(request.user))
    record_families_listed(
        user=request.user,
        families=list({i.family_id: i.family for i in interventions}.values()),
        request=request,
    )
    authority = request.user.authority
    remote_weeks = authority.remote_intervention_weeks if authority else 0
    rows = [
        {
            "intervention": intervention,
            "weeks": intervention.weeks(),
            "overruns": intervention.overruns(remote_weeks),
        }
        for intervention in interventions
    ]
    allocated = (
        selectors.allocations_by_worker(authority, [request.user]).get(request.user.pk, 0)
        if authority
        else 0
    )
    target = authority.fsw_allocation_target if authority else 0
    return render(
        request,
        "support/intervention_list.html",
        {
            "rows": rows,
            "allocated": allocated,
            "target": target,
            "over_target": allocated > target,
            "remote_weeks": remote_weeks,
            "can_see_caseloads": request.user.has_perm("support.view_caseloads"),
        },
    )


@staff_page("support.view_caseloads")
def caseloads(request: HttpRequest) -> HttpResponse:
    authority = request.user.authority
    target = authority.fsw_allocation_target if authority else 0
    workers = list(selectors.caseloads(request.user))
    return render(
        request,
        "support/caseloads.html",
        {
            "workers": workers,
            "target": target,
            "remote_weeks": authority.remote_intervention_weeks if authority else 0,
            "over_target_count": sum(1 for w in workers if w.children_allocated > target),
        },
    )
