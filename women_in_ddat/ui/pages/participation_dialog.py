"""Editing one cohort place: her status (and why she withdrew), goals, capacity and start date.

Opened from the person page's Cohorts tab and from a cohort's member
tables. The form answers to the version it was opened at, so a save after
someone else's shows both versions (see ui/conflict_dialog.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from women_in_ddat.domain.enums import ParticipantRole, ParticipationStatus
from women_in_ddat.services.cohorts import PlaceDetail
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.pages.form_dialog import FormDialog
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import DateField

# More than any programme has asked of one mentor; matching reads it as a ceiling.
MOST_MENTEES = 20


@dataclass(frozen=True)
class PlaceForm:
    status: ParticipationStatus
    withdrawn_reason: str
    goals: str
    mentor_capacity: int
    start_date: date | None
    ended_on: date | None  # when she withdrew or her place was completed (None: unchanged)


class ParticipationDialog(FormDialog):
    record_name = "cohort place"

    def __init__(
        self, context: AppContext, place: PlaceDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Edit cohort place", "&Save place", parent)
        self.place = place
        self.expected_version = place.version
        self.is_mentor = place.role == ParticipantRole.MENTOR.value

        self.person = self._fixed("Person", place.person_name)
        self.cohort = self._fixed("Cohort", place.cohort)
        self.role = self._fixed("Role", ParticipantRole(place.role).label)

        self.status = QComboBox()
        for status in ParticipationStatus:
            self.status.addItem(status.label, status.value)
        self.errors.add_row(self.form, "St&atus", "status", self.status, name="Status")
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText("Needed when she withdraws, e.g. moved to a new job")
        self.errors.add_row(
            self.form, "Why she &withdrew", "withdrawn_reason", self.reason, name="Why she withdrew"
        )
        self.ended_on = DateField(date.today())
        self.ended_row = self.errors.add_row(
            self.form, "Ended o&n", "ended_on", self.ended_on, name="Ended on"
        )
        self.start_date = DateField()
        self.errors.add_row(
            self.form, "Place s&tarts", "start_date", self.start_date, name="Place starts"
        )
        self.capacity = QSpinBox()
        self.capacity.setRange(1, MOST_MENTEES)
        self.capacity.setSuffix(" mentees")
        self.capacity_row = self.errors.add_row(
            self.form, "Mentor &capacity", "mentor_capacity", self.capacity, name="Mentor capacity"
        )
        self.form.setRowVisible(self.capacity_row, self.is_mentor)
        self.goals = QPlainTextEdit()
        self.goals.setTabChangesFocus(True)
        self.goals.setPlaceholderText(
            "The development plan agreed with her mentor, one goal a line"
            if not self.is_mentor
            else "What she hopes to give and to learn as a mentor"
        )
        self.goals.setMinimumHeight(self.fontMetrics().height() * 6)
        self.errors.add_row(self.form, "&Goals", "goals", self.goals, name="Goals")
        self.keys_hint = plain_label(
            "In the goals box Enter starts a new line; Ctrl+Enter saves.", name="hint"
        )
        self.keys_hint.setWordWrap(True)
        self.column.addWidget(self.keys_hint)
        self.finish_layout()

        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self).activated.connect(self.submit)
        self._fill(place)
        self.setMinimumWidth(520)

    def _fixed(self, caption: str, text: str) -> QLabel:
        """A line of the form she cannot change here (who, which cohort, as what)."""
        shown = plain_label(text)
        shown.setAccessibleName(caption)
        shown.setWordWrap(True)
        self.form.addRow(caption, shown)
        return shown

    # --- the form ----------------------------------------------------------------
    def _fill(self, place: PlaceDetail) -> None:
        self.status.setCurrentIndex(max(self.status.findData(place.status), 0))
        self.reason.setText(place.withdrawn_reason)
        self.start_date.set_date(place.start_date)
        # A capacity set higher elsewhere (an import) is shown as it is, never cut down silently.
        self.capacity.setMaximum(max(MOST_MENTEES, place.mentor_capacity))
        self.capacity.setValue(max(place.mentor_capacity, 1))
        in_use = (
            f"She has {place.current_mentees} current mentee"
            f"{'s' if place.current_mentees != 1 else ''}."
            if self.is_mentor
            else ""
        )
        self.capacity.setToolTip(in_use)
        self.capacity.setAccessibleDescription(in_use)
        self.goals.setPlainText(place.goals)
        self._status_changed()

    def chosen_status(self) -> ParticipationStatus:
        return ParticipationStatus(self.status.currentData())

    def _ending(self) -> bool:
        """She withdraws or her place is completed by this save (the day it happened is asked)."""
        chosen = self.chosen_status()
        ends = chosen in (ParticipationStatus.WITHDRAWN, ParticipationStatus.COMPLETED)
        return ends and chosen.value != self.place.status

    def _status_changed(self) -> None:
        self.form.setRowVisible(self.ended_row, self._ending())
        # The reason belongs to a withdrawal; for any other status it is cleared on saving.
        withdrawn = self.chosen_status() == ParticipationStatus.WITHDRAWN
        self.reason.setEnabled(withdrawn)
        self.reason.setAccessibleDescription("Required" if withdrawn else "Only for a withdrawal")

    def read(self) -> PlaceForm | None:
        try:
            start = self.start_date.date_value()
        except ValueError as exc:
            self.errors.show({"start_date": str(exc)})
            return None
        ended_on = None
        if self._ending():
            try:
                ended_on = self.ended_on.date_value()
            except ValueError as exc:
                self.errors.show({"ended_on": str(exc)})
                return None
        return PlaceForm(
            status=self.chosen_status(),
            withdrawn_reason=self.reason.text(),
            goals=self.goals.toPlainText(),
            mentor_capacity=self.capacity.value() if self.is_mentor else self.place.mentor_capacity,
            start_date=start,
            ended_on=ended_on,
        )

    def store(self, values: PlaceForm) -> str:
        cohorts = self.context.services.cohorts
        place_id = self.place.id
        # As stored just before this save (theirs, after a clash): what Ctrl+Z puts back.
        before = cohorts.place(place_id)
        saved = cohorts.update_participation(
            place_id,
            expected_version=self.expected_version,
            status=values.status,
            withdrawn_reason=values.withdrawn_reason,
            goals=values.goals,
            mentor_capacity=values.mentor_capacity,
            start_date=values.start_date,
            ended_on=values.ended_on,
        )
        if saved.version != before.version:
            saved_version = saved.version

            def put_back() -> None:
                cohorts.update_participation(
                    place_id,
                    expected_version=saved_version,
                    status=ParticipationStatus(before.status),
                    withdrawn_reason=before.withdrawn_reason,
                    goals=before.goals,
                    mentor_capacity=before.mentor_capacity,
                    start_date=before.start_date,
                )

            self.context.undo.push("Undo editing a cohort place", put_back)
        return "Cohort place saved"

    def use_theirs(self) -> None:
        ok, saved = attempt(
            self,
            "Cannot load their version",
            lambda: self.context.services.cohorts.place(self.place.id),
        )
        if not ok or saved is None:
            return
        self.place = saved
        self.expected_version = saved.version
        self.errors.clear()
        self.general.hide()
        self._fill(saved)


def open_place_dialog(
    context: AppContext, parent: QWidget, participation_id: int
) -> ParticipationDialog | None:
    """The place's form, read afresh (so it answers to the version now stored), shown."""
    ok, place = attempt(
        parent,
        "Cannot open the cohort place",
        lambda: context.services.cohorts.place(participation_id),
    )
    if not ok or place is None:
        return None
    dialog = ParticipationDialog(context, place, parent)
    dialog.open()
    return dialog
