"""Where a search text points (district, area names, postcode, map point), the area at a
point, and the deprived areas. Towns: test_towns.py."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from earlyhelp.places.geometry import mean_point
from earlyhelp.places.models import Area, Postcode
from earlyhelp.places.selectors import (
    PlaceNotFound,
    area_at,
    areas_near,
    deprived_areas,
    locate,
)


def centre_of(areas) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    return mean_point(areas.values_list("centroid_latitude", "centroid_longitude"))


def test_a_district_means_the_centre_of_its_areas(demo) -> None:
    location = locate(demo.authority, "  bromsgrove ")

    assert location.description == "Bromsgrove (district)"
    assert location.point == pytest.approx(
        centre_of(Area.objects.filter(district__name="Bromsgrove"))
    )


def test_a_name_no_town_has_means_the_centre_of_the_areas_named_after_it(demo) -> None:
    location = locate(demo.authority, "Wyre")

    assert location.description == "Wyre"
    assert location.point == pytest.approx(
        centre_of(Area.objects.filter(name__startswith="Wyre Forest "))
    )


def test_an_msoa_code_means_the_centre_of_its_lsoas(demo) -> None:
    location = locate(demo.authority, "Bromsgrove 009")

    lsoas = Area.objects.filter(name__startswith="Bromsgrove 009")
    assert lsoas.count() >= 2
    assert location.description == "Bromsgrove 009"
    assert location.point == pytest.approx(centre_of(lsoas))


def test_area_names_match_whole_words_only(demo) -> None:
    with pytest.raises(PlaceNotFound, match="could not find 'Wyre For'"):
        locate(demo.authority, "Wyre For")


def test_a_postcode_means_its_point_when_the_lookup_has_it(demo) -> None:
    Postcode.objects.create(postcode="B60 1AA", latitude=52.3351, longitude=-2.0613)

    location = locate(demo.authority, "b601aa")

    assert (location.latitude, location.longitude, location.description) == (
        52.3351,
        -2.0613,
        "B60 1AA",
    )


def test_a_postcode_the_lookup_does_not_have_suggests_a_town_instead(demo) -> None:
    with pytest.raises(PlaceNotFound, match="could not find the postcode B60 9ZZ: try a town"):
        locate(demo.authority, "B60 9ZZ")


def test_a_map_point_is_itself_and_names_its_area(demo) -> None:
    area = next(
        area
        for area in Area.objects.all()
        if area.contains(area.centroid_latitude, area.centroid_longitude)
    )
    text = f"{area.centroid_latitude}, {area.centroid_longitude}"

    location = locate(demo.authority, text)

    assert location.point == pytest.approx((area.centroid_latitude, area.centroid_longitude))
    assert location.description.endswith(f"in {area.name}")
    assert area_at(area.centroid_latitude, area.centroid_longitude) == area


def test_a_map_point_outside_every_area_has_no_area(demo) -> None:
    location = locate(demo.authority, "51.5,-0.12")

    assert location.description == "the map point 51.50000, -0.12000"
    assert area_at(51.5, -0.12) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a town, district, postcode or map point"),
        ("   ", "Enter a town, district, postcode or map point"),
        ("x" * 101, "100 characters or fewer"),
        ("Atlantis", "could not find 'Atlantis'"),
        ("95,-2", "latitude from -90 to 90"),
        ("52,-200", "longitude from -180 to 180"),
        ("%", "could not find '%'"),
        ("Rugby", "could not find 'Rugby'"),  # a Warwickshire town, not Worcestershire's
    ],
)
def test_bad_place_text_gets_a_plain_message(demo, text: str, message: str) -> None:
    with pytest.raises(PlaceNotFound, match=message):
        locate(demo.authority, text)


def test_deprived_areas_are_the_bottom_30_percent_most_deprived_first(demo) -> None:
    deprived = list(deprived_areas(demo.authority))

    assert deprived
    assert all(area.imd_decile in (1, 2, 3) and area.is_deprived for area in deprived)
    assert [area.imd_rank for area in deprived] == sorted(area.imd_rank for area in deprived)
    assert len(deprived) == Area.objects.filter(imd_decile__lte=3).count()
    most_deprived = set(deprived_areas(demo.authority, deciles=(1,)))
    assert most_deprived <= set(deprived)
    assert all(area.imd_decile == 1 for area in most_deprived)


def test_areas_near_a_point_include_the_area_it_lies_in(demo) -> None:
    area = Area.objects.first()
    near = areas_near(area.centroid_latitude, area.centroid_longitude, radius_km=1)
    assert area in near
    assert near.count() < Area.objects.count()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=120),
        st.from_regex(r"-?\d{1,3}(\.\d{0,8})?\s*,\s*-?\d{1,3}(\.\d{0,8})?", fullmatch=True),
        st.from_regex(r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}", fullmatch=True),
    )
)
@example(text="Worcester\x00")  # PostgreSQL refuses a NUL in a query parameter
@example(text="\x00")
def test_any_text_gives_a_place_or_a_plain_refusal(demo, text: str) -> None:
    try:
        location = locate(demo.authority, text)
    except PlaceNotFound as refusal:
        assert str(refusal) and "\n" not in str(refusal)
    else:
        assert -90 <= location.latitude <= 90 and -180 <= location.longitude <= 180
