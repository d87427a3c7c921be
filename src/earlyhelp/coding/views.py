"""The coder's pages: codes on a triage entry, the analysts' review queue and their
agreement with the coder, and the safeguarding flags a person must look at now."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import User
from earlyhelp.accounts.services import record_families_listed
from earlyhelp.coding import selectors
from earlyhelp.coding.forms import CloseFlagForm, ReviewCodesForm
from earlyhelp.coding.models import FlagAction, SafeguardingFlag
from earlyhelp.coding.services import CodingError, close_flag, review_entry
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.pathways.access import get_entry_for
from earlyhelp.pathways.models import TriageEntry
from earlyhelp.people.models import Family

QUEUE_PAGE_SIZE = 25
# The red entries without an escalation shown at once, most recent first.
RED_SHOWN = 100


def with_codes(entries: list[TriageEntry]) -> list[TriageEntry]:
    """The entries, each with `shown_codes` (selectors.EntryCodes) for the templates."""
    codes = selectors.codes_of(entries)
    for entry in entries:
        entry.shown_codes = codes[entry.pk]  # type: ignore[attr-defined]
    return entries


def _families_of(entries: list[TriageEntry]) -> list[Family]:
    families = {entry.triage.pathway.family_id: entry.triage.pathway.family for entry in entries}
    return list(families.values())


@staff_page("accounts.use_service")
@require_safe
def entry_codes(request: HttpRequest, entry_id: str) -> HttpResponse:
    """The codes of one entry as an HTML fragment, for the triage page to fetch while the
    coder works."""
    entry = get_entry_for(request.user, entry_id, request=request)
    return render(request, "coding/_entry_codes.html", {"entry": with_codes([entry])[0]})


# The analysts' review -------------------------------------------------------------------


@staff_page("coding.review_codes")
@require_safe
def review(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = with_codes(list(page))
    record_families_listed(user=request.user, families=_families_of(entries), request=request)
    return render(
        request,
        "coding/review.html",
        {"page": page, "entries": entries, "counts": selectors.queue_counts(request.user)},
    )


@staff_page("coding.review_codes")
def review_entry_page(request: HttpRequest, entry_id: str) -> HttpResponse:
    entry = get_entry_for(request.user, entry_id, request=request)
    family = entry.triage.pathway.family
    shown = with_codes([entry])[0].shown_codes  # type: ignore[attr-defined]
    form = ReviewCodesForm(
        request.POST if request.method == "POST" else None,
        codes=issue_codes_for(family.authority),
        initial={"codes": [row.code.code for row in [*shown.confirmed, *shown.suggested]]},
    )
    # Worked out before saving: once reviewed, the entry leaves the queue.
    following = selectors.next_in_queue(request.user, entry)
    if request.method == "POST" and form.is_valid():
        try:
            review_entry(by=request.user, entry=entry, codes=form.cleaned_data["codes"])
        except CodingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Codes confirmed for family {family.reference}.")
            if following is None:
                return redirect("coding:review")
            return redirect("coding:review-entry", following.public_id)
    coding = getattr(entry, "coding", None)
    return render(
        request,
        "coding/review_entry.html",
        {
            "entry": entry,
            "family": family,
            "coding": coding,
            "form": form,
            "following": following,
            "counts": selectors.queue_counts(request.user),
        },
    )


# Agreement between the coder and the analysts ------------------------------------------


@dataclass
class AgreementRow:
    code: str
    need: str
    agreed: int
    rejected: int
    missed: int
    precision: str
    recall: str


def _percent(value: float | None) -> str:
    return "No data" if value is None else f"{value:.0%}"


def _agreement_rows(user: User, rows: list[selectors.Agreement]) -> list[AgreementRow]:
    """One row per code of the authority (codes never seen count zero)."""
    counted = {row.code: row for row in rows}
    table = []
    for code in issue_codes_for(user.authority, include_inactive=True):
        row = counted.pop(code.code, selectors.Agreement(code.code, 0, 0, 0))
        if not code.is_active and not (row.agreed or row.rejected or row.missed):
            continue
        table.append(_agreement_row(row, code.need))
    return table + [_agreement_row(row, "") for row in counted.values()]


def _agreement_row(row: selectors.Agreement, need: str) -> AgreementRow:
    return AgreementRow(
        row.code,
        need,
        row.agreed,
        row.rejected,
        row.missed,
        _percent(row.precision),
        _percent(row.recall),
    )


@staff_page("coding.view_agreement")
@require_safe
def agreement(request: HttpRequest) -> HttpResponse:
    since = selectors.month_start()
    periods = []
    for title, rows in (
        (f"This month (since {since:%-d %B %Y})", selectors.agreement(request.user, since=since)),
        ("All time", selectors.agreement(request.user)),
    ):
        periods.append(
            {
                "title": title,
                "rows": _agreement_rows(request.user, rows),
                "overall": _agreement_row(selectors.overall(rows), ""),
            }
        )
    return render(request, "coding/agreement.html", {"periods": periods})


# Safeguarding: what needs a human now ---------------------------------------------------


@staff_page("coding.view_flags")
@require_safe
def flags(request: HttpRequest) -> HttpResponse:
    user = request.user
    open_flags = list(selectors.open_flags(user))
    flagged_entries = {flag.entry_id for flag in open_flags}
    red = selectors.red_without_escalation(user).exclude(pk__in=flagged_entries)
    red_count = red.count()
    red_entries = list(red[:RED_SHOWN])
    closed = list(selectors.recently_closed_flags(user))
    record_families_listed(
        user=user,
        families=_families_of(
            [flag.entry for flag in open_flags] + red_entries + [flag.entry for flag in closed]
        ),
        request=request,
    )
    return render(
        request,
        "coding/flags.html",
        {
            "open_flags": open_flags,
            "red_entries": red_entries,
            "red_count": red_count,
            "red_shown": RED_SHOWN,
            "closed_flags": closed,
        },
    )


def _flag_for(user: User, flag_id: str) -> SafeguardingFlag:
    flag = selectors.flags_visible_to(user).filter(public_id=flag_id).first()
    if flag is None:
        raise Http404
    return flag


@staff_page("coding.view_flags")
def flag_close(request: HttpRequest, flag_id: str) -> HttpResponse:
    flag = _flag_for(request.user, flag_id)
    if not flag.is_open:
        messages.success(request, "This flag has already been closed.")
        return redirect("coding:flags")
    entry = get_entry_for(request.user, flag.entry.public_id, request=request)
    form = CloseFlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            close_flag(by=request.user, flag=flag, **form.cleaned_data)
        except CodingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Flag closed for family {entry.triage.pathway.family.reference}: "
                f"{FlagAction(form.cleaned_data['action']).label}.",
            )
            return redirect("coding:flags")
    return render(
        request,
        "coding/close_flag.html",
        {
            "flag": flag,
            "entry": entry,
            "family": entry.triage.pathway.family,
            "form": form,
            "back_url": reverse("coding:flags"),
        },
    )
