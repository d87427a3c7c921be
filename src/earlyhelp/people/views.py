from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.accounts.services import record_families_listed
from earlyhelp.core.stale import refuse_stale
from earlyhelp.core.versioning import StaleEdit
from earlyhelp.core.views import form_page
from earlyhelp.directory.signposting import family_events as signposting_events
from earlyhelp.frontdoor.selectors import family_events as request_events
from earlyhelp.pathways.selectors import family_timeline
from earlyhelp.people import selectors, services
from earlyhelp.people.access import get_family_for, get_person_for
from earlyhelp.people.forms import (
    BreakGlassForm,
    ConsentForm,
    FamilyForm,
    FamilySearchForm,
    MatchChoiceForm,
    MergeForm,
    PersonCorrectionForm,
    PersonForm,
    WithdrawConsentForm,
)
from earlyhelp.people.models import Family, Person, Relationship
from earlyhelp.people.services import (
    CORRECTABLE,
    CorrectionError,
    FamilyRecordError,
    PersonDetails,
)
from earlyhelp.programmes.selectors import enrolments_for_family
from earlyhelp.protection.corrections import corrections_of, shown_value
from earlyhelp.support.selectors import family_events as support_events
from earlyhelp.support.selectors import interventions_for_family

SERVICE = "accounts.use_service"


@staff_page(SERVICE)
def family_list(request: HttpRequest) -> HttpResponse:
    form = FamilySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.search_families(request.user, query), 25).get_page(
        request.GET.get("page")
    )
    record_families_listed(user=request.user, families=list(page), request=request)
    return render(request, "people/family_list.html", {"form": form, "page": page, "query": query})


@staff_page(SERVICE)
def family_new(request: HttpRequest) -> HttpResponse:
    form = FamilyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            family = services.create_family(by=request.user, **form.cleaned_data)
        except FamilyRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{family.name} recorded. Now add the people in it.")
            return redirect("people:member-new", family.public_id)
    return form_page(
        request,
        form,
        title="Record a new family",
        intro="Search first: the family may already be recorded.",
        button="Record family",
        back_url=reverse("people:family-list"),
    )


@staff_page(SERVICE)
def family_detail(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, request=request)
    context = selectors.family_summary(request.user, family)
    context["interventions"] = interventions_for_family(family)
    context["enrolments"] = enrolments_for_family(family)
    context["timeline"] = sorted(
        family_timeline(family)
        + support_events(family)
        + request_events(family)
        + signposting_events(family),
        key=lambda event: event.on,
        reverse=True,
    )
    whose = [
        (member.person.full_name, corrections_of(member.person))
        for member in family.members.select_related("person").order_by("pk")
    ] + [("The family", corrections_of(family))]
    context["corrections"] = [(name, rows) for name, rows in whose if rows]
    context["correction_count"] = sum(len(rows) for _, rows in context["corrections"])
    context["may_export"] = request.user.has_perm("protection.export_subject_access")
    return render(request, "people/family_detail.html", context)


@staff_page(SERVICE)
def member_new(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = selectors.likely_matches(
            authority_id=family.authority_id,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
        )
        if matches:
            request.session[_pending_key(family)] = request.POST.dict()
            return redirect("people:member-match", family.public_id)
        return _add_new_person(request, family, form)
    return form_page(
        request,
        form,
        caption=family.name,
        title="Add a person to the family",
        button="Continue",
        back_url=reverse("people:family-detail", args=[family.public_id]),
    )


def _pending_key(family: Family) -> str:
    return f"pending-person-{family.public_id}"


def _add_new_person(request: HttpRequest, family: Family, form: PersonForm) -> HttpResponse:
    data = dict(form.cleaned_data)
    relationship = Relationship(data.pop("relationship"))
    is_main_contact = data.pop("is_main_contact")
    try:
        member = services.add_new_person_to_family(
            by=request.user,
            family=family,
            details=PersonDetails(**data),
            relationship=relationship,
            is_main_contact=is_main_contact,
        )
    except FamilyRecordError as error:
        form.add_error(None, str(error))
        return form_page(request, form, caption=family.name, title="Add a person to the family")
    request.session.pop(_pending_key(family), None)
    messages.success(request, f"{member.person.full_name} added to the family.")
    return redirect("people:family-detail", family.public_id)


@staff_page(SERVICE)
def member_match(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    pending = request.session.get(_pending_key(family))
    person_form = PersonForm(pending) if pending else None
    if person_form is None or not person_form.is_valid():
        return redirect("people:member-new", family.public_id)
    data = person_form.cleaned_data
    matches = selectors.likely_matches(
        authority_id=family.authority_id,
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
        nhs_number=data["nhs_number"],
    )
    visible, hidden_count = selectors.split_by_visibility(request.user, matches)
    form = MatchChoiceForm(request.POST or None, matches=visible)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["choice"] == "new":
            return _add_new_person(request, family, person_form)
        person = Person.objects.get(public_id=form.cleaned_data["choice"])
        try:
            services.add_existing_person_to_family(
                by=request.user,
                family=family,
                person=person,
                relationship=Relationship(data["relationship"]),
                is_main_contact=data["is_main_contact"],
            )
        except FamilyRecordError as error:
            form.add_error("choice", str(error))
        else:
            request.session.pop(_pending_key(family), None)
            messages.success(request, f"{person.full_name} added to the family.")
            return redirect("people:family-detail", family.public_id)
    return render(
        request,
        "people/member_match.html",
        {
            "family": family,
            "form": form,
            "pending": data,
            "visible": visible,
            "hidden_count": hidden_count,
        },
    )


@staff_page(SERVICE)
def consent_new(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    form = ConsentForm(request.POST or None, authority_id=family.authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(by=request.user, family=family, **form.cleaned_data)
        except FamilyRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Consent recorded.")
            return redirect("people:family-detail", family.public_id)
    return form_page(
        request,
        form,
        caption=family.name,
        title="Record the family's consent",
        intro=(
            "Early Help is voluntary. Record what the family agreed to, and who may see its record."
        ),
        button="Record consent",
        back_url=reverse("people:family-detail", args=[family.public_id]),
    )


@staff_page(SERVICE)
def consent_withdraw(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(by=request.user, family=family, **form.cleaned_data)
        except FamilyRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Consent withdrawn. Partner agencies no longer see the family."
            )
            return redirect("people:family-detail", family.public_id)
    return form_page(
        request,
        form,
        caption=family.name,
        title="Withdraw consent",
        intro="Staff of partner agencies will no longer see this family's record.",
        button="Withdraw consent",
        back_url=reverse("people:family-detail", args=[family.public_id]),
    )


@staff_page(SERVICE)
def break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = Family.objects.filter(
            pk=form.cleaned_data["reference"], authority_id=request.user.authority_id
        ).first()
        if family is None:
            form.add_error("reference", "There is no family with this reference")
        else:
            try:
                services.break_glass(
                    by=request.user, family=family, reason=form.cleaned_data["reason"]
                )
            except FamilyRecordError as error:
                form.add_error("reason", str(error))
            else:
                return redirect("people:family-detail", family.public_id)
    return form_page(
        request,
        form,
        title="See a family you are not working with",
        intro=(
            "Use this only when a child may be at risk and you cannot reach the family's "
            "Lead Professional. You will see the record for 24 hours. Your reason is kept, "
            "every page you open is logged, and the family's managers are told at once."
        ),
        button="Open the family's record",
        back_url=reverse("people:family-list"),
    )


@staff_page(SERVICE)
def person_merge(request: HttpRequest, person_id: str) -> HttpResponse:
    """Merge a duplicate record of the same person into this one."""
    keep = get_person_for(request.user, person_id, purpose=AccessPurpose.EDIT, request=request)
    candidates, _ = selectors.split_by_visibility(
        request.user,
        [
            (person, score)
            for person, score in selectors.likely_matches(
                authority_id=keep.authority_id,
                first_name=keep.first_name,
                last_name=keep.last_name,
                date_of_birth=keep.date_of_birth,
                nhs_number="",
            )
            if person.pk != keep.pk
        ],
    )
    form = MergeForm(request.POST or None, candidates=candidates)
    family = keep.memberships.filter(left_on__isnull=True).select_related("family").first()
    back_url = reverse("people:family-detail", args=[family.family.public_id]) if family else None
    if request.method == "POST" and form.is_valid():
        duplicate = get_person_for(
            request.user,
            form.cleaned_data["duplicate"],
            purpose=AccessPurpose.EDIT,
            request=request,
        )
        try:
            services.merge_people(
                by=request.user, keep=keep, duplicate=duplicate, reason=form.cleaned_data["reason"]
            )
        except FamilyRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The two records of {keep.full_name} are now one.")
            return redirect(back_url or "people:family-list")
    if not candidates:
        messages.error(request, f"No other record looks like {keep.full_name}.")
        return redirect(back_url or "people:family-list")
    return form_page(
        request,
        form,
        caption=keep.full_name,
        title=f"Merge a duplicate record of {keep.full_name}",
        intro=(
            "The other record will point to this one. Its families and triage entries move "
            "here, and nothing is deleted."
        ),
        button="Merge records",
        back_url=back_url,
    )


@staff_page(SERVICE)
def person_change(request: HttpRequest, person_id: str) -> HttpResponse:
    """Correct a person's details; the previous values stay in the record's history."""
    person = get_person_for(request.user, person_id, purpose=AccessPurpose.EDIT, request=request)
    if person.anonymised_at:
        raise PermissionDenied
    initial = {name: getattr(person, name) for name in CORRECTABLE}
    initial["has_send"] = "yes" if person.has_send else "no"
    for name in ("date_of_birth", "expected_due_date"):
        initial[name] = initial[name].strftime("%d/%m/%Y") if initial[name] else ""
    initial["version"] = person.version
    form = PersonCorrectionForm(request.POST or None, initial=initial)
    membership = person.memberships.filter(family__in=selectors.families_visible_to(request.user))
    family = (
        membership.select_related("family")
        .order_by(F("left_on").asc(nulls_first=True), "pk")
        .first()
        .family
    )
    back_url = reverse("people:family-detail", args=[family.public_id])
    stale_changes = None
    if request.method == "POST" and form.is_valid():
        details = {name: form.cleaned_data[name] for name in CORRECTABLE}
        try:
            changed = services.correct_person(
                by=request.user,
                person=person,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **details,
            )
        except StaleEdit as stale:
            stale_changes = refuse_stale(
                form,
                stale,
                {name: field.label for name, field in form.fields.items() if name in CORRECTABLE},
                show=shown_value,
            )
        except CorrectionError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(
                    request, f"{person.full_name}'s details changed. The previous values are kept."
                )
            return redirect(back_url)
    return render(
        request,
        "people/person_change.html",
        {
            "form": form,
            "title": "Change a person's details",
            "caption": person.full_name,
            "button": "Save changes",
            "back_url": back_url,
            "stale_changes": stale_changes,
            "corrections": corrections_of(person),
        },
    )
