"""Placing directory locations: a location's district, LSOA and deprivation decile come
from the area its point lies in, when it is imported and when areas or the IMD come later."""

import csv
import io

import pytest
from django.core.management import call_command

from earlyhelp.demo import places
from earlyhelp.directory.importing import import_documents
from earlyhelp.directory.models import Location, LocationType
from earlyhelp.directory.services import place_location, place_locations
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import area_at
from tests.directory.conftest import HUB_LOCATION_ID, speech_service
from tests.places.helpers import IMD_HEADER, feature, imd_row, write_csv, write_geojson
from tests.places.test_demo_places import needs_shared_data

# Made-up LSOA squares far from Worcestershire's real and synthetic areas.
SOUTH, WEST, SIZE = 53.50, -1.50, 0.01
FIRST, SECOND = "E01990011", "E01990012"


def new_location(authority, **values) -> Location:  # type: ignore[no-untyped-def]
    return Location.objects.create(authority=authority, name="Test place", **values)


@needs_shared_data
def test_a_location_gets_the_decile_the_imd_file_gives_its_lsoa(demo) -> None:
    # Worcester Cathedral.
    location = new_location(demo.authority, latitude=52.1887, longitude=-2.2210)

    assert place_location(location) is True

    location.refresh_from_db()
    area = area_at(52.1887, -2.2210)
    with (places.shared_data_folder() / places.IMD_FILE).open(newline="") as handle:
        decile = next(
            int(row["IMD_decile"])
            for row in csv.DictReader(handle)
            if row["lsoa11_code"] == area.code
        )
    assert location.lsoa_code == area.code
    assert location.district.name == "Worcester"
    assert location.deprivation_decile == decile
    assert location.history.first().lsoa_code == area.code
    assert place_location(location) is False  # placed already: nothing to save


def test_a_location_outside_every_area_or_without_a_point_has_no_lsoa(demo) -> None:
    area = Area.objects.order_by("code").first()
    district = area.district
    abroad = new_location(
        demo.authority, latitude=48.85, longitude=2.35, district=district, lsoa_code=area.code
    )
    virtual = new_location(
        demo.authority,
        location_type=LocationType.VIRTUAL,
        latitude=area.centroid_latitude,
        longitude=area.centroid_longitude,
        district=district,
        lsoa_code=area.code,
        deprivation_decile=area.imd_decile,
    )

    placed = place_locations(Location.objects.filter(pk__in=[abroad.pk, virtual.pk]))

    assert placed == 2
    abroad.refresh_from_db()
    virtual.refresh_from_db()
    assert (abroad.district, abroad.lsoa_code, abroad.deprivation_decile) == (None, "", None)
    # A virtual place keeps the district an editor gave it, but lies in no area.
    assert (virtual.district, virtual.lsoa_code, virtual.deprivation_decile) == (district, "", None)


def test_placing_many_locations_takes_no_query_per_location(
    demo, django_assert_max_num_queries
) -> None:
    areas = [
        area
        for area in Area.objects.filter(authority=demo.authority).order_by("code")
        if area.contains(area.centroid_latitude, area.centroid_longitude)
    ]
    locations = Location.objects.bulk_create(
        Location(
            authority=demo.authority,
            name=f"Place {index}",
            latitude=area.centroid_latitude,
            longitude=area.centroid_longitude,
        )
        for index, area in enumerate(areas * 5)
    )

    # Two reads, then the changes and their history rows in batches (SQLite's batches
    # are small: it takes at most 999 values a query).
    with django_assert_max_num_queries(2 + len(locations) // 20):
        placed = place_locations(Location.objects.filter(authority=demo.authority))

    assert placed == len(locations)
    by_code = {area.code: area for area in areas}
    for location in Location.objects.filter(authority=demo.authority):
        area = by_code[location.lsoa_code]
        assert area.contains(location.latitude, location.longitude)
        assert location.district_id == area.district_id
        assert location.deprivation_decile == area.imd_decile


def test_the_open_referral_import_places_the_locations_it_adds(demo) -> None:
    summary = import_documents([speech_service()], demo.authority)

    assert not summary.rejected
    hub = Location.objects.get(pk=HUB_LOCATION_ID)
    area = area_at(hub.latitude, hub.longitude)
    assert area is not None and area.district.name == "Redditch"
    assert (hub.district, hub.lsoa_code, hub.deprivation_decile) == (
        area.district,
        area.code,
        area.imd_decile,
    )


def test_locations_imported_before_their_areas_are_placed_when_areas_and_imd_come(
    demo, tmp_path
) -> None:
    inside_first = new_location(demo.authority, latitude=SOUTH + 0.005, longitude=WEST + 0.005)
    assert place_location(inside_first) is False  # no area there yet
    boundaries = write_geojson(
        tmp_path / "areas.json",
        [
            feature(FIRST, "Redditch 901A", SOUTH, WEST, SIZE),
            feature(SECOND, "Redditch 901B", SOUTH + SIZE, WEST, SIZE),
        ],
    )
    out = io.StringIO()

    call_command("import", "areas", str(boundaries), stdout=out)
    inside_first.refresh_from_db()
    assert inside_first.lsoa_code == FIRST
    assert inside_first.district.name == "Redditch"
    assert inside_first.deprivation_decile is None
    assert "directory locations placed in their areas again: 1" in out.getvalue()

    imd = write_csv(tmp_path / "imd.csv", [IMD_HEADER, imd_row(FIRST, 2, 4000)])
    call_command("import", "imd", str(imd), stdout=out)
    inside_first.refresh_from_db()
    assert inside_first.deprivation_decile == 2


@pytest.mark.parametrize("latitude", [None, SOUTH + 0.005])
def test_a_location_without_a_complete_point_is_left_out_of_the_areas(
    demo, latitude: float | None
) -> None:
    location = new_location(
        demo.authority, latitude=latitude, longitude=None, lsoa_code="E01990011"
    )

    assert place_location(location) is True
    assert location.lsoa_code == ""
