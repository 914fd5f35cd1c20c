"""The Outcomes tab of a person's page: her dated ledger, with record, edit and delete.

The ledger is a lazy list (an ``OutcomeList`` the person's page asks for), sorted by the database.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from women_in_ddat.services.person_detail import OutcomeLine, PersonDetail
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.pages.base import button, first_selected_row, table_view
from women_in_ddat.ui.pages.outcome_dialogs import OutcomeDialog, delete_outcome


class OutcomesPanel(QWidget):
    recordsChanged = Signal()

    def __init__(
        self,
        context: AppContext | None,
        model: LazyRowsModel[OutcomeLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: PersonDetail | None = None
        self.model = model
        self.setAccessibleName("Outcomes")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        self.record_button = button("&Record outcome…", "Record outcome")
        self.edit_button = button("Edit o&utcome…", "Edit outcome")
        self.delete_button = button("Delete outcome…", "Delete outcome")
        self.record_button.clicked.connect(self.record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.record_button, self.edit_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        column.addLayout(row)
        self.table = table_view("Outcomes of this person")
        self.table.setModel(model)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        model.modelReset.connect(self._enable)
        column.addWidget(self.table, 1)
        self.dialog: OutcomeDialog | None = None
        self._enable()

    def set_detail(self, detail: PersonDetail | None) -> None:
        self.detail = detail
        self._enable()

    def selected(self) -> OutcomeLine | None:
        row = first_selected_row(self.table)
        return self.model.row_at(row) if row is not None and row < self.model.rowCount() else None

    def _enable(self) -> None:
        usable = self.detail is not None and self.context is not None
        self.record_button.setEnabled(usable)
        chosen = usable and bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def record(self) -> None:
        self._open(None)

    def edit_selected(self) -> None:
        outcome = self.selected()
        if outcome is not None:
            self._open(outcome)

    def _open(self, outcome: OutcomeLine | None) -> None:
        if self.detail is None or self.context is None:
            return
        dialog = OutcomeDialog(self.context, self.detail, outcome, self)
        dialog.saved.connect(self.recordsChanged.emit)
        dialog.open()
        self.dialog = dialog

    def delete_selected(self) -> None:
        outcome = self.selected()
        if outcome is None or self.context is None:
            return
        if delete_outcome(self.context, self, outcome):
            self.recordsChanged.emit()
