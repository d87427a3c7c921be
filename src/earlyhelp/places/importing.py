"""Importing places: LSOA boundaries (GeoJSON), the IMD 2019 (CSV), postcodes (ONSPD CSV)
and towns (CSV).

Each import reads and checks the whole input before it writes anything: any bad feature or
row and nothing is written, and every bad one is reported with its file and line number.
Each writes in one transaction and is idempotent: records are matched by their code (the
LSOA code, the postcode), so importing the same file again changes nothing.

- ``import_areas``: GeoJSON FeatureCollections of LSOA boundaries with the properties
  ``LSOA11CD`` and ``LSOA11NM``. An area's district is the one given (by ONS code) or else
  the authority's district its name starts with ("Bromsgrove 001A" -> Bromsgrove).
  Re-importing a boundary keeps the area's deprivation.
- ``import_imd``: the English Indices of Deprivation 2019 by LSOA. Updates the areas held
  and ignores the rest of England.
- ``import_postcodes``: the ONS Postcode Directory's ``pcds`` (or ``pcd``), ``lat``,
  ``long`` and ``lsoa11`` columns. Postcodes with no grid reference (empty coordinates, or
  the directory's 99.999999 latitude) are skipped and counted.
- ``import_towns``: an authority's towns and villages by their centres, with the columns
  ``name``, ``district`` (the name or ONS code of one of the authority's districts, or
  empty), ``latitude`` and ``longitude``. Towns are matched by name, whatever its case.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District
from earlyhelp.core.importing import has_nul
from earlyhelp.core.queries import in_chunks
from earlyhelp.places import geometry
from earlyhelp.places.models import DECILE_FIELDS, Area, Postcode, Town

LSOA_CODE = re.compile(r"^[EW]01\d{6}$", re.ASCII)
# Any nine-character GSS-style code: the ONSPD also holds Scottish data zones and pseudo codes.
ANY_LSOA_CODE = re.compile(r"^[A-Z0-9]\d{8}$", re.ASCII)
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$", re.ASCII)
_LSOA_NAME_SUFFIX = re.compile(r"\s+\d{3}[A-Z]$")
NO_GRID_REFERENCE_LATITUDE = 99.999999  # the ONSPD's mark for a postcode with no point
IMD_CODE_COLUMN = "lsoa11_code"
IMD_RANK_COLUMN = "IMD_rank"
# Area field -> the column of the IMD 2019 CSV.
IMD_DECILE_COLUMNS = {
    "imd_decile": "IMD_decile",
    "income_decile": "Income_decile",
    "employment_decile": "Employment_decile",
    "education_decile": "Education_decile",
    "health_decile": "Health_decile",
    "crime_decile": "Crime_decile",
    "housing_and_services_decile": "Housing_and_Access_decile",
    "living_environment_decile": "Environment_decile",
}
LSOAS_IN_ENGLAND_2011 = 32_844
BATCH_SIZE = 2000


class UnreadableFile(Exception):
    """The input cannot be read or used at all; the message is one line saying why."""


@dataclass(frozen=True, order=True)
class BadRow:
    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source} line {self.line}: {self.reason}"


class BadRows(Exception):
    """Rows or features that cannot be imported, all of them, in order. Nothing was written."""

    def __init__(self, bad_rows: Iterable[BadRow]) -> None:
        self.bad_rows = sorted(set(bad_rows))
        super().__init__(f"{len(self.bad_rows)} bad rows")


def normalise_postcode(text: str) -> str | None:
    """ "b60  1aa" -> "B60 1AA"; None when the text is not shaped like a UK postcode."""
    match = _POSTCODE.match("".join(text.upper().split()))
    return f"{match[1]} {match[2]}" if match else None


# --- Areas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFeature:
    """One checked LSOA boundary, ready to write."""

    code: str
    name: str
    boundary: str  # compact GeoJSON geometry
    centroid: tuple[float, float]  # (latitude, longitude)
    box: geometry.BoundingBox
    source: str
    line: int


@dataclass
class AreasSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    without_district: int = 0
    postcodes_linked: int = 0


def read_area_features(paths: Sequence[Path]) -> list[AreaFeature]:
    """Every feature of the files, checked; raises UnreadableFile or BadRows."""
    features: list[AreaFeature] = []
    bad: list[BadRow] = []
    first_seen: dict[str, AreaFeature] = {}
    for path in paths:
        for line, feature in _features_with_lines(path):
            try:
                area = _area_feature(feature, path.name, line)
            except ValueError as error:
                bad.append(BadRow(path.name, line, str(error)))
                continue
            earlier = first_seen.get(area.code)
            if earlier is not None:
                bad.append(
                    BadRow(
                        path.name,
                        line,
                        f"{area.code} appears again (first at {earlier.source} line "
                        f"{earlier.line})",
                    )
                )
                continue
            first_seen[area.code] = area
            features.append(area)
    if bad:
        raise BadRows(bad)
    return features


def _features_with_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """The features of a GeoJSON FeatureCollection, each with the line it starts on."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"{path} line {error.lineno}: not JSON ({error.msg})") from None
    except RecursionError:
        raise UnreadableFile(f"{path}: not GeoJSON (nested too deeply)") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise UnreadableFile(f"{path}: not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise UnreadableFile(f"{path}: the FeatureCollection has no list of features")
    lines = _feature_start_lines(text, len(features))
    yield from zip(lines, features, strict=True)


def _feature_start_lines(text: str, count: int) -> list[int]:
    """The line each feature starts on: decode the features array one value at a time.
    Falls back to the line of the array (for every feature) if the text is unusual."""
    decoder = json.JSONDecoder()
    match = re.search(r'"features"\s*:\s*\[', text)
    if match is None:
        return [1] * count
    fallback = [text.count("\n", 0, match.start()) + 1] * count
    position, lines = match.end(), []
    line, counted_to = 1, 0
    try:
        for _ in range(count):
            while text[position] in " \t\r\n,":
                position += 1
            line += text.count("\n", counted_to, position)
            counted_to = position
            lines.append(line)
            _, position = decoder.raw_decode(text, position)
    except (ValueError, IndexError):
        return fallback
    return lines


def _area_feature(feature: Any, source: str, line: int) -> AreaFeature:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise ValueError("the feature has no properties")
    code, name = properties.get("LSOA11CD"), properties.get("LSOA11NM")
    if not isinstance(code, str) or not LSOA_CODE.match(code.strip()):
        raise ValueError(f"LSOA11CD {code!r} is not an LSOA code like E01032205")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{code}: LSOA11NM is missing")
    if has_nul(name):
        raise ValueError(f"{code}: LSOA11NM has a NUL character")
    if len(name.strip()) > Area._meta.get_field("name").max_length:
        raise ValueError(f"{code}: LSOA11NM is longer than 120 characters")
    raw_geometry = feature.get("geometry")
    try:
        polygons = geometry.polygons_of(raw_geometry)
    except geometry.InvalidGeometry as error:
        raise ValueError(f"{code}: {error}") from None
    return AreaFeature(
        code=code.strip(),
        name=" ".join(name.split()),
        boundary=json.dumps(
            {"type": raw_geometry["type"], "coordinates": raw_geometry["coordinates"]},
            separators=(",", ":"),
        ),
        centroid=geometry.centroid(polygons),
        box=geometry.bounding_box(polygons),
        source=source,
        line=line,
    )


def district_for_code(ons_code: str, authority: Authority | None) -> District:
    """The district with this ONS code (of the authority, if one is given)."""
    districts = District.objects.filter(ons_code=ons_code.strip().upper())
    if authority is not None:
        districts = districts.filter(authority=authority)
    district = districts.select_related("authority").first()
    if district is None:
        where = f" in {authority}" if authority else ""
        raise UnreadableFile(f"No district with the ONS code {ons_code!r}{where}")
    return district


def import_areas(
    paths: Sequence[Path],
    *,
    authority: Authority | None = None,
    district: District | None = None,
) -> AreasSummary:
    """Check every feature, then upsert the areas by code in one transaction."""
    if district is not None and authority is not None and district.authority_id != authority.pk:
        raise UnreadableFile(f"{district.name} is not a district of {authority}")
    return write_areas(read_area_features(paths), authority=authority, district=district)


def write_areas(
    features: Sequence[AreaFeature],
    *,
    authority: Authority | None = None,
    district: District | None = None,
) -> AreasSummary:
    summary = AreasSummary()
    if district is not None and authority is None:
        authority = district.authority
    districts_by_name = _districts_by_name(authority)
    existing = {
        area.code: area
        for chunk in in_chunks([feature.code for feature in features])
        for area in Area.objects.filter(code__in=chunk)
    }
    to_create: list[Area] = []
    changes: dict[int, dict[str, Any]] = {}
    for feature in features:
        area = existing.get(feature.code)
        area_district = district or districts_by_name.get(
            _LSOA_NAME_SUFFIX.sub("", feature.name).casefold()
        )
        district_id = area_district.pk if area_district else None
        authority_id = authority.pk if authority else None
        if area_district is not None and authority_id is None:
            authority_id = area_district.authority_id
        if area_district is None and area is not None and area.district_id is not None:
            # Matched no district this time: keep the one given before (by --district).
            district_id = area.district_id
            authority_id = authority_id or area.authority_id
        if district_id is None:
            summary.without_district += 1
        values = {
            "name": feature.name,
            "authority_id": authority_id,
            "district_id": district_id,
            "boundary": feature.boundary,
            "centroid_latitude": feature.centroid[0],
            "centroid_longitude": feature.centroid[1],
            "min_latitude": feature.box.min_latitude,
            "max_latitude": feature.box.max_latitude,
            "min_longitude": feature.box.min_longitude,
            "max_longitude": feature.box.max_longitude,
        }
        if area is None:
            to_create.append(Area(code=feature.code, **values))
        elif any(getattr(area, name) != value for name, value in values.items()):
            changes[area.pk] = values
        else:
            summary.unchanged += 1
    now = timezone.now()
    with transaction.atomic():
        Area.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        for pk, changed_values in changes.items():  # see write_imd: quicker than bulk_update
            Area.objects.filter(pk=pk).update(**changed_values, updated_at=now)
        summary.postcodes_linked = link_postcodes_to_areas([feature.code for feature in features])
    summary.created, summary.updated = len(to_create), len(changes)
    return summary


def _districts_by_name(authority: Authority | None) -> dict[str, District]:
    districts = District.objects.all() if authority is None else authority.districts.all()
    by_name: dict[str, District] = {}
    ambiguous = set()
    for district in districts:
        key = district.name.casefold()
        if key in by_name:
            ambiguous.add(key)
        by_name[key] = district
    # Two authorities with a district of one name: leave it to --authority or --district.
    return {name: district for name, district in by_name.items() if name not in ambiguous}


def link_postcodes_to_areas(codes: Sequence[str]) -> int:
    """Give postcodes imported before their areas those areas."""
    linked = 0
    for chunk in in_chunks(list(codes)):
        waiting = set(
            Postcode.objects.filter(area__isnull=True, lsoa_code__in=chunk).values_list(
                "lsoa_code", flat=True
            )
        )
        for area in Area.objects.filter(code__in=waiting).only("pk", "code"):
            linked += Postcode.objects.filter(lsoa_code=area.code, area__isnull=True).update(
                area=area
            )
    return linked


# --- The Index of Multiple Deprivation -----------------------------------------------------


@dataclass(frozen=True)
class Deprivation:
    rank: int
    deciles: dict[str, int]  # Area field -> decile


@dataclass
class DeprivationSummary:
    rows: int = 0
    updated: int = 0
    unchanged: int = 0
    not_held: int = 0  # LSOAs in the file with no area here


def read_imd(
    path: Path, *, only_codes: set[str] | None = None
) -> tuple[dict[str, Deprivation], int]:
    """The file's deprivation by LSOA code, every row checked, and its number of rows; only
    the codes asked for are kept (all when ``only_codes`` is None). Raises UnreadableFile or
    BadRows."""
    by_code: dict[str, Deprivation] = {}
    first_line: dict[str, int] = {}
    bad: list[BadRow] = []
    decile_columns = list(IMD_DECILE_COLUMNS.items())
    for line, row in _csv_rows(
        path, [IMD_CODE_COLUMN, IMD_RANK_COLUMN, *IMD_DECILE_COLUMNS.values()]
    ):
        code = (row[IMD_CODE_COLUMN] or "").strip()
        reasons = []
        if not LSOA_CODE.match(code):
            reasons.append(f"{IMD_CODE_COLUMN} {code!r} is not an LSOA code like E01032205")
        elif code in first_line:
            reasons.append(f"{code} appears again (first at line {first_line[code]})")
        rank = _whole_number(row[IMD_RANK_COLUMN], 1, LSOAS_IN_ENGLAND_2011)
        if rank is None:
            reasons.append(
                f"{IMD_RANK_COLUMN} {row[IMD_RANK_COLUMN]!r} is not a whole number from 1 to "
                f"{LSOAS_IN_ENGLAND_2011:,}"
            )
        deciles = {}
        for field, column in decile_columns:
            decile = _whole_number(row[column], 1, 10)
            if decile is None:
                reasons.append(f"{column} {row[column]!r} is not a decile from 1 to 10")
            deciles[field] = decile
        if reasons:
            bad.append(BadRow(path.name, line, "; ".join(reasons)))
            continue
        first_line[code] = line
        if only_codes is None or code in only_codes:
            by_code[code] = Deprivation(rank=rank, deciles=deciles)  # type: ignore[arg-type]
    if bad:
        raise BadRows(bad)
    return by_code, len(first_line)


def import_imd(path: Path) -> DeprivationSummary:
    """Check the whole file, then update the deprivation of every area held."""
    held = set(Area.objects.values_list("code", flat=True))
    deprivation, rows = read_imd(path, only_codes=held)
    summary = write_imd(deprivation)
    summary.rows, summary.not_held = rows, rows - len(deprivation)
    return summary


def write_imd(deprivation: dict[str, Deprivation]) -> DeprivationSummary:
    summary = DeprivationSummary(rows=len(deprivation))  # the caller knows the file's rows
    changes: dict[int, dict[str, int]] = {}
    for chunk in in_chunks(sorted(deprivation)):
        for area in Area.objects.filter(code__in=chunk).only(
            "pk", "code", "imd_rank", *DECILE_FIELDS
        ):
            record = deprivation[area.code]
            values = {"imd_rank": record.rank, **record.deciles}
            if all(getattr(area, name) == value for name, value in values.items()):
                summary.unchanged += 1
            else:
                changes[area.pk] = values
    # One UPDATE a row: far quicker than bulk_update's CASE expressions over ten columns.
    now = timezone.now()
    with transaction.atomic():
        for pk, values in changes.items():
            Area.objects.filter(pk=pk).update(**values, updated_at=now)
    summary.updated = len(changes)
    return summary


# --- Postcodes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostcodePoint:
    postcode: str
    latitude: float
    longitude: float
    lsoa_code: str


@dataclass
class PostcodesSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    without_coordinates: int = 0
    in_areas_held: int = 0


def read_postcodes(path: Path) -> tuple[list[PostcodePoint], int]:
    """The file's postcodes with a point, checked, and the number without one."""
    header = _csv_header(path)
    postcode_column = "pcds" if "pcds" in header else "pcd"
    points: list[PostcodePoint] = []
    first_line: dict[str, int] = {}
    without_coordinates = 0
    bad: list[BadRow] = []
    for line, row in _csv_rows(path, [postcode_column, "lat", "long", "lsoa11"]):
        raw_postcode = row[postcode_column] or ""
        postcode = normalise_postcode(raw_postcode)
        reasons = []
        if postcode is None:
            reasons.append(f"{postcode_column} {raw_postcode!r} is not a postcode")
        elif postcode in first_line:
            reasons.append(f"{postcode} appears again (first at line {first_line[postcode]})")
        lsoa_code = (row["lsoa11"] or "").strip()
        if lsoa_code and not ANY_LSOA_CODE.match(lsoa_code):
            reasons.append(f"lsoa11 {lsoa_code!r} is not an LSOA code like E01032205")
        raw_latitude, raw_longitude = (row["lat"] or "").strip(), (row["long"] or "").strip()
        latitude = longitude = None
        has_point = bool(raw_latitude or raw_longitude) and (
            _number(raw_latitude, -90, 100) != NO_GRID_REFERENCE_LATITUDE
        )
        if has_point:
            latitude = _number(raw_latitude, -90, 90)
            longitude = _number(raw_longitude, -180, 180)
            if latitude is None:
                reasons.append(f"lat {raw_latitude!r} is not a latitude")
            if longitude is None:
                reasons.append(f"long {raw_longitude!r} is not a longitude")
        if reasons:
            bad.append(BadRow(path.name, line, "; ".join(reasons)))
            continue
        first_line[postcode] = line  # type: ignore[index]
        if not has_point:
            without_coordinates += 1
            continue
        points.append(PostcodePoint(postcode, latitude, longitude, lsoa_code))  # type: ignore[arg-type]
    if bad:
        raise BadRows(bad)
    return points, without_coordinates


def import_postcodes(path: Path) -> PostcodesSummary:
    points, without_coordinates = read_postcodes(path)
    summary = PostcodesSummary(
        rows=len(points) + without_coordinates, without_coordinates=without_coordinates
    )
    area_ids = {
        code: pk
        for chunk in in_chunks(sorted({point.lsoa_code for point in points if point.lsoa_code}))
        for code, pk in Area.objects.filter(code__in=chunk).values_list("code", "pk")
    }
    existing = {
        postcode.postcode: postcode
        for chunk in in_chunks([point.postcode for point in points])
        for postcode in Postcode.objects.filter(postcode__in=chunk)
    }
    to_create, to_update = [], []
    for point in points:
        values = {
            "latitude": point.latitude,
            "longitude": point.longitude,
            "lsoa_code": point.lsoa_code,
            "area_id": area_ids.get(point.lsoa_code),
        }
        if values["area_id"] is not None:
            summary.in_areas_held += 1
        held = existing.get(point.postcode)
        if held is None:
            to_create.append(Postcode(postcode=point.postcode, **values))
        elif any(getattr(held, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(held, name, value)
            to_update.append(held)
        else:
            summary.unchanged += 1
    with transaction.atomic():
        Postcode.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        Postcode.objects.bulk_update(
            to_update, ["latitude", "longitude", "lsoa_code", "area"], batch_size=BATCH_SIZE
        )
    summary.created, summary.updated = len(to_create), len(to_update)
    return summary


# --- Towns ---------------------------------------------------------------------------------

TOWN_COLUMNS = ("name", "district", "latitude", "longitude")
TOWN_NAME_LENGTH = 100
TOWNS_DATA = Path(__file__).resolve().parent / "data"


def shipped_towns_file(authority_slug: str) -> Path | None:
    """The towns file shipped with the package for an authority, if there is one."""
    path = TOWNS_DATA / f"{authority_slug}_towns.csv"
    return path if path.is_file() else None


@dataclass(frozen=True)
class TownRow:
    name: str
    district: District | None
    latitude: float
    longitude: float


@dataclass
class TownsSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def town_key(name: str) -> str:
    """How town names are compared: case, hyphens, apostrophes and spacing aside, so that
    "stourport on severn" is "Stourport-on-Severn" and "St Johns" is "St John's"."""
    folded = name.casefold().replace("-", " ").replace("\u2019", "").replace("'", "")
    return " ".join(folded.replace(".", " ").split())


def read_towns(path: Path, authority: Authority) -> list[TownRow]:
    """The file's towns, every row checked against the authority's districts; raises
    UnreadableFile or BadRows."""
    districts: dict[str, District] = {}
    for district in authority.districts.all():
        districts[district.name.casefold()] = district
        districts[district.ons_code.casefold()] = district
    towns: list[TownRow] = []
    first_line: dict[str, int] = {}
    bad: list[BadRow] = []
    for line, row in _csv_rows(path, TOWN_COLUMNS):
        name = " ".join((row["name"] or "").split())
        reasons = []
        key = town_key(name)
        if not key:
            reasons.append("name is empty")
        elif len(name) > TOWN_NAME_LENGTH:
            reasons.append(f"name is longer than {TOWN_NAME_LENGTH} characters")
        elif key in first_line:
            reasons.append(f"{name} appears again (first at line {first_line[key]})")
        district_text = " ".join((row["district"] or "").split())
        district = districts.get(district_text.casefold()) if district_text else None
        if district_text and district is None:
            reasons.append(f"district {district_text!r} is not a district of {authority}")
        raw_latitude, raw_longitude = row["latitude"].strip(), row["longitude"].strip()
        latitude = _number(raw_latitude, -90, 90)
        longitude = _number(raw_longitude, -180, 180)
        if latitude is None:
            reasons.append(f"latitude {raw_latitude!r} is not a number from -90 to 90")
        if longitude is None:
            reasons.append(f"longitude {raw_longitude!r} is not a number from -180 to 180")
        if reasons:
            bad.append(BadRow(path.name, line, "; ".join(reasons)))
            continue
        first_line[key] = line
        towns.append(TownRow(name, district, latitude, longitude))  # type: ignore[arg-type]
    if bad:
        raise BadRows(bad)
    return towns


def import_towns(path: Path, authority: Authority) -> TownsSummary:
    """Check the whole file, then add or update the authority's towns by name."""
    return write_towns(read_towns(path, authority), authority)


def write_towns(towns: Sequence[TownRow], authority: Authority) -> TownsSummary:
    summary = TownsSummary(rows=len(towns))
    held = {town_key(town.name): town for town in Town.objects.filter(authority=authority)}
    to_create, to_update = [], []
    for row in towns:
        values = {
            "name": row.name,
            "district_id": row.district.pk if row.district else None,
            "latitude": row.latitude,
            "longitude": row.longitude,
        }
        town = held.get(town_key(row.name))
        if town is None:
            to_create.append(Town(authority=authority, **values))
        elif any(getattr(town, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(town, name, value)
            to_update.append(town)
        else:
            summary.unchanged += 1
    with transaction.atomic():
        Town.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        Town.objects.bulk_update(
            to_update, ["name", "district", "latitude", "longitude"], batch_size=BATCH_SIZE
        )
    summary.created, summary.updated = len(to_create), len(to_update)
    return summary


# --- Reading CSV ---------------------------------------------------------------------------


def _csv_header(path: Path) -> list[str]:
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise UnreadableFile(f"{path}: not a CSV file ({error})") from None
    return [column.strip() for column in header]


def _csv_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row, after checking the header has the columns."""
    header = _csv_header(path)
    missing = [column for column in columns if column not in header]
    if missing:
        raise UnreadableFile(f"{path}: the header lacks the columns {', '.join(missing)}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            positions = [header.index(column) for column in columns]
            for row in reader:
                if not any(value.strip() for value in row):
                    continue
                line = reader.line_num
                if has_nul(*row):
                    raise UnreadableFile(f"{path}, line {line}: has a NUL character")
                yield (
                    line,
                    {
                        column: row[position] if position < len(row) else ""
                        for column, position in zip(columns, positions, strict=True)
                    },
                )
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise UnreadableFile(f"{path}: not a CSV file ({error})") from None


def _whole_number(text: str, lowest: int, highest: int) -> int | None:
    text = (text or "").strip()
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(highest)):
        return None
    value = int(text)
    return value if lowest <= value <= highest else None


def _number(text: str, lowest: float, highest: float) -> float | None:
    """A finite number in range; None for anything else, including the no-point mark."""
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or not lowest <= value <= highest:  # NaN, or out of range
        return None
    return value
