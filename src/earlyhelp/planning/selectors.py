"""Reads for planning: the child population by area, district and deprivation decile, and
the requests, pathways and step-ups counted by the area of the family they are about."""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.pathways.models import Escalation, Pathway
from earlyhelp.places.models import Area
from earlyhelp.planning.models import ChildPopulation

# A family's place, as planning counts it: its area's IMD decile (1 most deprived to 10),
# NO_DECILE for an area held without one, and AREA_UNKNOWN for a family with no area.
DECILES = tuple(range(1, 11))
NO_DECILE = 0
AREA_UNKNOWN = None
Category = int | None
NO_DISTRICT = "Areas in no district"  # how tables name the areas no district holds

MEASURES = ("requests", "pathways", "escalations")


def population_years(authority: Authority) -> list[int]:
    return sorted(
        ChildPopulation.objects.filter(area__authority=authority)
        .values_list("year", flat=True)
        .distinct()
    )


def population_year_for(authority: Authority, year: int) -> int | None:
    """The mid-year estimate to count children by for a year: the latest held up to that
    year, else the earliest held (None when no population is held)."""
    years = population_years(authority)
    earlier = [held for held in years if held <= year]
    return earlier[-1] if earlier else (years[0] if years else None)


def children_by_area(authority: Authority, year: int) -> dict[int, int]:
    """Children aged 0 to 17 in each of the authority's areas at the mid-year."""
    return dict(
        ChildPopulation.objects.filter(area__authority=authority, year=year)
        .values("area_id")
        .annotate(children=Sum("count"))
        .values_list("area_id", "children")
    )


def area_places(authority: Authority) -> dict[int, tuple[int | None, Category]]:
    """Each of the authority's areas: (district id, decile category)."""
    return {
        pk: (district_id, NO_DECILE if decile is None else decile)
        for pk, district_id, decile in Area.objects.filter(authority=authority).values_list(
            "pk", "district_id", "imd_decile"
        )
    }


def children_by_decile(authority: Authority, year: int) -> Counter[Category]:
    places = area_places(authority)
    children: Counter[Category] = Counter()
    for area_id, count in children_by_area(authority, year).items():
        children[places[area_id][1]] += count
    return children


def children_by_district_and_decile(
    authority: Authority, year: int
) -> dict[int | None, Counter[Category]]:
    """District id -> children by decile category, with those in areas in no district
    under None."""
    places = area_places(authority)
    children: dict[int | None, Counter[Category]] = {}
    for area_id, count in children_by_area(authority, year).items():
        district_id, category = places[area_id]
        children.setdefault(district_id, Counter())[category] += count
    return children


def districts_of(authority: Authority) -> list[District]:
    return list(District.objects.filter(authority=authority).order_by("name"))


def requests_received(authority: Authority, start: datetime.date, end: datetime.date) -> QuerySet:
    """Requests for support received from the start to the end day (inclusive, local time)."""
    return RequestForSupport.objects.filter(
        authority=authority, received_at__gte=_midnight(start), received_at__lt=_midnight(end, 1)
    )


def pathways_opened(authority: Authority, start: datetime.date, end: datetime.date) -> QuerySet:
    return Pathway.objects.filter(family__authority=authority, opened_on__range=(start, end))


def escalations_made(authority: Authority, start: datetime.date, end: datetime.date) -> QuerySet:
    """Step-ups from an Early Help pathway to children's social care."""
    return Escalation.objects.filter(
        pathway__family__authority=authority, escalated_on__range=(start, end)
    )


FAMILY_AREA = {
    "requests": (requests_received, "family__area_id"),
    "pathways": (pathways_opened, "family__area_id"),
    "escalations": (escalations_made, "pathway__family__area_id"),
}


def counts_by_category(
    authority: Authority, measure: str, start: datetime.date, end: datetime.date
) -> Counter[Category]:
    """How many of the measure fell in the days, by the decile category of the family's
    area (its area now). A request not matched to a family counts as area unknown."""
    read, area_path = FAMILY_AREA[measure]
    by_area = dict(
        read(authority, start, end)
        .order_by()
        .values(area_path)
        .annotate(n=Count("pk"))
        .values_list(area_path, "n")
    )
    return _by_category(by_area)


def first_record_on(authority: Authority) -> datetime.date | None:
    """The day the service's records begin: its first request received or pathway opened."""
    first_request = (
        RequestForSupport.objects.filter(authority=authority)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    first_pathway = (
        Pathway.objects.filter(family__authority=authority)
        .order_by("opened_on")
        .values_list("opened_on", flat=True)
        .first()
    )
    days = [day for day in (first_pathway,) if day is not None]
    if first_request is not None:
        days.append(timezone.localtime(first_request).date())
    return min(days) if days else None


def _by_category(by_area: dict[int | None, int]) -> Counter[Category]:
    deciles = dict(
        Area.objects.filter(pk__in=[pk for pk in by_area if pk is not None]).values_list(
            "pk", "imd_decile"
        )
    )
    counts: Counter[Category] = Counter()
    for area_id, count in by_area.items():
        if area_id is None:
            counts[AREA_UNKNOWN] += count
        else:
            decile = deciles.get(area_id)
            counts[NO_DECILE if decile is None else decile] += count
    return counts


def _midnight(day: datetime.date, days_later: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(day + datetime.timedelta(days=days_later), datetime.time())
    return timezone.make_aware(moment)


def category_label(category: Category) -> str:
    if category is AREA_UNKNOWN:
        return "Area unknown"
    if category == NO_DECILE:
        return "Area with no IMD decile"
    if category == 1:
        return "1 (most deprived)"
    if category == 10:
        return "10 (least deprived)"
    return str(category)


def categories_present(*counters: Iterable[Category]) -> list[Category]:
    """Deciles 1 to 10 always; the no-decile and unknown rows when they hold anything."""
    seen = {category for counter in counters for category in counter}
    extra = [category for category in (NO_DECILE, AREA_UNKNOWN) if category in seen]
    return [*DECILES, *extra]
