"""`earlyhelp import` with hostile files: each import either succeeds or stops with exit code
2 and a message (never a traceback), and an import that stops writes nothing.

The commands run in-process (call_command) for speed; one subprocess run proves the exit
code and the one line on stderr.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from earlyhelp.directory.models import Location, Organization, Service, ServiceAtLocation
from earlyhelp.pathways.models import Pathway, Triage, TriageEntry
from earlyhelp.people.models import Family
from earlyhelp.places.geometry import square
from earlyhelp.places.importing import IMD_CODE_COLUMN, IMD_DECILE_COLUMNS, IMD_RANK_COLUMN
from earlyhelp.places.models import Area, Postcode, Town
from earlyhelp.planning.models import ChildPopulation
from tests.fuzz.hostile import (
    csv_text,
    hostile_csv,
    hostile_geojson,
    json_values,
    trying_known_breakers,
)

EXAMPLES = int(os.environ.get("FUZZ_IMPORT_EXAMPLES", "40"))
RECORDS = [
    Area,
    Postcode,
    Town,
    ChildPopulation,
    Family,
    Pathway,
    Triage,
    TriageEntry,
    Service,
    Organization,
    Location,
    ServiceAtLocation,
]
fuzzed = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def held() -> dict[str, Any]:
    """How many of each record, and when the last was changed: a write of any kind moves
    one of them."""
    state: dict[str, Any] = {}
    for model in RECORDS:
        state[model.__name__] = model.objects.count()
        if any(field.name == "updated_at" for field in model._meta.fields):
            state[f"{model.__name__} changed"] = model.objects.aggregate(Max("updated_at"))
    return state


def import_refuses_or_succeeds(path: Path, content: bytes, *args: str) -> None:
    path.write_bytes(content)
    before = held()
    errors = io.StringIO()
    try:
        call_command("import", *args, str(path), stdout=io.StringIO(), stderr=errors)
    except CommandError as error:
        assert error.returncode == 2, error
        message = str(error)
        assert message and "\n" not in message, message
        assert "Traceback" not in errors.getvalue()
        assert held() == before, f"a refused import wrote something: {message}"


@pytest.fixture
def area_code(demo) -> str:  # type: ignore[no-untyped-def]
    return Area.objects.order_by("code").values_list("code", flat=True).first() or "E01032205"


def test_hostile_towns_files(demo, tmp_path) -> None:
    header = ["name", "district", "latitude", "longitude"]
    good = [["Fuzzton", "Bromsgrove", "52.33", "-2.06"], ["Upper Fuzz", "", "52.1", "-2.2"]]

    @fuzzed
    @given(content=hostile_csv(header, good))
    @trying_known_breakers(header, good[0])
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(tmp_path / "towns.csv", content, "towns")

    check()


def lsoa(code: str, name: str, south: float, west: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"LSOA11CD": code, "LSOA11NM": name},
        "geometry": square(south, west, 0.01, 0.01),
    }


def areas_file(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def test_hostile_area_files(demo, tmp_path) -> None:
    good = [
        lsoa("E01099901", "Bromsgrove 901A", 52.33, -2.06),
        lsoa("E01099902", "Wychavon 902B", 52.1, -2.2),
    ]

    @fuzzed
    @given(content=hostile_geojson(good))
    @example(content=areas_file(lsoa("E01099903", "Bromsgrove\u0000 903C", 52.3, -2.0)))
    @example(content=areas_file(lsoa("E01099904", "\u0000", 52.3, -2.0)))
    @example(content=areas_file({**good[0], "geometry": {"type": "Polygon", "coordinates": 1}}))
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(tmp_path / "areas.geojson", content, "areas")

    check()


def test_hostile_postcode_files(demo, tmp_path, area_code) -> None:
    header = ["pcds", "lat", "long", "lsoa11"]
    good = [["B60 1AA", "52.33", "-2.06", area_code], ["WR1 1AA", "99.999999", "0", ""]]

    @fuzzed
    @given(content=hostile_csv(header, good))
    @trying_known_breakers(header, good[0])
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(tmp_path / "postcodes.csv", content, "postcodes")

    check()


def test_hostile_deprivation_files(demo, tmp_path, area_code) -> None:
    header = [IMD_CODE_COLUMN, *IMD_DECILE_COLUMNS.values(), IMD_RANK_COLUMN]
    good = [[area_code, *["3"] * len(IMD_DECILE_COLUMNS), "1200"]]

    @fuzzed
    @given(content=hostile_csv(header, good))
    @trying_known_breakers(header, good[0])
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(tmp_path / "imd.csv", content, "imd")

    check()


def test_hostile_population_files(demo, tmp_path, area_code) -> None:
    header = ["LSOA Code", "All Ages", *[str(age) for age in range(18)]]
    good = [[area_code, "1500", *["20"] * 18]]

    @fuzzed
    @given(content=hostile_csv(header, good))
    @trying_known_breakers(header, good[0])
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(
            tmp_path / "population.csv", content, "population", "--year", "2022"
        )

    check()


def test_hostile_triage_files(demo, tmp_path) -> None:
    header = [
        "triage_ref",
        "family_ref",
        "stage",
        "completed_on",
        "district",
        "band",
        "narrative",
        "outcome",
    ]
    good = [
        ["FZ1", "FAM1", "assessment", "2021-03-01", "Bromsgrove", "yellow", "School worries", ""],
        ["FZ2", "FAM1", "closure", "2021-09-01", "Bromsgrove", "green", "Going well", "improved"],
    ]

    first_day = [
        ["FZ3", "FAM2", "assessment", "0001-01-01", "", "red", '=HYPERLINK("x")', ""],
        ["FZ4", "FAM2", "closure", "0001-01-01", "", "blue", "\u202eevil", "improved"],
    ]

    @fuzzed
    @given(content=hostile_csv(header, good))
    @trying_known_breakers(header, good[0])
    @example(content=csv_text([header, *first_day], "\n").encode())
    @example(content=csv_text([header, [*good[0][:6], "A" * 100_000, ""]], "\r\n").encode())
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(tmp_path / "triages.csv", content, "triages")

    check()


GOOD_SERVICE = {
    "id": "0b0f9a8e-4c5d-4e55-9d1a-000000000001",
    "name": "Fuzz Family Club",
    "description": "Play and talk for families",
    "status": "active",
    "organization": {
        "id": "0b0f9a8e-4c5d-4e55-9d1a-000000000002",
        "name": "Fuzz Trust",
        "description": "A charity",
    },
    "service_at_locations": [
        {
            "id": "0b0f9a8e-4c5d-4e55-9d1a-000000000003",
            "location": {
                "id": "0b0f9a8e-4c5d-4e55-9d1a-000000000004",
                "location_type": "physical",
                "latitude": 52.33,
                "longitude": -2.06,
            },
        }
    ],
}

# Open Referral UK 1.0, its lists where there should be lists only in places.
VERSION_1_SERVICE = {
    "id": "fuzz-1",
    "name": "Fuzz Club",
    "regular_schedules": 5,
    "eligibilitys": [{"minimum_age": "\u00b2", "maximum_age": -1}],
    "service_taxonomys": [{"taxonomy": {"id": 1, "vocabulary": 3, "parent": []}}],
    "service_at_locations": [{"location": {"physical_addresses": "1 High St"}}, 7],
    "contacts": [{"phones": {"number": "0"}}],
}


@st.composite
def hostile_feed(draw: st.DrawFn) -> bytes:
    """A feed of one good service with some of its values replaced, or broken JSON."""
    kind = draw(st.sampled_from(["service", "service", "value", "bytes", "deep"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        return b"[" * 200_000 + b"]" * 200_000
    if kind == "value":
        return json.dumps(draw(json_values)).encode()
    service = json.loads(json.dumps(GOOD_SERVICE))
    parts = [service, service["organization"], service["service_at_locations"][0]["location"]]
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(parts))
        key = draw(st.sampled_from([*target, "email", "url", "assured_date", "minimum_age"]))
        target[key] = draw(json_values)
    return json.dumps(service).encode(draw(st.sampled_from(["utf-8", "utf-16"])))


def test_hostile_service_feeds(demo, tmp_path) -> None:
    """A feed's bad services are rejected one by one; nothing else goes wrong."""

    @fuzzed
    @given(content=hostile_feed())
    @example(content=json.dumps([{**GOOD_SERVICE, "service_at_locations": True}]).encode())
    @example(content=json.dumps([VERSION_1_SERVICE]).encode())
    @example(content=json.dumps([{**GOOD_SERVICE, "name": "Club\u0000"}]).encode())
    @example(content=json.dumps([{**GOOD_SERVICE, "assured_date": "9999-12-31"}]).encode())
    def check(content: bytes) -> None:
        import_refuses_or_succeeds(tmp_path / "services.json", content, "services")

    check()


def test_the_command_exits_2_with_one_line_on_stderr_for_a_hostile_file(tmp_path) -> None:
    """Outside the test process, no database needed: the population file is read before
    anything else."""
    path = tmp_path / "population.csv"
    path.write_bytes(b"LSOA Code,All Ages,\xff\xfe\x000,1,2\n")
    env = {**os.environ, "SECRET_KEY": "x", "DEBUG": "false", "EARLYHELP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603 - our own command
        [
            sys.executable,
            "-m",
            "earlyhelp.cli",
            "import",
            "population",
            str(path),
            "--year",
            "2022",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "not UTF-8 text" in done.stderr
