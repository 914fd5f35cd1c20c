"""Cohorts: lifecycle, dates, milestone template, members by role, and bulk actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import (
    COHORT_TRANSITIONS,
    CohortStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.errors import EditConflict, InvalidInput, UserFacingError
from women_in_ddat.services.cohorts import CohortSummary, MemberRow
from women_in_ddat.services.list_query import ListSpec
from women_in_ddat.services.member_list import MemberList
from women_in_ddat.services.templates import TemplateRow
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.conflict_dialog import ChangedMeanwhileDialog, show_changed_meanwhile
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.feedback_panels import CohortFeedbackPanel
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    first_selected_row,
    page_layout,
    section_title,
    select_row,
    selected_rows,
    table_view,
)
from women_in_ddat.ui.pages.cohort_attendance import CohortAttendanceGrid
from women_in_ddat.ui.pages.cohort_dialogs import AddMemberDialog, NewCohortDialog
from women_in_ddat.ui.pages.cohort_next import OneOffMilestoneDialog, StartFromDialog
from women_in_ddat.ui.pages.cohort_outcomes import CohortOutcomesPanel
from women_in_ddat.ui.pages.match_dialogs import NewMatchDialog
from women_in_ddat.ui.pages.milestone_dialogs import CompleteMilestonesDialog, complete_milestones
from women_in_ddat.ui.pages.participation_dialog import open_place_dialog
from women_in_ddat.ui.pages.template_editor import TEMPLATE_COLUMNS, TemplateEditorDialog
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import DateField, FormErrors, read_dates, uk

TRANSITION_LABELS = {
    CohortStatus.INTAKE_OPEN: "Open intake",
    CohortStatus.INTAKE_CLOSED: "Close intake",
    CohortStatus.IN_PROGRESS: "Start the cohort",
    CohortStatus.COMPLETED: "Mark completed",
    CohortStatus.DRAFT: "Back to draft",
    CohortStatus.CANCELLED: "Cancel the cohort…",
}

COHORT_COLUMNS = [
    Column[CohortSummary]("Cohort", lambda c: c.name),
    Column[CohortSummary]("Status", lambda c: CohortStatus(c.status).label),
    Column[CohortSummary]("Starts", lambda c: uk(c.start_date), sort_key=lambda c: c.start_date),
    Column[CohortSummary]("Ends", lambda c: uk(c.end_date), sort_key=lambda c: c.end_date),
    Column[CohortSummary](
        "Mentees", lambda c: _count(c.mentees), sort_key=lambda c: c.mentees, right_aligned=True
    ),
    Column[CohortSummary](
        "Mentors", lambda c: _count(c.mentors), sort_key=lambda c: c.mentors, right_aligned=True
    ),
]
MEMBER_COLUMNS = [
    Column[MemberRow]("Name", lambda m: m.display_name, sort_by="name"),
    Column[MemberRow]("Status", lambda m: ParticipationStatus(m.status).label, sort_by="status"),
    Column[MemberRow]("Email", lambda m: m.email, sort_by="email"),
]
MENTOR_COLUMNS = [
    *MEMBER_COLUMNS[:2],
    Column[MemberRow](
        "Capacity", lambda m: str(m.mentor_capacity), sort_by="capacity", right_aligned=True
    ),
    MEMBER_COLUMNS[2],
]


class _NoMembers:
    """No cohort chosen: nobody."""

    sorts: frozenset[str] = frozenset()

    def count(self, spec: ListSpec) -> int:
        return 0

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[MemberRow]:
        return []


EMPTY_MEMBERS = _NoMembers()


def _count(n: int | None) -> str:
    return "" if n is None else str(n)  # blank until counted


def _counted(cohort: CohortSummary, counts: dict[int, tuple[int, int]] | None) -> CohortSummary:
    """``cohort`` with its head counts from ``counts`` (None: not read yet)."""
    if counts is None:
        return cohort
    mentees, mentors = counts.get(cohort.id, (0, 0))
    return replace(cohort, mentees=mentees, mentors=mentors)


class CohortsPage(Page):
    title = "Cohorts"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        column, header = page_layout(self, self.title)
        self.new_button = button("&New cohort…", "New cohort", primary=True, shortcut_hint="Ctrl+N")
        self.new_button.clicked.connect(self.new_record)
        header.addWidget(self.new_button)

        self.cohort_model: RowsModel[CohortSummary] = RowsModel(COHORT_COLUMNS, self)
        self.cohort_table = table_view("Cohorts list")
        self.cohort_table.setModel(self.cohort_model)
        self.cohort_table.setColumnWidth(0, 230)
        self.cohort_table.selectionModel().selectionChanged.connect(self._cohort_selected)

        self.detail = QWidget()
        self.detail.setAccessibleName("Cohort details")
        self._build_detail()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setAccessibleName("Cohort details")
        self.outcomes = CohortOutcomesPanel(context.services)
        self.outcomes_scroll = QScrollArea()
        self.outcomes_scroll.setWidgetResizable(True)
        self.outcomes_scroll.setWidget(self.outcomes)
        self.outcomes_scroll.setAccessibleName("Development and outcomes")
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("cohortTabs")
        self.detail_tabs.addTab(scroll, "&Cohort")
        self.detail_tabs.addTab(self.outcomes_scroll, "Development and &outcomes")
        self.attendance = CohortAttendanceGrid(context.services)
        self.detail_tabs.addTab(self.attendance, "Event re&gisters")
        self.feedback = CohortFeedbackPanel(context.services)
        self.detail_tabs.addTab(self.feedback, "Feedback")  # its letters are all taken
        # Figures are read when their tab is shown, not on every selection.
        self.detail_tabs.currentChanged.connect(lambda _i: self._show_outcomes())
        self.detail_tabs.currentChanged.connect(lambda _i: self._show_attendance())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("cohortsSplitter")
        self.splitter.addWidget(self.cohort_table)
        self.splitter.addWidget(self.detail_tabs)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 7)
        self.splitter.setChildrenCollapsible(False)
        column.addWidget(self.splitter, 1)
        self.cohort: CohortSummary | None = None
        self._head_counts: dict[int, tuple[int, int]] | None = None  # as last read
        # (cohort id, version) of the other save last shown beside this form's details.
        self.details_version_shown: tuple[int | None, int] = (None, 0)
        self.conflict_dialog: ChangedMeanwhileDialog | None = None
        self._show_cohort(None)

    def _build_detail(self) -> None:
        column = QVBoxLayout(self.detail)
        column.setContentsMargins(12, 0, 4, 0)
        self.cohort_name = section_title("")
        self.cohort_name.setObjectName("personName")
        column.addWidget(self.cohort_name)
        self.status_label = plain_label()
        self.status_label.setObjectName("subtitle")
        column.addWidget(self.status_label)
        self.lifecycle = QHBoxLayout()
        self.lifecycle.setSpacing(6)
        column.addLayout(self.lifecycle)
        self.lifecycle_buttons: dict[CohortStatus, QWidget] = {}

        column.addWidget(section_title("Details"))
        form = QFormLayout()
        self.errors = FormErrors()
        self.name_edit = QLineEdit()
        self.errors.add_row(form, "Na&me", "name", self.name_edit, name="Cohort name")
        self.place_edit = QLineEdit()
        self.errors.add_row(form, "P&lace", "place", self.place_edit, name="Place")
        self.start_edit = DateField()
        self.errors.add_row(form, "&Starts", "start_date", self.start_edit, name="Start date")
        self.end_edit = DateField()
        self.errors.add_row(form, "En&ds", "end_date", self.end_edit, name="End date")
        column.addLayout(form)
        self.save_button = button("Save de&tails", "Save cohort details")
        self.save_button.clicked.connect(self.save_details)
        self.next_cohort_button = button(
            "Start the ne&xt cohort from this one…", "Start a cohort from this one"
        )
        self.next_cohort_button.setToolTip(
            "A new cohort with this one's milestone template and settings (and its mentors, if asked)"
        )
        self.next_cohort_button.clicked.connect(self.start_next_cohort)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.next_cohort_button)
        row.addStretch(1)
        column.addLayout(row)

        column.addWidget(section_title("Milestone template"))
        self.template_model: RowsModel[TemplateRow] = RowsModel(TEMPLATE_COLUMNS, self)
        self.template_table = table_view("Milestone template", sortable=False)
        self.template_table.setModel(self.template_model)
        self.template_table.setColumnWidth(0, 260)
        self.template_table.setColumnWidth(1, 240)
        self.template_table.setMinimumHeight(self.fontMetrics().height() * 12)
        column.addWidget(self.template_table)
        self.apply_button = button(
            "&Apply the template to every mentee", "Apply milestone template"
        )
        self.apply_button.clicked.connect(self.apply_template)
        self.edit_template_button = button("Ed&it the template…", "Edit the milestone template")
        self.edit_template_button.clicked.connect(self.edit_template)
        self.programme_template_button = button(
            "P&rogramme template…", "Edit the programme's milestone template"
        )
        self.programme_template_button.clicked.connect(self.edit_programme_template)
        row = QHBoxLayout()
        row.addWidget(self.edit_template_button)
        row.addWidget(self.programme_template_button)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        column.addLayout(row)

        column.addWidget(section_title("Members"))
        grid = QGridLayout()
        # Thousands of mentees in a big cohort: lazy lists, a window at a time.
        self.mentee_model: LazyRowsModel[MemberRow] = LazyRowsModel(MEMBER_COLUMNS, self)
        self.mentee_table = table_view("Mentees", multi_select=True)
        self.mentee_table.setModel(self.mentee_model)
        self.mentee_table.setColumnWidth(0, 180)
        self.mentee_table.setMinimumHeight(self.fontMetrics().height() * 14)
        self.mentee_table.doubleClicked.connect(
            lambda i: self._open_person(self.mentee_model, i.row())
        )
        self.mentor_model: LazyRowsModel[MemberRow] = LazyRowsModel(MENTOR_COLUMNS, self)
        self.mentor_table = table_view("Mentors")
        self.mentor_table.setModel(self.mentor_model)
        # Narrower than the mentees' columns: the capacity column shares the pane's half.
        self.mentor_table.setColumnWidth(0, 150)
        self.mentor_table.setColumnWidth(1, self.fontMetrics().horizontalAdvance("Withdrawn") + 16)
        self.mentor_table.resizeColumnToContents(2)
        self.mentor_table.doubleClicked.connect(
            lambda i: self._open_person(self.mentor_model, i.row())
        )
        self.mentees_caption = QLabel("Mentees")
        self.mentors_caption = QLabel("Mentors")
        for model, caption, what in (
            (self.mentee_model, self.mentees_caption, "Mentees"),
            (self.mentor_model, self.mentors_caption, "Mentors"),
        ):
            model.loaded.connect(lambda m=model, c=caption, w=what: c.setText(f"{w} ({m.total:,})"))
            model.failed.connect(
                lambda message: dialogs.show_problem(self, "Cannot show the members", message)
            )
        grid.addWidget(self.mentees_caption, 0, 0)
        grid.addWidget(self.mentors_caption, 0, 1)
        grid.addWidget(self.mentee_table, 1, 0)
        grid.addWidget(self.mentor_table, 1, 1)
        column.addLayout(grid, 1)
        # "The selected member" is in one table at a time: choosing in one clears the other.
        self.mentee_table.selectionModel().selectionChanged.connect(
            lambda *_: self._member_chosen(self.mentee_table, self.mentor_table)
        )
        self.mentor_table.selectionModel().selectionChanged.connect(
            lambda *_: self._member_chosen(self.mentor_table, self.mentee_table)
        )
        row = QHBoxLayout()
        self.add_member_button = button("Add a mem&ber…", "Add a member")
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_place_button = button("Edit &place…", "Edit cohort place")
        self.edit_place_button.clicked.connect(self.edit_place)
        self.edit_place_button.setEnabled(False)
        self.one_off_button = button(
            "Milestone &just for her…", "A milestone for the selected mentee only"
        )
        self.one_off_button.clicked.connect(self.add_one_off)
        self.one_off_button.setEnabled(False)
        self.new_match_button = button("Ne&w match…", "New match in this cohort")
        self.new_match_button.setToolTip(
            "A match in this cohort, for the selected mentee if one is"
        )
        self.new_match_button.clicked.connect(self.new_match)
        self.bulk_done_button = button(
            "Mar&k a milestone done for the selected mentees…",
            "Mark a milestone done for the selected mentees",
        )
        self.bulk_done_button.clicked.connect(self.bulk_mark_done)
        self.message_members_button = button(
            "Message the selected…", "Message the selected members"
        )
        # No letter of its own: every letter of it is taken on this page (Tab reaches it).
        self.message_members_button.setToolTip(
            "Write to the mentees (or the mentor) selected; previewed before anything is sent"
        )
        self.message_members_button.clicked.connect(self.message_members)
        row.addWidget(self.add_member_button)
        row.addWidget(self.edit_place_button)
        row.addWidget(self.new_match_button)
        row.addStretch(1)
        column.addLayout(row)
        # On a row of their own: five buttons in one row made the pane wider than its scroll area.
        row = QHBoxLayout()
        row.addWidget(self.one_off_button)
        row.addWidget(self.bulk_done_button)
        row.addWidget(self.message_members_button)
        row.addStretch(1)
        column.addLayout(row)
        hint = QLabel(
            "Select several mentees with Shift or Ctrl. Double-click a member to open their page."
        )
        hint.setObjectName("hint")
        column.addWidget(hint)

    # --- loading ----------------------------------------------------------
    def refresh(self) -> None:
        keep = self.cohort.id if self.cohort else None
        # The head counts group every place (a frame's time at 100,000): read on a worker,
        # the counts read last shown meanwhile.
        cohorts = self.context.services.cohorts
        known = self._head_counts
        self.cohort_model.set_rows([_counted(c, known) for c in cohorts.summaries(counted=False)])
        self.load_in_background("head counts", cohorts.head_counts, self._show_head_counts)
        self._fit_name_and_status()
        row = self.cohort_model.find(lambda c: c.id == keep) if keep is not None else None
        if row is None and self.cohort_model.rowCount():
            row = 0
        if row is not None:
            select_row(self.cohort_table, row)
            self._show_cohort(self.cohort_model.row_at(row))
        else:
            self._show_cohort(None)

    def _show_head_counts(self, counts: dict[int, tuple[int, int]]) -> None:
        self._head_counts = counts
        self.cohort_model.update_rows(lambda c: _counted(c, counts))
        if self.cohort is not None:
            self.cohort = _counted(self.cohort, counts)

    def _fit_name_and_status(self) -> None:
        """The list is at least wide enough for each cohort's name and status, whole; the dates
        and counts beside them may scroll."""
        table = self.cohort_table
        for column in (0, 1):
            table.resizeColumnToContents(column)
        table.setColumnWidth(0, min(table.columnWidth(0), 320))
        frame = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        table.setMinimumWidth(table.columnWidth(0) + table.columnWidth(1) + frame)

    def _cohort_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        row = first_selected_row(self.cohort_table)
        if row is not None:
            cohort = self.cohort_model.row_at(row)
            if self.cohort is None or cohort.id != self.cohort.id:
                self._show_cohort(cohort)

    def _show_outcomes(self) -> None:
        self.feedback.show_cohort(self.cohort.id if self.cohort else None)
        if self.detail_tabs.currentWidget() is not self.outcomes_scroll:
            return
        cohort_id = self.cohort.id if self.cohort else None
        attempt(
            self, "Cannot show the cohort's figures", lambda: self.outcomes.show_cohort(cohort_id)
        )

    def _show_attendance(self) -> None:
        if self.detail_tabs.currentWidget() is not self.attendance:
            return
        cohort_id = self.cohort.id if self.cohort else None
        attempt(
            self,
            "Cannot show the cohort's attendance",
            lambda: self.attendance.show_cohort(cohort_id),
        )

    def _show_cohort(self, cohort: CohortSummary | None) -> None:
        self.cohort = cohort
        self.detail.setEnabled(cohort is not None)
        self.errors.clear()
        self._show_outcomes()
        self._show_attendance()
        if cohort is None:
            self.cohort_name.setText("No cohort selected")
            self.status_label.setText("Create a cohort with New cohort (Ctrl+N).")
            self.template_model.set_rows([])
            for member_model in (self.mentee_model, self.mentor_model):
                member_model.set_query(EMPTY_MEMBERS)
            self._lifecycle_buttons(None)
            return
        self.cohort_name.setText(cohort.name)
        dates = (
            f"{uk(cohort.start_date)} to {uk(cohort.end_date)}"
            if cohort.start_date
            else "no dates yet"
        )
        self.status_label.setText(
            f"{CohortStatus(cohort.status).label} · {dates} · {cohort.programme}"
        )
        self.name_edit.setText(cohort.name)
        self.place_edit.setText(cohort.place)
        self.start_edit.set_date(cohort.start_date)
        self.end_edit.set_date(cohort.end_date)
        self._lifecycle_buttons(CohortStatus(cohort.status))
        self.template_model.set_rows(self.context.services.templates.list(cohort.id))
        db = self.context.services.db
        self.mentee_model.set_query(MemberList(db, cohort.id, ParticipantRole.MENTEE.value))
        self.mentor_model.set_query(MemberList(db, cohort.id, ParticipantRole.MENTOR.value))

    def _lifecycle_buttons(self, status: CohortStatus | None) -> None:
        while self.lifecycle.count():
            item = self.lifecycle.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.lifecycle_buttons = {}
        if status is None:
            return
        targets = sorted(COHORT_TRANSITIONS[status], key=lambda s: list(CohortStatus).index(s))
        if not targets:
            done = QLabel("This cohort's lifecycle is over.")
            done.setObjectName("hint")
            self.lifecycle.addWidget(done)
        for target in targets:
            widget = button(
                TRANSITION_LABELS[target],
                primary=target != CohortStatus.CANCELLED and target != CohortStatus.DRAFT,
            )
            widget.clicked.connect(lambda _=False, t=target: self.change_status(t))
            self.lifecycle.addWidget(widget)
            self.lifecycle_buttons[target] = widget
        self.lifecycle.addStretch(1)

    # --- actions ----------------------------------------------------------
    def new_record(self) -> bool:
        dialog = NewCohortDialog(self.context, self)
        dialog.created.connect(self._select_new)
        dialog.open()
        self.dialog = dialog
        return True

    def _select_new(self, cohort_id: int) -> None:
        self.cohort = None
        self.refresh()
        row = self.cohort_model.find(lambda c: c.id == cohort_id)
        if row is not None:
            select_row(self.cohort_table, row)

    def change_status(self, target: CohortStatus) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        if target == CohortStatus.CANCELLED and not dialogs.confirm(
            self,
            "Cancel cohort",
            f"Cancel {cohort.name}? A cancelled cohort cannot be reopened.",
            action="Cancel the cohort",
            destructive=True,
        ):
            return
        ok, _ = self.context.act(
            self,
            "Cannot change the cohort's status",
            lambda: self.context.services.cohorts.set_status(cohort.id, target),
            done=f"Cohort now {target.label.lower()}",
        )
        if ok:
            self.refresh()

    def save_details(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        dates, problems = read_dates({"start_date": self.start_edit, "end_date": self.end_edit})
        if problems:
            self.errors.show(problems)
            return
        # After a clash, the form answers to the version just shown (see ui/conflict_dialog.py).
        shown_id, shown_version = self.details_version_shown
        try:
            self.context.services.cohorts.update_cohort(
                cohort.id,
                expected_version=max(cohort.version, shown_version)
                if shown_id == cohort.id
                else cohort.version,
                name=self.name_edit.text(),
                place=self.place_edit.text(),
                start_date=dates["start_date"],
                end_date=dates["end_date"],
            )
        except InvalidInput as exc:
            unplaced = self.errors.show(exc.problems)
            if unplaced or not exc.problems:
                dialogs.show_problem(self, "Cannot save the cohort", exc.message)
            return
        except EditConflict as exc:
            self.details_version_shown = (cohort.id, exc.their_version)
            self.conflict_dialog = show_changed_meanwhile(
                self, "cohort", exc, save_mine=self.save_details, use_theirs=self.refresh
            )
            return
        except UserFacingError as exc:
            dialogs.show_problem(self, "Cannot save the cohort", exc.message)
            return
        self.errors.clear()
        self.context.changed(self, "Cohort details saved")
        self.refresh()

    def apply_template(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        ok, added = self.context.act(
            self,
            "Cannot apply the template",
            lambda: self.context.services.cohorts.apply_templates(cohort.id),
        )
        if ok:
            self.context.statusMessage.emit(
                f"{added} milestone{'s' if added != 1 else ''} added"
                if added
                else "Every mentee already had the template's milestones"
            )

    def add_member(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        dialog = AddMemberDialog(self.context, cohort.id, cohort.name, self)
        dialog.added.connect(lambda _pid: self.refresh())
        dialog.open()
        self.dialog = dialog

    def edit_template(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        dialog = TemplateEditorDialog(self.context, cohort.id, cohort.name, self)
        dialog.changed.connect(lambda: self.context.changed(self))
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        self.dialog = dialog

    def edit_programme_template(self) -> None:
        """The template every cohort of the programme starts from (and uses until changed)."""
        cohort = self.cohort
        if cohort is None:
            return
        dialog = TemplateEditorDialog(
            self.context, None, cohort.programme, self, programme_id=cohort.programme_id
        )
        dialog.changed.connect(lambda: self.context.changed(self))
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        self.dialog = dialog

    def add_one_off(self) -> None:
        member = self.selected_member()
        if member is None or member.role != ParticipantRole.MENTEE.value:
            dialogs.inform(self, "One-off milestone", "Select the mentee first.")
            return
        dialog = OneOffMilestoneDialog(
            self.context, member.participation_id, member.display_name, self
        )
        dialog.open()
        self.dialog = dialog

    def start_next_cohort(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        dialog = StartFromDialog(self.context, cohort, self)
        dialog.created.connect(self._select_new)
        dialog.open()
        self.dialog = dialog

    def new_match(self) -> None:
        """A new match in the cohort in view, for the selected mentee if there is one."""
        cohort = self.cohort
        if cohort is None:
            return
        member = self.selected_member()
        mentee = (
            member.participation_id
            if member is not None and member.role == ParticipantRole.MENTEE.value
            else None
        )
        dialog = NewMatchDialog(
            self.context,
            self.cohort_model.rows,
            self,
            cohort_id=cohort.id,
            mentee_participation_id=mentee,
        )
        dialog.created.connect(lambda _match_id: self.refresh())
        dialog.open()
        self.dialog = dialog

    def _member_chosen(self, chosen_in: QTableView, other: QTableView) -> None:
        if chosen_in.selectionModel().hasSelection():
            other.clearSelection()
        member = self.selected_member()
        self.edit_place_button.setEnabled(member is not None)
        self.one_off_button.setEnabled(
            member is not None and member.role == ParticipantRole.MENTEE.value
        )

    def _member_tables(self) -> tuple[tuple[QTableView, LazyRowsModel[MemberRow]], ...]:
        return ((self.mentee_table, self.mentee_model), (self.mentor_table, self.mentor_model))

    def message_members(self) -> None:
        """The Messages dialog for the members selected in either table."""
        from women_in_ddat.ui.message_people import message_people

        for table, model in self._member_tables():
            people = [model.row_at(r).person_id for r in selected_rows(table)]
            if people:
                what = f"Selected members of {self.cohort_name.text()}"
                self.dialog = message_people(self, self.context.services, people, what)
                return

    def selected_member(self) -> MemberRow | None:
        """The member chosen in either table (the first, if several mentees are)."""
        for table, model in self._member_tables():
            rows = selected_rows(table)
            if rows:
                return model.row_at(rows[0])
        return None

    def edit_place(self) -> None:
        member = self.selected_member()
        if member is None:
            dialogs.inform(self, "Edit cohort place", "Select a mentee or a mentor first.")
            return
        dialog = open_place_dialog(self.context, self, member.participation_id)
        if dialog is not None:
            dialog.saved.connect(lambda: self._after_place_saved(member.participation_id))
            self.dialog = dialog

    def _after_place_saved(self, participation_id: int) -> None:
        self.refresh()
        for table, model in self._member_tables():
            model.reload(then=partial(self._select_place, table, model, participation_id))

    def _select_place(
        self, table: QTableView, model: LazyRowsModel[MemberRow], participation_id: int
    ) -> None:
        row = model.find(lambda m: m.participation_id == participation_id)
        if row is not None:
            select_row(table, row)

    def bulk_mark_done(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        chosen = [self.mentee_model.row_at(r) for r in selected_rows(self.mentee_table)]
        if not chosen:
            dialogs.inform(
                self,
                "Mark milestones done",
                "Select the mentees first (Shift or Ctrl for several).",
            )
            return
        titles = [t.title for t in self.template_model.rows]
        open_rows = self.context.services.progress.milestones(cohort_id=cohort.id, open_only=True)
        titles += sorted({m.title for m in open_rows} - set(titles))
        part_ids = {m.participation_id for m in chosen}

        def save(when: date, evidence: str) -> bool:
            title = dialog.chosen_title()
            rows = [m for m in open_rows if m.participation_id in part_ids and m.title == title]
            if not rows:
                dialogs.inform(
                    self,
                    "Mark milestones done",
                    f"None of the selected mentees has '{title}' open.",
                )
                return False
            return complete_milestones(self.context, self, rows, when, evidence)

        dialog = CompleteMilestonesDialog(
            f"For {len(chosen)} selected mentee{'s' if len(chosen) != 1 else ''} of {cohort.name}.",
            self,
            titles=titles,
            save=save,
        )
        dialog.open()
        self.dialog = dialog

    def _open_person(self, model: LazyRowsModel[MemberRow], row: int) -> None:
        self.openRecord.emit(RecordRef("person", model.row_at(row).person_id))

    def open_record(self, ref: RecordRef) -> None:
        if ref.kind != "cohort":
            return
        if self._stale:
            self.ensure_fresh()
        row = self.cohort_model.find(lambda c: c.id == ref.id)
        if row is not None:
            select_row(self.cohort_table, row)
            self._show_cohort(self.cohort_model.row_at(row))
            self.cohort_table.setFocus()
