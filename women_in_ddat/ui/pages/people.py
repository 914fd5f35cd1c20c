"""People: find anyone as you type, see everything about them, add, edit, delete."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.people_index import PeopleIndex, load_people_index
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.people import PeopleModel
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    first_selected_row,
    page_layout,
    select_row,
    table_view,
)
from women_in_ddat.ui.pages.person_dialog import PersonDialog
from women_in_ddat.ui.pages.person_view import PersonView
from women_in_ddat.ui.tasks import Task

# Name, email, organisation: an email of a long domain (digital.cabinet-office.gov.uk) reads whole.
COLUMN_WIDTHS = (150, 265, 220)
# The list shows name and email beside the person's page (sizes are shared out if the window
# is narrower or wider: the proportion is what counts).
LIST_WIDTH = COLUMN_WIDTHS[0] + COLUMN_WIDTHS[1] + 24
DETAIL_WIDTH = 560


class PeoplePage(Page):
    title = "People"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.count_label = QLabel()
        column, header = page_layout(self, self.title, self.count_label)
        self.new_button = button("&New person…", "New person", primary=True, shortcut_hint="Ctrl+N")
        self.new_button.clicked.connect(self.new_record)
        self.message_button = button("&Message the people shown…", "Message the people shown")
        self.message_button.setToolTip(
            "Write to everyone listed (narrow the list with Find first); previewed before "
            "anything is sent"
        )
        self.message_button.clicked.connect(self.message_shown)
        header.addWidget(self.message_button)
        header.addWidget(self.new_button)

        self.filter = QLineEdit()
        self.filter.setObjectName("peopleFilter")
        self.filter.setAccessibleName("Find people")
        self.filter.setPlaceholderText("Find by name, email, organisation or job title   (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.returnPressed.connect(self._go_to_results)
        column.addWidget(self.filter)

        self.model = PeopleModel(self)
        self.table = table_view("People list")
        self.table.setModel(self.model)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)

        self.view = PersonView(context)
        self.view.recordsChanged.connect(self._show_detail)
        self.view.editRequested.connect(self.edit_person)
        self.view.deleteRequested.connect(self.delete_person)
        self.view.openRecord.connect(self.openRecord.emit)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("peopleSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setChildrenCollapsible(False)
        # Name and email read whole at first (1280x800 and up); the rest of the row is hers
        # to widen. A splitter she moved comes back as she left it (main_window).
        self.splitter.setSizes([LIST_WIDTH, DETAIL_WIDTH])
        column.addWidget(self.splitter, 1)

        self.loading: Task | None = None
        self._select_after_load: int | None = None
        self._shown_person: int | None = None
        self._update_count()

    # --- loading ----------------------------------------------------------
    def refresh(self) -> None:
        """Load every person on a worker thread; the table stays usable meanwhile."""
        if self.loading is not None:
            self._stale = True  # one more load once this one lands
            return
        if self._shown_person is not None and self._select_after_load is None:
            self._select_after_load = self._shown_person
        if not self.model.total:
            self.count_label.setText("Loading people…")
        db = self.context.services.db
        task = Task(lambda progress: load_people_index(db))
        task.signals.succeeded.connect(self._loaded)
        task.signals.failed.connect(self._load_failed)
        task.signals.finished.connect(self._load_finished)
        self.loading = task.start()

    def is_loading(self) -> bool:
        # The index of everyone, or her page's lazy tabs (sessions, outcomes).
        return self.loading is not None or super().is_loading()

    def _loaded(self, index: PeopleIndex) -> None:
        self.model.set_index(index)
        target = self._select_after_load
        self._select_after_load = None
        if target is not None:
            self.show_person(target)
        elif (
            self._shown_person is not None and self.model.row_of_person(self._shown_person) is None
        ):
            self.view.show_detail(None)
            self._shown_person = None

    def _load_failed(self, message: str) -> None:
        dialogs.show_problem(self, "Cannot load people", message)

    def _load_finished(self) -> None:
        self.loading = None
        if self._stale and self.isVisible():
            self.ensure_fresh()

    # --- filtering --------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        if self.model.rowCount() == 1:
            select_row(self.table, 0)
        elif (
            self._shown_person is not None and self.model.row_of_person(self._shown_person) is None
        ):
            # Her page must not stay beside a list that no longer holds her.
            self._shown_person = None
            self.view.show_detail(None)

    def _go_to_results(self) -> None:
        if self.model.rowCount():
            select_row(self.table, first_selected_row(self.table) or 0)
            self.table.setFocus()

    def _update_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        if not total:
            self.count_label.setText("No people yet")
        elif shown == total:
            self.count_label.setText(f"{total:,} {'person' if total == 1 else 'people'}")
        else:
            self.count_label.setText(f"{shown:,} of {total:,} shown")

    def focus_search(self) -> bool:
        self.filter.setFocus()
        self.filter.selectAll()
        return True

    # --- one person -------------------------------------------------------
    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        row = first_selected_row(self.table)
        if row is None:
            return
        person = self.model.person_at(row)
        if person.id != self._shown_person:
            # After the click has painted: a big history must not delay the highlight.
            QTimer.singleShot(0, lambda pid=person.id: self._show_detail(pid))

    def message_shown(self) -> None:
        """The Messages dialog for everyone the list shows (all, or those found)."""
        from women_in_ddat.ui.message_people import message_people

        people = [self.model.person_at(r).id for r in range(self.model.rowCount())]
        found = self.model.filter_text.strip()
        what = "People found on the People page" if found else "Everyone on the People page"
        self.dialog = message_people(self, self.context.services, people, what)

    def _show_detail(self, person_id: int) -> None:
        ok, detail = attempt(
            self, "Cannot show this person", lambda: self.context.person_detail.detail(person_id)
        )
        if ok and detail is not None:
            self._shown_person = person_id
            self.view.show_detail(detail)
        else:
            self._shown_person = None
            self.view.show_detail(None)

    def show_person(self, person_id: int) -> None:
        """Select ``person_id`` in the list (clearing a filter that hides her) and show her page."""
        row = self.model.row_of_person(person_id)
        if row is None and self.model.filter_text:
            self.filter.clear()
            row = self.model.row_of_person(person_id)
        if row is None:
            if self.loading is not None or self._stale:
                self._select_after_load = person_id
                self.ensure_fresh()
            return
        select_row(self.table, row)
        self._show_detail(person_id)

    def open_record(self, ref: RecordRef) -> None:
        if ref.kind == "person":
            self.show_person(ref.id)

    # --- actions ----------------------------------------------------------
    def new_record(self) -> bool:
        dialog = PersonDialog(self.context, None, self)
        dialog.saved.connect(self._after_save)
        dialog.open()
        self.dialog = dialog
        return True

    def edit_person(self, person_id: int) -> None:
        ok, detail = attempt(
            self, "Cannot edit this person", lambda: self.context.person_detail.detail(person_id)
        )
        if not ok or detail is None:
            return
        dialog = PersonDialog(self.context, detail, self)
        dialog.saved.connect(self._after_save)
        dialog.open()
        self.dialog = dialog

    def _after_save(self, person_id: int) -> None:
        self._select_after_load = person_id
        self._shown_person = None
        self.mark_stale()

    def delete_person(self, person_id: int) -> None:
        details = self.context.person_detail
        ok, detail = attempt(self, "Cannot delete", lambda: details.detail(person_id))
        if not ok or detail is None:
            return
        impact = details.deletion_impact(person_id)
        question = (
            f"Delete {detail.display_name} ({detail.email})?\n\n{impact.describe()}\n\n"
            "This cannot be undone from the app; a backup taken before now would still hold them."
        )
        if not dialogs.confirm(self, "Delete person", question, action="Delete", destructive=True):
            return
        ok, _ = self.context.act(
            self,
            "Cannot delete",
            lambda: self.context.services.people.delete(person_id, expected_version=detail.version),
            done="Person deleted",
        )
        if ok:
            self._shown_person = None
            self.view.show_detail(None)
            self.mark_stale()
