"""The programme impact report as a workbook: every figure and table as data, one sheet each.

Numbers are numbers (a suppressed count is the text "<5" or "[c]", never its value);
the first sheet holds the headline and the method, each chart its data and
its text alternative.
"""

from __future__ import annotations

from pathlib import Path

from women_in_ddat.services.programme_report_model import Cell, ProgrammeReport


def _sheet_name(key: str, used: set[str]) -> str:
    name = key[:31]
    n = 2
    while name in used:
        name = f"{key[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def write_programme_xlsx(report: ProgrammeReport, target: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(target), {"strings_to_formulas": False, "strings_to_urls": False}
    )
    try:
        bold = book.add_format({"bold": True})
        used: set[str] = set()
        first = book.add_worksheet(_sheet_name("headline", used))
        first.write_string(0, 0, report.title, bold)
        first.write_string(1, 0, report.subtitle)
        first.write_string(3, 0, "Figure", bold)
        first.write_string(3, 1, "Value", bold)
        row = 4
        for label, cell in report.headline:
            first.write_string(row, 0, label)
            _write(first, row, 1, cell)
            row += 1
        row += 1
        first.write_string(row, 0, "Method", bold)
        for line in report.method:
            row += 1
            first.write_string(row, 0, line)
        first.set_column(0, 0, 40)
        for table in report.tables():
            sheet = book.add_worksheet(_sheet_name(table.key, used))
            sheet.write_string(0, 0, table.title, bold)
            for c, head in enumerate(table.header):
                sheet.write_string(1, c, head.strip(), bold)
            for r, cells in enumerate(table.rows, start=2):
                for c, cell in enumerate(cells):
                    _write(sheet, r, c, cell)
            if table.note:
                sheet.write_string(len(table.rows) + 3, 0, table.note)
            sheet.set_column(0, 0, 34)
            sheet.set_column(1, len(table.header), 14)
        for chart in report.charts():
            sheet = book.add_worksheet(_sheet_name(chart.key, used))
            sheet.write_string(0, 0, chart.title, bold)
            sheet.write_string(1, 0, chart.category_axis_title, bold)
            for c, (name, _) in enumerate(chart.series, start=1):
                sheet.write_string(1, c, name, bold)
            for r, category in enumerate(chart.categories, start=2):
                sheet.write_string(r, 0, category)
                for c, (_, values) in enumerate(chart.series, start=1):
                    value = values[r - 2]
                    if value is None:
                        # A hidden figure: a small group, or one hidden beside it.
                        sheet.write_string(r, c, "not shown")
                    else:
                        sheet.write_number(r, c, value)
            end = len(chart.categories) + 3
            sheet.write_string(end, 0, f"Values: {chart.value_axis_title}")
            sheet.write_string(end + 1, 0, f"Text alternative: {chart.alt_text}")
            sheet.set_column(0, 0, 34)
    finally:
        book.close()


def _write(sheet, row: int, col: int, cell: Cell) -> None:  # type: ignore[no-untyped-def]
    if cell.value is not None and not cell.suppressed:
        sheet.write_number(row, col, cell.value)
    else:
        sheet.write_string(row, col, cell.text)
