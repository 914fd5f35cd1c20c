"""Matches: who mentors whom, their status, and the sessions they have had.

The list is a ``LazyRowsModel`` over a ``MatchList`` (filtered and sorted in
SQL on a worker, a window at a time): 90,000 matches cost what 200 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import MatchStatus, SessionFormat
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import SignalRef
from women_in_ddat.services.cohorts import CohortSummary
from women_in_ddat.services.dashboard import QUIET_DAYS
from women_in_ddat.services.match_list import MatchList
from women_in_ddat.services.matches import MatchRow
from women_in_ddat.services.session_list import SessionList, SessionRow
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.models.rows import Column
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    first_selected_row,
    page_layout,
    section_title,
    select_row,
    table_view,
)
from women_in_ddat.ui.pages.match_dialogs import (
    ChangeStatusDialog,
    LogSessionDialog,
    NewMatchDialog,
)
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk


@dataclass(frozen=True)
class MatchesOf(RecordRef):
    """Some matches of one cohort (``id``), to show filtered: those in ``status``.

    Answers like the dashboard's signal references (``describe``,
    ``shows_match``), so the Matches page shows either the same way.
    """

    status: str = MatchStatus.PROPOSED.value
    label: str = ""

    def describe(self) -> str:
        return self.label

    def shows_match(self, row: MatchRow, today: date) -> bool:
        return row.cohort_id == self.id and row.status == self.status

    def match_list(self, db: object) -> MatchList:
        """The same matches, asked of the database."""
        return MatchList(db, cohort_id=self.id, status=self.status)  # type: ignore[arg-type]


def proposed_matches_of(cohort_id: int, cohort_name: str) -> MatchesOf:
    return MatchesOf(
        "match",
        cohort_id,
        status=MatchStatus.PROPOSED.value,
        label=f"Proposed matches of {cohort_name}",
    )


def _quiet(m: MatchRow) -> bool:
    if m.status != MatchStatus.ACTIVE.value:
        return False
    since = m.last_session or m.start_date
    return since is not None and (date.today() - since).days >= QUIET_DAYS


MATCH_COLUMNS = [
    Column[MatchRow]("Mentee", lambda m: m.mentee_name, sort_by="mentee"),
    Column[MatchRow]("Mentor", lambda m: m.mentor_name, sort_by="mentor"),
    Column[MatchRow]("Cohort", lambda m: m.cohort, sort_by="cohort"),
    Column[MatchRow]("Status", lambda m: MatchStatus(m.status).label, sort_by="status"),
    Column[MatchRow]("Since", lambda m: uk(m.start_date), sort_by="since"),
    Column[MatchRow]("Sessions", lambda m: str(m.sessions), sort_by="sessions", right_aligned=True),
    Column[MatchRow](
        "Last session",
        lambda m: uk(m.last_session) + (f"  (over {QUIET_DAYS} days ago)" if _quiet(m) else ""),
        sort_by="last",
        tone=lambda m: Tone.WARN if _quiet(m) else None,
        bold=_quiet,
    ),
]
SESSION_COLUMNS = [
    Column[SessionRow]("Date", lambda s: uk(s.held_on), sort_by="held_on"),
    Column[SessionRow](
        "Minutes", lambda s: str(s.duration_minutes), sort_by="minutes", right_aligned=True
    ),
    Column[SessionRow]("Format", lambda s: SessionFormat(s.format).label, sort_by="format"),
    Column[SessionRow](
        "Note", lambda s: s.note.replace("\n", "  "), tooltip=lambda s: s.note, sort_by="note"
    ),
]


class MatchesPage(Page):
    title = "Matches"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.count_label = QLabel()
        column, header = page_layout(self, self.title, self.count_label)
        self.new_button = button("&New match…", "New match", primary=True, shortcut_hint="Ctrl+N")
        self.new_button.clicked.connect(self.new_record)
        self.status_button = button("Change &status…", "Change match status")
        self.status_button.clicked.connect(self.change_status)
        self.log_button = button("&Log a session…", "Log a session", shortcut_hint="Ctrl+L")
        self.log_button.clicked.connect(self.log_session)
        self.message_button = button("&Message…", "Message the people of the matches shown")
        self.message_button.setToolTip(
            "Write to both sides of the selected match, or of every match shown when the page "
            "is narrowed (quiet matches, on hold); previewed before anything is sent"
        )
        self.message_button.clicked.connect(self.message_pairs)
        for b in (self.message_button, self.log_button, self.status_button, self.new_button):
            header.addWidget(b)

        filters = QHBoxLayout()
        self.cohort_filter = QComboBox()
        self.cohort_filter.setAccessibleName("Show matches of cohort")
        self.cohort_filter.setMinimumWidth(260)
        self.cohort_filter.currentIndexChanged.connect(lambda _i: self._filters_changed())
        cohort_caption = QLabel("&Cohort:")
        cohort_caption.setBuddy(self.cohort_filter)
        filters.addWidget(cohort_caption)
        filters.addWidget(self.cohort_filter)
        self.current_only = QCheckBox("Current matches only")
        self.current_only.setAccessibleName("Current matches only")
        self.current_only.setChecked(True)
        self.current_only.toggled.connect(lambda _c: self._filters_changed())
        filters.addWidget(self.current_only)
        self.filter = QLineEdit()
        self.filter.setObjectName("matchesFilter")
        self.filter.setAccessibleName("Find matches by mentee or mentor")
        self.filter.setPlaceholderText("Mentee's or mentor's name   (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(240)
        filters.addWidget(self.filter)
        filters.addStretch(1)
        column.addLayout(filters)
        # A narrower view opened from elsewhere (a dashboard signal, an import's proposals).
        self.narrowed: MatchList | None = None
        narrowed_row = QHBoxLayout()
        self.narrowed_label = QLabel()
        self.narrowed_label.setObjectName("hint")
        self.narrowed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_all_button = button("Show &all matches", "Show all matches")
        self.show_all_button.clicked.connect(self.show_all)
        narrowed_row.addWidget(self.narrowed_label)
        narrowed_row.addWidget(self.show_all_button)
        narrowed_row.addStretch(1)
        self.narrowed_bar = QWidget()
        self.narrowed_bar.setLayout(narrowed_row)
        narrowed_row.setContentsMargins(0, 0, 0, 0)
        self.narrowed_bar.hide()
        column.addWidget(self.narrowed_bar)

        self.model: LazyRowsModel[MatchRow] = LazyRowsModel(MATCH_COLUMNS, self)
        self.model.failed.connect(
            lambda message: dialogs.show_problem(self, "Cannot show the matches", message)
        )
        self.filter.textChanged.connect(self.model.set_filter)
        self.model.loaded.connect(self._show_count)
        # A new list has no selection: the sessions pane must not go on showing the last match.
        self.model.modelReset.connect(
            lambda: self._match_selected(QItemSelection(), QItemSelection())
        )
        self.table = table_view("Matches list")
        self.table.setModel(self.model)
        for col, width in enumerate((190, 190, 230, 90, 100, 80)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._match_selected)
        self.table.activated.connect(lambda _i: self.log_session())

        sessions_box = QWidget()
        sessions_column = QVBoxLayout(sessions_box)
        sessions_column.setContentsMargins(0, 0, 0, 0)
        self.sessions_title = section_title("Sessions")
        sessions_column.addWidget(self.sessions_title)
        # A match's sessions, a window at a time like the matches (a long match has many).
        self.session_model: LazyRowsModel[SessionRow] = LazyRowsModel(SESSION_COLUMNS, self)
        self.session_model.loaded.connect(self._show_sessions_title)
        self.session_model.failed.connect(
            lambda message: dialogs.show_problem(self, "Cannot show the sessions", message)
        )
        self._sessions_of: MatchRow | None = None
        self.session_table = table_view("Sessions of the selected match")
        self.session_table.setModel(self.session_model)
        self.session_table.setColumnWidth(0, 110)
        sessions_column.addWidget(self.session_table)
        hint = QLabel(
            "Select a match and press Ctrl+L (or Enter) to log a session; Ctrl+Z takes it back."
        )
        hint.setObjectName("hint")
        sessions_column.addWidget(hint)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("matchesSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(sessions_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        column.addWidget(splitter, 1)

        shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.log_session)
        self._cohorts: list[CohortSummary] | None = None
        self._update_buttons()

    @property
    def cohorts(self) -> list[CohortSummary]:
        """Every cohort with its places counted (what New match offers), read when first needed."""
        if self._cohorts is None:
            self._cohorts = self.context.services.cohorts.summaries()
        return self._cohorts

    # --- loading ----------------------------------------------------------
    def refresh(self) -> None:
        keep = self.cohort_filter.currentData()
        self._cohorts = None  # counted again when a dialog needs them
        self.cohort_filter.blockSignals(True)
        self.cohort_filter.clear()
        self.cohort_filter.addItem("All cohorts", None)
        for cohort_id, name in self.context.services.cohorts.names():
            self.cohort_filter.addItem(name, cohort_id)
        index = self.cohort_filter.findData(keep)
        self.cohort_filter.setCurrentIndex(max(index, 0))
        self.cohort_filter.blockSignals(False)
        self._load_matches()

    def _load_matches(self, select_match: int | None = None) -> None:
        """Ask for the matches in view (on a worker); then select ``select_match`` (else the one
        selected, else the first)."""
        selected = self.selected_match()
        keep = select_match if select_match is not None else (selected.id if selected else None)
        if self.narrowed is not None:
            query = self.narrowed
        else:
            query = MatchList(
                self.context.services.db,
                cohort_id=self.cohort_filter.currentData(),
                current_only=self.current_only.isChecked(),
                keep_id=keep,
            )
        self.model.set_query(query, then=lambda: self._select_after_load(keep))

    def _show_count(self) -> None:
        total = self.model.total
        self.count_label.setText(f"{total:,} match{'es' if total != 1 else ''}")

    def _select_after_load(self, keep: int | None) -> None:
        if keep is not None and self.model.find(lambda m: m.id == keep) is None:
            # Beyond the first window: further windows are fetched until it is in.
            self.model.seek(lambda m: m.id == keep, self._select_found)
            return
        self._select_found(self.model.find(lambda m: m.id == keep) if keep is not None else None)

    def _select_found(self, row: int | None) -> None:
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            select_row(self.table, row)
        else:
            self._show_sessions(None)
        self._update_buttons()

    def message_pairs(self) -> None:
        """Both sides of the selected match; of every match shown when the page is narrowed."""
        from women_in_ddat.ui.message_people import message_people

        match = self.selected_match()
        if self.narrowed is not None:
            what = self.narrowed_label.text().removeprefix("Showing: ").rstrip(".")[:200]
            rows = list(self.model.rows)
            template = "nudge" if what.startswith("Quiet matches") else ""
        elif match is not None:
            rows, what, template = [match], "Both sides of a match", ""
        else:
            return
        people = [p for m in rows for p in (m.mentee_person_id, m.mentor_person_id)]
        self.dialog = message_people(self, self.context.services, people, what, template)

    def selected_match(self) -> MatchRow | None:
        row = first_selected_row(self.table)
        return self.model.row_at(row) if row is not None and row < self.model.rowCount() else None

    def _match_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_sessions(self.selected_match())
        self._update_buttons()

    def _show_sessions(self, match: MatchRow | None) -> None:
        """The sessions of ``match`` (asked on a worker), or none; never another match's meanwhile."""
        shown = self._sessions_of
        self._sessions_of = match
        if match is None or shown is None or shown.id != match.id:
            self.session_model.clear()
        if match is not None:
            self.session_model.set_query(SessionList(self.context.services.db, match_id=match.id))
        self._show_sessions_title()

    def _show_sessions_title(self) -> None:
        match = self._sessions_of
        if match is None:
            self.sessions_title.setText("Sessions")
            return
        counted = f" ({self.session_model.total})" if not self.session_model.is_loading() else ""
        self.sessions_title.setText(
            f"Sessions of {match.mentee_name} with {match.mentor_name}{counted}"
        )

    def _update_buttons(self) -> None:
        match = self.selected_match()
        self.status_button.setEnabled(match is not None)
        self.log_button.setEnabled(
            match is not None and match.status != MatchStatus.ENDED_EARLY.value
        )

    # --- actions ----------------------------------------------------------
    def new_record(
        self, *, cohort_id: int | None = None, mentee_participation_id: int | None = None
    ) -> bool:
        if not self.cohorts:
            dialogs.inform(
                self, "New match", "Create a cohort and add mentees and mentors to it first."
            )
            return True
        dialog = NewMatchDialog(
            self.context,
            self.cohorts,
            self,
            cohort_id=cohort_id if cohort_id is not None else self.cohort_in_view(),
            mentee_participation_id=mentee_participation_id,
        )
        dialog.created.connect(lambda match_id: self._load_matches(match_id))
        dialog.open()
        self.dialog = dialog
        return True

    def cohort_in_view(self) -> int | None:
        """The cohort she is looking at: the one filtered on, else the selected match's."""
        filtered = self.cohort_filter.currentData()
        if filtered is not None:
            return int(filtered)
        match = self.selected_match()
        return match.cohort_id if match is not None else None

    def change_status(self) -> None:
        match = self.selected_match()
        if match is None:
            return
        dialog = ChangeStatusDialog(self.context, match, self)
        dialog.changed.connect(lambda match_id: self._load_matches(match_id))
        dialog.open()
        self.dialog = dialog

    def log_session(self) -> None:
        match = self.selected_match()
        if match is None or match.status == MatchStatus.ENDED_EARLY.value:
            return
        dialog = LogSessionDialog(self.context, match, self)
        dialog.logged.connect(lambda _sid: self._load_matches(match.id))
        dialog.open()
        self.dialog = dialog

    def show_narrowed(self, ref: RecordRef) -> None:
        """Only the matches ``ref`` picks (its cohort's, of one kind), saying so, until cleared."""
        self.ensure_fresh()
        self.cohort_filter.blockSignals(True)
        self.cohort_filter.setCurrentIndex(max(self.cohort_filter.findData(ref.id), 0))
        self.cohort_filter.blockSignals(False)
        db = self.context.services.db
        self.narrowed = (
            MatchList.for_signal(db, ref) if isinstance(ref, SignalRef) else ref.match_list(db)  # type: ignore[attr-defined]
        )
        self.filter.clear()
        self.narrowed_label.setText(f"Showing: {ref.describe()}.")  # type: ignore[attr-defined]
        self.narrowed_bar.show()
        self._load_matches()
        self.table.setFocus()

    def show_all(self) -> None:
        self.narrowed = None
        self.narrowed_bar.hide()
        self._load_matches()

    def forget_opened(self) -> None:
        if self.narrowed is not None:
            self.show_all()

    def _filters_changed(self) -> None:
        # Choosing another cohort or view ends a narrowed view opened from elsewhere.
        self.narrowed = None
        self.narrowed_bar.hide()
        self._load_matches()

    def open_record(self, ref: RecordRef) -> None:
        if ref.kind != "match":
            return
        if callable(getattr(ref, "shows_match", None)):
            self.show_narrowed(ref)
            return
        self.narrowed = None
        self.narrowed_bar.hide()
        self.ensure_fresh()
        if self.model.find(lambda m: m.id == ref.id) is None:
            # Not in view: its cohort's list, whatever its status, names typed cleared.
            for widget in (self.cohort_filter, self.current_only, self.filter):
                widget.blockSignals(True)
            self.cohort_filter.setCurrentIndex(
                max(self.cohort_filter.findData(self._cohort_of_match(ref.id)), 0)
            )
            self.current_only.setChecked(False)
            self.filter.clear()
            self.model.set_filter("")
            for widget in (self.cohort_filter, self.current_only, self.filter):
                widget.blockSignals(False)
        self._load_matches(ref.id)
        self.table.setFocus()

    def _cohort_of_match(self, match_id: int) -> int | None:
        return MatchList(self.context.services.db).cohort_of(match_id)

    def focus_search(self) -> bool:
        self.filter.setFocus()
        self.filter.selectAll()
        return True
