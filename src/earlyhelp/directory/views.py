"""The public family hub: find help by need, age and place, and each service's page; and
the same search from a family's record for professionals."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe
from govuk_frontend_django.components.pagination import (
    GovUKPagination,
    PaginationNext,
    PaginationPrevious,
)

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import Authority, User
from earlyhelp.core.components import render_component
from earlyhelp.directory.forms import FamilyServiceSearchForm, FindHelpForm, PlaceSearchForm
from earlyhelp.directory.models import (
    Contact,
    CostOption,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from earlyhelp.directory.needs import needs_for
from earlyhelp.directory.search import (
    KM_PER_MILE,
    MAX_PAGE,
    HelpResult,
    HelpResults,
    family_search_defaults,
    find_help,
    results_map,
    schedule_in_words,
)
from earlyhelp.directory.selectors import public_services
from earlyhelp.frontdoor.public import public_authority
from earlyhelp.people.access import get_family_for
from earlyhelp.people.models import Family
from earlyhelp.people.selectors import families_editable_by
from earlyhelp.places import geometry
from earlyhelp.places.selectors import PlaceNotFound, locate


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def _with(query: QueryDict, **changes: Any) -> str:
    changed = query.copy()
    for name, value in changes.items():
        changed[name] = value
    return changed.urlencode()


def _pagination(query: QueryDict, found: HelpResults) -> SafeString | None:
    if found.total_pages <= 1:
        return None
    previous = next_page = None
    if found.has_previous:
        previous = PaginationPrevious(
            href=f"?{_with(query, page=found.page - 1)}", labelText=f"Page {found.page - 1}"
        )
    if found.has_next:
        next_page = PaginationNext(
            href=f"?{_with(query, page=found.page + 1)}",
            labelText=f"Page {found.page + 1} of {found.total_pages}",
        )
    return render_component(GovUKPagination(previous=previous, next=next_page))


def _search_context(form: PlaceSearchForm, query: QueryDict, service_query: str) -> dict[str, Any]:
    """The results and their map, when the form is valid."""
    if not (form.is_bound and form.is_valid()):
        return {"found": None}
    search = form.help_search()  # type: ignore[attr-defined]
    found = find_help(search, page=_page_number(query.get("page")))

    def href_for(result: HelpResult) -> str:
        return f"{reverse('directory:service', args=[result.service.pk])}?{service_query}"

    return {
        "found": found,
        "search": search,
        "pagination": _pagination(query, found),
        "first_page_query": _with(query, page=1),
        "map_data": results_map(search, found.results, href_for),
    }


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    authority = public_authority()
    form = FindHelpForm(request.GET or None, authority=authority)
    context = _search_context(form, request.GET, _with(request.GET))
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "authority": authority,
            "service_query": _with(request.GET),
            **context,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_safe
def service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    authority = public_authority()
    found = (
        public_services(authority)
        .select_related("organization")
        .prefetch_related(
            "issue_codes",
            "cost_options",
            "languages",
            "phones",
            Prefetch("contacts", queryset=_contacts()),
            Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at", "byday")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses",
                    "location__accessibility",
                    "location__phones",
                    Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at")),
                ),
            ),
        )
        .filter(pk=service_id)
        .first()
    )
    if found is None:
        raise Http404
    place = _searched_place(authority, request.GET.get("where", ""))
    rows = list(found.service_at_locations.all())
    places = sorted(
        (_PlaceOnPage(row.location, _distance_in_miles(place, row.location)) for row in rows),
        key=lambda shown: (shown.miles is None, shown.miles or 0, shown.location.name),
    )
    opening_times = [
        _OpeningTime(schedule_in_words(s), s.description, "") for s in found.schedules.all()
    ]
    for row in rows:
        opening_times += [
            _OpeningTime(schedule_in_words(s), s.description, row.location.name)
            for s in row.schedules.all()
        ]
    back_query = _with(request.GET)
    return render(
        request,
        "directory/service.html",
        {
            "service": found,
            "authority": authority,
            "organization": found.organization,
            "needs": needs_for(code.code for code in found.issue_codes.all()),
            "ages": _ages_in_words(found),
            "opening_times": opening_times,
            "places": places,
            "costs": [_cost_in_words(option) for option in found.cost_options.all()],
            "contacts": list(found.contacts.all()),
            "languages": list(found.languages.all()),
            "is_temporarily_closed": found.status == ServiceStatus.TEMPORARILY_CLOSED,
            "back_url": f"{reverse('directory:search')}?{back_query}" if back_query else "",
            "searched_place": place,
            "ask_url": f"{reverse('frontdoor:get-help')}?service={found.pk}",
        },
    )


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.prefetch_related("phones")


@dataclass(frozen=True)
class _PlaceOnPage:
    location: Location
    miles: float | None  # from the searched place


@dataclass(frozen=True)
class _OpeningTime:
    words: str
    note: str
    place: str  # the place these times are for; "" when they are the service's own


def _cost_in_words(option: CostOption) -> str:
    """ "£15.00 per course (free for families on a low income)", "Free"."""
    if option.amount is None:
        price = ""
    elif option.amount == 0:
        price = "Free"
    else:
        price = f"£{option.amount:,.2f}"
    parts = [price] if price else []
    for detail in (option.option, option.amount_description):
        if detail and detail.casefold() not in {part.casefold() for part in parts}:
            parts.append(detail)
    if len(parts) < 2:
        return parts[0] if parts else "Ask the service"
    return f"{parts[0]}: {'; '.join(parts[1:])}"


def _searched_place(authority: Authority, where: str) -> Any:
    if not where or len(where) > 100:
        return None
    try:
        return locate(authority, where)
    except PlaceNotFound:
        return None


def _distance_in_miles(place: Any, location: Location) -> float | None:
    if place is None or location.latitude is None or location.longitude is None:
        return None
    kilometres = geometry.haversine_km(
        place.latitude, place.longitude, location.latitude, location.longitude
    )
    return kilometres / KM_PER_MILE


def _ages_in_words(service: Service) -> str:
    low, high = service.child_minimum_age, service.child_maximum_age
    if low is None and high is None:
        low = int(service.minimum_age) if service.minimum_age is not None else None
        high = int(service.maximum_age) if service.maximum_age is not None else None
    if low is None and high is None:
        return "All ages"
    if low is None or low == 0:
        return f"Up to {high} years old" if high is not None else "All ages"
    if high is None:
        return f"{low} years old and over"
    return f"{low} to {high} years old"


def _suggest_url(user: User, family: Family) -> str | None:
    """Where "Suggest to family" posts, for those who may change the family's record (the
    rule the suggestion itself applies); None for readers, such as analysts: then no
    button is shown."""
    if not families_editable_by(user).filter(pk=family.pk).exists():
        return None
    return reverse("directory_staff:suggest", args=[family.public_id])


@staff_page("accounts.use_service")
@require_safe
def family_search(request: HttpRequest, family_id: uuid.UUID) -> HttpResponse:
    family = get_family_for(request.user, family_id, request=request)
    data = request.GET
    if set(data) <= {"page"}:
        # Opened from the family's record: start from what the record says.
        data = QueryDict(mutable=True)
        for name, value in family_search_defaults(family, timezone.localdate()).items():
            if isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = value
        data["page"] = request.GET.get("page", "1")
    form = FamilyServiceSearchForm(data, authority=family.authority)
    context = _search_context(form, data, "")
    return render(
        request,
        "directory/family_search.html",
        {
            "form": form,
            "family": family,
            "suggest_url": _suggest_url(request.user, family),
            "this_page": request.get_full_path(),
            **context,
        },
        status=200 if form.is_valid() else 400,
    )
