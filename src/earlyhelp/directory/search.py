"""Finding help in the directory: services by need, a child's age and a place, nearest
first with family hubs pinned; open now from schedules, free or paid from cost options;
and the data a map of places is drawn from.

The database narrows first (authority, active status, issue codes, ages, cost, a
bounding box round the place, schedules that could be open today); only the few rows
left are measured exactly (haversine) and checked against their schedules in Python.
Services that are online, by phone or on a mobile unit serve the whole authority: they
follow the places within the distance.
"""

import datetime
import json
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from earlyhelp.accounts.models import Authority
from earlyhelp.directory.models import (
    CostOption,
    Frequency,
    Location,
    LocationKind,
    LocationType,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from earlyhelp.pathways.models import CodeStatus, EntryCode, PathwayStatus, Triage
from earlyhelp.people.models import Family, age_on
from earlyhelp.places import geometry
from earlyhelp.places.importing import normalise_postcode
from earlyhelp.places.models import Area, Postcode
from earlyhelp.places.selectors import Location as Place
from earlyhelp.places.selectors import PlaceNotFound, locate

KM_PER_MILE = 1.609344
DISTANCES_IN_MILES = (1, 3, 5, 10, 20)
DEFAULT_DISTANCE_IN_MILES = 5
PAGE_SIZE = 20
MAX_PAGE = 1000
LONDON = ZoneInfo("Europe/London")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
SERVES_EVERYWHERE_KINDS = (LocationKind.VIRTUAL, LocationKind.MOBILE)
DEPRIVED_DECILES = (1, 2, 3)


@dataclass(frozen=True)
class HelpSearch:
    """What someone is looking for. `child_ages` holds whole years: a service matches
    when it serves any of them (a family may have several children). Without a place,
    the whole authority is searched and `distance_km` is not used."""

    authority: Authority
    issue_codes: tuple[str, ...] = ()
    child_ages: tuple[int, ...] = ()
    place: Place | None = None
    distance_km: float = DEFAULT_DISTANCE_IN_MILES * KM_PER_MILE
    free_only: bool = False
    open_now: bool = False


@dataclass(frozen=True)
class HelpResult:
    service: Service
    location: Location | None  # the nearest place it is offered, or where it is based
    distance_km: float | None  # None without a searched place, or for services everywhere
    is_family_hub: bool
    is_open_now: bool | None  # None when the service gives no opening times
    is_free: bool
    serves_everywhere: bool  # online, by phone or a mobile unit: anywhere in the authority

    @property
    def distance_in_miles(self) -> float | None:
        return None if self.distance_km is None else self.distance_km / KM_PER_MILE

    @property
    def in_deprived_area(self) -> bool:
        return self.location is not None and self.location.deprivation_decile in DEPRIVED_DECILES


@dataclass(frozen=True)
class HelpResults:
    results: list[HelpResult]  # this page's
    total: int
    page: int
    page_size: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total / self.page_size)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


@dataclass(frozen=True)
class _Candidate:
    service_id: uuid.UUID
    location_id: uuid.UUID | None
    distance_km: float | None
    is_family_hub: bool
    serves_everywhere: bool


def find_help(
    search: HelpSearch,
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    now: datetime.datetime | None = None,
) -> HelpResults:
    """One page of the services that match, in order: with a place, the family hubs
    within the distance (nearest first), then the other places within it (nearest
    first), then the services that serve everywhere (by name); without a place, the
    services at family hubs, then the rest, by name."""
    moment = timezone.localtime(now or timezone.now(), LONDON)
    services = matching_services(search, moment)
    if search.place is None:
        candidates = _across_the_authority(services)
    else:
        nearby = _nearby(services, search.place, search.distance_km)
        found = {candidate.service_id for candidate in nearby}
        candidates = nearby + [
            c for c in _serving_everywhere(services) if c.service_id not in found
        ]
    if search.open_now:
        open_ids = _open_service_ids(services, moment)
        candidates = [c for c in candidates if c.service_id in open_ids]
    page = max(1, min(page, MAX_PAGE))
    start = (page - 1) * page_size
    return HelpResults(
        results=_results(candidates[start : start + page_size], moment),
        total=len(candidates),
        page=page,
        page_size=page_size,
    )


def matching_services(search: HelpSearch, moment: datetime.datetime) -> QuerySet[Service]:
    """The authority's active services that fit the need, ages, cost and (roughly) open
    now: everything but the place, in the database."""
    services = Service.objects.filter(authority=search.authority, status=ServiceStatus.ACTIVE)
    if search.issue_codes:
        services = services.filter(
            Exists(
                Service.issue_codes.through.objects.filter(
                    service_id=OuterRef("pk"), issuecode__code__in=search.issue_codes
                )
            )
        )
    if search.child_ages:
        serves_any = Q()
        for age in search.child_ages:
            serves_any |= serves_age(age)
        services = services.filter(serves_any)
    if search.free_only:
        services = services.filter(_is_free(moment.date()))
    if search.open_now:
        services = services.filter(
            Exists(
                _schedules_possibly_open(moment).filter(
                    Q(service=OuterRef("pk")) | Q(service_at_location__service=OuterRef("pk"))
                )
            )
        )
    return services


def serves_age(age: int) -> Q:
    """Services for a child of this age: by the child age range the service gives, or by
    its minimum and maximum age when it gives none."""
    no_child_range = Q(child_minimum_age__isnull=True, child_maximum_age__isnull=True)
    in_child_range = (Q(child_minimum_age__isnull=True) | Q(child_minimum_age__lte=age)) & (
        Q(child_maximum_age__isnull=True) | Q(child_maximum_age__gte=age)
    )
    in_age_range = (Q(minimum_age__isnull=True) | Q(minimum_age__lte=age)) & (
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)
    )
    return (~no_child_range & in_child_range) | (no_child_range & in_age_range)


def _current_cost_options(day: datetime.date) -> QuerySet[CostOption]:
    return CostOption.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def _is_free(day: datetime.date) -> Q:
    """Free: no cost given, or a cost option of nothing."""
    options = _current_cost_options(day).filter(service=OuterRef("pk"))
    return Q(~Exists(options)) | Q(Exists(options.filter(amount=0)))


def is_free(cost_options: Iterable[CostOption], day: datetime.date) -> bool:
    """The same rule as the search's, on cost options already fetched."""
    current = [
        option
        for option in cost_options
        if (option.valid_from is None or option.valid_from <= day)
        and (option.valid_to is None or option.valid_to >= day)
    ]
    return not current or any(option.amount == 0 for option in current)


def _serves_everywhere_location() -> Q:
    return Q(location_type=LocationType.VIRTUAL) | Q(kind__in=SERVES_EVERYWHERE_KINDS)


def _nearby(services: QuerySet[Service], place: Place, radius_km: float) -> list[_Candidate]:
    """Each service's nearest physical place within the distance, family hubs first."""
    box = geometry.box_around(place.latitude, place.longitude, radius_km)
    rows = (
        ServiceAtLocation.objects.filter(
            service__in=services,
            location__latitude__gte=box.min_latitude,
            location__latitude__lte=box.max_latitude,
            location__longitude__gte=box.min_longitude,
            location__longitude__lte=box.max_longitude,
        )
        .exclude(location__location_type=LocationType.VIRTUAL)
        .exclude(location__kind__in=SERVES_EVERYWHERE_KINDS)
        .values_list(
            "service_id",
            "location_id",
            "location__latitude",
            "location__longitude",
            "location__is_family_hub",
            "service__name",
        )
    )
    nearest: dict[uuid.UUID, tuple[float, str, _Candidate]] = {}
    for service_id, location_id, latitude, longitude, is_hub, name in rows:
        distance = geometry.haversine_km(place.latitude, place.longitude, latitude, longitude)
        if distance > radius_km:
            continue
        held = nearest.get(service_id)
        if held is None or distance < held[0]:
            candidate = _Candidate(service_id, location_id, distance, is_hub, False)
            nearest[service_id] = (distance, name, candidate)
    ordered = sorted(
        nearest.values(), key=lambda item: (not item[2].is_family_hub, item[0], item[1])
    )
    return [candidate for _, _, candidate in ordered]


def _serving_everywhere(services: QuerySet[Service]) -> list[_Candidate]:
    """Services online, by phone or on a mobile unit, and those with no place at all."""
    everywhere = ServiceAtLocation.objects.filter(
        service=OuterRef("pk"), location__in=Location.objects.filter(_serves_everywhere_location())
    )
    anywhere = ServiceAtLocation.objects.filter(service=OuterRef("pk"))
    rows = (
        services.filter(Exists(everywhere) | ~Exists(anywhere))
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    return [_Candidate(service_id, None, None, False, True) for service_id in rows]


def _across_the_authority(services: QuerySet[Service]) -> list[_Candidate]:
    """Without a place: services at family hubs, then the rest, by name."""
    at_hub = ServiceAtLocation.objects.filter(service=OuterRef("pk"), location__is_family_hub=True)
    physical = ServiceAtLocation.objects.filter(service=OuterRef("pk")).exclude(
        location__in=Location.objects.filter(_serves_everywhere_location())
    )
    rows = (
        services.annotate(at_hub=Exists(at_hub), physical=Exists(physical))
        .order_by(F("at_hub").desc(), "name", "pk")
        .values_list("pk", "at_hub", "physical")
    )
    return [_Candidate(pk, None, None, hub, not physical) for pk, hub, physical in rows]


def _results(candidates: Sequence[_Candidate], moment: datetime.datetime) -> list[HelpResult]:
    """The page's results, fetched in a few queries."""
    ids = [candidate.service_id for candidate in candidates]
    services = {
        service.pk: service
        for service in Service.objects.filter(pk__in=ids)
        .select_related("organization")
        .prefetch_related("cost_options")
    }
    places = (
        ServiceAtLocation.objects.filter(service_id__in=ids)
        .select_related("location")
        .order_by("-location__is_family_hub", "location__name", "pk")
    )
    where: dict[uuid.UUID, list[ServiceAtLocation]] = {}
    for row in places:
        where.setdefault(row.service_id, []).append(row)
    schedules = list(
        Schedule.objects.filter(
            Q(service_id__in=ids) | Q(service_at_location__service_id__in=ids)
        ).select_related("service_at_location")
    )
    results = []
    for candidate in candidates:
        service = services.get(candidate.service_id)
        if service is None:  # deleted between the two queries
            continue
        location = _location_for(candidate, where.get(service.pk, []))
        hours = [
            schedule
            for schedule in schedules
            if schedule.service_id == service.pk
            or (
                schedule.service_at_location is not None
                and schedule.service_at_location.service_id == service.pk
                and (location is None or schedule.service_at_location.location_id == location.pk)
            )
        ]
        results.append(
            HelpResult(
                service=service,
                location=location,
                distance_km=candidate.distance_km,
                is_family_hub=bool(location and location.is_family_hub),
                is_open_now=is_open_now(hours, moment) if hours else None,
                is_free=is_free(service.cost_options.all(), moment.date()),
                serves_everywhere=candidate.serves_everywhere,
            )
        )
    return results


def _location_for(candidate: _Candidate, rows: list[ServiceAtLocation]) -> Location | None:
    if candidate.location_id is not None:
        return next((r.location for r in rows if r.location_id == candidate.location_id), None)
    if candidate.serves_everywhere:
        everywhere = [
            r.location
            for r in rows
            if r.location.location_type == LocationType.VIRTUAL
            or r.location.kind in SERVES_EVERYWHERE_KINDS
        ]
        return everywhere[0] if everywhere else None
    return rows[0].location if rows else None


# Opening times


def _schedules_possibly_open(moment: datetime.datetime) -> QuerySet[Schedule]:
    """Schedules that may be open at the moment (London time): valid today, with times
    round it, on today's weekday or on days the database cannot tell (monthly dates,
    a start date). is_open_at makes the exact check."""
    day, time = moment.date(), moment.time()
    return Schedule.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day + datetime.timedelta(days=1)),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day - datetime.timedelta(days=1)),
        Q(opens_at__isnull=False, closes_at__isnull=False),
        Q(byday__icontains=DAY_CODES[day.weekday()])
        | Q(byday="")
        | Q(closes_at__lte=F("opens_at")),
        Q(opens_at__lte=time, closes_at__gt=time) | Q(closes_at__lte=F("opens_at")),
    )


def _open_service_ids(services: QuerySet[Service], moment: datetime.datetime) -> set[uuid.UUID]:
    rows = (
        _schedules_possibly_open(moment)
        .filter(Q(service__in=services) | Q(service_at_location__service__in=services))
        .select_related("service_at_location")
    )
    open_ids = set()
    for schedule in rows:
        if is_open_at(schedule, moment):
            service_id = schedule.service_id or schedule.service_at_location.service_id
            open_ids.add(service_id)
    return open_ids


def is_open_now(schedules: Iterable[Schedule], moment: datetime.datetime) -> bool:
    return any(is_open_at(schedule, moment) for schedule in schedules)


def is_open_at(schedule: Schedule, moment: datetime.datetime) -> bool:
    """Whether the schedule has the service open at the moment (its London time)."""
    local = timezone.localtime(moment, LONDON) if timezone.is_aware(moment) else moment
    day, time = local.date(), local.time()
    opens, closes = schedule.opens_at, schedule.closes_at
    if opens is None or closes is None:
        return False
    if opens < closes:
        return opens <= time < closes and runs_on(schedule, day)
    # Open past midnight: this evening's opening, or the end of last night's.
    yesterday = day - datetime.timedelta(days=1)
    return (time >= opens and runs_on(schedule, day)) or (
        time < closes and runs_on(schedule, yesterday)
    )


def runs_on(schedule: Schedule, day: datetime.date) -> bool:
    """Whether the schedule's recurrence has a session on the day."""
    if schedule.valid_from and day < schedule.valid_from:
        return False
    if schedule.valid_to and day > schedule.valid_to:
        return False
    if schedule.dtstart and day < schedule.dtstart:
        return False
    days = _days(schedule.byday)
    if schedule.freq == Frequency.MONTHLY:
        month_days = _month_days(schedule.bymonthday)
        if month_days and _month_day_matches(day, month_days):
            return True
        return any(_ordinal_weekday_matches(day, ordinal, code) for ordinal, code in days)
    if not schedule.freq and not days:
        if schedule.bymonthday:
            return _month_day_matches(day, _month_days(schedule.bymonthday))
        # A one-off session, or (with no date either) every day.
        return schedule.dtstart is None or day == schedule.dtstart
    codes = {code for _, code in days}
    if not codes and schedule.dtstart:
        codes = {DAY_CODES[schedule.dtstart.weekday()]}
    if DAY_CODES[day.weekday()] not in codes:
        return False
    interval = schedule.interval or 1
    if interval > 1 and schedule.dtstart:
        weeks = (_monday(day) - _monday(schedule.dtstart)).days // 7
        return weeks % interval == 0
    return True


def _days(byday: str) -> list[tuple[int | None, str]]:
    """ "MO,1TU,-1FR" -> [(None, "MO"), (1, "TU"), (-1, "FR")]; unreadable parts are left out."""
    days = []
    for part in byday.upper().replace(" ", "").split(","):
        code, number = part[-2:], part[:-2]
        if code not in DAY_CODES:
            continue
        try:
            ordinal = int(number) if number not in ("", "+") else None
        except ValueError:
            continue
        days.append((ordinal, code))
    return days


def _month_days(bymonthday: str) -> set[int]:
    days = set()
    for part in bymonthday.replace(" ", "").split(","):
        try:
            number = int(part)
        except ValueError:
            continue
        if 1 <= abs(number) <= 31:
            days.add(number)
    return days


def _days_in_month(day: datetime.date) -> int:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return (following - datetime.timedelta(days=1)).day


def _month_day_matches(day: datetime.date, month_days: set[int]) -> bool:
    return day.day in month_days or (day.day - _days_in_month(day) - 1) in month_days


def _ordinal_weekday_matches(day: datetime.date, ordinal: int | None, code: str) -> bool:
    if DAY_CODES[day.weekday()] != code:
        return False
    if ordinal is None:
        return True
    if ordinal > 0:
        return (day.day - 1) // 7 + 1 == ordinal
    return (_days_in_month(day) - day.day) // 7 + 1 == -ordinal


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def time_in_words(time: datetime.time) -> str:
    """9:30am, 10am, 12 noon."""
    if time.hour == 12 and time.minute == 0:
        return "12 noon"
    if time.hour == 0 and time.minute == 0:
        return "midnight"
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}:{time.minute:02d}{suffix}"


def _day_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def schedule_in_words(schedule: Schedule) -> str:
    """The schedule as a sentence: "Every Tuesday, 9:30am to 11:30am"."""
    days = _days(schedule.byday)
    if schedule.freq == Frequency.MONTHLY and days:
        when = _day_list(
            [
                f"the {ORDINALS.get(ordinal, f'{ordinal}th')} {DAY_NAMES[DAY_CODES.index(code)]}"
                if ordinal
                else f"every {DAY_NAMES[DAY_CODES.index(code)]}"
                for ordinal, code in days
            ]
        )
        when = f"{when[0].upper()}{when[1:]} of the month"
    elif schedule.bymonthday and _month_days(schedule.bymonthday):
        numbers = sorted(_month_days(schedule.bymonthday))
        when = "On day " + _day_list([str(n) if n > 0 else "the last" for n in numbers])
        when += " of the month"
    elif days:
        names = [DAY_NAMES[DAY_CODES.index(code)] for _, code in days]
        interval = schedule.interval or 1
        every = (
            "Every other"
            if interval == 2
            else (f"Every {interval} weeks on" if interval > 2 else "Every")
        )
        when = f"{every} {_day_list(names)}"
    elif schedule.dtstart:
        when = f"On {schedule.dtstart:%-d %B %Y}"
    else:
        when = ""
    if schedule.opens_at and schedule.closes_at:
        hours = f"{time_in_words(schedule.opens_at)} to {time_in_words(schedule.closes_at)}"
        when = f"{when}, {hours}" if when else f"Every day, {hours}"
    if schedule.valid_from and schedule.valid_to:
        when += f" (from {schedule.valid_from:%-d %B %Y} to {schedule.valid_to:%-d %B %Y})"
    elif schedule.valid_to:
        when += f" (until {schedule.valid_to:%-d %B %Y})"
    elif schedule.valid_from and schedule.valid_from > timezone.localdate():
        when += f" (from {schedule.valid_from:%-d %B %Y})"
    return when.strip()


# Places


def postcode_place(text: str) -> Place | None:
    """The point of a full postcode, when the postcode lookup holds it."""
    postcode = normalise_postcode(text)
    held = Postcode.objects.filter(postcode=postcode).first() if postcode else None
    return Place(held.latitude, held.longitude, held.postcode) if held else None


def service_at_locations_near(
    rows: QuerySet[ServiceAtLocation], place: Place, radius_km: float
) -> list[tuple[ServiceAtLocation, float]]:
    """The rows whose location is within the distance of the place, nearest first: a
    bounding box in the database, then exact distances."""
    box = geometry.box_around(place.latitude, place.longitude, radius_km)
    near = rows.filter(
        location__latitude__gte=box.min_latitude,
        location__latitude__lte=box.max_latitude,
        location__longitude__gte=box.min_longitude,
        location__longitude__lte=box.max_longitude,
    )
    measured = []
    for row in near:
        location = row.location
        distance = geometry.haversine_km(
            place.latitude, place.longitude, location.latitude, location.longitude
        )
        if distance <= radius_km:
            measured.append((row, distance))
    measured.sort(key=lambda item: (item[1], item[0].service.name, str(item[0].pk)))
    return measured


# Maps


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lng: float
    label: str
    href: str | None = None
    kind: str = "service"  # "hub", "service", "gap" or "search"
    in_deprived_area: bool = False


def _rounded(coordinates: Any) -> Any:
    """Coordinates to 5 decimal places (about a metre): a third of the bytes."""
    if isinstance(coordinates, list):
        return [_rounded(item) for item in coordinates]
    return round(coordinates, 5) if isinstance(coordinates, float) else coordinates


def map_data(
    areas: Iterable[Area],
    points: Iterable[MapPoint | dict[str, Any]],
    centre: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> dict[str, Any]:
    """What map.mjs draws: tiles (from settings; None draws none), the areas (deprived
    ones shaded) and the points (those in deprived areas outlined)."""
    features = []
    for area in areas:
        boundary = json.loads(area.boundary)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": boundary["type"],
                    "coordinates": _rounded(boundary["coordinates"]),
                },
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "decile": area.imd_decile,
                    "deprived": area.imd_decile in DEPRIVED_DECILES,
                },
            }
        )
    tiles = (
        {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
        if settings.MAP_TILE_URL
        else None
    )
    return {
        "tiles": tiles,
        "areas": {"type": "FeatureCollection", "features": features},
        "points": [asdict(point) if isinstance(point, MapPoint) else point for point in points],
        "centre": list(centre) if centre else None,
        "zoom": zoom,
    }


def deprived_areas_around(
    authority: Authority, latitude: float, longitude: float, radius_km: float
) -> QuerySet[Area]:
    """The authority's deprived areas (IMD deciles 1 to 3) within a box round a point:
    those a map of the search can show."""
    box = geometry.box_around(latitude, longitude, radius_km)
    return Area.objects.filter(
        authority=authority,
        imd_decile__in=DEPRIVED_DECILES,
        max_latitude__gte=box.min_latitude,
        min_latitude__lte=box.max_latitude,
        max_longitude__gte=box.min_longitude,
        min_longitude__lte=box.max_longitude,
    ).order_by("code")


def results_map(
    search: HelpSearch, results: Sequence[HelpResult], href_for: Callable[[HelpResult], str]
) -> dict[str, Any]:
    """The map of a page of results: the searched place, the results with a point, and
    the deprived areas round them."""
    points: list[MapPoint] = []
    if search.place is not None:
        points.append(
            MapPoint(
                search.place.latitude,
                search.place.longitude,
                search.place.description,
                None,
                "search",
            )
        )
    for result in results:
        location = result.location
        if (
            location is None
            or location.latitude is None
            or location.longitude is None
            or result.serves_everywhere
        ):
            continue
        points.append(
            MapPoint(
                location.latitude,
                location.longitude,
                f"{result.service.name}: {location.name}" if location.name else result.service.name,
                href_for(result),
                "hub" if result.is_family_hub else "service",
                result.in_deprived_area,
            )
        )
    if search.place is not None:
        radius = search.distance_km
        centre = (search.place.latitude, search.place.longitude)
    elif points:
        centre = geometry.mean_point((point.lat, point.lng) for point in points)
        radius = max(
            geometry.haversine_km(centre[0], centre[1], point.lat, point.lng) for point in points
        )
    else:
        return map_data([], [], None, None)
    return map_data(
        deprived_areas_around(search.authority, centre[0], centre[1], max(radius, 1.0)),
        points,
        centre,
        None,
    )


# The professionals' search


def family_search_defaults(family: Family, today: datetime.date) -> dict[str, Any]:
    """What the search from a family's record starts with (as GET data): the issue codes
    of its open pathway's latest triage (confirmed or suggested, not rejected), the ages
    of its children under 18, and where it lives: its postcode when the lookup holds it,
    else its owning team's district."""
    codes: list[str] = []
    triage = (
        Triage.objects.filter(
            pathway__family=family, pathway__status=PathwayStatus.OPEN, entries__isnull=False
        )
        .order_by("-created_at")
        .first()
    )
    if triage is not None:
        codes = sorted(
            set(
                EntryCode.objects.filter(
                    entry__triage=triage, status__in=[CodeStatus.CONFIRMED, CodeStatus.SUGGESTED]
                ).values_list("code__code", flat=True)
            )
        )
    births = family.members.filter(
        left_on__isnull=True, person__date_of_birth__isnull=False
    ).values_list("person__date_of_birth", flat=True)
    ages = sorted({age for age in (age_on(born, today) for born in births) if age < 18})
    where = ""
    if family.postcode:
        try:
            locate(family.authority, family.postcode)
            where = family.postcode
        except PlaceNotFound:
            where = ""
    if not where and family.owning_team.district is not None:
        where = family.owning_team.district.name
    return {
        "code": codes,
        "ages": ", ".join(str(age) for age in ages),
        "where": where,
        "distance": str(DEFAULT_DISTANCE_IN_MILES),
    }
