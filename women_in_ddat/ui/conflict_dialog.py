"""Someone else saved the record being edited: both versions side by side, and a choice.

An edit form that meets an ``EditConflict`` opens this dialog (with
``open()``, never blocking) and acts on the ``chosen`` signal:

- save mine over theirs: save the form again, now against the version shown here;
- use theirs: fill the form with what is saved now;
- keep editing: back to the form as it is, to merge by hand; its next save
  is checked against the version shown here, so a third change is caught too.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.errors import EditConflict
from women_in_ddat.ui.text import plain_label

COLUMNS = ("Field", "Saved now", "Yours")
EMPTY = "(empty)"


def after_a_clash(record: str) -> str:
    """The line an edit form keeps showing once the dialog is answered with Keep editing."""
    return (
        f"This {record} was changed by someone else while you were editing it; nothing was "
        "saved. Saving again puts your version over theirs."
    )


class ConflictChoice(Enum):
    SAVE_MINE = "save mine"
    USE_THEIRS = "use theirs"
    KEEP_EDITING = "keep editing"


class ChangedMeanwhileDialog(QDialog):
    """``chosen(ConflictChoice)`` is emitted once, when the coordinator picks; Escape keeps editing."""

    chosen = Signal(object)

    def __init__(self, record: str, conflict: EditConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle(f"Changed while you were editing — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Changed while you were editing")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        column = QVBoxLayout(self)
        heading = plain_label(
            f"Someone else saved this {record} while you were editing it.", name="sectionTitle"
        )
        heading.setWordWrap(True)
        column.addWidget(heading)
        differences = conflict.differences
        explanation = plain_label(
            "Nothing of yours has been saved yet. These fields differ:"
            if differences
            else "Nothing of yours has been saved yet. What you are saving matches "
            "what is saved now in every field.",
            name="hint",
        )
        explanation.setWordWrap(True)
        column.addWidget(explanation)

        self.table = QTableWidget(len(differences), len(COLUMNS))
        self.table.setObjectName("bothVersions")
        self.table.setAccessibleName("Both versions: field, saved now, yours")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setWordWrap(True)
        for row, difference in enumerate(differences):
            values = (difference.caption, difference.saved_now, difference.yours)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text if text or col == 0 else EMPTY)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if not text:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The captions on one line where they fit, at most about half the width.
        widest = max(
            (self.fontMetrics().horizontalAdvance(d.caption) for d in differences), default=0
        )
        self.table.setColumnWidth(0, max(120, min(widest + 24, 360)))
        self._fit_table()
        self.table.setVisible(bool(differences))
        column.addWidget(self.table, 1)

        buttons = QDialogButtonBox()
        self.save_mine = self._button(buttons, "&Save mine over theirs", ConflictChoice.SAVE_MINE)
        self.use_theirs = self._button(buttons, "&Use theirs", ConflictChoice.USE_THEIRS)
        self.keep_editing = self._button(buttons, "&Keep editing", ConflictChoice.KEEP_EDITING)
        # The safe answer is the default: nothing is overwritten by pressing Enter.
        self.keep_editing.setDefault(True)
        self.keep_editing.setFocus()
        column.addWidget(buttons)
        self.rejected.connect(lambda: self._choose(ConflictChoice.KEEP_EDITING))
        self._answered = False
        self.resize(840, self.sizeHint().height())

    def _fit_table(self) -> None:
        """As tall as its rows (up to a point, then it scrolls): no empty band under a short list."""
        self.table.resizeRowsToContents()
        rows_height = (
            self.table.verticalHeader().length()
            + self.table.horizontalHeader().sizeHint().height()
            + 2 * self.table.frameWidth()
            + 4
        )
        self.table.setMinimumHeight(min(rows_height, 12 * self.fontMetrics().height()))
        self.table.setMaximumHeight(rows_height)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Rows wrap to the widths the columns have once laid out: fit them again.
        self._fit_table()
        self.resize(self.width(), self.sizeHint().height())
        self.keep_editing.setFocus()  # the table would take it first; the safe answer should

    def _button(self, box: QDialogButtonBox, text: str, choice: ConflictChoice) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setAccessibleName(text.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: ConflictChoice) -> None:
        if self._answered:
            return
        self._answered = True
        if self.isVisible():
            self.done(QDialog.DialogCode.Accepted if choice != ConflictChoice.KEEP_EDITING else 0)
        self.chosen.emit(choice)


def show_changed_meanwhile(
    parent: QWidget,
    record: str,
    conflict: EditConflict,
    *,
    save_mine: Callable[[], object],
    use_theirs: Callable[[], object],
) -> ChangedMeanwhileDialog:
    """Open the dialog over ``parent`` and act on the choice (keeping editing does nothing)."""
    dialog = ChangedMeanwhileDialog(record, conflict, parent)

    def act(choice: ConflictChoice) -> None:
        if choice is ConflictChoice.SAVE_MINE:
            save_mine()
        elif choice is ConflictChoice.USE_THEIRS:
            use_theirs()

    dialog.chosen.connect(act)
    dialog.open()
    return dialog
