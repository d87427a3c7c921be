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
import enum
import json
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    When,
    Window,
)
from django.db.models.expressions import CombinedExpression
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
from earlyhelp.need.selectors import issue_codes_for
from earlyhelp.pathways.models import CodeStatus, EntryCode, PathwayStatus, Triage
from earlyhelp.people.models import Family, age_on
from earlyhelp.places import geometry
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import DEPRIVED_DECILES, PlaceNotFound, locate
from earlyhelp.places.selectors import Location as Place

KM_PER_MILE = 1.609344
RADIANS_PER_DEGREE = math.pi / 180
EARTH_RADIUS_KM = geometry.EARTH_RADIUS_KM
DISTANCES_IN_MILES = (1, 3, 5, 10, 20)
DEFAULT_DISTANCE_IN_MILES = 5
PAGE_SIZE = 20
MAX_PAGE = 1000
LONDON = ZoneInfo("Europe/London")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
SERVES_EVERYWHERE_KINDS = (LocationKind.VIRTUAL, LocationKind.MOBILE)


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
    location: Location | None  # where it is offered: near the place, its nearest hub or place
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


class _Section(enum.Enum):
    """Where a result comes from, which decides the place it is shown at."""

    NEAR = "near"  # a physical place within the distance of the searched place
    EVERYWHERE = "everywhere"  # online, by phone, a mobile unit, or no place at all
    ANYWHERE = "anywhere"  # no searched place: the whole authority


@dataclass(frozen=True)
class _Candidate:
    service_id: uuid.UUID
    section: _Section
    is_family_hub: bool = False


@dataclass(frozen=True)
class _Ranking:
    """One part of the results, in its order: the database counts it and cuts pages from
    it, so only a page's rows are loaded."""

    services: QuerySet[Service]  # the services in this part
    rows: QuerySet[Any]  # lean rows, in the order shown
    candidate: Callable[[Any], _Candidate]


def find_help(
    search: HelpSearch,
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    now: datetime.datetime | None = None,
) -> HelpResults:
    """One page of the services that match, in order: with a place, the services at a
    family hub within the distance (nearest hub first), then those at other places within
    it (nearest first), then the services that serve everywhere (by name); without a
    place, the services at family hubs, then the rest, by name."""
    moment = timezone.localtime(now or timezone.now(), LONDON)
    if search.place is None:
        rankings = _across_the_authority(matching_services(search, moment))
    else:
        rankings = _near_then_everywhere(search, search.place, moment)
    page = max(1, min(page, MAX_PAGE))
    start = (page - 1) * page_size
    if search.open_now:
        candidates, total = _open_page(rankings, moment, start, page_size)
    else:
        candidates, total = _page(rankings, start, page_size)
    return HelpResults(
        results=_results(candidates, search, moment),
        total=total,
        page=page,
        page_size=page_size,
    )


def _page(rankings: Sequence[_Ranking], start: int, size: int) -> tuple[list[_Candidate], int]:
    """The candidates from start to start + size across the rankings, and how many there
    are in all, cut and counted in the database: one query per ranking, which brings its
    count along with its rows (a second, a count, only for a ranking the page misses)."""
    candidates: list[_Candidate] = []
    total = 0
    for ranking in rankings:
        begin, end = max(0, start - total), start + size - total
        rows = []
        if end > 0:
            rows = list(ranking.rows.annotate(in_all=Window(Count("*")))[begin:end])
        candidates += [ranking.candidate(row) for row in rows]
        total += rows[0]["in_all"] if rows else ranking.rows.count()
    return candidates, total


def _open_page(
    rankings: Sequence[_Ranking], moment: datetime.datetime, start: int, size: int
) -> tuple[list[_Candidate], int]:
    """As _page, for services open now: the database has kept only those whose schedules
    could be open; their schedules are checked exactly here, so these rankings are read
    whole (lean rows, of the services open about now)."""
    candidates: list[_Candidate] = []
    for ranking in rankings:
        open_ids = _open_service_ids(ranking.services, moment)
        candidates += [
            candidate
            for candidate in map(ranking.candidate, ranking.rows)
            if candidate.service_id in open_ids
        ]
    return candidates[start : start + size], len(candidates)


def matching_services(search: HelpSearch, moment: datetime.datetime) -> QuerySet[Service]:
    """The authority's active services that fit the need, ages, cost and (roughly) open
    now: everything but the place, in the database."""
    return Service.objects.filter(_fits(search, moment))


def _fits(search: HelpSearch, moment: datetime.datetime, service: str = "") -> Q:
    """The condition of matching_services, on rows that reach the service by the path
    `service` ("service__" from services at locations): so a search near a place can start
    from the places in its box and check their services, not the other way round. Sets
    (of services with the needs, or with schedules that may be open) are plain subqueries,
    worked out once."""
    fits = Q(**{f"{service}authority": search.authority, f"{service}status": ServiceStatus.ACTIVE})
    if search.issue_codes:
        with_needs = Service.issue_codes.through.objects.filter(
            issuecode__code__in=search.issue_codes
        )
        fits &= Q(**{f"{service}pk__in": with_needs.values("service_id")})
    if search.child_ages:
        serves_any = Q()
        for age in search.child_ages:
            serves_any |= serves_age(age, service)
        fits &= serves_any
    if search.free_only:
        fits &= _is_free(moment.date(), service)
    if search.open_now:
        possibly_open = _schedules_possibly_open(moment)
        fits &= Q(**{f"{service}pk__in": possibly_open.values("service_id")}) | Q(
            **{f"{service}pk__in": possibly_open.values("service_at_location__service_id")}
        )
    return fits


def serves_age(age: int, service: str = "") -> Q:
    """Services for a child of this age: by the child age range the service gives, or by
    its minimum and maximum age when it gives none."""

    def q(**conditions: Any) -> Q:
        return Q(**{f"{service}{name}": value for name, value in conditions.items()})

    no_child_range = q(child_minimum_age__isnull=True, child_maximum_age__isnull=True)
    in_child_range = (q(child_minimum_age__isnull=True) | q(child_minimum_age__lte=age)) & (
        q(child_maximum_age__isnull=True) | q(child_maximum_age__gte=age)
    )
    in_age_range = (q(minimum_age__isnull=True) | q(minimum_age__lte=age)) & (
        q(maximum_age__isnull=True) | q(maximum_age__gte=age)
    )
    return (~no_child_range & in_child_range) | (no_child_range & in_age_range)


def _current_cost_options(day: datetime.date) -> QuerySet[CostOption]:
    return CostOption.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def _is_free(day: datetime.date, service: str = "") -> Q:
    """Free: no cost given, or a cost option of nothing."""
    options = _current_cost_options(day).filter(service=OuterRef(f"{service}pk"))
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


def _is_physical(row: ServiceAtLocation) -> bool:
    location = row.location
    return location.location_type != LocationType.VIRTUAL and (
        location.kind not in SERVES_EVERYWHERE_KINDS
    )


def squared_km_from(place: Place, prefix: str = "location__") -> CombinedExpression:
    """The square of the distance in kilometres from the place to the row's latitude and
    longitude, in arithmetic any database does: flat east-north distances at the mean
    latitude, its cosine by a Taylor series round the place's. Within a millimetre of
    haversine at 5 miles, 7 cm at 20 miles and 20 m at 200 km; NULL without a point."""
    north = (F(f"{prefix}latitude") - place.latitude) * RADIANS_PER_DEGREE
    east = (F(f"{prefix}longitude") - place.longitude) * RADIANS_PER_DEGREE
    cos_place = math.cos(place.latitude * RADIANS_PER_DEGREE)
    sin_place = math.sin(place.latitude * RADIANS_PER_DEGREE)
    cos_mean = cos_place - north * (sin_place / 2) - north * north * (cos_place / 8)
    return (north * north + east * east * cos_mean * cos_mean) * EARTH_RADIUS_KM**2


def _near(place: Place, radius_km: float) -> QuerySet[ServiceAtLocation]:
    """Services at physical places within the distance: a bounding box (indexed), then the
    distance itself, both in the database."""
    box = geometry.box_around(place.latitude, place.longitude, radius_km)
    return (
        ServiceAtLocation.objects.filter(
            location__latitude__gte=box.min_latitude,
            location__latitude__lte=box.max_latitude,
            location__longitude__gte=box.min_longitude,
            location__longitude__lte=box.max_longitude,
        )
        .exclude(location__location_type=LocationType.VIRTUAL)
        .exclude(location__kind__in=SERVES_EVERYWHERE_KINDS)
        .alias(squared_km=squared_km_from(place))
        .filter(squared_km__lte=radius_km**2)
    )


def _near_then_everywhere(
    search: HelpSearch, place: Place, moment: datetime.datetime
) -> list[_Ranking]:
    """The services at a place within the distance, each by its nearest family hub there
    if it has one (so a hub 3 miles away is pinned above a hall 1 mile away), else by its
    nearest place; then those that serve everywhere."""
    near = _near(place, search.distance_km)
    services = matching_services(search, moment)
    ranked = (
        near.filter(_fits(search, moment, "service__"))
        .values("service_id", "service__name")
        .annotate(
            hub_squared_km=Min(
                Case(When(location__is_family_hub=True, then=F("squared_km"))),
                output_field=FloatField(),
            ),
            nearest_squared_km=Min("squared_km"),
        )
        .order_by(
            F("hub_squared_km").asc(nulls_last=True),
            "nearest_squared_km",
            "service__name",
            "service_id",
        )
    )
    everywhere = services.filter(_serves_everywhere()).exclude(
        Exists(near.filter(service=OuterRef("pk")))
    )
    return [
        _Ranking(
            services.filter(Exists(near.filter(service=OuterRef("pk")))),
            ranked,
            lambda row: _Candidate(
                row["service_id"], _Section.NEAR, row["hub_squared_km"] is not None
            ),
        ),
        _Ranking(
            everywhere,
            everywhere.order_by("name", "pk").values("pk"),
            lambda row: _Candidate(row["pk"], _Section.EVERYWHERE),
        ),
    ]


def _serves_everywhere() -> Q:
    """Services online, by phone or on a mobile unit, and those with no place at all."""
    everywhere = ServiceAtLocation.objects.filter(
        location__in=Location.objects.filter(_serves_everywhere_location())
    ).values("service_id")
    return Q(pk__in=everywhere) | ~Exists(ServiceAtLocation.objects.filter(service=OuterRef("pk")))


def _across_the_authority(services: QuerySet[Service]) -> list[_Ranking]:
    """Without a place: services at family hubs, then the rest, by name."""
    at_hubs = ServiceAtLocation.objects.filter(location__is_family_hub=True).values("service_id")
    hubs = services.filter(pk__in=at_hubs)
    rest = services.exclude(pk__in=at_hubs)
    return [
        _Ranking(
            hubs,
            hubs.order_by("name", "pk").values("pk"),
            lambda row: _Candidate(row["pk"], _Section.ANYWHERE, True),
        ),
        _Ranking(
            rest,
            rest.order_by("name", "pk").values("pk"),
            lambda row: _Candidate(row["pk"], _Section.ANYWHERE),
        ),
    ]


def _results(
    candidates: Sequence[_Candidate], search: HelpSearch, moment: datetime.datetime
) -> list[HelpResult]:
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
        location, distance_km, everywhere = _place_for(candidate, where.get(service.pk, []), search)
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
                distance_km=distance_km,
                is_family_hub=bool(location and location.is_family_hub),
                is_open_now=is_open_now(hours, moment) if hours else None,
                is_free=is_free(service.cost_options.all(), moment.date()),
                serves_everywhere=everywhere,
            )
        )
    return results


def _place_for(
    candidate: _Candidate, rows: list[ServiceAtLocation], search: HelpSearch
) -> tuple[Location | None, float | None, bool]:
    """Where a result is shown: its place, the distance to it, and whether it serves
    everywhere. Near a searched place: its nearest family hub within the distance, else
    its nearest place. Rows come family hubs first, then by name."""
    physical = [row.location for row in rows if _is_physical(row)]
    everywhere = [row.location for row in rows if not _is_physical(row)]
    if candidate.section is _Section.NEAR and search.place is not None:
        place = search.place
        measured = [
            (
                geometry.haversine_km(
                    place.latitude, place.longitude, location.latitude, location.longitude
                ),
                location,
            )
            for location in physical
            if location.latitude is not None and location.longitude is not None
        ]
        within = [item for item in measured if item[0] <= search.distance_km] or measured
        if within:
            distance, location = min(
                within, key=lambda item: (not item[1].is_family_hub, item[0], item[1].name)
            )
            return location, distance, False
    if candidate.section is _Section.ANYWHERE and physical:
        return physical[0], None, False
    return (everywhere[0] if everywhere else None), None, True


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


def nearest_first(
    rows: QuerySet[ServiceAtLocation], place: Place, radius_km: float | None = None
) -> QuerySet[ServiceAtLocation]:
    """The rows nearest the place first (then by service and place name), in the database,
    so that a page of them can be cut there; with a distance, only those within it, else
    those without a point (online, by phone) last."""
    if radius_km is not None:
        box = geometry.box_around(place.latitude, place.longitude, radius_km)
        rows = rows.filter(
            location__latitude__gte=box.min_latitude,
            location__latitude__lte=box.max_latitude,
            location__longitude__gte=box.min_longitude,
            location__longitude__lte=box.max_longitude,
        )
    rows = rows.alias(squared_km=squared_km_from(place))
    if radius_km is not None:
        rows = rows.filter(squared_km__lte=radius_km**2)
    return rows.order_by(
        F("squared_km").asc(nulls_last=True), "service__name", "location__name", "pk"
    )


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
    of its children under 18 (only codes the search form offers: no retired ones), and
    where it lives (_where_the_family_lives)."""
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
                    entry__triage=triage,
                    status__in=[CodeStatus.CONFIRMED, CodeStatus.SUGGESTED],
                    code__in=issue_codes_for(family.authority),  # not retired ones
                ).values_list("code__code", flat=True)
            )
        )
    births = family.members.filter(
        left_on__isnull=True, person__date_of_birth__isnull=False
    ).values_list("person__date_of_birth", flat=True)
    ages = sorted({age for age in (age_on(born, today) for born in births) if age < 18})
    return {
        "code": codes,
        "ages": ", ".join(str(age) for age in ages),
        "where": _where_the_family_lives(family),
        "distance": str(DEFAULT_DISTANCE_IN_MILES),
    }


def _where_the_family_lives(family: Family) -> str:
    """The family's postcode when the postcode lookup holds it, else its area's name, else
    its owning team's district (the nearest the search can start from), else nothing."""
    starts = [family.postcode, family.area.name if family.area else ""]
    for text in filter(None, starts):
        try:
            locate(family.authority, text)
        except PlaceNotFound:
            continue
        return text
    district = family.owning_team.district
    return district.name if district is not None else ""
