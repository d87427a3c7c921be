"""Importing the child population: the ONS mid-year population estimates by LSOA and
single year of age ("Lower layer Super Output Area population estimates").

The ONS layout has the columns ``LSOA Code``, ``LSOA Name``, ``All Ages`` and one column
per age, ``0``, ``1``, ... ``89``, ``90+``; the spreadsheet's title rows above the header
are skipped, and header names are matched whatever their case and spacing (``LSOA11CD``
and ``lsoa_code`` are read as ``LSOA Code`` too). Only ages 0 to 17 are kept. The whole
file is checked before anything is written; a file with any bad row writes nothing. LSOAs
the authority does not hold are counted and ignored. Importing a year again replaces that
year's figures, so importing the same file twice changes nothing.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from earlyhelp.core.importing import has_nul
from earlyhelp.places.importing import LSOA_CODE, BadRow, BadRows, UnreadableFile
from earlyhelp.places.models import Area
from earlyhelp.planning.models import OLDEST_CHILD_AGE, ChildPopulation

CODE_COLUMNS = {"lsoa code", "lsoa11cd", "lsoa21cd", "lsoa 2011 code", "lsoa 2021 code"}
ALL_AGES_COLUMNS = {"all ages", "total"}
CHILD_AGES = range(OLDEST_CHILD_AGE + 1)
HEADER_SEARCH_ROWS = 20  # the ONS sheets put a title and notes above the header
FIRST_YEAR, LAST_YEAR = 1991, 2100
MOST_DIGITS = 9  # a count of people below a billion fits any integer column
_NOT_A_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9+]+")


@dataclass(frozen=True)
class AreaChildren:
    code: str
    by_age: tuple[int, ...]  # children aged 0, 1, ... 17


@dataclass
class PopulationSummary:
    year: int
    rows: int = 0
    areas: int = 0  # areas held here whose children were written
    replaced: int = 0  # of those, areas that had figures for the year before
    not_held: int = 0  # LSOAs in the file with no area here
    children: int = 0

    def lines(self) -> list[str]:
        return [
            f"mid-{self.year}: {self.rows:,} rows, {self.areas:,} areas held here "
            f"({self.replaced:,} replacing figures imported before), "
            f"{self.not_held:,} LSOAs not held here, ignored",
            f"children aged 0 to {OLDEST_CHILD_AGE} in the areas held: {self.children:,}",
        ]


def header_key(name: str) -> str:
    """A header name as compared: lower case, any run of spaces or punctuation as one space
    ("LSOA_Code " and "lsoa code" match; "90+" keeps its plus)."""
    return _NOT_A_LETTER_OR_DIGIT.sub(" ", name.strip().lower()).strip()


def _age_key(key: str) -> str:
    return key.removeprefix("age ").strip()


def read_population(path: Path) -> tuple[list[AreaChildren], int]:
    """The children by age of every LSOA in the file, every row checked, and the number of
    rows. Raises UnreadableFile or BadRows."""
    rows = _read_rows(path)
    header_at = next(
        (i for i, (_, row) in enumerate(rows[:HEADER_SEARCH_ROWS]) if _code_position(row) >= 0),
        None,
    )
    if header_at is None:
        raise UnreadableFile(f"{path}: no header with an LSOA Code column in the first rows")
    header = [header_key(name) for name in rows[header_at][1]]
    code_at = _code_position(rows[header_at][1])
    ages_at = {_age_key(key): i for i, key in enumerate(header)}
    missing = [str(age) for age in CHILD_AGES if str(age) not in ages_at]
    if missing:
        raise UnreadableFile(
            f"{path}: the header lacks the age columns {', '.join(missing)} "
            "(expected one column per single year of age: 0, 1, ... 17)"
        )
    age_positions = [ages_at[str(age)] for age in CHILD_AGES]
    all_ages_at = next((i for i, key in enumerate(header) if key in ALL_AGES_COLUMNS), None)

    found: list[AreaChildren] = []
    first_line: dict[str, int] = {}
    bad: list[BadRow] = []
    for line, row in rows[header_at + 1 :]:
        code = _cell(row, code_at)
        if not code and not any(_cell(row, position) for position in age_positions):
            continue  # a footnote or spacer row under the table
        reasons = []
        if not LSOA_CODE.match(code):
            reasons.append(f"LSOA Code {code!r} is not an LSOA code like E01032205")
        elif code in first_line:
            reasons.append(f"{code} appears again (first at line {first_line[code]})")
        counts = [_count(_cell(row, position)) for position in age_positions]
        wrong = [str(age) for age, count in zip(CHILD_AGES, counts, strict=True) if count is None]
        if wrong:
            reasons.append(f"the count for age {', '.join(wrong)} is not a whole number")
        elif all_ages_at is not None:
            everyone = _count(_cell(row, all_ages_at))
            if everyone is None:
                reasons.append(f"All Ages {_cell(row, all_ages_at)!r} is not a whole number")
            elif sum(counts) > everyone:  # type: ignore[arg-type]
                reasons.append(f"the children (ages 0 to 17) outnumber All Ages ({everyone:,})")
        if reasons:
            bad.append(BadRow(path.name, line, "; ".join(reasons)))
            continue
        first_line[code] = line
        found.append(AreaChildren(code, tuple(counts)))  # type: ignore[arg-type]
    if bad:
        raise BadRows(bad)
    if not found:
        raise UnreadableFile(f"{path}: no rows of figures under the header")
    return found, len(found)


def import_population(path: Path, year: int) -> PopulationSummary:
    """Check the whole file, then write the children of every area held for the year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnreadableFile(f"the year {year} is not a mid-year from {FIRST_YEAR} to {LAST_YEAR}")
    found, rows = read_population(path)
    summary = write_population(found, year)
    summary.rows, summary.not_held = rows, rows - summary.areas
    return summary


def write_population(found: list[AreaChildren], year: int) -> PopulationSummary:
    """Replace the year's figures for the areas held, in one transaction."""
    area_ids = dict(
        Area.objects.filter(code__in=[row.code for row in found]).values_list("code", "pk")
    )
    held = [row for row in found if row.code in area_ids]
    summary = PopulationSummary(year=year, areas=len(held))
    with transaction.atomic():
        existing = ChildPopulation.objects.filter(year=year, area_id__in=area_ids.values())
        summary.replaced = existing.values("area_id").distinct().count()
        existing.delete()
        ChildPopulation.objects.bulk_create(
            (
                ChildPopulation(area_id=area_ids[row.code], year=year, age=age, count=count)
                for row in held
                for age, count in zip(CHILD_AGES, row.by_age, strict=True)
            ),
            batch_size=2000,
        )
    summary.children = sum(sum(row.by_age) for row in held)
    return summary


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            rows = [(reader.line_num, row) for row in reader if any(v.strip() for v in row)]
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise UnreadableFile(f"{path}: not a CSV file ({error})") from None
    for line, row in rows:
        if has_nul(*row):
            raise UnreadableFile(f"{path}, line {line}: has a NUL character")
    return rows


def _code_position(row: list[str]) -> int:
    return next((i for i, name in enumerate(row) if header_key(name) in CODE_COLUMNS), -1)


def _cell(row: list[str], position: int) -> str:
    return row[position].strip() if position < len(row) else ""


def _count(text: str) -> int | None:
    """A whole number of people, as the ONS prints it (thousands may have commas)."""
    text = text.replace(",", "").strip()
    # ASCII digits only (str.isdigit() also accepts "²", which int() refuses), and no more
    # than a database integer column holds.
    if not (text.isascii() and text.isdigit()) or len(text) > MOST_DIGITS:
        return None
    return int(text)
