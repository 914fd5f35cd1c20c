"""The people table: every person in memory, filtered as you type without a proxy model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from women_in_ddat.domain.search_text import fold_for_search
from women_in_ddat.services.people_index import PeopleIndex, PersonListRow
from women_in_ddat.ui.models.rows import ROW_ROLE
from women_in_ddat.ui.text import safe_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[tuple[str, str], ...] = (
    ("Name", "name"),
    ("Email", "email"),
    ("Organisation", "organisation"),
    ("Job title", "job_title"),
)


class PeopleModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._index = PeopleIndex([])
        self._visible: list[int] = []
        self._filter = ""

    @property
    def total(self) -> int:
        return len(self._index)

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_index(self, index: PeopleIndex) -> None:
        self.beginResetModel()
        self._index = index
        self._visible = index.matching(self._filter)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        visible = self._index.matching(text)
        self._filter = text
        if visible is self._visible:
            return
        self.beginResetModel()
        self._visible = visible
        self.endResetModel()

    def person_at(self, row: int) -> PersonListRow:
        return self._index.rows[self._visible[row]]

    def row_of_person(self, person_id: int) -> int | None:
        position = self._index.position_of(person_id)
        if position is None:
            return None
        try:
            return self._visible.index(position)
        except ValueError:
            return None

    # --- QAbstractTableModel --------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            row = self._index.rows[self._visible[index.row()]]
            return getattr(row, COLUMNS[index.column()][1])
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell cut at its edge
            row = self._index.rows[self._visible[index.row()]]
            return safe_tooltip(getattr(row, COLUMNS[index.column()][1])) or None
        if role == ROW_ROLE:
            return self._index.rows[self._visible[index.row()]]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._visible):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        attribute = COLUMNS[column][1]
        self.beginResetModel()
        self._index.sort(
            lambda r: fold_for_search(getattr(r, attribute)),
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        self._visible = self._index.matching(self._filter)
        self.endResetModel()
