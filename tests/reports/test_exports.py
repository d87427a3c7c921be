"""The shared spreadsheet writers keep text that looks like a formula as text (OWASP's
advice on CSV injection) and numbers, negative ones too, as numbers."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from earlyhelp.reports.exports import Table, as_csv, as_xlsx

HOSTILE = (
    '=HYPERLINK("https://example.com/steal","Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
)
NUMBERS = (-3, -2.5, Decimal("-1.25"), "-4.5%", "+2", "0")


def test_text_starting_a_formula_is_quoted_in_the_csv_and_numbers_are_not():
    table = Table("Checks", ("Cell", "Plain"), tuple((cell, "Hill family") for cell in HOSTILE))
    table_of_numbers = Table("Numbers", NUMBERS, (NUMBERS,))

    rows = list(csv.reader(io.StringIO(as_csv(table))))
    numbers = list(csv.reader(io.StringIO(as_csv(table_of_numbers))))

    quoted = [f"'{cell}" for cell in HOSTILE]
    quoted[-1] = "'\n=1+1"  # a bare carriage return, as a line break the CSV can hold
    assert [row[0] for row in rows[1:]] == quoted
    assert {row[1] for row in rows[1:]} == {"Hill family"}
    assert numbers[1] == ["-3", "-2.5", "-1.25", "-4.5%", "+2", "0"]


def test_text_starting_a_formula_stays_text_in_the_workbook():
    table = Table("Checks", ("Cell", "Count"), tuple((cell, -1) for cell in HOSTILE))

    sheet = load_workbook(io.BytesIO(as_xlsx([table]))).worksheets[0]

    cells = list(sheet.iter_rows(min_row=3))
    # XML reads a carriage return back as a line feed.
    assert [row[0].value for row in cells] == [cell.replace("\r", "\n") for cell in HOSTILE]
    assert {row[0].data_type for row in cells} == {"s"}  # strings, not formulas
    assert all(row[0].quotePrefix for row in cells)  # and still text when edited in Excel
    assert {row[1].value for row in cells} == {-1}
