"""The demo's places: the real LSOAs and deprivation of Worcestershire when the shared data
is present (``../shared/data`` beside the repository, or ``EARLYHELP_SHARED_DATA``), and
otherwise synthetic areas, so the demo works on a machine without it; and the towns shipped
with the package (places/data), moved into the synthetic grids when the areas are
synthetic."""

import functools
import json
import os
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from earlyhelp.accounts.models import Authority, District
from earlyhelp.demo.authorities import AuthorityPlace
from earlyhelp.places import geometry, importing
from earlyhelp.places.importing import AreaFeature, Deprivation, TownRow
from earlyhelp.places.models import DECILE_FIELDS, Area

SHARED_DATA_VARIABLE = "EARLYHELP_SHARED_DATA"
IMD_FILE = "imd2019_england_lsoa11.csv"

# Synthetic areas: a grid of squares around a point in each district (near its main town),
# small enough that no two districts' grids overlap.
SYNTHETIC_GRID = 6  # squares a side
SYNTHETIC_SQUARE_HEIGHT = 0.012  # degrees of latitude, about 1.3 km
SYNTHETIC_SQUARE_WIDTH = 0.018  # degrees of longitude, about 1.2 km at 52°N
DISTRICT_ANCHORS = {  # ONS code -> (latitude, longitude), approximate
    "E07000234": (52.335, -2.061),  # Bromsgrove
    "E07000235": (52.112, -2.330),  # Malvern
    "E07000236": (52.306, -1.941),  # Redditch
    "E07000237": (52.192, -2.220),  # Worcester
    "E07000238": (52.100, -2.040),  # Pershore and Evesham
    "E07000239": (52.388, -2.249),  # Kidderminster
    "E07000218": (52.578, -1.546),  # Atherstone
    "E07000219": (52.500, -1.470),  # Nuneaton and Bedworth
    "E07000220": (52.370, -1.265),  # Rugby
    "E07000221": (52.192, -1.707),  # Stratford-upon-Avon
    "E07000222": (52.285, -1.560),  # Warwick and Leamington Spa
}


def shared_data_folder() -> Path:
    """Where the shared real data is: EARLYHELP_SHARED_DATA, or ../shared/data beside the
    repository (src/earlyhelp/demo/places.py -> the repository is three folders up)."""
    configured = os.environ.get(SHARED_DATA_VARIABLE)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


def boundary_file(folder: Path, district_ons_code: str) -> Path:
    return folder / "geo" / f"lsoa11_{district_ons_code}.json"


def seed_places(authority: Authority, place: AuthorityPlace, seed: int) -> dict[str, int]:
    """The authority's areas, real where the shared data has its districts' boundaries,
    synthetic otherwise; returns the numbers made, by kind."""
    folder = shared_data_folder()
    districts = list(District.objects.filter(authority=authority).order_by("ons_code"))
    real = [d for d in districts if boundary_file(folder, d.ons_code).is_file()]
    made = {"areas": 0, "deprived_areas": 0}
    codes: set[str] = set()
    for district in real:
        features = _features(boundary_file(folder, district.ons_code))
        importing.write_areas(features, authority=authority, district=district)
        codes.update(feature.code for feature in features)
    if codes and (folder / IMD_FILE).is_file():
        importing.write_imd(_deprivation(folder / IMD_FILE, frozenset(codes)))
    generator = random.Random(f"{place.slug}:{seed}:places")  # noqa: S311 - not security  # nosec B311
    for district in districts:
        if district not in real:
            _seed_synthetic_areas(generator, authority, district)
    made["areas"] = Area.objects.filter(authority=authority).count()
    made["deprived_areas"] = Area.objects.filter(authority=authority, imd_decile__lte=3).count()
    made["towns"] = _seed_towns(authority, synthetic=[d for d in districts if d not in real])
    return made


def _seed_towns(authority: Authority, synthetic: list[District]) -> int:
    """The towns shipped for the authority, if any. A district with synthetic areas gets
    its towns moved into its grid, keeping where they lie from one another."""
    path = importing.shipped_towns_file(authority.slug)
    if path is None:
        return 0
    towns = importing.read_towns(path, authority)
    for district in synthetic:
        towns = _moved_into_grid(towns, district)
    return importing.write_towns(towns, authority).created


def _moved_into_grid(towns: list[TownRow], district: District) -> list[TownRow]:
    """The district's towns shrunk towards the grid's anchor (the district's main town),
    all by one factor, until they lie inside the grid's middle nine tenths."""
    anchor = DISTRICT_ANCHORS.get(district.ons_code)
    own = [town for town in towns if town.district == district]
    if anchor is None or not own:
        return [town for town in towns if town.district != district]
    half_height = 0.45 * SYNTHETIC_GRID * SYNTHETIC_SQUARE_HEIGHT
    half_width = 0.45 * SYNTHETIC_GRID * SYNTHETIC_SQUARE_WIDTH
    furthest = max(
        max(abs(town.latitude - anchor[0]) / half_height for town in own),
        max(abs(town.longitude - anchor[1]) / half_width for town in own),
    )
    scale = min(1.0, 1 / furthest) if furthest else 1.0
    return [
        replace(
            town,
            latitude=anchor[0] + (town.latitude - anchor[0]) * scale,
            longitude=anchor[1] + (town.longitude - anchor[1]) * scale,
        )
        if town.district == district
        else town
        for town in towns
    ]


# Parsed once a process: tests seed the demo authority many times.
@functools.lru_cache(maxsize=16)
def _features(path: Path) -> list[AreaFeature]:
    return importing.read_area_features([path])


@functools.lru_cache(maxsize=4)
def _deprivation(path: Path, codes: frozenset[str]) -> dict[str, Deprivation]:
    deprivation, _ = importing.read_imd(path, only_codes=set(codes))
    return deprivation


def _seed_synthetic_areas(
    generator: random.Random, authority: Authority, district: District
) -> None:
    """A grid of square areas named like LSOAs ("Rugby 001A"), with made-up deprivation:
    about a fifth in the bottom 30%, and a clustered few in the bottom 10%."""
    anchor = DISTRICT_ANCHORS.get(district.ons_code)
    if anchor is None:
        # A district the demo has no point for: place it by its order, away from the rest.
        anchor = (53.0 + 0.1 * (district.pk % 50), -1.5)
    south = anchor[0] - SYNTHETIC_GRID * SYNTHETIC_SQUARE_HEIGHT / 2
    west = anchor[1] - SYNTHETIC_GRID * SYNTHETIC_SQUARE_WIDTH / 2
    # Made-up codes: real 2011 and 2021 LSOA codes stop below E01040000.
    prefix = "E019" + district.ons_code[-3:]
    areas = []
    for row in range(SYNTHETIC_GRID):
        for column in range(SYNTHETIC_GRID):
            index = row * SYNTHETIC_GRID + column
            square = geometry.square(
                south + row * SYNTHETIC_SQUARE_HEIGHT,
                west + column * SYNTHETIC_SQUARE_WIDTH,
                SYNTHETIC_SQUARE_HEIGHT,
                SYNTHETIC_SQUARE_WIDTH,
            )
            polygons = geometry.polygons_of(square)
            latitude, longitude = geometry.centroid(polygons)
            box = geometry.bounding_box(polygons)
            # Deprivation clusters near the centre of town, as it often does.
            distance_from_centre = abs(row - SYNTHETIC_GRID / 2) + abs(column - SYNTHETIC_GRID / 2)
            decile = max(1, min(10, round(generator.gauss(2 + distance_from_centre, 2))))
            deciles = {
                field: max(1, min(10, decile + generator.randint(-2, 2))) for field in DECILE_FIELDS
            }
            deciles["imd_decile"] = decile
            areas.append(
                Area(
                    code=f"{prefix}{index:02d}",
                    name=f"{district.name} {index // 4 + 1:03d}{'ABCD'[index % 4]}",
                    authority=authority,
                    district=district,
                    boundary=_compact(square),
                    centroid_latitude=latitude,
                    centroid_longitude=longitude,
                    min_latitude=box.min_latitude,
                    max_latitude=box.max_latitude,
                    min_longitude=box.min_longitude,
                    max_longitude=box.max_longitude,
                    imd_rank=_rank_in(decile, generator),
                    **deciles,
                )
            )
    Area.objects.bulk_create(areas)


def _rank_in(decile: int, generator: random.Random) -> int:
    size = importing.LSOAS_IN_ENGLAND_2011 / 10
    return generator.randint(int((decile - 1) * size) + 1, int(decile * size))


def _compact(geometry_dict: dict[str, Any]) -> str:
    return json.dumps(geometry_dict, separators=(",", ":"))
