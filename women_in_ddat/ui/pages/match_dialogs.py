"""Making a match, changing its status, and logging a session in a few keystrokes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.enums import MATCH_TRANSITIONS, MatchStatus, SessionFormat
from women_in_ddat.errors import InvalidInput, NeedsConfirmation, UserFacingError
from women_in_ddat.services.cohorts import CohortSummary
from women_in_ddat.services.matches import MatchRow, SessionLine
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import DateField, FormErrors

REASON_NEEDED = (MatchStatus.ON_HOLD, MatchStatus.ENDED_EARLY)


class _FormDialog(QDialog):
    """A small form with OK/Cancel, per-field errors and a line for other problems."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {APP_DISPLAY_NAME}")
        self.setAccessibleName(title)
        self.column = QVBoxLayout(self)
        self.intro = plain_label()
        self.intro.setWordWrap(True)
        self.column.addWidget(self.intro)
        self.form = QFormLayout()
        self.column.addLayout(self.form)
        self.errors = FormErrors()
        self.general = plain_label()
        self.general.setObjectName("generalError")
        self.general.setProperty("role", "fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.column.addWidget(self.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text)
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.column.addWidget(self.buttons)

    def submit(self) -> None:
        raise NotImplementedError

    def refused(self, exc: UserFacingError) -> None:
        unplaced = self.errors.show(exc.problems) if isinstance(exc, InvalidInput) else []
        if unplaced or not isinstance(exc, InvalidInput) or not exc.problems:
            self.general.setText(exc.message if not unplaced else " ".join(unplaced))
            self.general.show()


class NewMatchDialog(_FormDialog):
    """Only mentees without a current match, and only mentors every hard rule allows."""

    created = Signal(int)

    def __init__(
        self,
        context: AppContext,
        cohorts: list[CohortSummary],
        parent: QWidget | None = None,
        *,
        cohort_id: int | None = None,
        mentee_participation_id: int | None = None,
    ) -> None:
        super().__init__("New match", "Create match", parent)
        self.context = context
        self.intro.setText(
            "Mentors are offered only if they have room, are not in the mentee's "
            "organisation and are not her line manager."
        )
        self.intro.setObjectName("hint")
        self.cohort = QComboBox()
        for c in cohorts:
            self.cohort.addItem(c.name, c.id)
        self.errors.add_row(self.form, "&Cohort", "cohort", self.cohort, name="Cohort")
        self.mentee = QComboBox()
        self.errors.add_row(self.form, "M&entee", "mentee", self.mentee, name="Mentee")
        self.mentor = QComboBox()
        self.errors.add_row(self.form, "Men&tor", "mentor", self.mentor, name="Mentor")
        self.rationale = QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setPlaceholderText("Why this pairing (optional)")
        self.rationale.setFixedHeight(self.fontMetrics().height() * 4)
        self.errors.add_row(self.form, "&Why", "rationale", self.rationale, name="Rationale")
        self.cohort.currentIndexChanged.connect(self._load_mentees)
        self.mentee.currentIndexChanged.connect(self._load_mentors)
        if cohort_id is not None:
            index = self.cohort.findData(cohort_id)
            if index >= 0:
                self.cohort.setCurrentIndex(index)
        self._load_mentees()
        if mentee_participation_id is not None:
            index = self.mentee.findData(mentee_participation_id)
            if index >= 0:
                self.mentee.setCurrentIndex(index)
                self.mentor.setFocus()
        self.resize(560, self.sizeHint().height())

    def _load_mentees(self) -> None:
        self.mentee.blockSignals(True)
        self.mentee.clear()
        cohort_id = self.cohort.currentData()
        if cohort_id is not None:
            for m in self.context.match_choices.mentees_without_match(cohort_id):
                self.mentee.addItem(
                    " · ".join(x for x in (m.name, m.organisation) if x), m.participation_id
                )
        self.mentee.blockSignals(False)
        if not self.mentee.count():
            self.mentee.addItem("Every mentee in this cohort has a mentor", None)
        self._load_mentors()

    def _load_mentors(self) -> None:
        self.mentor.clear()
        mentee = self.mentee.currentData()
        if mentee is not None:
            for m in self.context.match_choices.mentors_for(mentee):
                places = (
                    f"{m.places_left} of {m.capacity} place{'s' if m.capacity != 1 else ''} free"
                )
                self.mentor.addItem(
                    " · ".join(x for x in (m.name, m.organisation, places) if x), m.participation_id
                )
            if not self.mentor.count():
                self.mentor.addItem("No mentor in this cohort can take her", None)
        self.ok_button.setEnabled(
            self.mentee.currentData() is not None and self.mentor.currentData() is not None
        )

    def submit(self) -> None:
        mentee, mentor = self.mentee.currentData(), self.mentor.currentData()
        if mentee is None or mentor is None:
            return
        try:
            match = self.context.services.matches.create_match(
                mentee, mentor, rationale=self.rationale.toPlainText()
            )
        except UserFacingError as exc:
            self.refused(exc)
            return
        self.context.changed(self, "Match created")
        self.created.emit(int(match.id or 0))
        self.accept()


class ChangeStatusDialog(_FormDialog):
    changed = Signal(int)

    def __init__(self, context: AppContext, match: MatchRow, parent: QWidget | None = None) -> None:
        super().__init__("Change match status", "Change status", parent)
        self.context = context
        self.match = match
        current = MatchStatus(match.status)
        self.intro.setText(
            f"{match.mentee_name} with {match.mentor_name}: now {current.label.lower()}."
        )
        self.status = QComboBox()
        for target in sorted(MATCH_TRANSITIONS[current], key=lambda s: list(MatchStatus).index(s)):
            self.status.addItem(target.label, target.value)
        self.errors.add_row(self.form, "&New status", "status", self.status, name="New status")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Needed when putting on hold or ending early")
        self.errors.add_row(self.form, "&Reason", "reason", self.reason, name="Reason")
        self.on = DateField(date.today())
        self.errors.add_row(self.form, "&From", "on", self.on, name="Date of the change")
        if not self.status.count():
            self.ok_button.setEnabled(False)
            self.general.setText("This match has finished; its status can no longer change.")
            self.general.show()
        self.resize(480, self.sizeHint().height())

    def submit(self) -> None:
        if self.status.currentData() is None:
            return
        target = MatchStatus(self.status.currentData())  # the combo holds enum values
        try:
            on = self.on.date_value()
        except ValueError as exc:
            self.errors.show({"on": str(exc)})
            return
        try:
            self.context.services.matches.change_status(
                self.match.id,
                target,
                reason=self.reason.text(),
                on=on,
                expected_version=self.match.version,
            )
        except UserFacingError as exc:
            self.refused(exc)
            return
        self.context.changed(self, f"Match now {target.label.lower()}")
        self.changed.emit(self.match.id)
        self.accept()


class LogSessionDialog(_FormDialog):
    """Date defaults to today; Enter logs it. Ctrl+L, type, Enter: a few seconds."""

    logged = Signal(int)

    def __init__(self, context: AppContext, match: MatchRow, parent: QWidget | None = None) -> None:
        super().__init__("Log a session", "Log session", parent)
        self.context = context
        self.match = match
        self.intro.setText(f"{match.mentee_name} with {match.mentor_name} ({match.cohort})")
        self.held_on = DateField(date.today())
        self.errors.add_row(self.form, "&Date", "held_on", self.held_on, name="Session date")
        self.duration = QSpinBox()
        self.duration.setRange(1, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(" minutes")
        self.errors.add_row(
            self.form, "D&uration", "duration_minutes", self.duration, name="Duration in minutes"
        )
        self.format = QComboBox()
        for fmt in SessionFormat:
            self.format.addItem(fmt.label, fmt.value)
        self.format.setCurrentIndex(self.format.findData(SessionFormat.VIDEO.value))
        self.errors.add_row(self.form, "&Format", "format", self.format, name="Format")
        self.note = QLineEdit()
        self.note.setPlaceholderText("What you talked about (optional)")
        self.errors.add_row(self.form, "&Note", "note", self.note, name="Note")
        self.held_on.setFocus()
        self.held_on.selectAll()
        self.resize(480, self.sizeHint().height())

    def submit(self) -> None:
        try:
            held_on = self.held_on.date_value()
        except ValueError as exc:
            self.errors.show({"held_on": str(exc)})
            return
        matches = self.context.services.matches

        def log(confirmed: bool) -> SessionLine:
            return matches.log_session(
                self.match.id,
                held_on=held_on,
                duration_minutes=self.duration.value(),
                format=SessionFormat(self.format.currentData()),
                note=self.note.text(),
                confirmed=confirmed,
            )

        try:
            try:
                row = log(confirmed=False)
            except NeedsConfirmation as ask:  # on hold: the programme's rules ask her first
                if not dialogs.confirm(
                    self,
                    "Log a session",
                    f"{ask.situation}: log the session anyway?",
                    action="Log session",
                ):
                    return
                row = log(confirmed=True)
        except UserFacingError as exc:
            self.refused(exc)
            return
        session_id = int(row.id or 0)
        self.context.undo.push("Undo logging a session", lambda: matches.delete_session(session_id))
        self.context.changed(self, "Session logged")
        self.logged.emit(session_id)
        self.accept()
