"""The register of one day of an event, kept from the keyboard like a paper tick-list.

Up and Down move from person to person; Space ticks her as attended (or
back to absent); A, X, P and L mark attended, absent, apologies and left
early, and move to the next person; Delete clears the mark. Left early is
attended (ticked), leaving early: domain.enums.PRESENT_STATUSES. Nothing is
saved until "Save register" (Ctrl+S): the whole day's marks go to the
service in one call, so a half-kept register never reaches the database.
A row changed and not saved yet is coloured, its mark saying so (bold would
widen the text past its column).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

from women_in_ddat.domain.enums import PRESENT_VALUES, AttendanceStatus, Rsvp
from women_in_ddat.services.events import InviteeRow, sheet_code
from women_in_ddat.ui.theme import Tone, tone_colour

AnyIndex = QModelIndex | QPersistentModelIndex
KEYS = {
    Qt.Key.Key_A: AttendanceStatus.ATTENDED,
    Qt.Key.Key_X: AttendanceStatus.ABSENT,
    Qt.Key.Key_P: AttendanceStatus.APOLOGIES,
    Qt.Key.Key_L: AttendanceStatus.LEFT_EARLY,
}
# Code: her row's code on the printed sign-in sheet, to find her from the paper.
COLUMNS = ("Attended", "Code", "Name", "Role", "Reply", "Mark")
MARK = COLUMNS.index("Mark")
NOT_SAVED = "not saved yet"


class RegisterModel(QAbstractTableModel):
    """The invited people and each one's mark on the day, with the unsaved changes."""

    changedCount = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.people: list[InviteeRow] = []
        self.event_id = 0
        self.day_id = 0
        # person_id -> the new mark (None: cleared), not yet saved.
        self.pending: dict[int, AttendanceStatus | None] = {}

    def load(self, people: list[InviteeRow], day_id: int, event_id: int = 0) -> None:
        self.beginResetModel()
        self.people, self.day_id, self.pending = list(people), day_id, {}
        self.event_id = event_id
        self.endResetModel()
        self.changedCount.emit(0)

    def status(self, row: int) -> str:
        person = self.people[row]
        if person.person_id in self.pending:
            mark = self.pending[person.person_id]
            return mark.value if mark is not None else ""
        return person.status_on(self.day_id)

    def set_status(self, row: int, status: AttendanceStatus | None) -> None:
        person = self.people[row]
        saved = person.status_on(self.day_id)
        if (status.value if status else "") == saved:
            self.pending.pop(person.person_id, None)
        else:
            self.pending[person.person_id] = status
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.changedCount.emit(len(self.pending))

    def set_reply(self, row: int, rsvp: Rsvp) -> None:
        """Show her reply as saved (replies are saved at once, marks with the register)."""
        self.people[row] = replace(self.people[row], rsvp=rsvp.value)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def marks(self) -> list[tuple[int, int, AttendanceStatus | None]]:
        return [(pid, self.day_id, status) for pid, status in self.pending.items()]

    # --- QAbstractTableModel ---------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        person = self.people[row]
        status = self.status(row)
        unsaved = person.person_id in self.pending
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            attended = status in PRESENT_VALUES
            return Qt.CheckState.Checked if attended else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return (
                    ""
                    if role == Qt.ItemDataRole.DisplayRole
                    else ("attended" if status in PRESENT_VALUES else "not ticked")
                )
            if column == MARK:
                mark = AttendanceStatus(status).label if status else "cleared"
                return f"{mark} ({NOT_SAVED})" if unsaved else (mark if status else "")
            return (
                "",
                sheet_code(self.event_id, person.invitation_id) if self.event_id else "",
                person.name,
                person.role.capitalize(),
                Rsvp(person.rsvp).label,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and unsaved:
            return tone_colour(Tone.WARN)
        if role == Qt.ItemDataRole.ToolTipRole and unsaved:
            return f"Changed, {NOT_SAVED}: Save register (Ctrl+S) keeps the day's marks."
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.set_status(
                index.row(), AttendanceStatus.ATTENDED if checked else AttendanceStatus.ABSENT
            )
            return True
        return False


class RegisterView(QTableView):
    """The tick-list's keys (see the module's docstring)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        row = self.currentIndex().row()
        if not isinstance(model, RegisterModel) or row < 0:
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Space:
            attended = model.status(row) in PRESENT_VALUES
            model.set_status(
                row, AttendanceStatus.ABSENT if attended else AttendanceStatus.ATTENDED
            )
        elif key in KEYS:
            model.set_status(row, KEYS[key])
            self._next(row)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            model.set_status(row, None)
        else:
            super().keyPressEvent(event)

    def _next(self, row: int) -> None:
        if row + 1 < self.model().rowCount():
            self.selectRow(row + 1)
            self.setCurrentIndex(self.model().index(row + 1, 0))


def register_view() -> RegisterView:
    """A table that behaves like the others (see base.table_view), with the register's keys."""
    view = RegisterView()
    view.setAccessibleName("Register: Space ticks, A attended, X absent, P apologies, L left early")
    view.setObjectName("table_register")
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view
