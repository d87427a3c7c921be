"""Finding help: need, age and place; nearest first with family hubs pinned; open now from
schedules; free or paid; paging; and the map's data."""

import csv
import datetime
import decimal
import json
import os
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from earlyhelp.accounts.models import Authority
from earlyhelp.demo.places import IMD_FILE, shared_data_folder
from earlyhelp.directory.models import (
    Address,
    CostOption,
    Location,
    LocationKind,
    LocationType,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from earlyhelp.directory.needs import NEEDS, codes_for
from earlyhelp.directory.search import (
    KM_PER_MILE,
    HelpSearch,
    find_help,
    map_data,
    runs_on,
    schedule_in_words,
)
from earlyhelp.need.models import IssueCode
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import Location as Place
from earlyhelp.places.selectors import deprived_areas, locate

LONDON = ZoneInfo("Europe/London")
KM_PER_DEGREE_OF_LATITUDE = 111.2
# A Tuesday morning in term time (British Summer Time: 09:00 UTC is 10:00 in London).
TUESDAY_TEN_AM = datetime.datetime(2026, 6, 16, 9, 0, tzinfo=datetime.UTC)


def make_service(
    authority: Authority,
    name: str,
    place: Place | None = None,
    *,
    km_north: float = 0.0,
    codes: tuple[str, ...] = ("EY-DEV",),
    child_ages: tuple[int | None, int | None] = (0, 4),
    ages: tuple[float | None, float | None] = (None, None),
    hub: bool = False,
    kind: str = "",
    location_type: str = LocationType.PHYSICAL,
    status: str = ServiceStatus.ACTIVE,
    cost: str | None = None,
    hours: tuple[str, str, str] | None = None,
    decile: int | None = None,
) -> Service:
    """A service at one place `km_north` of the given place (or at no place at all)."""
    service = Service.objects.create(
        authority=authority,
        name=name,
        description=f"{name}: help for families.",
        status=status,
        child_minimum_age=child_ages[0],
        child_maximum_age=child_ages[1],
        minimum_age=ages[0],
        maximum_age=ages[1],
    )
    service.issue_codes.set(IssueCode.objects.filter(code__in=codes))
    if place is not None:
        location = Location.objects.create(
            authority=authority,
            name=f"{name} venue",
            location_type=location_type,
            kind=kind or (LocationKind.HUB if hub else ""),
            is_family_hub=hub,
            latitude=place.latitude + km_north / KM_PER_DEGREE_OF_LATITUDE,
            longitude=place.longitude,
            deprivation_decile=decile,
        )
        Address.objects.create(
            location=location,
            address_1="1 High Street",
            city="Redditch",
            state_province="Worcestershire",
            postal_code="B97 4AA",
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    if cost is not None:
        CostOption.objects.create(
            service=service, option="Per session", amount=decimal.Decimal(cost)
        )
    if hours is not None:
        day, opens, closes = hours
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=day,
            opens_at=datetime.time.fromisoformat(opens),
            closes_at=datetime.time.fromisoformat(closes),
        )
    return service


@pytest.fixture
def redditch(demo) -> Place:  # type: ignore[no-untyped-def]
    return locate(demo.authority, "Redditch")


@pytest.fixture
def speech_services(demo, redditch) -> None:  # type: ignore[no-untyped-def]
    authority = demo.authority
    make_service(
        authority,
        "Hub speech group",
        redditch,
        km_north=3,
        hub=True,
        hours=("TU", "09:30", "11:30"),
        decile=2,
    )
    make_service(
        authority, "Library speech group", redditch, km_north=1, hours=("MO", "10:00", "12:00")
    )
    make_service(authority, "Paid speech therapy", redditch, km_north=2, cost="25.00")
    make_service(authority, "Free speech clinic", redditch, km_north=2.5, cost="0")
    make_service(authority, "Speech group far away", redditch, km_north=30)
    make_service(authority, "Speech for school age", redditch, km_north=0.5, child_ages=(5, 11))
    make_service(
        authority, "Youth club", redditch, km_north=0.5, codes=("CRIME-CYP",), child_ages=(11, 19)
    )
    make_service(
        authority, "Closed speech group", redditch, km_north=0.2, status=ServiceStatus.INACTIVE
    )
    make_service(
        authority,
        "Adult speech course",
        redditch,
        km_north=0.3,
        child_ages=(None, None),
        ages=(18, None),
    )
    make_service(
        authority,
        "Speech helpline",
        redditch,
        location_type=LocationType.VIRTUAL,
        kind=LocationKind.VIRTUAL,
        child_ages=(None, None),
        ages=(0, 18),
    )
    make_service(authority, "Speech mobile bus", redditch, km_north=40, kind=LocationKind.MOBILE)


def search_near(demo: Any, place: Place, **changes: Any) -> HelpSearch:
    fields = {
        "authority": demo.authority,
        "issue_codes": codes_for(["talking"]),
        "child_ages": (3,),
        "place": place,
        "distance_km": 5 * KM_PER_MILE,
    }
    fields.update(changes)
    return HelpSearch(**fields)


def names(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [result.service.name for result in found.results]


def test_speech_help_for_a_three_year_old_near_a_town_comes_nearest_first_hubs_pinned(
    demo, redditch, speech_services
) -> None:
    found = find_help(search_near(demo, redditch), now=TUESDAY_TEN_AM)

    assert names(found) == [
        "Hub speech group",
        "Library speech group",
        "Paid speech therapy",
        "Free speech clinic",
        "Speech helpline",
        "Speech mobile bus",
    ]
    hub, library, paid, free, helpline, bus = found.results
    assert hub.is_family_hub and hub.in_deprived_area
    assert hub.distance_in_miles == pytest.approx(3 / KM_PER_MILE, rel=0.01)
    assert library.distance_km < paid.distance_km < free.distance_km
    assert (hub.is_open_now, library.is_open_now, paid.is_open_now) == (True, False, None)
    assert (paid.is_free, free.is_free, library.is_free) == (False, True, True)
    assert helpline.serves_everywhere and bus.serves_everywhere
    assert helpline.distance_km is None


def test_age_need_free_and_open_now_narrow_the_search(demo, redditch, speech_services) -> None:
    school_age = find_help(search_near(demo, redditch, child_ages=(8,)), now=TUESDAY_TEN_AM)
    assert names(school_age) == ["Speech for school age", "Speech helpline"]

    teenagers = search_near(
        demo, redditch, issue_codes=codes_for(["young-people"]), child_ages=(14,)
    )
    assert names(find_help(teenagers)) == ["Youth club"]

    free = find_help(search_near(demo, redditch, free_only=True), now=TUESDAY_TEN_AM)
    assert "Paid speech therapy" not in names(free)
    assert "Free speech clinic" in names(free)

    open_now = find_help(search_near(demo, redditch, open_now=True), now=TUESDAY_TEN_AM)
    assert names(open_now) == ["Hub speech group"]
    two_hours_later = TUESDAY_TEN_AM + datetime.timedelta(hours=2)
    assert names(find_help(search_near(demo, redditch, open_now=True), now=two_hours_later)) == []

    wider = find_help(search_near(demo, redditch, distance_km=20 * KM_PER_MILE))
    assert "Speech group far away" in names(wider)


def test_without_a_place_the_whole_authority_is_searched_hubs_first_and_paged(
    demo, redditch, speech_services
) -> None:
    search = HelpSearch(authority=demo.authority, issue_codes=("EY-DEV",), child_ages=(3,))
    first = find_help(search, page_size=3)
    assert first.total == 7 and first.total_pages == 3 and first.has_next
    assert first.results[0].service.name == "Hub speech group"
    assert all(result.distance_km is None for result in first.results)
    last = find_help(search, page=3, page_size=3)
    assert len(last.results) == 1 and not last.has_next and last.has_previous
    assert find_help(search, page=99, page_size=3).results == []


def test_every_plain_words_need_maps_to_issue_codes_that_exist(db) -> None:
    held = set(IssueCode.objects.values_list("code", flat=True))
    for need in NEEDS:
        assert need.codes, need.slug
        assert set(need.codes) <= held, need.slug
    assert len({need.slug for need in NEEDS}) == len(NEEDS)


def schedule(**fields: Any) -> Schedule:
    return Schedule(
        **{"opens_at": datetime.time(9, 30), "closes_at": datetime.time(11, 30), **fields}
    )


def test_schedules_read_as_sentences_and_know_their_days() -> None:
    weekly = schedule(freq="WEEKLY", byday="TU,TH")
    assert schedule_in_words(weekly) == "Every Tuesday and Thursday, 9:30am to 11:30am"
    assert runs_on(weekly, datetime.date(2026, 6, 16)) and not runs_on(
        weekly, datetime.date(2026, 6, 15)
    )

    first_monday = schedule(
        freq="MONTHLY", byday="1MO", opens_at=datetime.time(12), closes_at=datetime.time(14)
    )
    assert schedule_in_words(first_monday) == "The first Monday of the month, 12 noon to 2pm"
    assert runs_on(first_monday, datetime.date(2026, 6, 1))
    assert not runs_on(first_monday, datetime.date(2026, 6, 8))

    last_friday = schedule(freq="MONTHLY", byday="-1FR")
    assert runs_on(last_friday, datetime.date(2026, 6, 26))
    assert not runs_on(last_friday, datetime.date(2026, 6, 19))

    fortnightly = schedule(freq="WEEKLY", byday="WE", interval=2, dtstart=datetime.date(2026, 6, 3))
    assert schedule_in_words(fortnightly).startswith("Every other Wednesday")
    assert runs_on(fortnightly, datetime.date(2026, 6, 17))
    assert not runs_on(fortnightly, datetime.date(2026, 6, 10))

    ended = schedule(freq="WEEKLY", byday="TU", valid_to=datetime.date(2026, 6, 1))
    assert not runs_on(ended, datetime.date(2026, 6, 16))


def test_map_data_carries_tiles_areas_and_points(demo, settings) -> None:
    area = (
        Area.objects.filter(authority=demo.authority, imd_decile__lte=3).first()
        or Area.objects.first()
    )
    assert area is not None
    data = map_data(
        [area],
        [
            {
                "lat": 52.3,
                "lng": -1.9,
                "label": "Hub",
                "href": None,
                "kind": "hub",
                "in_deprived_area": True,
            }
        ],
    )
    assert data["tiles"]["url"] == settings.MAP_TILE_URL
    feature = data["areas"]["features"][0]
    assert feature["properties"]["code"] == area.code
    assert feature["properties"]["deprived"] == (
        area.imd_decile is not None and area.imd_decile <= 3
    )
    assert data["points"][0]["kind"] == "hub"

    settings.MAP_TILE_URL = ""
    assert map_data([], [])["tiles"] is None


def test_the_demo_map_shades_the_real_bottom_30_percent_of_worcestershire(demo) -> None:
    folder = shared_data_folder()
    if not (folder / IMD_FILE).is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{folder} is missing: CI must have the shared data")
        pytest.skip(f"{folder} is absent")
    worcestershire = {
        feature["properties"]["LSOA11CD"]
        for path in (folder / "geo").glob("lsoa11_E0700023*.json")
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]
    }
    with (folder / IMD_FILE).open(encoding="utf-8") as rows:
        bottom_30_percent = {
            row["lsoa11_code"]
            for row in csv.DictReader(rows)
            if row["lsoa11_code"] in worcestershire and int(row["IMD_decile"]) <= 3
        }

    shaded = map_data(deprived_areas(demo.authority), [])["areas"]["features"]

    assert {feature["properties"]["code"] for feature in shaded} == bottom_30_percent
    assert all(feature["properties"]["deprived"] for feature in shaded)


def another_place(service: Service, place: Place, km_north: float, *, hub: bool = False) -> None:
    location = Location.objects.create(
        authority=service.authority,
        name=f"{service.name} {'hub' if hub else 'hall'}",
        kind=LocationKind.HUB if hub else "",
        is_family_hub=hub,
        latitude=place.latitude + km_north / KM_PER_DEGREE_OF_LATITUDE,
        longitude=place.longitude,
    )
    ServiceAtLocation.objects.create(service=service, location=location)


def test_a_service_at_a_hub_within_the_distance_is_pinned_though_a_hall_is_nearer(
    demo, redditch
) -> None:
    authority = demo.authority
    make_service(authority, "Nearby speech group", redditch, km_north=0.5)
    both = make_service(authority, "Speech at the hall and the hub", redditch, km_north=1)
    another_place(both, redditch, km_north=3, hub=True)

    found = find_help(search_near(demo, redditch))

    assert names(found) == ["Speech at the hall and the hub", "Nearby speech group"]
    pinned = found.results[0]
    assert pinned.is_family_hub and pinned.location.name == "Speech at the hall and the hub hub"
    assert pinned.distance_km == pytest.approx(3, rel=0.01)


def test_pages_are_cut_in_the_database_with_and_without_a_place(
    demo, redditch, speech_services, django_assert_max_num_queries
) -> None:
    near = search_near(demo, redditch)
    with CaptureQueriesContext(connection) as queries:
        second = find_help(near, page=2, page_size=3, now=TUESDAY_TEN_AM)
    # The page runs across the places within the distance and those everywhere.
    assert names(second) == ["Free speech clinic", "Speech helpline", "Speech mobile bus"]
    assert second.total == 6 and not second.has_next
    assert any("LIMIT 3 OFFSET 3" in query["sql"] for query in queries.captured_queries)

    authority_wide = HelpSearch(authority=demo.authority, issue_codes=("EY-DEV",), child_ages=(3,))
    with django_assert_max_num_queries(9) as queries:
        page = find_help(authority_wide, page=2, page_size=3)
    assert page.total == 7
    assert names(page) == names(find_help(authority_wide, page_size=7))[3:6]
    assert any("LIMIT 3 OFFSET 2" in query["sql"] for query in queries.captured_queries)


def test_open_now_pages_count_only_the_services_open(demo, redditch, speech_services) -> None:
    authority_wide = HelpSearch(authority=demo.authority, issue_codes=("EY-DEV",), open_now=True)
    found = find_help(authority_wide, now=TUESDAY_TEN_AM)
    assert names(found) == ["Hub speech group"] and found.total == 1
