"""Building real spreadsheet files for the import tests, with real writers.

Each helper writes the file the way the program named in it would: openpyxl
and XlsxWriter for xlsx, odfpy for ods, xlwt for xls, the csv module for
text in each encoding.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

Rows = Sequence[Sequence[object]]

HEADER = [
    "First name",
    "Last name",
    "Email",
    "Organisation",
    "Job title",
    "Role",
    "DDaT job family",
    "Start date",
    "Mentor email",
]
# Names from several languages on purpose; emails unique per person.
PEOPLE: list[list[object]] = [
    [
        "Zoë",
        "Hughes",
        "zoe.hughes@essex.gov.uk",
        "Essex County Council",
        "Data analyst",
        "Mentee",
        "Data",
        date(2026, 1, 12),
        "helen.carter@kent.gov.uk",
    ],
    [
        "Ayşe",
        "Yılmaz",
        "ayse.yilmaz@medway.gov.uk",
        "Medway Council",
        "Delivery manager",
        "Mentee",
        "Product and delivery",
        date(2026, 1, 12),
        "helen.carter@kent.gov.uk",
    ],
    [
        "Agnieszka",
        "Łukasiewicz",
        "a.lukasiewicz@thurrock.gov.uk",
        "Thurrock Council",
        "Developer",
        "Mentee",
        "Software development",
        date(2026, 1, 12),
        "sarah.osei@suffolk.gov.uk",
    ],
    [
        "Helen",
        "Carter",
        "helen.carter@kent.gov.uk",
        "Kent County Council",
        "Head of Data",
        "Mentor",
        "Data",
        date(2026, 1, 12),
        "",
    ],
    [
        "Sarah",
        "Osei",
        "sarah.osei@suffolk.gov.uk",
        "Suffolk County Council",
        "CDIO",
        "Mentor",
        "Chief digital and data",
        date(2026, 1, 12),
        "",
    ],
]
NAMES = [f"{p[0]}" for p in PEOPLE] + [f"{p[1]}" for p in PEOPLE]
EMAILS = [str(p[2]) for p in PEOPLE]


def as_text_rows(rows: Rows) -> list[list[str]]:
    """What a CSV holds: UK dates typed as text."""
    return [
        [v.strftime("%d/%m/%Y") if isinstance(v, date) else str(v) for v in row] for row in rows
    ]


def write_openpyxl(
    path: Path,
    sheets: dict[str, Rows],
    *,
    hidden: Sequence[str] = (),
    epoch_1904: bool = False,
    start_cell: tuple[int, int] = (1, 1),
) -> Path:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=start_cell[0] + r, column=start_cell[1] + c, value=value)
                if isinstance(value, date | datetime):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str) and value.startswith(("=", "@")):
                    cell.data_type = "s"  # text that looks like a formula stays text
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_xlsxwriter(path: Path, sheets: dict[str, Rows], *, hidden: Sequence[str] = ()) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime | date):
                    sheet.write_datetime(
                        r, c, datetime(value.year, value.month, value.day), date_format
                    )
                elif isinstance(value, str):
                    if value:
                        sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write(r, c, value)
        if name in hidden:
            sheet.hide()
    book.close()
    return path


def write_csv(
    path: Path,
    rows: Rows,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    title_rows: Sequence[str] = (),
) -> Path:
    buffer = io.StringIO(newline="")
    for title in title_rows:
        buffer.write(title + "\r\n")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(as_text_rows(rows))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_unicode_text(path: Path, rows: Rows) -> Path:
    """Excel's "Unicode Text": UTF-16 with a BOM, tab-separated."""
    return write_csv(path, rows, encoding="utf-16", delimiter="\t")


def write_ods(path: Path, sheets: dict[str, Rows], *, hidden: Sequence[str] = ()) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    hidden_style = Style(name="HiddenTable", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden_style)
    for name, rows in sheets.items():
        table = (
            Table(name=name, stylename=hidden_style if name in hidden else None)
            if name in hidden
            else Table(name=name)
        )
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.strftime("%d/%m/%Y")))
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    if value:
                        cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_xls(path: Path, rows: Rows) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Cohort")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(r, c, datetime(value.year, value.month, value.day), date_style)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    book.save(str(path))
    return path
