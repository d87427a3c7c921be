"""Staff pages of the front door: making requests, the queue, and deciding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import User
from earlyhelp.accounts.services import record_families_listed, record_listed
from earlyhelp.core.views import form_page
from earlyhelp.frontdoor import selectors, services
from earlyhelp.frontdoor.access import get_request_for
from earlyhelp.frontdoor.forms import (
    DecisionForm,
    LinkFamilyForm,
    ProfessionalRequestForm,
    StepDownForm,
)
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.frontdoor.services import DecisionDetails, FrontDoorError, RequestDetails
from earlyhelp.people.access import get_family_for
from earlyhelp.people.models import Family, Relationship
from earlyhelp.people.selectors import families_editable_by
from earlyhelp.support.selectors import allocations_by_worker, family_support_workers

MAKE_REQUEST = "frontdoor.make_request"


def _front_door_officer_only(user: User) -> None:
    """The queue and decisions are the front door's: to anyone else they do not exist."""
    if not user.has_perm("frontdoor.decide_requests"):
        raise Http404


@staff_page(MAKE_REQUEST)
def request_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.requests_made_by(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "frontdoor/request_list.html", {"page": page})


@staff_page(MAKE_REQUEST)
def request_new(request: HttpRequest) -> HttpResponse:
    family = None
    if request.GET.get("family"):
        family = get_family_for(request.user, request.GET["family"], request=request)
    form = ProfessionalRequestForm(
        request.POST or None, user=request.user, initial=_initial_from(family)
    )
    return _request_form(
        request,
        form,
        source=RequestSource.PROFESSIONAL,
        family=family,
        title="Request support for a family",
        intro="The front door decides what help fits and tells you what it decided.",
    )


@staff_page(MAKE_REQUEST)
def step_down_new(request: HttpRequest) -> HttpResponse:
    form = StepDownForm(request.POST or None, user=request.user)
    return _request_form(
        request,
        form,
        source=RequestSource.STEP_DOWN,
        family=None,
        title="Step a family down from children's social care",
        intro="Early Help carries on the support. Give the family's level of need now.",
    )


def _initial_from(family: Family | None) -> dict[str, object]:
    if family is None:
        return {}
    members = family.members.filter(left_on__isnull=True).select_related("person")
    child = next((m.person for m in members if m.relationship == Relationship.CHILD), None)
    parent = next((m.person for m in members if m.is_main_contact and not m.is_child), None)
    return {
        "child_first_name": child.first_name if child else "",
        "child_last_name": child.last_name if child else "",
        "child_date_of_birth": child.date_of_birth if child else None,
        "parent_name": parent.full_name if parent else "",
        "postcode": family.postcode,
        "district": family.owning_team.district_id,
    }


def _request_form(
    request: HttpRequest,
    form: ProfessionalRequestForm,
    *,
    source: RequestSource,
    family: Family | None,
    title: str,
    intro: str,
) -> HttpResponse:
    user = request.user
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support_request = services.create_request(
                authority=user.authority,
                source=source,
                submitted_by=user,
                family=family,
                details=RequestDetails(
                    **data,
                    requester_name=user.get_full_name() or user.email,
                    requester_email=user.email,
                    requester_role=", ".join(
                        part for part in [user.job_title, str(user.agency or "")] if part
                    ),
                ),
            )
        except FrontDoorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Request {support_request.reference} sent to the front door. "
                "You will be told what it decides.",
            )
            return redirect("frontdoor:request-detail", support_request.public_id)
    return form_page(
        request,
        form,
        title=title,
        caption=family.name if family else "",
        intro=intro,
        button="Send request",
        back_url=reverse("frontdoor:request-list"),
    )


@staff_page(MAKE_REQUEST)
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    support_request = get_request_for(request.user, request_id, request=request)
    can_book = bool(
        support_request.family_id
        and families_editable_by(request.user).filter(pk=support_request.family_id).exists()
    )
    return render(
        request,
        "frontdoor/request_detail.html",
        {
            "support_request": support_request,
            "decision": _decision_of(support_request),
            "can_book": can_book,
        },
    )


def _decision_of(support_request: RequestForSupport) -> object:
    return getattr(support_request, "decision", None)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _front_door_officer_only(request.user)
    requests = selectors.request_queue(request.user)
    source = request.GET.get("source", "")
    if source in RequestSource.values:
        requests = requests.filter(source=source)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    record_listed(
        user=request.user,
        shown=[
            (r, r.family.public_id if r.family else None, f"Request {r.reference}") for r in page
        ],
        request=request,
    )
    counts = selectors.queue_counts(request.user)
    return render(
        request,
        "frontdoor/queue.html",
        {
            "page": page,
            "now": timezone.now(),
            "counts": counts,
            "total": sum(counts.values()),
            "sources": RequestSource.choices,
            "source": source,
        },
    )


@login_required
def step_ups(request: HttpRequest) -> HttpResponse:
    _front_door_officer_only(request.user)
    rows = selectors.recent_step_ups(request.user)
    record_families_listed(
        user=request.user, families=[row.family for row in rows if row.family], request=request
    )
    return render(request, "frontdoor/step_ups.html", {"rows": rows})


@login_required
def decide(request: HttpRequest, request_id: str) -> HttpResponse:
    _front_door_officer_only(request.user)
    support_request = get_request_for(request.user, request_id, request=request)
    if not support_request.is_awaiting_decision:
        return redirect("frontdoor:request-detail", support_request.public_id)
    user = request.user
    candidates = selectors.match_candidates(support_request)
    families = selectors.linkable_families(support_request)
    record_families_listed(user=user, families=families, request=request)
    action = request.POST.get("action") if request.method == "POST" else None
    link_form = LinkFamilyForm(
        request.POST if action == "link" else None,
        families=families,
        initial={"family": str(support_request.family.public_id) if support_request.family else ""},
    )
    allocated = allocations_by_worker(user.authority)
    target = user.authority.fsw_allocation_target
    worker_labels = {
        worker.pk: f"{worker} ({allocated.get(worker.pk, 0)} of {target} children)"
        for worker in family_support_workers(user.authority)
    }
    form = DecisionForm(
        request.POST if action == "decide" else None, user=user, worker_labels=worker_labels
    )
    try:
        if action == "link" and link_form.is_valid():
            services.link_family(
                by=user, request=support_request, family=link_form.cleaned_data["family"]
            )
            messages.success(request, "Saved which family the request is about.")
            return redirect("frontdoor:decide", support_request.public_id)
        if action == "decide" and form.is_valid():
            decision = services.decide_request(
                by=user,
                request=support_request,
                details=DecisionDetails(**form.cleaned_data),
            )
            messages.success(
                request,
                f"Decided: {decision.get_kind_display().lower()}. "
                + ("The requester has been told." if _told(decision) else ""),
            )
            return redirect("frontdoor:queue")
    except FrontDoorError as error:
        (link_form if action == "link" else form).add_error(None, str(error))
    return render(
        request,
        "frontdoor/decide.html",
        {
            "support_request": support_request,
            "candidates": candidates,
            "link_form": link_form,
            "form": form,
            "consent_given": support_request.consent == RequestConsent.GIVEN,
            "now": timezone.now(),
        },
    )


def _told(decision: object) -> bool:
    decision.refresh_from_db(fields=["requester_told_at"])  # type: ignore[attr-defined]
    return decision.requester_told_at is not None  # type: ignore[attr-defined]
