"""Reports as plain data: JSON for the command line and the API, and tables (a title,
headings, rows) that the pages, CSV and XLSX downloads and the PDF pack all print.

as_csv and as_xlsx are the one way the project writes a spreadsheet: any table with text
from outside (a name, a place from a feed) goes through them, so that text stays text."""

import csv
import io
import re
from dataclasses import dataclass

from earlyhelp.reports.definitions import BANDS, COMPARED_STAGES, Table1


@dataclass(frozen=True)
class Table:
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def table1_json(report: Table1, district: str | None = None) -> dict:
    def stage(name: str) -> dict:
        bands = report.stages[name].bands
        return {
            "triages": report.stages[name].triages,
            "bands": {
                band: {"count": bands[band].count, "percent": bands[band].percent} for band in BANDS
            },
        }

    return {
        "report": "table1",
        "from": report.period.start.isoformat(),
        "to": report.period.end.isoformat(),
        "district": district,
        **{name: stage(name) for name in COMPARED_STAGES},
        "difference": {
            band: {
                "relative_change_percent": report.difference[band].relative_change_percent,
                "summary": report.difference[band].summary,
            }
            for band in BANDS
        },
    }


def table1_table(report: Table1, labels: dict[str, str] | None = None) -> Table:
    labels = labels or {}
    assessment, closure = (report.stages[name] for name in COMPARED_STAGES)
    rows = [
        (
            f"Triages with {labels.get(band, band)} issues",
            assessment.bands[band].count,
            _percent(assessment.bands[band].percent),
            closure.bands[band].count,
            _percent(closure.bands[band].percent),
            report.difference[band].summary,
        )
        for band in BANDS
    ]
    rows.append(("Triages completed", assessment.triages, "", closure.triages, "", ""))
    return Table(
        f"Triage bands at assessment and closure, {report.period}",
        ("Triaged issues", "Assessment", "%", "Closure", "%", "Difference"),
        tuple(rows),
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


# Spreadsheets read a cell starting with one of these as a formula (OWASP, "CSV injection"):
# a name like "=HYPERLINK(...)" must stay text when a download is opened in one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text that is only a number ("-4.5%", "+2") is read as that number, never as a formula.
_NUMBER_AS_TEXT = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")


def starts_a_formula(cell: object) -> bool:
    """Whether a spreadsheet would read this text cell as a formula. Numbers (negative ones
    too) are numbers, not text, and are never escaped."""
    return (
        isinstance(cell, str)
        and cell.startswith(FORMULA_STARTS)
        and not _NUMBER_AS_TEXT.fullmatch(cell)
    )


def csv_cell(cell: object) -> object:
    """The cell as a CSV should hold it: text that would start a formula behind a single
    quote, which spreadsheets read as "this is text" and do not show. Line breaks in text
    become "\n": the writer quotes a cell with one, but not with a bare "\r"."""
    if not isinstance(cell, str):
        return cell
    text = f"'{cell}" if starts_a_formula(cell) else cell
    return text.replace("\r\n", "\n").replace("\r", "\n")


def as_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(cell) for cell in table.headings])
    writer.writerows([csv_cell(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def as_text(table: Table) -> str:
    cells = [table.headings, *((str(cell) for cell in row) for row in table.rows)]
    cells = [tuple(row) for row in cells]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(table.headings))]
    lines = [table.title, ""]
    for row in cells:
        lines.append(
            "  ".join(
                str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


def as_xlsx(tables: list[Table]) -> bytes:
    """A workbook with one sheet per table, numbers as numbers and text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(f"Table {number}")
        for row in [(table.title,), table.headings, *table.rows]:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if starts_a_formula(cell.value):
                    # openpyxl makes text starting with "=" a formula: keep it a string, and
                    # quote-prefixed so that editing the cell in Excel keeps it text too.
                    cell.data_type = "s"
                    cell.quotePrefix = True
        sheet["A1"].font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
