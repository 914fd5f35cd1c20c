"""Milestones by cohort or person: tick them off with a date and evidence; overdue ones stand out.

The dashboard opens it filtered to one of its groups (a ``SignalRef``: a
cohort's overdue milestones, or those a past-dated import brought in); the
filter is named above the table, with a button to clear it.

At 90,000 mentees there are some 600,000 milestones: the table is a
``LazyRowsModel`` over a ``MilestoneList``, filtered and sorted in SQL on a
worker thread, a window of rows at a time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from women_in_ddat.domain.enums import MilestoneStatus
from women_in_ddat.domain.programme_rules import STILL_TO_DO, MilestoneState, milestone_state
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.dashboard import SignalRef
from women_in_ddat.services.list_query import ListSpec
from women_in_ddat.services.milestone_list import MilestoneList
from women_in_ddat.services.progress import MilestoneChange, MilestoneRow
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.models.rows import Column
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    page_layout,
    select_row,
    selected_rows,
    table_view,
    width_for,
)
from women_in_ddat.ui.pages.milestone_dialogs import CompleteMilestonesDialog, complete_milestones
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk


def _state(m: MilestoneRow) -> MilestoneState:
    return milestone_state(m.status, m.due_date, date.today())


def _status(m: MilestoneRow) -> str:
    return _state(m).label


def _still_to_do(m: MilestoneRow) -> bool:
    return _state(m) in STILL_TO_DO


COLUMNS = [
    Column[MilestoneRow]("Person", lambda m: m.person_name, sort_by="person"),
    Column[MilestoneRow]("Cohort", lambda m: m.cohort, sort_by="cohort"),
    Column[MilestoneRow]("Milestone", lambda m: m.title, sort_by="title"),
    Column[MilestoneRow]("Required", lambda m: "Yes" if m.required else "No", sort_by="required"),
    Column[MilestoneRow](
        "Due",
        lambda m: uk(m.due_date),
        sort_by="due",
        tone=lambda m: Tone.BAD if m.is_overdue() else None,
        bold=lambda m: m.is_overdue(),
    ),
    Column[MilestoneRow](
        "Status",
        _status,
        tone=lambda m: (
            Tone.BAD
            if m.is_overdue()
            else (Tone.GOOD if _state(m) is MilestoneState.DONE else None)
        ),
        bold=lambda m: m.is_overdue(),
        sort_by="status",
    ),
    Column[MilestoneRow]("Completed", lambda m: uk(m.completed_on), sort_by="completed"),
    Column[MilestoneRow](
        "Evidence", lambda m: m.evidence_note, tooltip=lambda m: m.evidence_note, sort_by="evidence"
    ),
]
STATUS_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.title == "Status")


class MilestonesPage(Page):
    title = "Milestones"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.count_label = QLabel()
        column, header = page_layout(self, self.title, self.count_label)
        self.done_button = button("Mark &done…", "Mark selected milestones done", primary=True)
        self.done_button.clicked.connect(self.mark_done)
        self.na_button = button("Not &applicable", "Mark selected milestones not applicable")
        self.na_button.clicked.connect(lambda: self.set_status(MilestoneStatus.NOT_APPLICABLE))
        self.reopen_button = button("&Reopen", "Reopen selected milestones")
        self.reopen_button.clicked.connect(lambda: self.set_status(MilestoneStatus.NOT_STARTED))
        # No Alt+letter: the page's letters are spoken for (Tab reaches it).
        self.message_button = button("Message…", "Message the people of these milestones")
        self.message_button.clicked.connect(self.message_people)
        for b in (self.message_button, self.reopen_button, self.na_button, self.done_button):
            header.addWidget(b)

        filters = QHBoxLayout()
        self.cohort_filter = QComboBox()
        self.cohort_filter.setAccessibleName("Show milestones of cohort")
        self.cohort_filter.setMinimumWidth(260)
        self.cohort_filter.currentIndexChanged.connect(lambda _i: self._cohort_chosen())
        caption = QLabel("&Cohort:")
        caption.setBuddy(self.cohort_filter)
        filters.addWidget(caption)
        filters.addWidget(self.cohort_filter)
        self.person_filter = QLineEdit()
        self.person_filter.setAccessibleName("Filter by person")
        self.person_filter.setPlaceholderText("Person's name")
        self.person_filter.setClearButtonEnabled(True)
        self.person_filter.textChanged.connect(self.model_filter_changed)
        person_caption = QLabel("&Person:")
        person_caption.setBuddy(self.person_filter)
        filters.addWidget(person_caption)
        filters.addWidget(self.person_filter)
        self.open_only = QCheckBox("&Open only")
        self.open_only.setAccessibleName("Open milestones only")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _c: self._apply_filters())
        self.overdue_only = QCheckBox("Overd&ue only")
        self.overdue_only.setAccessibleName("Overdue milestones only")
        self.overdue_only.toggled.connect(lambda _c: self._apply_filters())
        filters.addWidget(self.open_only)
        filters.addWidget(self.overdue_only)
        self.scope_label = plain_label()
        self.scope_label.setObjectName("hint")
        self.everyone_button = button("Sho&w everyone", "Show milestones of everyone")
        self.everyone_button.clicked.connect(lambda: self.show_person(None))
        filters.addSpacing(12)
        filters.addWidget(self.scope_label)
        filters.addWidget(self.everyone_button)
        filters.addStretch(1)
        column.addLayout(filters)

        # A dashboard group this page was opened on: named, with a way back to the whole list.
        signal_row = QHBoxLayout()
        self.signal_label = plain_label()
        self.signal_label.setObjectName("sectionTitle")
        self.signal_label.setAccessibleName("Filtered to")
        self.clear_signal_button = button(
            "C&lear filter", "Show every milestone again, not only the dashboard's group"
        )
        self.clear_signal_button.clicked.connect(self.clear_signal)
        signal_row.addWidget(self.signal_label)
        signal_row.addWidget(self.clear_signal_button)
        signal_row.addStretch(1)
        column.addLayout(signal_row)

        self.model: LazyRowsModel[MilestoneRow] = LazyRowsModel(
            COLUMNS, self, summary=_overdue_count
        )
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(
            lambda message: dialogs.show_problem(self, "Cannot show the milestones", message)
        )
        self.table = table_view("Milestones list", multi_select=True)
        self.table.setModel(self.model)
        for col, width in enumerate((180, 210, 250, 75, 100, 100, 100)):
            self.table.setColumnWidth(col, width)
        # Every state reads whole ("Waiting for match"), bold as an overdue one is shown.
        states = [state.label for state in MilestoneState] + [COLUMNS[STATUS_COLUMN].title]
        self.table.setColumnWidth(STATUS_COLUMN, width_for(self.table, states, bold=True))
        self.table.activated.connect(lambda _i: self.mark_done())
        column.addWidget(self.table, 1)
        hint = QLabel(
            "Overdue milestones are marked Overdue in bold. Select several with Shift or Ctrl, "
            "then Mark done (or press Enter)."
        )
        hint.setObjectName("hint")
        column.addWidget(hint)
        self.person_id: int | None = None
        self.signal: SignalRef | None = None
        self._show_scope()
        self._show_signal()

    def refresh(self) -> None:
        keep = self.signal.cohort_id if self.signal else self.cohort_filter.currentData()
        self.cohort_filter.blockSignals(True)
        self.cohort_filter.clear()
        self.cohort_filter.addItem("All cohorts", None)
        for cohort_id, name in self.context.services.cohorts.names():
            self.cohort_filter.addItem(name, cohort_id)
        self.cohort_filter.setCurrentIndex(max(self.cohort_filter.findData(keep), 0))
        self.cohort_filter.blockSignals(False)
        self._load()

    def _load(self, select_ids: set[int] | None = None) -> None:
        """Ask for the rows the filters describe (on a worker); select ``select_ids`` once shown."""
        self.model.set_query(
            MilestoneList(
                self.context.services.db,
                cohort_id=self.cohort_filter.currentData(),
                person_id=self.person_id,
                open_only=self.open_only.isChecked(),
                overdue_only=self.overdue_only.isChecked(),
                signal=self.signal,
            ),
            then=(lambda: self._select(select_ids)) if select_ids else None,
        )
        if not self.model.rows:
            self.count_label.setText("Loading milestones…")

    def _cohort_chosen(self) -> None:
        # The dashboard's group belongs to one cohort: choosing another leaves it.
        if self.signal is not None and self.cohort_filter.currentData() != self.signal.cohort_id:
            self.signal = None
            self._show_signal()
        self._load()

    def _apply_filters(self, select_ids: set[int] | None = None) -> None:
        self._load(select_ids)

    def model_filter_changed(self, text: str) -> None:
        """A keystroke in the person box: the list is asked again once typing pauses."""
        self.model.set_filter(text)

    def _loaded(self) -> None:
        shown, overdue = self.model.total, self.model.summary or 0
        self.count_label.setText(f"{shown:,} shown" + (f", {overdue:,} overdue" if overdue else ""))
        self._show_scope()

    def _select(self, ids: set[int] | None) -> None:
        row = self.model.find(lambda m: m.id in ids) if ids else None
        if row is not None:
            select_row(self.table, row)

    def selected(self) -> list[MilestoneRow]:
        return [self.model.row_at(r) for r in selected_rows(self.table)]

    def message_people(self) -> None:
        """The Messages dialog for the people of the selected milestones, else of all shown.

        A dashboard group opens this page narrowed to its milestones, so
        messaging with nothing selected reaches that group.
        """
        chosen = self.selected()
        query = self.model.query
        if chosen:
            people = list(dict.fromkeys(m.person_id for m in chosen))
        elif isinstance(query, MilestoneList):
            people = query.person_ids(self.model.spec)
        else:
            people = []
        if not people:
            return
        from women_in_ddat.ui.message_people import message_people

        what = "Selected milestones" if self.selected() else "People on the Milestones page"
        self.dialog = message_people(self, self.context.services, people, what, "reminder")

    def mark_done(self) -> None:
        rows = [m for m in self.selected() if _still_to_do(m)]
        if not rows:
            dialogs.inform(
                self, "Mark milestones done", "Select one or more open milestones first."
            )
            return
        summary = rows[0].title + (
            f" for {rows[0].person_name}" if len(rows) == 1 else f" and {len(rows) - 1} more"
        )
        dialog = CompleteMilestonesDialog(
            summary,
            self,
            save=lambda when, evidence: complete_milestones(
                self.context, self, rows, when, evidence
            ),
        )
        dialog.accepted.connect(self._load)
        dialog.open()
        self.dialog = dialog

    def set_status(self, status: MilestoneStatus) -> None:
        rows = self.selected()
        if not rows:
            return
        progress = self.context.services.progress

        def change() -> int:
            progress.set_milestones(
                [MilestoneChange(m.id, status, expected_version=m.version) for m in rows]
            )
            return len(rows)

        ok, _ = self.context.act(
            self,
            "Cannot change the milestones",
            change,
            done=f"{len(rows)} milestone{'s' if len(rows) != 1 else ''} now {status.label.lower()}",
        )
        self._load()

    def show_signal(self, ref: SignalRef) -> None:
        """Show only a dashboard group's milestones: its cohort's, by its rule."""
        self.signal = ref
        self.person_id = None
        for widget in (self.person_filter, self.cohort_filter, self.open_only, self.overdue_only):
            widget.blockSignals(True)
        self.person_filter.clear()
        self.cohort_filter.setCurrentIndex(max(self.cohort_filter.findData(ref.cohort_id), 0))
        self.open_only.setChecked(True)
        self.overdue_only.setChecked(True)
        for widget in (self.person_filter, self.cohort_filter, self.open_only, self.overdue_only):
            widget.blockSignals(False)
        self.model.set_filter("")
        self._load()
        self._show_scope()
        self._show_signal()

    def clear_signal(self) -> None:
        self.signal = None
        self.overdue_only.blockSignals(True)
        self.overdue_only.setChecked(False)
        self.overdue_only.blockSignals(False)
        self._show_signal()
        self._apply_filters()

    def _show_signal(self) -> None:
        shown = self.signal is not None
        self.signal_label.setText(f"Showing: {self.signal.describe()}" if self.signal else "")
        self.signal_label.setVisible(shown)
        self.clear_signal_button.setVisible(shown)

    def show_person(self, person_id: int | None, *, select_ids: set[int] | None = None) -> None:
        """Show one person's milestones (all of them, done or not), or everyone's again."""
        if self.signal is not None:
            self.signal = None
            self._show_signal()
        self.person_id = person_id
        for widget in (self.person_filter, self.cohort_filter, self.open_only, self.overdue_only):
            widget.blockSignals(True)
        self.person_filter.clear()
        if person_id is not None:
            self.cohort_filter.setCurrentIndex(0)
            self.open_only.setChecked(False)
            self.overdue_only.setChecked(False)
        for widget in (self.person_filter, self.cohort_filter, self.open_only, self.overdue_only):
            widget.blockSignals(False)
        self.model.set_filter("")
        self._load(select_ids)
        self._show_scope()

    def _show_scope(self) -> None:
        rows = self.model.rows
        name = rows[0].person_name if rows and rows[0].person_id == self.person_id else ""
        self.scope_label.setText(f"Showing only {name}" if self.person_id is not None else "")
        self.scope_label.setVisible(self.person_id is not None)
        self.everyone_button.setVisible(self.person_id is not None)

    def scope_for(self, ref: RecordRef) -> None:
        """Narrow the next load to what ``ref`` needs, before the page is shown.

        At 100,000 people "all cohorts" is some 700,000 milestones; the
        dashboard asks for one cohort's group or one person's milestone.
        """
        if isinstance(ref, SignalRef):
            self.signal, self.person_id = ref, None
        elif ref.kind == "milestone":
            self.signal, self.person_id = None, ref.person_id

    def open_record(self, ref: RecordRef) -> None:
        self.scope_for(ref)
        self.ensure_fresh()
        if isinstance(ref, SignalRef):
            self.show_signal(ref)
            self.table.setFocus()
        elif ref.kind == "milestone":
            self.show_person(ref.person_id, select_ids={ref.id})
            self.table.setFocus()
        elif ref.kind == "cohort":
            self.show_person(None)
            self.cohort_filter.setCurrentIndex(max(self.cohort_filter.findData(ref.id), 0))

    def forget_opened(self) -> None:
        if self.signal is not None:
            self.clear_signal()

    def focus_search(self) -> bool:
        self.person_filter.setFocus()
        return True


def _overdue_count(query: MilestoneList, spec: ListSpec) -> int:
    """How many of the rows shown are overdue (counted with them, on the worker)."""
    return replace(query, overdue_only=True).count(spec)
