"""A sheet as read from any file: rows of cells, and where they sit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type: reading a file need not load the cell parsers
    from women_in_ddat.importing.cells import Cell


@dataclass
class Table:
    """One sheet (or a whole CSV file), before the header is found."""

    name: str
    rows: list[list[Cell]]
    hidden: bool = False
    # The spreadsheet's own number of rows[0], and letter index of column 0.
    first_row_number: int = 1
    first_column: int = 0
    # Workbooks saved on old Macs count serial dates from 1904.
    excel_1904: bool = False
    notes: list[str] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        return self.first_row_number + index


@dataclass(frozen=True)
class SheetInfo:
    name: str
    hidden: bool
