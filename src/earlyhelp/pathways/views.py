from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.coding.views import with_codes
from earlyhelp.core.stale import refuse_stale
from earlyhelp.core.versioning import StaleEdit
from earlyhelp.core.views import form_page
from earlyhelp.need.selectors import band_labels_for
from earlyhelp.pathways import selectors, services
from earlyhelp.pathways.access import (
    get_action_for,
    get_entry_for,
    get_pathway_for,
    get_targeted_support_for,
    get_triage_for,
)
from earlyhelp.pathways.forms import (
    ClosePathwayForm,
    CompleteTriageForm,
    EndTargetedSupportForm,
    OpenPathwayForm,
    PlanActionEditForm,
    PlanActionForm,
    ReasonForm,
    ReviewForm,
    StaffChoiceForm,
    TargetedSupportForm,
    TriageEntryEditForm,
    TriageEntryForm,
)
from earlyhelp.pathways.models import Outcome, Pathway, TargetedSupportOutcome, TriageStage
from earlyhelp.pathways.services import PathwayError
from earlyhelp.people.access import get_family_for

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
    return form_page(
        request,
        form,
        caption=family.name,
        title="Open an Early Help pathway",
        button="Open pathway",
        back_url=reverse("people:family-detail", args=[family.public_id]),
    )


@staff_page(SERVICE)
def pathway_detail(request: HttpRequest, pathway_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, request=request)
    return render(
        request, "pathways/pathway_detail.html", selectors.pathway_summary(request.user, pathway)
    )


def _staffform_page(
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
    return form_page(
        request,
        form,
        caption=f"{pathway.family.name}, {pathway.reference}",
        title=title,
        button=button,
        back_url=reverse("pathways:pathway-detail", args=[pathway.public_id]),
    )


@staff_page(SERVICE)
def lead_professional(request: HttpRequest, pathway_id: str) -> HttpResponse:
    def appoint(pathway, user):  # type: ignore[no-untyped-def]
        services.appoint_lead_professional(by=request.user, pathway=pathway, lead=user)
        return f"{user} is now the Lead Professional."

    return _staffform_page(request, pathway_id, "Change the Lead Professional", "Appoint", appoint)


@staff_page(SERVICE)
def taf_add(request: HttpRequest, pathway_id: str) -> HttpResponse:
    def add(pathway, user):  # type: ignore[no-untyped-def]
        services.add_taf_member(by=request.user, pathway=pathway, member=user)
        return f"{user} added to the Team Around the Family."

    return _staffform_page(
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


# Forms that may meet a stale version -----------------------------------------------------


def _back_to(pathway: Pathway) -> str:
    return reverse("pathways:pathway-detail", args=[pathway.public_id])


@staff_page(SERVICE)
@require_POST
def triage_start(request: HttpRequest, pathway_id: str, stage: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    if stage not in TriageStage.values:
        raise Http404
    try:
        triage = services.start_triage(by=request.user, pathway=pathway, stage=TriageStage(stage))
    except PathwayError as error:
        messages.error(request, str(error))
        return redirect(_back_to(pathway))
    return redirect("pathways:triage", triage.public_id)


@staff_page(SERVICE)
def triage(request: HttpRequest, triage_id: str) -> HttpResponse:
    """The triage tool: the five bands as columns, and a box to add an issue."""
    purpose = AccessPurpose.EDIT if request.method == "POST" else AccessPurpose.VIEW
    triage = get_triage_for(request.user, triage_id, purpose=purpose, request=request)
    family = triage.pathway.family
    band_labels = band_labels_for(family.authority)
    form = TriageEntryForm(request.POST or None, family=family, band_labels=band_labels)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_triage_entry(by=request.user, triage=triage, **form.cleaned_data)
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Issue added in {entry.get_band_display().lower()}.")
            return redirect("pathways:triage", triage.public_id)
    summary = selectors.pathway_summary(request.user, triage.pathway)
    columns = selectors.triage_columns(triage)
    with_codes([entry for column in columns for entry in column["entries"]])
    return render(
        request,
        "pathways/triage.html",
        {
            "triage": triage,
            "pathway": triage.pathway,
            "family": family,
            "columns": columns,
            "form": form,
            "complete_form": CompleteTriageForm(initial={"completed_on": timezone.localdate()}),
            "can_edit": summary["can_edit"] and not triage.is_complete,
        },
    )


@staff_page(SERVICE)
@require_POST
def triage_complete(request: HttpRequest, triage_id: str) -> HttpResponse:
    triage = get_triage_for(request.user, triage_id, purpose=AccessPurpose.EDIT, request=request)
    form = CompleteTriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("pathways:triage", triage.public_id)
    try:
        services.complete_triage(by=request.user, triage=triage, **form.cleaned_data)
    except PathwayError as error:
        messages.error(request, str(error))
        return redirect("pathways:triage", triage.public_id)
    messages.success(request, f"{triage.get_stage_display()} triage completed.")
    return redirect(_back_to(triage.pathway))


@staff_page(SERVICE)
def entry_edit(request: HttpRequest, entry_id: str) -> HttpResponse:
    entry = get_entry_for(request.user, entry_id, purpose=AccessPurpose.EDIT, request=request)
    family = entry.triage.pathway.family
    form = TriageEntryEditForm(
        request.POST or None,
        family=family,
        band_labels=band_labels_for(family.authority),
        initial={
            "band": entry.band,
            "narrative": entry.narrative,
            "person": entry.person_id,
            "version": entry.version,
        },
    )
    stale_changes = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_triage_entry(
                by=request.user,
                entry=entry,
                version=data["version"],
                band=data["band"],
                narrative=data["narrative"],
            )
        except StaleEdit as stale:
            stale_changes = refuse_stale(form, stale, {"band": "Box", "narrative": "Narrative"})
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Issue changed.")
            return redirect("pathways:triage", entry.triage.public_id)
    return form_page(
        request,
        form,
        title="Change an issue",
        caption=family.name,
        button="Save",
        stale_changes=stale_changes,
        back_url=reverse("pathways:triage", args=[entry.triage.public_id]),
    )


@staff_page(SERVICE)
def action_new(request: HttpRequest, pathway_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    form = PlanActionForm(request.POST or None, pathway=pathway)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_plan_action(by=request.user, pathway=pathway, **form.operation_arguments())
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action added to the family plan.")
            return redirect(_back_to(pathway))
    return form_page(
        request,
        form,
        title="Add an action to the family plan",
        caption=pathway.family.name,
        button="Add action",
        back_url=_back_to(pathway),
    )


@staff_page(SERVICE)
def action_edit(request: HttpRequest, action_id: str) -> HttpResponse:
    action = get_action_for(request.user, action_id, purpose=AccessPurpose.EDIT, request=request)
    pathway = action.pathway
    form = PlanActionEditForm(
        request.POST or None,
        pathway=pathway,
        initial={
            "description": action.description,
            "entries": list(action.entries.all()),
            "owner_email": action.owner.email if action.owner else "",
            "owner_agency": action.owner_agency_id,
            "owner_text": action.owner_text,
            "due_on": action.due_on.strftime("%d/%m/%Y"),
            "status": action.status,
            "version": action.version,
        },
    )
    stale_changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_plan_action(by=request.user, action=action, **form.operation_arguments())
        except StaleEdit as stale:
            stale_changes = refuse_stale(
                form,
                stale,
                {
                    "description": "What will be done",
                    "owner_label": "Who",
                    "due_on": "By when",
                    "status": "Status",
                },
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action changed.")
            return redirect(_back_to(pathway))
    return form_page(
        request,
        form,
        title="Change an action",
        caption=pathway.family.name,
        button="Save",
        stale_changes=stale_changes,
        back_url=_back_to(pathway),
    )


@staff_page(SERVICE)
def review_new(request: HttpRequest, pathway_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    form = ReviewForm(request.POST or None, pathway=pathway)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_review(
                by=request.user,
                pathway=pathway,
                held_on=data["held_on"],
                attendees=list(data["attendees"]),
                other_attendees=data["other_attendees"],
                progress=form.progress(),
                plan_changes=data["plan_changes"],
                next_review_on=data["next_review_on"],
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Review recorded.")
            return redirect(_back_to(pathway))
    return form_page(
        request,
        form,
        title="Record a Team Around the Family review",
        caption=pathway.family.name,
        button="Record review",
        back_url=_back_to(pathway),
    )


@staff_page(SERVICE)
def close(request: HttpRequest, pathway_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    form = ClosePathwayForm(request.POST or None, initial={"version": pathway.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close_pathway(
                by=request.user,
                pathway=pathway,
                version=data["version"],
                outcome=Outcome(data["outcome"]),
                summary=data["summary"],
                closed_on=data["closed_on"],
            )
        except StaleEdit as stale:
            refuse_stale(form, stale, {})
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Pathway {pathway.reference} closed.")
            return redirect(_back_to(pathway))
    return form_page(
        request,
        form,
        title="Close the pathway",
        caption=pathway.family.name,
        button="Close pathway",
        intro=(
            "Complete the repeat triage at closure first, unless the family declined or moved away."
        ),
        back_url=_back_to(pathway),
    )


def _reason_page(request: HttpRequest, pathway_id: str, operation: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    form = ReasonForm(request.POST or None, initial={"version": pathway.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if operation == "escalate":
                services.escalate_pathway(
                    by=request.user, pathway=pathway, version=data["version"], reason=data["reason"]
                )
                messages.success(
                    request, "Escalated: the front door (MASH) has the family's referral."
                )
            else:
                services.reopen_pathway(
                    by=request.user, pathway=pathway, version=data["version"], reason=data["reason"]
                )
                messages.success(request, f"Pathway {pathway.reference} reopened.")
        except StaleEdit as stale:
            refuse_stale(form, stale, {})
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_back_to(pathway))
    titles = {
        "escalate": (
            "Escalate to children's social care",
            "Why does the family need children's social care now?",
            "Escalate",
        ),
        "reopen": ("Reopen the pathway", "Why is the pathway reopened?", "Reopen"),
    }
    title, label, button = titles[operation]
    form.fields["reason"].label = label
    return form_page(
        request,
        form,
        title=title,
        caption=pathway.family.name,
        button=button,
        back_url=_back_to(pathway),
    )


@staff_page(SERVICE)
def escalate(request: HttpRequest, pathway_id: str) -> HttpResponse:
    return _reason_page(request, pathway_id, "escalate")


@staff_page(SERVICE)
def reopen(request: HttpRequest, pathway_id: str) -> HttpResponse:
    return _reason_page(request, pathway_id, "reopen")


@staff_page(SERVICE)
def targeted_support_new(request: HttpRequest, pathway_id: str) -> HttpResponse:
    pathway = get_pathway_for(request.user, pathway_id, purpose=AccessPurpose.EDIT, request=request)
    form = TargetedSupportForm(request.POST or None, authority_id=pathway.family.authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_targeted_support(by=request.user, pathway=pathway, **form.cleaned_data)
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Targeted Support started.")
            return redirect(_back_to(pathway))
    return form_page(
        request,
        form,
        title="Start Targeted Support",
        caption=pathway.family.name,
        button="Start",
        back_url=_back_to(pathway),
    )


@staff_page(SERVICE)
def targeted_support_end(request: HttpRequest, support_id: str) -> HttpResponse:
    support = get_targeted_support_for(
        request.user, support_id, purpose=AccessPurpose.EDIT, request=request
    )
    form = EndTargetedSupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_targeted_support(
                by=request.user,
                support=support,
                outcome=TargetedSupportOutcome(form.cleaned_data["outcome"]),
                ended_on=form.cleaned_data["ended_on"],
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Targeted Support ended.")
            return redirect(_back_to(support.pathway))
    return form_page(
        request,
        form,
        title="End Targeted Support",
        caption=support.pathway.family.name,
        button="End",
        back_url=_back_to(support.pathway),
    )
