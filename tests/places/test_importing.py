"""`earlyhelp import areas|imd|postcodes`: good files, bad rows named by line (exit code 2,
nothing written) and importing again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.accounts.models import District, Team
from earlyhelp.people.models import Family
from earlyhelp.people.services import create_family
from earlyhelp.places.models import Area, Postcode
from tests.conftest import demo_user
from tests.places.helpers import IMD_HEADER, feature, imd_row, write_csv, write_geojson

# Made-up LSOA codes, clear of the real ones the demo may hold.
FIRST, SECOND, THIRD = "E01990001", "E01990002", "E01990003"


def family_at(name: str, postcode: str) -> Family:
    return create_family(
        by=demo_user("fsw"),
        name=name,
        owning_team=Team.objects.get(name="Bromsgrove Early Help Family Support"),
        postcode=postcode,
    )


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args: str, capsys=None) -> tuple[CommandError, str]:  # type: ignore[no-untyped-def]
    errors = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", *args, stdout=io.StringIO(), stderr=errors)
    assert caught.value.returncode == 2
    return caught.value, errors.getvalue()


@pytest.fixture
def boundaries(tmp_path):  # type: ignore[no-untyped-def]
    return write_geojson(
        tmp_path / "areas.json",
        [
            feature(FIRST, "Bromsgrove 901A", 52.30, -2.10),
            feature(SECOND, "Bromsgrove 901B", 52.31, -2.10),
            feature(THIRD, "Redditch 901A", 52.30, -1.95),
        ],
    )


def test_import_areas_creates_them_in_their_districts(demo, boundaries) -> None:
    output = run_import("areas", str(boundaries), "--authority", "worcestershire")

    assert "3 created, 0 updated, 0 unchanged" in output
    first = Area.objects.get(code=FIRST)
    assert first.name == "Bromsgrove 901A"
    assert first.district.name == "Bromsgrove"
    assert first.authority == demo.authority
    assert first.centroid_latitude == pytest.approx(52.305)
    assert first.centroid_longitude == pytest.approx(-2.095)
    assert (first.min_latitude, first.max_latitude) == pytest.approx((52.30, 52.31))
    assert first.imd_decile is None
    assert Area.objects.get(code=THIRD).district.name == "Redditch"


def test_importing_the_same_areas_again_changes_nothing(demo, boundaries) -> None:
    run_import("areas", str(boundaries))
    before = list(Area.objects.filter(code__startswith="E0199").values())

    output = run_import("areas", str(boundaries))

    assert "0 created, 0 updated, 3 unchanged" in output
    assert list(Area.objects.filter(code__startswith="E0199").values()) == before


def test_a_new_boundary_replaces_the_old_and_keeps_the_deprivation(
    demo, boundaries, tmp_path
) -> None:
    run_import("areas", str(boundaries))
    run_import("imd", str(write_csv(tmp_path / "imd.csv", [IMD_HEADER, imd_row(FIRST, 2, 5000)])))
    moved = write_geojson(tmp_path / "moved.json", [feature(FIRST, "Bromsgrove 901A", 52.4, -2.1)])

    output = run_import("areas", str(moved))

    assert "0 created, 1 updated" in output
    area = Area.objects.get(code=FIRST)
    assert area.min_latitude == pytest.approx(52.4)
    assert (area.imd_decile, area.imd_rank) == (2, 5000)


def test_an_explicit_district_code_places_every_area_in_it(demo, tmp_path) -> None:
    oddly_named = write_geojson(tmp_path / "a.json", [feature(FIRST, "Somewhere 001A", 52.3, -2.1)])

    run_import("areas", str(oddly_named), "--district", "E07000237")

    area = Area.objects.get(code=FIRST)
    assert area.district == District.objects.get(ons_code="E07000237")
    assert area.authority == demo.authority
    # Importing the file again without the code keeps the district it was given.
    assert "1 unchanged" in run_import("areas", str(oddly_named))
    assert Area.objects.get(code=FIRST).district.ons_code == "E07000237"


def test_areas_matching_no_district_are_imported_and_counted(demo, tmp_path) -> None:
    elsewhere = write_geojson(tmp_path / "a.json", [feature(FIRST, "Somewhere 001A", 52.3, -2.1)])

    output = run_import("areas", str(elsewhere))

    assert "1 areas matched no district" in output
    area = Area.objects.get(code=FIRST)
    assert area.district is None and area.authority is None


def test_bad_features_are_named_by_file_and_line_and_nothing_is_written(demo, tmp_path) -> None:
    bad_geometry = feature(SECOND, "Bromsgrove 901B", 52.3, -2.1)
    bad_geometry["geometry"] = {"type": "Point", "coordinates": [-2.1, 52.3]}
    path = write_geojson(
        tmp_path / "bad.json",
        [
            feature(FIRST, "Bromsgrove 901A", 52.3, -2.1),  # line 2: fine
            bad_geometry,  # line 3
            feature("X123", "Bromsgrove 901C", 52.3, -2.1),  # line 4
            feature(FIRST, "Bromsgrove 901A", 52.3, -2.1),  # line 5: again
            feature(THIRD, "", 52.3, -2.1),  # line 6
        ],
    )

    error, errors = refused("areas", str(path))

    assert str(error) == f"4 bad rows in {path}: nothing imported"
    assert errors.splitlines() == [
        f"bad.json line 3: {SECOND}: the geometry is a 'Point', not a Polygon or MultiPolygon",
        "bad.json line 4: LSOA11CD 'X123' is not an LSOA code like E01032205",
        f"bad.json line 5: {FIRST} appears again (first at bad.json line 2)",
        f"bad.json line 6: {THIRD}: LSOA11NM is missing",
    ]
    assert not Area.objects.filter(code__startswith="E0199").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "bad.json line 1: not JSON"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection"}', "has no list of features"),
    ],
)
def test_a_file_that_is_not_geojson_is_refused_in_one_line(
    demo, tmp_path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")

    error, _ = refused("areas", str(path))

    assert message in str(error)
    assert "\n" not in str(error)


def test_a_missing_file_unknown_district_or_authority_is_refused(demo, boundaries) -> None:
    error, _ = refused("areas", str(boundaries), "missing.json")
    assert str(error) == "missing.json: no such file"
    error, _ = refused("areas", str(boundaries), "--district", "E07999999")
    assert str(error) == "No district with the ONS code 'E07999999'"
    error, _ = refused("areas", str(boundaries), "--authority", "atlantis")
    assert str(error) == "No authority 'atlantis'"
    error, _ = refused(
        "areas", str(boundaries), "--authority", "worcestershire", "--district", "E07000218"
    )
    assert "No district with the ONS code 'E07000218' in Worcestershire" in str(error)
    assert not Area.objects.filter(code__startswith="E0199").exists()


def test_import_imd_updates_the_areas_held_and_ignores_the_rest(demo, boundaries, tmp_path) -> None:
    run_import("areas", str(boundaries))
    imd = write_csv(
        tmp_path / "imd.csv",
        [
            IMD_HEADER,
            imd_row(FIRST, 1, 100),
            imd_row(SECOND, 7, 22000),
            imd_row("E01999999", 3, 9000),  # not held
        ],
    )

    output = run_import("imd", str(imd))

    assert "3 rows" in output
    assert "2 updated, 0 unchanged; 1 LSOAs not held here, ignored" in output
    first = Area.objects.get(code=FIRST)
    assert (first.imd_decile, first.imd_rank, first.crime_decile) == (1, 100, 1)
    assert Area.objects.get(code=THIRD).imd_decile is None
    assert not Area.objects.filter(code="E01999999").exists()

    again = run_import("imd", str(imd))
    assert "0 updated, 2 unchanged" in again


def test_bad_imd_rows_are_named_by_line_and_nothing_is_written(demo, boundaries, tmp_path) -> None:
    run_import("areas", str(boundaries))
    bad_rank = imd_row(SECOND, 2, 1)
    bad_rank[-1] = "first"
    imd = write_csv(
        tmp_path / "imd.csv",
        [
            IMD_HEADER,
            imd_row(FIRST, 1, 100),  # line 2: fine
            imd_row(SECOND, 11, 200),  # line 3
            bad_rank,  # line 4
            imd_row("E0100", 1, 1),  # line 5
            imd_row(FIRST, 1, 100),  # line 6
        ],
    )

    error, errors = refused("imd", str(imd))

    assert str(error) == f"4 bad rows in {imd}: nothing imported"
    lines = errors.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "imd.csv line 3",
        "imd.csv line 4",
        "imd.csv line 5",
        "imd.csv line 6",
    ]
    assert "IMD_decile '11' is not a decile from 1 to 10" in lines[0]
    assert "IMD_rank 'first' is not a whole number from 1 to 32,844" in lines[1]
    assert "lsoa11_code 'E0100' is not an LSOA code" in lines[2]
    assert f"{FIRST} appears again (first at line 2)" in lines[3]
    assert not Area.objects.filter(code__startswith="E0199", imd_decile__isnull=False).exists()


def test_an_imd_file_without_its_columns_is_refused(demo, tmp_path) -> None:
    imd = write_csv(tmp_path / "imd.csv", [["lsoa11_code", "IMD_decile"], ["E01990001", "1"]])

    error, _ = refused("imd", str(imd))

    assert "the header lacks the columns IMD_rank, Income_decile," in str(error)


POSTCODE_HEADER = ["pcd", "pcds", "lat", "long", "lsoa11", "oslaua"]


def test_import_postcodes_links_them_to_the_areas_held(demo, boundaries, tmp_path) -> None:
    run_import("areas", str(boundaries))
    postcodes = write_csv(
        tmp_path / "onspd.csv",
        [
            POSTCODE_HEADER,
            ["B601AA", "B60 1AA", "52.305", "-2.095", FIRST, "E07000234"],
            ["B987ZZ", "B98 7ZZ", "52.301", "-1.945", "E01999999", "E07000236"],
            ["B60 9XX", "b60 9xx", "", "", "", "E07000234"],  # no grid reference
            ["B60 9XY", "B60 9XY", "99.999999", "0.000000", "", "E07000234"],  # nor this
        ],
    )

    output = run_import("postcodes", str(postcodes))

    assert "4 rows" in output
    assert "2 created, 0 updated, 0 unchanged; 2 skipped without coordinates" in output
    assert "1 in areas held here" in output
    postcode = Postcode.objects.get(postcode="B60 1AA")
    assert (postcode.latitude, postcode.longitude) == (52.305, -2.095)
    assert postcode.area == Area.objects.get(code=FIRST)
    assert Postcode.objects.get(postcode="B98 7ZZ").area is None

    again = run_import("postcodes", str(postcodes))
    assert "0 created, 0 updated, 2 unchanged" in again


def test_postcodes_imported_before_their_areas_are_linked_when_the_areas_come(
    demo, boundaries, tmp_path
) -> None:
    postcodes = write_csv(
        tmp_path / "onspd.csv",
        [["pcd", "lat", "long", "lsoa11"], ["B60 1AA", "52.305", "-2.095", FIRST]],
    )
    run_import("postcodes", str(postcodes))  # the pcd column serves when pcds is absent
    family = family_at("Marsh family", "B60 1AA")  # the postcode is held, its area not yet

    output = run_import("areas", str(boundaries))

    assert "postcodes linked to their areas: 1" in output
    assert Postcode.objects.get(postcode="B60 1AA").area.code == FIRST
    assert "families placed in the areas of their postcodes: 1" in output
    family.refresh_from_db()
    assert family.area.code == FIRST


def test_families_recorded_before_their_postcodes_were_held_are_placed_in_their_areas(
    demo, boundaries, tmp_path
) -> None:
    run_import("areas", str(boundaries))
    waiting = family_at("Marsh family", "B60 1AA")
    family_at("Lane family", "B98 7ZZ")  # held, but in an LSOA not held here
    family_at("Ford family", "B60 4QQ")  # not in the file
    family_at("Hale family", "")
    placed = family_at("Vale family", "B60 1AB")
    Family.objects.filter(pk=placed.pk).update(area=Area.objects.get(code=SECOND))
    assert waiting.area is None
    postcodes = write_csv(
        tmp_path / "onspd.csv",
        [
            ["pcds", "lat", "long", "lsoa11"],
            ["B60 1AA", "52.305", "-2.095", FIRST],
            ["B60 1AB", "52.305", "-2.095", FIRST],
            ["B98 7ZZ", "52.301", "-1.945", "E01999999"],
        ],
    )

    output = run_import("postcodes", str(postcodes))

    assert "families placed in the areas of their postcodes: 1" in output
    assert dict(Family.objects.values_list("name", "area__code")) == {
        "Marsh family": FIRST,
        "Lane family": None,
        "Ford family": None,
        "Hale family": None,
        "Vale family": SECOND,  # an area already given is kept
    }
    assert waiting.history.first().history_change_reason == "Placed in the area of its postcode"
    assert "families placed in the areas of their postcodes: 0" in run_import(
        "postcodes", str(postcodes)
    )


def test_bad_postcode_rows_are_named_by_line_and_nothing_is_written(demo, tmp_path) -> None:
    postcodes = write_csv(
        tmp_path / "onspd.csv",
        [
            ["pcds", "lat", "long", "lsoa11"],
            ["B60 1AA", "52.305", "-2.095", FIRST],  # line 2: fine
            ["NOT A POSTCODE", "52.3", "-2.1", ""],  # line 3
            ["B60 1AB", "north", "-2.1", ""],  # line 4
            ["B60 1AC", "52.3", "-200", ""],  # line 5
            ["b601aa", "52.3", "-2.1", ""],  # line 6: B60 1AA again
            ["B60 1AD", "52.3", "-2.1", "lsoa"],  # line 7
        ],
    )

    error, errors = refused("postcodes", str(postcodes))

    assert str(error) == f"5 bad rows in {postcodes}: nothing imported"
    assert errors.splitlines() == [
        "onspd.csv line 3: pcds 'NOT A POSTCODE' is not a postcode",
        "onspd.csv line 4: lat 'north' is not a latitude",
        "onspd.csv line 5: long '-200' is not a longitude",
        "onspd.csv line 6: B60 1AA appears again (first at line 2)",
        "onspd.csv line 7: lsoa11 'lsoa' is not an LSOA code like E01032205",
    ]
    assert not Postcode.objects.exists()


def test_a_postcode_file_without_coordinates_columns_is_refused(demo, tmp_path) -> None:
    postcodes = write_csv(tmp_path / "onspd.csv", [["pcds", "lsoa11"], ["B60 1AA", FIRST]])

    error, _ = refused("postcodes", str(postcodes))

    assert "the header lacks the columns lat, long" in str(error)


def test_the_triages_import_still_refuses_a_missing_file(demo) -> None:
    error, _ = refused("triages", "missing.csv")
    assert str(error) == "missing.csv: no such file"
