"""The public request form at /get-help/: a parent or carer, or a young person aged 13 or
over, asks for help without signing in.

One question per page, answers kept in the session until "Send request", then one
request written in one transaction. It never shows anything the system knows about
anyone: every confirmation looks the same whether or not the family is known.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from earlyhelp.accounts.models import Authority, District
from earlyhelp.accounts.services import client_ip
from earlyhelp.directory.selectors import public_service
from earlyhelp.frontdoor import services
from earlyhelp.frontdoor.forms import (
    ContactForm,
    PersonQuestionForm,
    SendForm,
    TriedForm,
    WhereForm,
    WhoForm,
    WorriesForm,
)
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.frontdoor.services import RequestDetails
from earlyhelp.support.selectors import support_line_hours

SESSION_KEY = "get_help"
SENT_KEY = "get_help_sent"


@dataclass(frozen=True)
class Question:
    slug: str
    form: type[forms.Form]
    title: str
    for_young_person: bool | None = None  # None: asked of everyone


QUESTIONS = [
    Question("who", WhoForm, "Who is asking for help?"),
    Question("child", PersonQuestionForm, "About your child", for_young_person=False),
    Question("you", PersonQuestionForm, "About you", for_young_person=True),
    Question("where", WhereForm, "Where do you live?"),
    Question("worries", WorriesForm, "What would you like help with?"),
    Question("tried", TriedForm, "What have you tried?"),
    Question("contact", ContactForm, "How can we contact you?"),
]
BY_SLUG = {question.slug: question for question in QUESTIONS}


def public_authority() -> Authority:
    """The authority whose front door this site's public form reaches: the one named by
    PUBLIC_AUTHORITY, or the only one there is."""
    slug = settings.PUBLIC_AUTHORITY
    authorities = Authority.objects.filter(slug=slug) if slug else Authority.objects.all()
    found = list(authorities[:2])
    if len(found) != 1:
        raise Http404
    return found[0]


def _answers(request: HttpRequest) -> dict[str, str]:
    return request.session.get(SESSION_KEY, {})


def _young_person(answers: dict[str, str]) -> bool:
    return answers.get("who") == RequestSource.YOUNG_PERSON


def _questions_for(answers: dict[str, str]) -> list[Question]:
    young = _young_person(answers)
    return [q for q in QUESTIONS if q.for_young_person is None or q.for_young_person == young]


def _form_for(
    question: Question, authority: Authority, answers: dict[str, str], data: object = None
) -> forms.Form:
    kwargs: dict[str, object] = {}
    if question.form is PersonQuestionForm:
        kwargs["young_person"] = _young_person(answers)
    if question.form is WhereForm:
        kwargs["authority"] = authority
    initial = dict(answers)
    if question.slug in ("child", "you"):
        initial = {
            "first_name": answers.get("child_first_name", ""),
            "last_name": answers.get("child_last_name", ""),
            "date_of_birth": answers.get("child_date_of_birth", ""),
        }
    elif question.slug == "contact" and _young_person(answers) and "requester_name" not in answers:
        initial["requester_name"] = (
            f"{answers.get('child_first_name', '')} {answers.get('child_last_name', '')}".strip()
        )
    return question.form(data, initial=initial, **kwargs)


def _store(question: Question, answers: dict[str, str], cleaned: dict[str, object]) -> None:
    for name, value in cleaned.items():
        if question.slug in ("child", "you"):
            name = f"child_{name}"
        if isinstance(value, District):
            value = str(value.public_id)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        answers[name] = str(value or "")


def _first_unanswered(answers: dict[str, str]) -> Question | None:
    for question in _questions_for(answers):
        if question.slug not in answers.get("answered", "").split(","):
            return question
    return None


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """The start page; from a service's page in the family hub (?service=<id>), the request
    will say which service the family was looking at."""
    authority = public_authority()
    service = None
    if "service" in request.GET:
        service = public_service(authority, request.GET["service"])
        answers = _answers(request)
        answers["service"] = str(service.pk) if service else ""
        request.session[SESSION_KEY] = answers
    return render(
        request,
        "frontdoor/public/start.html",
        {"authority": authority, "hours": support_line_hours(authority), "service": service},
    )


@never_cache
def question(request: HttpRequest, step: str) -> HttpResponse:
    authority = public_authority()
    current = BY_SLUG.get(step)
    answers = _answers(request)
    if current is None or current not in _questions_for(answers):
        raise Http404
    # A question can only be reached once the ones before it are answered.
    first_gap = _first_unanswered(answers)
    order = _questions_for(answers)
    if first_gap and order.index(first_gap) < order.index(current):
        return redirect("frontdoor:get-help-step", first_gap.slug)
    form = _form_for(
        current, authority, answers, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        _store(current, answers, form.cleaned_data)
        answered = set(filter(None, answers.get("answered", "").split(",")))
        answered.add(current.slug)
        if current.slug == "who":
            # Changing who is asking changes which questions apply.
            answered -= {"child", "you"}
        answers["answered"] = ",".join(sorted(answered))
        request.session[SESSION_KEY] = answers
        following = _first_unanswered(answers)
        if following is None:
            return redirect("frontdoor:get-help-check")
        return redirect("frontdoor:get-help-step", following.slug)
    previous = order[order.index(current) - 1] if order.index(current) else None
    back_url = (
        reverse("frontdoor:get-help-step", args=[previous.slug])
        if previous
        else reverse("frontdoor:get-help")
    )
    return render(
        request,
        "frontdoor/public/question.html",
        {"form": form, "question": current, "back_url": back_url, "authority": authority},
    )


@dataclass
class AnswerRow:
    label: str
    value: str
    change_slug: str


def _answer_rows(answers: dict[str, str], authority: Authority) -> list[AnswerRow]:
    young = _young_person(answers)
    district = District.objects.filter(
        authority=authority, public_id=answers.get("district") or None
    ).first()
    born = answers.get("child_date_of_birth", "")
    born_text = datetime.date.fromisoformat(born).strftime("%-d %B %Y") if born else ""
    person_step = "you" if young else "child"
    service = public_service(authority, answers.get("service"))
    asked_from = [AnswerRow("Service you asked from", service.name, "")] if service else []
    return [
        *asked_from,
        AnswerRow(
            "Who is asking",
            "A young person asking for themselves" if young else "A parent or carer",
            "who",
        ),
        AnswerRow(
            "Your name" if young else "Your child's name",
            f"{answers.get('child_first_name', '')} {answers.get('child_last_name', '')}",
            person_step,
        ),
        AnswerRow("Date of birth", born_text, person_step),
        AnswerRow(
            "Where you live",
            ", ".join(
                part
                for part in [district.name if district else "", answers.get("postcode", "")]
                if part
            ),
            "where",
        ),
        AnswerRow("What you would like help with", answers.get("worries", ""), "worries"),
        AnswerRow(
            "What you have tried", answers.get("tried_so_far", "") or "Nothing given", "tried"
        ),
        AnswerRow(
            "How we can contact you",
            "\n".join(
                part
                for part in [
                    answers.get("requester_name", ""),
                    answers.get("requester_email", ""),
                    answers.get("requester_phone", ""),
                ]
                if part
            ),
            "contact",
        ),
    ]


def sender_key(request: HttpRequest) -> str:
    """A keyed hash of the sender's address: enough to count their requests, without
    storing where anyone wrote from."""
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _over_rate_limit(key: str) -> bool:
    since = timezone.now() - datetime.timedelta(hours=1)
    sent = RequestForSupport.objects.filter(sender_key=key, received_at__gte=since).count()
    return sent >= settings.PUBLIC_REQUESTS_PER_HOUR


@never_cache
def check_answers(request: HttpRequest) -> HttpResponse:
    authority = public_authority()
    answers = _answers(request)
    gap = _first_unanswered(answers)
    if gap is not None:
        return redirect("frontdoor:get-help-step", gap.slug)
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = sender_key(request)
        with transaction.atomic():
            # One public request at a time per authority, so the count and the write
            # cannot interleave (the rate limit holds against requests sent at once).
            Authority.objects.select_for_update().get(pk=authority.pk)
            if _over_rate_limit(key):
                return render(
                    request,
                    "frontdoor/public/too_many.html",
                    {"hours": support_line_hours(authority)},
                    status=429,
                )
            support_request = _send(authority, answers, key)
        request.session.pop(SESSION_KEY, None)
        request.session[SENT_KEY] = support_request.reference
        return redirect("frontdoor:get-help-sent")
    return render(
        request,
        "frontdoor/public/check_answers.html",
        {"form": form, "rows": _answer_rows(answers, authority), "authority": authority},
    )


def _send(authority: Authority, answers: dict[str, str], key: str) -> RequestForSupport:
    young = _young_person(answers)
    born = answers.get("child_date_of_birth")
    return services.create_request(
        authority=authority,
        source=RequestSource.YOUNG_PERSON if young else RequestSource.PARENT_CARER,
        sender_key=key,
        details=RequestDetails(
            child_first_name=answers["child_first_name"],
            child_last_name=answers["child_last_name"],
            child_date_of_birth=datetime.date.fromisoformat(born) if born else None,
            parent_name="" if young else answers.get("requester_name", ""),
            district=District.objects.filter(
                authority=authority, public_id=answers.get("district") or None
            ).first(),
            postcode=answers.get("postcode", ""),
            worries=answers["worries"],
            tried_so_far=answers.get("tried_so_far", ""),
            service=public_service(authority, answers.get("service")),
            requester_name=answers["requester_name"],
            requester_email=answers.get("requester_email", ""),
            requester_phone=answers.get("requester_phone", ""),
            requester_role="Young person" if young else "Parent or carer",
            consent=RequestConsent.GIVEN,
        ),
    )


@never_cache
def confirmation(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SENT_KEY)
    if not reference:
        return redirect("frontdoor:get-help")
    return render(
        request,
        "frontdoor/public/sent.html",
        {"reference": reference, "authority": public_authority()},
    )
