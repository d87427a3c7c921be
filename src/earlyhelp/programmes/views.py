from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import AccessPurpose
from earlyhelp.core.views import form_page
from earlyhelp.frontdoor.access import get_request_for
from earlyhelp.people.access import get_family_for
from earlyhelp.people.models import Person
from earlyhelp.programmes import selectors, services
from earlyhelp.programmes.access import (
    get_course_for,
    get_course_session_for,
    get_delegate_for,
    get_enrolment_for,
    get_programme_for,
    get_training_course_for,
    get_training_session_for,
    record_places_shown,
)
from earlyhelp.programmes.forms import (
    AgeFilterForm,
    CourseForm,
    DateRangeForm,
    DelegateForm,
    DelegateScoresForm,
    EnrolForm,
    ProgrammeEditForm,
    ProgrammeForm,
    RegisterForm,
    TrainingCourseForm,
    TrainingSessionForm,
)
from earlyhelp.programmes.services import ProgrammeError

VIEW_PROGRAMMES = "programmes.view_programmes"
MANAGE_PROGRAMMES = "programmes.manage_programmes"
MANAGE_COURSES = "programmes.manage_courses"
VIEW_TRAINING = "programmes.view_training"
MANAGE_TRAINING = "programmes.manage_training"
SERVICE = "accounts.use_service"


def _refuse(form: forms.Form, error: ProgrammeError) -> None:
    """Put the service's message beside the field it is about, or at the top."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


# The catalogue ----------------------------------------------------------------------------


@staff_page(VIEW_PROGRAMMES)
def programme_list(request: HttpRequest) -> HttpResponse:
    form = AgeFilterForm(request.GET or None)
    age = form.cleaned_data["age"] if form.is_valid() else None
    authority_id = request.user.authority_id
    can_manage = request.user.has_perm(MANAGE_PROGRAMMES)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "form": form,
            "age": age,
            "programmes": selectors.catalogue(authority_id, age=age),
            "inactive": selectors.catalogue(authority_id, active=False) if can_manage else [],
            "can_manage": can_manage,
            "can_run_courses": request.user.has_perm(MANAGE_COURSES),
        },
    )


@staff_page(MANAGE_PROGRAMMES)
def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(by=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{programme.name} added to the catalogue.")
            return redirect("programmes:programme-list")
    return form_page(
        request,
        form,
        title="Add a parenting programme",
        intro="Parents and carers can be booked onto its courses when their children are in "
        "its age range.",
        button="Add programme",
        back_url=reverse("programmes:programme-list"),
    )


@staff_page(MANAGE_PROGRAMMES)
def programme_edit(request: HttpRequest, programme_id: str) -> HttpResponse:
    programme = get_programme_for(request.user, programme_id)
    form = ProgrammeEditForm(
        request.POST or None,
        initial={
            "name": programme.name,
            "description": programme.description,
            "min_age": programme.min_age,
            "max_age": programme.max_age,
            "evidence_level": programme.evidence_level,
            "is_active": "yes" if programme.is_active else "no",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_programme(by=request.user, programme=programme, **form.cleaned_data)
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved.")
            return redirect("programmes:programme-list")
    return form_page(
        request,
        form,
        caption=programme.name,
        title="Change the programme",
        button="Save",
        back_url=reverse("programmes:programme-list"),
    )


# Courses ----------------------------------------------------------------------------------


@staff_page(MANAGE_COURSES)
def course_new(request: HttpRequest, programme_id: str) -> HttpResponse:
    programme = get_programme_for(request.user, programme_id)
    form = CourseForm(request.POST or None, authority_id=programme.authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(
                by=request.user, programme=programme, **form.cleaned_data
            )
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(
                request, f"Course added, with {form.cleaned_data['sessions']} weekly sessions."
            )
            return redirect("programmes:course-detail", course.public_id)
    return form_page(
        request,
        form,
        caption=f"{programme.name}, for children aged {programme.min_age} to {programme.max_age}",
        title="Add a course",
        button="Add course",
        back_url=reverse("programmes:programme-list"),
    )


@staff_page(VIEW_PROGRAMMES)
def course_detail(request: HttpRequest, course_id: str) -> HttpResponse:
    course = get_course_for(request.user, course_id)
    view = selectors.course_view(request.user, course)
    record_places_shown(user=request.user, enrolments=view.shown_enrolments, request=request)
    return render(
        request,
        "programmes/course_detail.html",
        {"view": view, "course": course, "today": timezone.localdate()},
    )


@staff_page(MANAGE_COURSES)
def register(request: HttpRequest, course_id: str, number: int) -> HttpResponse:
    session = get_course_session_for(request.user, course_id, number)
    course = session.course
    places = selectors.register_places(session)
    record_places_shown(
        user=request.user, enrolments=[enrolment for enrolment, _ in places], request=request
    )
    form = RegisterForm(request.POST or None, places=places)
    form.fields[
        "attended"
    ].label = f"Who came to session {session.number} on {session.held_on:%-d %B %Y}?"
    back_url = reverse("programmes:course-detail", args=[course.public_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.record_register(
                by=request.user,
                session=session,
                attended=[form.places[key] for key in form.cleaned_data["attended"]],
            )
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            present = len(form.cleaned_data["attended"])
            messages.success(
                request,
                f"Register saved for session {session.number}: {present} of {len(places)} came.",
            )
            return redirect(back_url)
    intro = None if places else "No one has a place on this course yet."
    if session.held_on > timezone.localdate():
        intro = (
            f"Session {session.number} is on {session.held_on:%-d %B %Y}: take its register "
            "on the day or after."
        )
    return render(
        request,
        "programmes/register.html",
        {
            "form": form,
            "places": places,
            "caption": f"{course.programme.name}, {course.venue}",
            "title": f"Register for session {session.number}",
            "intro": intro,
            "back_url": back_url,
        },
    )


@staff_page(SERVICE)
@require_POST
def enrolment_complete(request: HttpRequest, enrolment_id: str) -> HttpResponse:
    enrolment = get_enrolment_for(
        request.user, enrolment_id, purpose=AccessPurpose.EDIT, request=request, course_work=True
    )
    try:
        services.complete_enrolment(by=request.user, enrolment=enrolment)
    except ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{enrolment.person.full_name} completed the course.")
    return redirect("programmes:course-detail", enrolment.course.public_id)


@staff_page(SERVICE)
@require_POST
def enrolment_withdraw(request: HttpRequest, enrolment_id: str) -> HttpResponse:
    enrolment = get_enrolment_for(
        request.user, enrolment_id, purpose=AccessPurpose.EDIT, request=request
    )
    try:
        services.withdraw_enrolment(by=request.user, enrolment=enrolment)
    except ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{enrolment.person.full_name} withdrawn: their place is free again."
        )
    return redirect("programmes:course-detail", enrolment.course.public_id)


# Enrolment from the family's record -------------------------------------------------------


@staff_page(SERVICE)
def enrol(request: HttpRequest, family_id: str) -> HttpResponse:
    family = get_family_for(request.user, family_id, purpose=AccessPurpose.EDIT, request=request)
    # Booked from a referral: the request for support the place answers.
    referral = (
        get_request_for(request.user, request.GET["request"], request=request)
        if request.GET.get("request")
        else None
    )
    courses = list(selectors.courses_for_enrolment(family))
    form = EnrolForm(request.POST or None, family=family, courses=courses)
    family_url = reverse("people:family-detail", args=[family.public_id])
    if request.method == "POST" and form.is_valid():
        person: Person = form.people[form.cleaned_data["person"]]
        course = form.courses[form.cleaned_data["course"]]
        try:
            services.enrol(
                by=request.user, course=course, family=family, person=person, request=referral
            )
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{person.full_name} has a place on {course.programme.name}.")
            return redirect(family_url)
    if not form.people:
        intro = "Add a parent or carer to the family first: places are for the adults."
    elif not courses:
        intro = "No course has places left at the moment. Look at the programme catalogue."
    else:
        intro = (
            "The programme must suit one of the family's children, by their age on the day "
            "the course starts."
        )
    return form_page(
        request,
        form,
        caption=family.name,
        title="Book onto a parenting programme",
        intro=intro,
        button="Book a place",
        back_url=family_url,
    )


# Workforce training -----------------------------------------------------------------------


@staff_page(VIEW_TRAINING)
def training_list(request: HttpRequest) -> HttpResponse:
    form = DateRangeForm(request.GET or None)
    dates = (
        {"date_from": form.cleaned_data["date_from"], "date_to": form.cleaned_data["date_to"]}
        if form.is_valid()
        else {}
    )
    authority = request.user.authority
    summary = selectors.training_summary(authority, **dates) if authority else None
    return render(
        request,
        "programmes/training_list.html",
        {
            "form": form,
            "courses": selectors.training_courses(request.user.authority_id, **dates),
            "summary": summary,
            "can_manage": request.user.has_perm(MANAGE_TRAINING),
        },
    )


@staff_page(MANAGE_TRAINING)
def training_course_new(request: HttpRequest) -> HttpResponse:
    form = TrainingCourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_training_course(by=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{course.name} added. Now add its sessions.")
            return redirect("programmes:training-list")
    return form_page(
        request,
        form,
        title="Add a training course",
        intro="For example Early Help, DSL initial or DSL refresher.",
        button="Add training course",
        back_url=reverse("programmes:training-list"),
    )


@staff_page(MANAGE_TRAINING)
def training_session_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("course"):
        initial["course"] = get_training_course_for(request.user, request.GET["course"]).pk
    form = TrainingSessionForm(
        request.POST or None, authority_id=request.user.authority_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_training_session(by=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, "Training session added. Now add its delegates.")
            return redirect("programmes:training-session", session.public_id)
    return form_page(
        request,
        form,
        title="Add a training session",
        button="Add session",
        back_url=reverse("programmes:training-list"),
    )


@staff_page(VIEW_TRAINING)
def training_session(request: HttpRequest, session_id: str) -> HttpResponse:
    session = get_training_session_for(request.user, session_id)
    return render(
        request,
        "programmes/training_session.html",
        {
            "session": session,
            "delegates": selectors.session_delegates(session),
            "can_manage": request.user.has_perm(MANAGE_TRAINING),
        },
    )


@staff_page(MANAGE_TRAINING)
def delegate_new(request: HttpRequest, session_id: str) -> HttpResponse:
    session = get_training_session_for(request.user, session_id)
    form = DelegateForm(request.POST or None, authority_id=session.course.authority_id)
    back_url = reverse("programmes:training-session", args=[session.public_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegate = services.add_delegate(
                by=request.user,
                session=session,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                user=data["staff_email"],
            )
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{delegate.name} added to the session.")
            return redirect(back_url)
    return form_page(
        request,
        form,
        caption=str(session),
        title="Add a delegate",
        intro=f"{session.places_left} of {session.capacity} places left.",
        button="Add delegate",
        back_url=back_url,
    )


@staff_page(MANAGE_TRAINING)
def delegate_scores(request: HttpRequest, delegate_id: str) -> HttpResponse:
    delegate = get_delegate_for(request.user, delegate_id)
    form = DelegateScoresForm(
        request.POST or None,
        initial={
            "confidence_before": delegate.confidence_before,
            "confidence_after": delegate.confidence_after,
            "overall_score": delegate.overall_score,
            "feedback": delegate.feedback,
        },
    )
    back_url = reverse("programmes:training-session", args=[delegate.session.public_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.record_delegate_scores(by=request.user, delegate=delegate, **form.cleaned_data)
        except ProgrammeError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"Scores saved for {delegate.name}.")
            return redirect(back_url)
    return form_page(
        request,
        form,
        caption=f"{delegate.name}, {delegate.session}",
        title="Record the delegate's scores",
        intro="How confident they felt in the subject before and after the training, from 0 "
        "(not at all) to 10 (fully), and their score for the session as a whole.",
        button="Save scores",
        back_url=back_url,
    )
