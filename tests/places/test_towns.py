"""Towns and villages: found by name where LSOA names have only the district's
("Kidderminster" is in "Wyre Forest 004D"), shipped for Worcestershire, imported with
`earlyhelp import towns`, and offered as a search form's suggestions."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.demo.services import seed_authority
from earlyhelp.places import importing
from earlyhelp.places.models import Town
from earlyhelp.places.selectors import PlaceNotFound, area_at, locate, place_names
from tests.places.helpers import write_csv
from tests.places.test_demo_places import WORCESTERSHIRE_DISTRICTS, without_shared_data  # noqa: F401

SHIPPED = importing.shipped_towns_file("worcestershire")


def shipped_towns() -> list[dict[str, str]]:
    assert SHIPPED is not None
    with SHIPPED.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_town_not_in_any_area_name_is_found_inside_its_district(demo) -> None:
    for name, district in [
        ("Kidderminster", "Wyre Forest"),
        ("Stourport-on-Severn", "Wyre Forest"),
        ("Evesham", "Wychavon"),
        ("Tenbury Wells", "Malvern Hills"),
        ("Rubery", "Bromsgrove"),
    ]:
        location = locate(demo.authority, name)

        assert location.description == name
        area = area_at(location.latitude, location.longitude)
        assert area is not None and area.district.name == district, name


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("kidderminster", "Kidderminster"),
        ("  STOURPORT ON SEVERN ", "Stourport-on-Severn"),
        ("Stourport", "Stourport-on-Severn"),  # the start of one town's name
        ("droitwich", "Droitwich Spa"),
        ("upton upon severn", "Upton-upon-Severn"),
        ("St Johns", "St John's"),
        ("Malvern", "Malvern"),  # the whole name wins over Malvern Link and Malvern Wells
    ],
)
def test_towns_are_found_whatever_the_case_hyphens_or_a_shortened_name(
    demo, text: str, town: str
) -> None:
    held = Town.objects.get(authority=demo.authority, name=town)

    location = locate(demo.authority, text)

    assert (location.description, location.point) == (town, (held.latitude, held.longitude))


def test_the_start_of_several_towns_names_asks_for_the_whole_name(demo) -> None:
    with pytest.raises(PlaceNotFound, match="could be Malvern or Malvern Link or Malvern Wells"):
        locate(demo.authority, "Malv")


def test_a_district_is_still_its_areas_centre_though_a_town_has_its_name(demo) -> None:
    assert locate(demo.authority, "Worcester").description == "Worcester (district)"


def test_place_names_suggest_each_district_and_town_once_in_order(demo) -> None:
    names = place_names(demo.authority)

    assert names == sorted(names, key=str.casefold)
    assert len(names) == len({name.casefold() for name in names})
    assert set(WORCESTERSHIRE_DISTRICTS.values()) <= set(names)
    assert {"Kidderminster", "Stourport-on-Severn", "Droitwich Spa", "Worcester"} <= set(names)
    towns_and_districts = {row["name"] for row in shipped_towns()}
    towns_and_districts |= set(WORCESTERSHIRE_DISTRICTS.values())
    assert set(names) == towns_and_districts  # Worcester, a town and a district, once


def test_every_shipped_town_lies_in_an_area_of_its_district(demo) -> None:
    rows = shipped_towns()
    towns = {town.name: town for town in Town.objects.select_related("district")}

    assert len(towns) == len(rows) >= 50
    for row in rows:
        town = towns[row["name"]]
        assert town.district.name == row["district"]
        area = area_at(town.latitude, town.longitude)
        assert area is not None and area.district_id == town.district_id, row["name"]


def test_with_synthetic_areas_the_towns_move_inside_their_districts_grids(
    db,
    without_shared_data,  # noqa: F811
) -> None:
    seed_authority(authority_slug="worcestershire", families=0, seed=1, password="x" * 12)

    for town in Town.objects.select_related("district"):
        area = area_at(town.latitude, town.longitude)
        assert area is not None and area.district_id == town.district_id, town.name
    kidderminster = locate(Town.objects.first().authority, "Kidderminster")
    assert area_at(*kidderminster.point).district.name == "Wyre Forest"


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_towns_adds_then_updates_by_name_and_again_changes_nothing(demo, tmp_path) -> None:
    path = write_csv(
        tmp_path / "towns.csv",
        [
            ["name", "district", "latitude", "longitude"],
            ["Far Forest", "Wyre Forest", "52.368", "-2.402"],
            ["kidderminster", "E07000239", "52.389", "-2.250"],
            ["Somewhere", "", "52.2", "-2.1"],
        ],
    )

    first = run_import("towns", str(path))
    again = run_import("towns", str(path))

    assert "towns: 2 created, 1 updated, 0 unchanged" in first
    assert "towns: 0 created, 0 updated, 3 unchanged" in again
    kidderminster = Town.objects.get(name__iexact="kidderminster")
    assert (kidderminster.latitude, kidderminster.longitude) == (52.389, -2.25)
    assert Town.objects.get(name="Somewhere").district is None
    assert locate(demo.authority, "far forest").description == "Far Forest"


def test_bad_town_rows_are_named_by_line_and_nothing_is_written(demo, tmp_path) -> None:
    before = list(Town.objects.order_by("pk").values_list("name", "latitude", "longitude"))
    path = write_csv(
        tmp_path / "towns.csv",
        [
            ["name", "district", "latitude", "longitude"],
            ["Good Town", "Redditch", "52.3", "-1.9"],
            ["", "Redditch", "52.3", "-1.9"],
            ["Nowhere", "Rugby", "north", "-1.9"],
            ["good town", "Redditch", "52.3", "-200"],
        ],
    )
    errors = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import", "towns", str(path), stdout=io.StringIO(), stderr=errors)

    assert caught.value.returncode == 2
    assert str(caught.value) == f"3 bad rows in {path}: nothing imported"
    assert errors.getvalue().splitlines() == [
        "towns.csv line 3: name is empty",
        "towns.csv line 4: district 'Rugby' is not a district of Worcestershire County "
        "Council; latitude 'north' is not a number from -90 to 90",
        "towns.csv line 5: good town appears again (first at line 2); longitude '-200' is "
        "not a number from -180 to 180",
    ]
    after = list(Town.objects.order_by("pk").values_list("name", "latitude", "longitude"))
    assert after == before


def test_a_towns_file_without_its_columns_is_refused_in_one_line(demo, tmp_path) -> None:
    path = write_csv(tmp_path / "towns.csv", [["town", "lat", "lng"], ["A", "52", "-2"]])

    with pytest.raises(CommandError, match="the header lacks the columns name, district") as caught:
        call_command("import", "towns", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert caught.value.returncode == 2
