"""Every row of the file, with its problems, for the preview and the summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

from women_in_ddat.services.imports import ImportOutcome, ImportRecord

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Where", "Email", "Name", "Role", "Mentor", "Problems")
PROBLEMS = COLUMNS.index("Problems")
SUMMARY_WARNINGS = 5  # listed in the summary; the rest are counted


class PreviewModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._records: list[ImportRecord] = []
        self._notes: dict[tuple[str, int], str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_records(
        self, records: list[ImportRecord], notes: dict[tuple[str, int], str] | None = None
    ) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._notes = dict(notes or {})
        self.endResetModel()

    def record(self, row: int) -> ImportRecord:
        return self._records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(record, column)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and record.problems:
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if style else None
        if role == Qt.ItemDataRole.FontRole and record.problems:
            return self._bold
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and record.problems:
            return "has problems"
        return None

    def _text(self, record: ImportRecord, column: int) -> str:
        if column == 0:
            return f"{record.ref.sheet} row {record.ref.row}"
        if column == 1:
            return record.email
        if column == 2:
            return f"{record.person.get('first_name', '')} {record.person.get('last_name', '')}".strip()
        if column == 3:
            return record.role or ""
        if column == 4:
            return record.mentor_email or record.mentor_name_key
        reasons = [f"{p.column}: {p.reason}" if p.column else p.reason for p in record.problems]
        note = self._notes.get((record.ref.sheet, record.ref.row))
        if note:
            reasons.append(note)
        return "; ".join(reasons)

    @property
    def problem_rows(self) -> int:
        return sum(1 for r in self._records if r.problems)


def row_notes(outcome: ImportOutcome) -> dict[tuple[str, int], str]:
    """Each row's warnings and notes, as the Problems column shows them."""
    notes: dict[tuple[str, int], list[str]] = {}
    for kind, found in (("Warning", outcome.warnings), ("Note", outcome.notices)):
        for note in found:
            where = f"{note.column}: " if note.column else ""
            notes.setdefault((note.ref.sheet, note.ref.row), []).append(
                f"{kind}: {where}{note.reason}"
            )
    return {row: "; ".join(texts) for row, texts in notes.items()}


def warnings_line(outcome: ImportOutcome, *, listed: bool = False) -> str:
    """A sentence for the preview (``listed``: for the summary, naming each) on rows with a warning."""
    count = len({w.ref for w in outcome.warnings})
    if not count:
        return ""
    rows = "1 row" if count == 1 else f"{count} rows"
    if not listed:
        return f" {rows} with a warning (see the Problems column)."
    shown = "; ".join(str(w) for w in outcome.warnings[:SUMMARY_WARNINGS])
    more = len(outcome.warnings) - SUMMARY_WARNINGS
    return f" {rows} imported with a warning: {shown}" + (
        f"; and {more} more." if more > 0 else "."
    )
