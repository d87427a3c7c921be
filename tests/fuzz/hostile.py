"""Hypothesis strategies for hostile input: text a person, a spreadsheet or an attacker
might put in a field, and files built from a good one by breaking it."""

import codecs
import csv
import io
import json
from typing import Any

from hypothesis import example
from hypothesis import strategies as st

# Each has broken something somewhere: formula injection, unicode digits that str.isdigit
# accepts and int() refuses, control and direction characters, dates at the ends of the
# calendar, numbers past what a float or a database column holds.
HOSTILE_VALUES = [
    "",
    " ",
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(A1)",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202e\u2066evil",
    "\ufeff",
    "\u200bE01032205",
    "²",
    "¹²",
    "½",
    "Ⅻ",
    "١٢",
    "𝟙𝟚",
    "٣-٠٤-٢٠٢٠",
    "9999-12-31",
    "0001-01-01",
    "2020-02-30",
    "-1",
    "-0",
    "0",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "99999999999999999999999999",
    "9" * 5000,
    "1,000",
    "0x10",
    "1_000",
    "A" * 70_000,
    "B" * 140_000,  # past the csv module's field limit
    '"',
    '"unterminated',
    "line\nbreak",
    "\r",
    "NULL",
    "None",
    "<script>alert(1)</script>",
    "'; DROP TABLE people_family; --",
    "Robert'); --",
    "%s%s%s%n",
    "{{ 7*7 }}",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(repr),
    st.dates().map(str),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(hostile_text, children, max_size=3)
    ),
    max_leaves=8,
)

# UTF-8 most often, so that most files reach the checks of their rows.
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "utf-32"]


def csv_text(rows: list[list[str]], line_ending: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_ending).writerows(rows)
    return buffer.getvalue()


@st.composite
def hostile_csv(draw: st.DrawFn, header: list[str], good_rows: list[list[str]]) -> bytes:
    """A CSV file made from a good one, then broken: cells replaced with hostile text,
    columns dropped, repeated or added, rows cut or lengthened, another encoding, a BOM,
    NUL bytes, very long lines; sometimes just random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    header = list(header)
    rows = [list(row) for row in draw(st.lists(st.sampled_from(good_rows), min_size=0, max_size=4))]
    for _ in range(draw(st.integers(0, 4))):
        if not rows:
            break
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if row:
            row[draw(st.integers(0, len(row) - 1))] = draw(hostile_text)
    change = draw(
        st.sampled_from(
            [
                "none",
                "none",
                "drop column",
                "repeat column",
                "extra column",
                "upper case",
                "short row",
                "long row",
            ]
        )
    )
    if change == "drop column" and header:
        position = draw(st.integers(0, len(header) - 1))
        header.pop(position)
        rows = [row[:position] + row[position + 1 :] for row in rows]
    elif change == "repeat column" and header:
        position = draw(st.integers(0, len(header) - 1))
        header.append(header[position])
        rows = [[*row, draw(hostile_text)] for row in rows]
    elif change == "extra column":
        header.append(draw(hostile_text))
        rows = [[*row, draw(hostile_text)] for row in rows]
    elif change == "upper case":
        header = [name.upper() for name in header]
    elif change == "short row" and rows:
        rows[0] = rows[0][: len(rows[0]) // 2]
    elif change == "long row" and rows:
        rows[0] = [*rows[0], *draw(st.lists(hostile_text, min_size=1, max_size=3))]
    if draw(st.booleans()):
        rows.insert(draw(st.integers(0, len(rows))), [draw(hostile_text)])
    text = csv_text([header, *rows], draw(st.sampled_from(["\n", "\r\n", "\r"])))
    encoding = draw(st.sampled_from(ENCODINGS))
    content = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 5)) == 0:
        content = codecs.BOM_UTF8 + content
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(content)))
        content = (
            content[:at]
            + draw(st.sampled_from([b"\x00", b"\xff\xfe", b"\x80", b'"']))
            + content[at:]
        )
    return content


def known_breakers(header: list[str], good_row: list[str]) -> list[bytes]:
    """Files that broke an importer once, tried first on every run: every cell a digit
    that int() refuses, a number too long for int(), a NUL character; a header cell past
    the csv module's field limit."""
    files = [
        [header, ["²"] * len(good_row)],
        [header, ["9" * 5000] * len(good_row)],
        [header, [f"{cell}\x00" for cell in good_row]],
        [[*header[:-1], "B" * 140_000], good_row],
    ]
    return [csv_text(rows, "\n").encode() for rows in files]


def trying_known_breakers(header: list[str], good_row: list[str]) -> Any:
    """Decorates a Hypothesis test of one argument, `content`, with the known breakers."""

    def decorate(test: Any) -> Any:
        for content in known_breakers(header, good_row):
            test = example(content=content)(test)
        return test

    return decorate


@st.composite
def hostile_geojson(draw: st.DrawFn, good_features: list[dict[str, Any]]) -> bytes:
    """A FeatureCollection made from good features, then broken: hostile text added to a
    name (so that only it is wrong), property values, properties, geometries, coordinates
    or whole features replaced with hostile JSON values; sometimes just random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    features = json.loads(json.dumps(draw(st.lists(st.sampled_from(good_features), max_size=3))))
    for _ in range(draw(st.integers(0 if features else 1, 3))):
        if not features:
            features.append(draw(json_values))
            continue
        position = draw(st.integers(0, len(features) - 1))
        feature = features[position]
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            features[position] = draw(json_values)
            continue
        part = draw(
            st.sampled_from(["name", "name", "LSOA11CD", "LSOA11NM", "properties", "geometry"])
        )
        name = properties.get("LSOA11NM")
        if part == "name" and isinstance(name, str):
            at = draw(st.integers(0, len(name)))
            properties["LSOA11NM"] = name[:at] + draw(hostile_text) + name[at:]
        elif part in ("name", "LSOA11CD", "LSOA11NM"):
            properties["LSOA11NM" if part == "name" else part] = draw(json_values)
        elif part == "geometry" and isinstance(feature.get("geometry"), dict):
            feature["geometry"]["coordinates"] = draw(json_values)
        elif part == "geometry":
            feature["geometry"] = draw(json_values)
        else:
            feature["properties"] = draw(json_values)
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode(errors="replace")
