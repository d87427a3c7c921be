"""Reports as plain data: JSON for the command line and the API, and tables (a title,
headings, rows) that the pages, CSV and XLSX downloads and the PDF pack all print."""

import csv
import io
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


def as_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.headings)
    writer.writerows(table.rows)
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
    """A workbook with one sheet per table, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(f"Table {number}")
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(list(table.headings))
        for row in table.rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
