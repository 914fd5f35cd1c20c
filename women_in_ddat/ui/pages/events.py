"""Events: training days, workshops and the like; invitations, the register, calendar entries.

The list of events (a cohort's, or all) above the chosen event's register
for one day: a keyboard tick-list saved in one go. From here a coordinator
plans and edits events, invites people, imports a Teams attendance report
or a register, and writes the calendar entry (.ics) and the sign-in sheet.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import EventKind, Rsvp
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.events import EventRow
from women_in_ddat.ui import dialogs, file_dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    first_selected_row,
    fit_columns,
    page_layout,
    section_title,
    select_row,
    table_view,
)
from women_in_ddat.ui.pages.event_register import RegisterModel, register_view
from women_in_ddat.ui.text import counted, plain_label
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk


def uk_when(event: EventRow) -> str:
    """Its day, or first and last days, as dd/mm/yyyy like every other page."""
    if not event.days:
        return ""
    first, last = event.days[0].on_date, event.days[-1].on_date
    return uk(first) if first == last else f"{uk(first)} to {uk(last)}"


EVENT_COLUMNS: list[Column[EventRow]] = [
    Column("When", uk_when, sort_key=lambda e: (e.first_day is None, e.first_day)),
    Column("Event", lambda e: e.title, bold=lambda e: e.required),
    Column("Cohort", lambda e: e.cohort or "Whole programme"),
    Column("Kind", lambda e: EventKind(e.kind).label),
    Column("Invited", lambda e: str(e.invited), sort_key=lambda e: e.invited, right_aligned=True),
    Column(
        "Accepted", lambda e: str(e.accepted), sort_key=lambda e: e.accepted, right_aligned=True
    ),
    Column(
        "No reply", lambda e: str(e.no_reply), sort_key=lambda e: e.no_reply, right_aligned=True
    ),
    Column(
        "Status",
        lambda e: "Cancelled" if e.cancelled else ("Required" if e.required else ""),
        tone=lambda e: Tone.BAD if e.cancelled else None,
    ),
]
ICS_FILTER = "Calendar entry (*.ics)"
PDF_FILTER = "PDF (*.pdf)"
ATTENDANCE_FILTER = "Teams report or register (*.csv *.txt *.xlsx *.xlsm *.ods *.xls)"


class EventsPage(Page):
    title = "Events"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        column, header = page_layout(self, self.title)
        self.cohort_filter = QComboBox()
        self.cohort_filter.setAccessibleName("Show the events of")
        self.cohort_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.cohort_filter.setMinimumContentsLength(24)
        self.cohort_filter.currentIndexChanged.connect(self.refresh_events)
        header.addWidget(QLabel("Show:"))
        header.addWidget(self.cohort_filter)
        self.new_button = button("&New event…", shortcut_hint="Ctrl+N", primary=True)
        self.new_button.clicked.connect(self.new_record)
        header.addWidget(self.new_button)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("eventsSplitter")
        top = QWidget()
        top_column = QVBoxLayout(top)
        top_column.setContentsMargins(0, 0, 0, 0)
        self.model: RowsModel[EventRow] = RowsModel(EVENT_COLUMNS, self)
        self.table = table_view("Events")
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_register())
        self.table.doubleClicked.connect(lambda *_: self.edit_event())
        top_column.addWidget(self.table)
        actions = QHBoxLayout()
        for text, slot in (
            ("Edi&t…", self.edit_event),
            ("&Invite…", self.invite),
            ("Em&ail the invitation…", self.email_invitation),
            ("Calendar entr&y (.ics)…", self.write_calendar_entry),
            ("Si&gn-in sheet…", self.write_sign_in_sheet),
            ("Import atten&dance…", self.import_attendance),
            ("Cance&l event", self.cancel_event),
        ):
            widget = button(text)
            widget.clicked.connect(slot)
            actions.addWidget(widget)
        actions.addStretch(1)
        top_column.addLayout(actions)
        splitter.addWidget(top)

        bottom = QWidget()
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 0, 0, 0)
        register_header = QHBoxLayout()
        register_header.addWidget(section_title("Register"))
        self.day = QComboBox()
        self.day.setAccessibleName("Day of the register")
        self.day.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.day.setMinimumContentsLength(15)
        self.day.currentIndexChanged.connect(lambda *_: self.load_register())
        register_header.addWidget(self.day)
        register_header.addStretch(1)
        self.unsaved = plain_label(name="unsaved")
        self.unsaved.setMinimumWidth(self.unsaved.fontMetrics().horizontalAdvance("0000 unsaved"))
        register_header.addWidget(self.unsaved)
        self.save_button = button("&Save register", shortcut_hint="Ctrl+S", primary=True)
        self.save_button.clicked.connect(self.save_register)
        self.save_button.setEnabled(False)
        register_header.addWidget(self.save_button)
        bottom_column.addLayout(register_header)
        self.hint = plain_label(
            "Space ticks or unticks; A attended, X absent, P apologies, L left early "
            "(then the next person); Delete clears. Save register keeps the day's marks.",
            name="hint",
        )
        self.hint.setWordWrap(True)
        bottom_column.addWidget(self.hint)
        self.register_model = RegisterModel(self)
        self.register_model.changedCount.connect(self._pending_changed)
        self.register = register_view()
        self.register.setModel(self.register_model)
        bottom_column.addWidget(self.register)
        replies = QHBoxLayout()
        for text, rsvp in (
            ("Replied: c&oming", Rsvp.ACCEPTED),
            ("Replied: not co&ming", Rsvp.DECLINED),
        ):
            widget = button(text)
            widget.clicked.connect(lambda _=False, r=rsvp: self.set_reply(r))
            replies.addWidget(widget)
        replies.addStretch(1)
        bottom_column.addLayout(replies)
        splitter.addWidget(bottom)
        column.addWidget(splitter, 1)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_register)

    # --- loading -------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.cohort_filter.currentData()
        self.cohort_filter.blockSignals(True)
        self.cohort_filter.clear()
        self.cohort_filter.addItem("All cohorts", None)
        # Names only: the summaries' head counts scan every place (a frame's time at 100,000).
        for cohort_id, name in self.context.services.cohorts.names():
            self.cohort_filter.addItem(name, cohort_id)
        self.cohort_filter.setCurrentIndex(max(self.cohort_filter.findData(chosen), 0))
        self.cohort_filter.blockSignals(False)
        self.refresh_events()

    def refresh_events(self, *_: object) -> None:
        current = self.current_event()
        self.model.set_rows(self.context.services.events.events(self.cohort_filter.currentData()))
        fit_columns(self.table)
        row = self.model.find(lambda e: current is not None and e.id == current.id)
        select_row(self.table, row if row is not None else 0)
        self.show_register()

    def current_event(self) -> EventRow | None:
        # The current row, not the selection: Qt tells of a new current row before it
        # selects it, and the register must follow the row the keyboard is on.
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else first_selected_row(self.table)
        return self.model.row_at(row) if row is not None and row < self.model.rowCount() else None

    def keep_unsaved_marks(self) -> None:
        """Marks typed on the register she is leaving (another event or day, or the app
        closing) are saved if she says so, never dropped without asking."""
        marks, event_id = self.register_model.marks(), self.register_model.event_id
        if not marks or not event_id:
            return
        self.register_model.pending.clear()  # asked once, whatever she answers
        if dialogs.confirm(
            self,
            "Save the register",
            f"{counted(len(marks), 'mark')} on the register you are leaving "
            f"{'is' if len(marks) == 1 else 'are'} not saved yet. Save "
            f"{'it' if len(marks) == 1 else 'them'}?",
            action="Save",
        ):
            self.context.act(
                self,
                "Save the register",
                lambda: self.context.services.events.mark(event_id, marks),
                done=f"Saved {counted(len(marks), 'mark')}.",
            )

    def show_register(self) -> None:
        self.keep_unsaved_marks()
        event = self.current_event()
        chosen = self.day.currentData()
        self.day.blockSignals(True)
        self.day.clear()
        for day in event.days if event else ():
            self.day.addItem(f"{day.on_date:%a} {uk(day.on_date)}", day.id)
        self.day.setCurrentIndex(max(self.day.findData(chosen), 0))
        self.day.blockSignals(False)
        self.load_register()

    def load_register(self) -> None:
        self.keep_unsaved_marks()
        event = self.current_event()
        people = self.context.services.events.register(event.id) if event else []
        self.register_model.load(people, self.day.currentData() or 0, event.id if event else 0)
        fit_columns(self.register)
        if people:
            self.register.selectRow(0)

    def _pending_changed(self, count: int) -> None:
        self.save_button.setEnabled(count > 0)
        self.unsaved.setText(f"{count} unsaved" if count else "")

    def open_record(self, ref: RecordRef) -> None:
        if ref.kind == "event":
            self.cohort_filter.setCurrentIndex(0)
            row = self.model.find(lambda e: e.id == ref.id)
            if row is not None:
                select_row(self.table, row)
                self.show_register()

    # --- actions -------------------------------------------------------------
    def new_record(self) -> bool:
        from women_in_ddat.ui.pages.event_dialogs import EventDialog

        self.dialog = EventDialog(self.context, None, self)
        cohort = self.cohort_filter.currentData()
        if cohort is not None:
            self.dialog.cohort.setCurrentIndex(max(self.dialog.cohort.findData(cohort), 0))
        self.dialog.saved.connect(self._planned)
        self.dialog.open()
        return True

    def _planned(self) -> None:
        """The new event is shown selected, its register below, ready for invitations."""
        made = getattr(self.dialog, "saved_event", None)
        self.refresh_events()
        row = self.model.find(lambda e: made is not None and e.id == made.id)
        if row is not None:
            select_row(self.table, row)
            self.show_register()

    def edit_event(self) -> None:
        from women_in_ddat.ui.pages.event_dialogs import EventDialog

        event = self.current_event()
        if event is None:
            return
        self.dialog = EventDialog(self.context, event, self)
        self.dialog.saved.connect(self.refresh_events)
        self.dialog.open()

    def invite(self) -> None:
        from women_in_ddat.ui.pages.event_dialogs import InviteDialog

        event = self.current_event()
        if event is None:
            return
        self.dialog = InviteDialog(self.context, event, self)
        self.dialog.saved.connect(self.refresh_events)
        self.dialog.open()

    def email_invitation(self) -> None:
        """The Messages dialog with the event's invitation to everyone invited (its .ics attached)."""
        from women_in_ddat.ui.messages_dialog import MessagesDialog

        event = self.current_event()
        if event is None:
            return
        dialog = MessagesDialog(self.context.services, self)
        dialog.set_template("event")
        dialog.set_event(event.id)
        dialog.invited_radio.setChecked(True)
        dialog.open()
        self.dialog = dialog

    def cancel_event(self) -> None:
        event = self.current_event()
        if event is None or event.cancelled:
            return
        if not dialogs.confirm(
            self,
            "Cancel the event",
            f"Cancel {event.title}? It stays on the list, marked cancelled. Write its calendar "
            "entry again and send it, so it leaves the invited people's calendars.",
            action="Cancel the event",
            destructive=True,
        ):
            return
        ok, _ = self.context.act(
            self,
            "Cancel the event",
            lambda: self.context.services.events.cancel(event.id),
            done="Event cancelled.",
        )
        if ok:
            self.refresh_events()

    def set_reply(self, rsvp: Rsvp) -> None:
        """Record the chosen person's reply now (her marks wait for Save register)."""
        event = self.current_event()
        row = self.register.currentIndex().row()
        if event is None or row < 0:
            return
        person = self.register_model.people[row]
        ok, _ = self.context.act(
            self,
            "Record her reply",
            lambda: self.context.services.events.set_rsvp(event.id, person.person_id, rsvp),
            done=f"Reply recorded: {rsvp.label.lower()}.",
        )
        if ok:
            self.register_model.set_reply(row, rsvp)
            if not self.register_model.pending:
                self.refresh_events()

    def save_register(self) -> None:
        event = self.current_event()
        marks = self.register_model.marks()
        if event is None or not marks:
            return
        ok, _ = self.context.act(
            self,
            "Save the register",
            lambda: self.context.services.events.mark(event.id, marks),
            done=f"Saved {counted(len(marks), 'mark')}.",
        )
        if ok:
            self.register_model.pending.clear()  # saved: nothing to ask about on reloading
            self.refresh_events()

    # Files: the choice of path is one method each, so tests answer it.
    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        kind = file_dialogs.CALENDAR if suggested.endswith(".ics") else file_dialogs.SIGN_IN_SHEET
        return file_dialogs.save_path(self, kind, title, suggested, file_filter)

    def ask_open_path(self, title: str, file_filter: str) -> str:
        return file_dialogs.open_path(self, file_dialogs.ATTENDANCE, title, file_filter)

    def write_calendar_entry(self) -> None:
        event = self.current_event()
        if event is None:
            return
        path = self.ask_save_path(
            "Save the calendar entry", f"{_slug(event.title)}.ics", ICS_FILTER
        )
        if not path:
            return

        def write() -> Path:
            from women_in_ddat.reports.calendar_entry import organiser, write_ics

            services = self.context.services
            return write_ics(
                services.events.get(event.id),
                Path(path),
                organiser_email=organiser(services.messages.settings()),
            )

        self.context.act(self, "Save the calendar entry", write, done=f"Saved {Path(path).name}.")

    def write_sign_in_sheet(self) -> None:
        event = self.current_event()
        if event is None:
            return
        path = self.ask_save_path(
            "Save the sign-in sheet", f"{_slug(event.title)}-sign-in.pdf", PDF_FILTER
        )
        if not path:
            return
        day = next((d.on_date for d in event.days if d.id == self.day.currentData()), None)

        def write() -> object:
            from women_in_ddat.reports.sign_in_sheet import write_sign_in_sheet

            people = self.context.services.events.register(event.id)
            return write_sign_in_sheet(event, people, Path(path), on=day)

        self.context.act(self, "Save the sign-in sheet", write, done=f"Saved {Path(path).name}.")

    def import_attendance(self) -> None:
        from women_in_ddat.ui.pages.attendance_import_dialog import AttendanceImportDialog

        event = self.current_event()
        if event is None:
            return
        path = self.ask_open_path("Import attendance", ATTENDANCE_FILTER)
        if not path:
            return
        day = next((d.on_date for d in event.days if d.id == self.day.currentData()), None)
        dialog = AttendanceImportDialog(self.context, event.id, Path(path), day, self)
        if not dialog.reload():
            return
        self.dialog = dialog
        dialog.accepted.connect(self.refresh_events)
        dialog.open()


def _slug(text: str) -> str:
    return (
        "-".join("".join(c if c.isalnum() else " " for c in text).lower().split())[:60] or "event"
    )
