"""The rejected rows, as a spreadsheet to send back to the council.

Each row is the file's own row, cell for cell, with two columns in front:
where it was and what is wrong. Text that would run as a formula in a
spreadsheet program is written as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from women_in_ddat.importing.cells import Cell, cell_text

if TYPE_CHECKING:
    from women_in_ddat.importing.run import Prepared
    from women_in_ddat.services.imports import ImportOutcome


def save_rejected_rows(target: Path, prepared: Prepared, outcome: ImportOutcome) -> int:
    """Write the rejected rows to ``target`` (xlsx, atomically). Returns how many."""
    import xlsxwriter

    from women_in_ddat.storage.atomic import atomic_path

    headers_by_sheet = {
        s.table.name: (s.mapping.headers if s.mapping else []) for s in prepared.used
    }
    rejected = sorted(outcome.rejected_records, key=lambda r: r.ref)
    with atomic_path(Path(target), what="rejected rows") as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        try:
            bold = book.add_format({"bold": True})
            wrap = book.add_format({"text_wrap": True, "valign": "top"})
            sheet = book.add_worksheet("Rejected rows")
            headers = max(headers_by_sheet.values(), key=len, default=[])
            sheet.write_string(0, 0, "Where", bold)
            sheet.write_string(0, 1, "What to fix", bold)
            for col, header in enumerate(headers, start=2):
                sheet.write_string(0, col, header, bold)
            for row, record in enumerate(rejected, start=1):
                sheet.write_string(row, 0, str(record.ref))
                reasons = "; ".join(
                    f"{p.column}: {p.reason}" if p.column else p.reason for p in record.problems
                )
                sheet.write_string(row, 1, reasons, wrap)
                for col, value in enumerate(record.raw, start=2):
                    text = cell_text(cast(Cell, value))
                    if text:
                        sheet.write_string(row, col, text)
            sheet.set_column(0, 0, 22)
            sheet.set_column(1, 1, 60)
            sheet.freeze_panes(1, 2)
        finally:
            book.close()
    return len(rejected)
