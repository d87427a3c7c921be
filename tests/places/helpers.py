"""Small GeoJSON and CSV files for the places tests."""

import csv
import json
from pathlib import Path

from earlyhelp.places import geometry


def feature(code: str, name: str, south: float, west: float, size: float = 0.01) -> dict:
    return {
        "type": "Feature",
        "properties": {"LSOA11CD": code, "LSOA11NM": name},
        "geometry": geometry.square(south, west, size, size),
    }


def write_geojson(path: Path, features: list[dict]) -> Path:
    """One feature a line, as ONS files are laid out: feature n starts on line n + 2."""
    lines = ['{"type": "FeatureCollection", "features": [']
    lines.append(",\n".join(json.dumps(item) for item in features))
    lines.append("]}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


IMD_HEADER = [
    "lsoa11_code",
    "IMD_decile",
    "Income_decile",
    "Employment_decile",
    "Education_decile",
    "Health_decile",
    "Crime_decile",
    "Housing_and_Access_decile",
    "Environment_decile",
    "IMD_rank",
]


def imd_row(code: str, decile: int, rank: int) -> list[str]:
    return [code, str(decile), *[str(decile)] * 7, str(rank)]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
