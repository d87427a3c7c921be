"""The demo's places: the real Worcestershire LSOAs and deprivation when the shared data is
present, synthetic areas otherwise (and always for Warwickshire)."""

import csv
import json
import os
from pathlib import Path

import pytest

from earlyhelp.demo import places
from earlyhelp.demo.services import seed_authority
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import area_at, deprived_areas

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
WORCESTERSHIRE_DISTRICTS = {
    "E07000234": "Bromsgrove",
    "E07000235": "Malvern Hills",
    "E07000236": "Redditch",
    "E07000237": "Worcester",
    "E07000238": "Wychavon",
    "E07000239": "Wyre Forest",
}

needs_shared_data = pytest.mark.skipif(
    not places.shared_data_folder().is_dir() and os.environ.get("CI") != "true",
    reason="the shared real data (../shared/data) is absent",
)


@pytest.fixture
def without_shared_data(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(places.SHARED_DATA_VARIABLE, str(tmp_path / "nothing-here"))


def test_the_shared_data_is_found_beside_the_repository_unless_the_variable_says(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv(places.SHARED_DATA_VARIABLE, raising=False)
    assert places.shared_data_folder() == SHARED_DATA
    monkeypatch.setenv(places.SHARED_DATA_VARIABLE, str(tmp_path))
    assert places.shared_data_folder() == tmp_path


@needs_shared_data
def test_the_worcestershire_demo_shades_the_real_bottom_30_percent(demo) -> None:
    folder = places.shared_data_folder()
    district_of = {}
    for ons_code, name in WORCESTERSHIRE_DISTRICTS.items():
        collection = json.loads((folder / "geo" / f"lsoa11_{ons_code}.json").read_text())
        for feature in collection["features"]:
            district_of[feature["properties"]["LSOA11CD"]] = name
    with (folder / "imd2019_england_lsoa11.csv").open(newline="") as handle:
        bottom_30_percent = {
            row["lsoa11_code"]
            for row in csv.DictReader(handle)
            if row["lsoa11_code"] in district_of and int(row["IMD_decile"]) <= 3
        }

    shaded = set(deprived_areas(demo.authority).values_list("code", flat=True))

    assert len(district_of) == 364
    assert shaded == bottom_30_percent
    assert len(shaded) > 0
    held = {area.code: area.district.name for area in Area.objects.select_related("district")}
    assert held == district_of
    assert not Area.objects.filter(imd_decile__isnull=True).exists()
    assert demo.places == {
        "areas": 364,
        "deprived_areas": len(bottom_30_percent),
        "towns": 58,
    }


@needs_shared_data
def test_a_real_area_is_found_at_a_point_inside_it(demo) -> None:
    # Worcester Cathedral stands in the Worcester district.
    area = area_at(52.1887, -2.2210)
    assert area is not None
    assert area.district.name == "Worcester"
    assert area.name.startswith("Worcester ")


def test_without_the_shared_data_the_demo_makes_synthetic_areas(db, without_shared_data) -> None:
    result = seed_authority(authority_slug="worcestershire", families=0, seed=1, password="x" * 12)

    areas = list(Area.objects.select_related("district"))
    assert len(areas) == 6 * places.SYNTHETIC_GRID**2
    assert result.places["areas"] == len(areas)
    assert {area.district.name for area in areas} == set(WORCESTERSHIRE_DISTRICTS.values())
    assert all(area.name.startswith(f"{area.district.name} ") for area in areas)
    assert all(area.imd_decile is not None and area.imd_rank is not None for area in areas)
    assert 0 < deprived_areas(result.authority).count() < len(areas)
    assert result.places["deprived_areas"] == deprived_areas(result.authority).count()
    # The squares do not overlap: each centroid lies in its own area only.
    for area in areas:
        assert area_at(area.centroid_latitude, area.centroid_longitude) == area


def test_warwickshire_always_has_synthetic_areas(db) -> None:
    result = seed_authority(authority_slug="warwickshire", families=0, seed=1, password="x" * 12)

    names = set(Area.objects.values_list("name", flat=True))
    assert len(names) == 5 * places.SYNTHETIC_GRID**2
    assert "Rugby 001A" in names
    assert result.places["areas"] == len(names)


def test_the_synthetic_areas_are_the_same_for_the_same_seed(db, without_shared_data) -> None:
    from django.db import transaction

    def deprivation(seed: int) -> list[tuple[str, int]]:
        with transaction.atomic():
            seed_authority(authority_slug="warwickshire", families=0, seed=seed, password="x" * 12)
            taken = list(Area.objects.order_by("code").values_list("code", "imd_decile"))
            transaction.set_rollback(True)
        return taken

    assert deprivation(7) == deprivation(7)
    assert deprivation(7) != deprivation(8)


@needs_shared_data
def test_importing_the_real_files_over_the_demo_changes_nothing(demo) -> None:
    import io

    from django.core.management import call_command

    folder = places.shared_data_folder()
    out = io.StringIO()
    call_command("import", "areas", *sorted(map(str, (folder / "geo").glob("*.json"))), stdout=out)
    call_command("import", "imd", str(folder / "imd2019_england_lsoa11.csv"), stdout=out)

    assert "0 created, 0 updated, 364 unchanged" in out.getvalue()
    assert "32,844 rows" in out.getvalue()
    assert "0 updated, 364 unchanged; 32,480 LSOAs not held here, ignored" in out.getvalue()
