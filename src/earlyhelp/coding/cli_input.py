"""Reading the command line's CSV files: every problem is one line for the user."""

import csv
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """The input cannot be read; the message is one line saying where and why."""


@dataclass(frozen=True)
class Row:
    id: str
    narrative: str
    codes: frozenset[str] | None
    safeguarding: bool | None


def read_rows(path: Path, *, labelled: bool = False) -> list[Row]:
    """Every row, or an InputError: a missing file, a missing column, a row that cannot
    be read. Nothing is coded until the whole file has been read."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            needed = ["id", "narrative", *(["codes"] if labelled else [])]
            missing = [name for name in needed if name not in header]
            if missing:
                raise InputError(f"{path}: the header has no {', '.join(missing)} column")
            with_flags = labelled and "safeguarding" in header
            rows = []
            for row in reader:
                line = reader.line_num
                if None in row or any(row.get(name) is None for name in needed):
                    raise InputError(f"{path}, line {line}: the row has the wrong number of fields")
                flag = None
                if with_flags:
                    value = (row["safeguarding"] or "").strip()
                    if value not in {"0", "1"}:
                        raise InputError(f"{path}, line {line}: safeguarding must be 0 or 1")
                    flag = value == "1"
                rows.append(
                    Row(
                        id=row["id"],
                        narrative=row["narrative"],
                        codes=(
                            frozenset(c.strip() for c in row["codes"].split(";") if c.strip())
                            if labelled
                            else None
                        ),
                        safeguarding=flag,
                    )
                )
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise InputError(f"{path}: not a readable CSV file ({error})") from None
    return rows
