"""A sheet as read from any file: rows of cells, and where they sit.

Named tuples, not dataclasses: the command line reads a workbook on a
thread started before ``dataclasses`` (4 ms to load) is needed by anything
else, and every module that thread uses is loaded before it starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # only a type: reading a file need not load the cell parsers
    from women_in_ddat.importing.cells import Cell


class Table(NamedTuple):
    """One sheet (or a whole CSV file), before the header is found."""

    name: str
    rows: list[list[Cell]]
    hidden: bool = False
    # The spreadsheet's own number of rows[0], and letter index of column 0.
    first_row_number: int = 1
    first_column: int = 0
    # Workbooks saved on old Macs count serial dates from 1904.
    excel_1904: bool = False
    # What the reader chose for the coordinator to know ("read as cp1252 text").
    notes: tuple[str, ...] = ()

    def row_number(self, index: int) -> int:
        return self.first_row_number + index


class SheetInfo(NamedTuple):
    name: str
    hidden: bool
