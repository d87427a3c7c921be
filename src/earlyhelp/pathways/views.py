from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.pathways import services
from earlyhelp.pathways.access import get_pathway_for
from earlyhelp.pathways.forms import OpenPathwayForm, StaffChoiceForm
from earlyhelp.pathways.services import PathwayError
from earlyhelp.people.access import get_family_for
from earlyhelp.people.selectors import families_editable_by

SERVICE = "accounts.use_service"


@staff_page(SERVICE)
def pathway_new(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    form = OpenPathwayForm(request.POST or None, authority_id=family.authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            pathway = services.open_pathway(
                by=request.user,
                family=family,
                opened_on=form.cleaned_data["opened_on"],
                lead_professional=form.cleaned_data["lead_professional"],
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Early Help pathway {pathway.reference} opened.")
            return redirect("pathways:pathway-detail", pathway.public_id)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "caption": family.name,
            "title": "Open an Early Help pathway",
            "button": "Open pathway",
            "back_url": reverse("people:family-detail", args=[family.public_id]),
        },
    )


@staff_page(SERVICE)
def pathway_detail(request: HttpRequest, pathway_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, request=request)
    can_edit = families_editable_by(request.user).filter(pk=pathway.family_id).exists()
    return render(
        request,
        "pathways/pathway_detail.html",
        {
            "pathway": pathway,
            "family": pathway.family,
            "taf": pathway.taf_members.filter(removed_at__isnull=True).select_related(
                "user__agency"
            ),
            "can_edit": can_edit and pathway.is_open,
        },
    )


def _staff_form_page(
    request: HttpRequest, pathway_id: str, title: str, button: str, operation: object
) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    form = StaffChoiceForm(request.POST or None, authority_id=pathway.family.authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            message = operation(pathway, form.cleaned_data["email"])
        except PathwayError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, message)
            return redirect("pathways:pathway-detail", pathway.public_id)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "caption": f"{pathway.family.name}, {pathway.reference}",
            "title": title,
            "button": button,
            "back_url": reverse("pathways:pathway-detail", args=[pathway.public_id]),
        },
    )


@staff_page(SERVICE)
def lead_professional(request: HttpRequest, pathway_id: str) -> HttpResponse:
    def appoint(pathway, user):  # type: ignore[no-untyped-def]
        services.appoint_lead_professional(by=request.user, pathway=pathway, lead=user)
        return f"{user} is now the Lead Professional."

    return _staff_form_page(request, pathway_id, "Change the Lead Professional", "Appoint", appoint)


@staff_page(SERVICE)
def taf_add(request: HttpRequest, pathway_id: str) -> HttpResponse:
    def add(pathway, user):  # type: ignore[no-untyped-def]
        services.add_taf_member(by=request.user, pathway=pathway, member=user)
        return f"{user} added to the Team Around the Family."

    return _staff_form_page(
        request, pathway_id, "Add someone to the Team Around the Family", "Add", add
    )


@staff_page(SERVICE)
@require_POST
def taf_remove(request: HttpRequest, pathway_id: str, member_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    membership = get_object_or_404(pathway.taf_members, public_id=member_id)
    try:
        services.remove_taf_member(by=request.user, pathway=pathway, membership=membership)
    except PathwayError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user} removed from the Team Around the Family.")
    return redirect("pathways:pathway-detail", pathway.public_id)
