"""A thin table model over a list of plain row objects, described by columns.

Each page's model is a list of ``Column`` objects: a title and how to get
the text (and, if need be, a sort key, a tone and boldness) from a row.
The model does no I/O; pages give it rows from a service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from women_in_ddat.ui.text import safe_tooltip
from women_in_ddat.ui.theme import Tone, tone_colour

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    tone: Callable[[R], Tone | None] | None = None
    bold: Callable[[R], bool] | None = None
    tooltip: Callable[[R], str] | None = None
    right_aligned: bool = False
    # For a lazy list (models/lazy.py): the name its query sorts this column by in SQL.
    sort_by: str | None = None


class ColumnsTable(QAbstractTableModel, Generic[R]):
    """What RowsModel and LazyRowsModel show alike: ``columns`` over the rows held in ``_rows``."""

    columns: list[Column[R]]
    _rows: list[R]
    _bold: QFont

    @property
    def rows(self) -> list[R]:
        """The rows held (for a lazy model, those loaded so far), in the order shown."""
        return self._rows

    def row_at(self, index: AnyIndex | int) -> R:
        position = index if isinstance(index, int) else index.row()
        return self._rows[position]

    def find(self, predicate: Callable[[R], bool]) -> int | None:
        """The position of the first row held that ``predicate`` holds for."""
        return next((i for i, r in enumerate(self._rows) if predicate(r)), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return cell_data(self.columns[index.column()], self._rows[index.row()], role, self._bold)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RowsModel(ColumnsTable[R]):
    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # --- data in ---------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows``, in the order the coordinator last chose (else as given)."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sorted_by is not None:
            self._rows = self._sorted(self._rows, *self._sorted_by)
        self.endResetModel()

    def update_rows(self, change: Callable[[R], R]) -> None:
        """Each row replaced by ``change(row)`` where it is: the selection and the scroll stay
        (figures read after the rows, on a worker, filled in)."""
        if not self._rows:
            return
        self._rows = [change(row) for row in self._rows]
        last = self.index(len(self._rows) - 1, len(self.columns) - 1)
        self.dataChanged.emit(self.index(0, 0), last)
        if self._sorted_by is not None:
            self.sort(*self._sorted_by)

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        """Show other columns (a grid whose columns are records); any sort is forgotten."""
        self.beginResetModel()
        self.columns = list(columns)
        self._sorted_by = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            self._sorted_by = None
            return
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        positions = self._sorted(list(range(len(before))), column, order, rows=before)
        self._rows = [before[i] for i in positions]
        new_position = {old: new for new, old in enumerate(positions)}
        old_indexes = self.persistentIndexList()
        self.changePersistentIndexList(
            old_indexes,
            [self.index(new_position[i.row()], i.column()) for i in old_indexes],
        )
        self.layoutChanged.emit()

    def _sorted(
        self, items: list[Any], column: int, order: Qt.SortOrder, *, rows: list[R] | None = None
    ) -> list[Any]:
        """``items`` (rows, or positions in ``rows``) in the order of ``column``."""
        spec = self.columns[column]
        key: Callable[[R], Any] = spec.sort_key or (lambda r: spec.text(r).casefold())

        def item_key(item: Any) -> tuple[bool, Any]:
            return _none_last(key(rows[item] if rows is not None else item))

        return sorted(items, key=item_key, reverse=order == Qt.SortOrder.DescendingOrder)


def cell_data(column: Column[R], row: R, role: int, bold: QFont) -> Any:
    """What a cell of ``column`` shows for ``row`` in ``role`` (shared by every row model)."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        return column.text(row)
    if role == Qt.ItemDataRole.ForegroundRole and column.tone is not None:
        tone = column.tone(row)
        return tone_colour(tone) if tone is not None else None
    if role == Qt.ItemDataRole.FontRole and column.bold is not None and column.bold(row):
        return bold
    if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
        return safe_tooltip(column.tooltip(row)) or None
    if role == Qt.ItemDataRole.TextAlignmentRole and column.right_aligned:
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if role == ROW_ROLE:
        return row
    return None


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)
