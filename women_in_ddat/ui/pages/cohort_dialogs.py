"""Creating a cohort, and adding a person to one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.enums import CohortStatus, ParticipantRole, ParticipationStatus
from women_in_ddat.errors import InvalidInput, UserFacingError
from women_in_ddat.services.cohorts import CohortSummary
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import DateField, FormErrors, read_dates

PERSON_ROLE = Qt.ItemDataRole.UserRole + 3


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleName(ok_text)
    ok.setDefault(True)
    box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
    box.rejected.connect(dialog.reject)
    return box


def _problem_line() -> QLabel:
    """The line under a form for a problem that belongs to no one field (hidden until then)."""
    line = plain_label()
    line.setProperty("role", "fieldError")
    line.setWordWrap(True)
    line.hide()
    return line


def _show_refusal(exc: UserFacingError, errors: FormErrors, line: QLabel) -> None:
    """A service's refusal: each problem by its field, the rest on the problem line."""
    if isinstance(exc, InvalidInput):
        unplaced = errors.show(exc.problems)
        if not unplaced and exc.problems:
            return
        text = " ".join([exc.message, *unplaced])
    else:
        text = exc.message
    line.setText(text)
    line.show()


class PlaceFields:
    """Her place in a cohort, as rows of a form: role, status and (a mentor's) capacity."""

    def __init__(self, form: QFormLayout, errors: FormErrors, *, capacity_label: str) -> None:
        self.role = QComboBox()
        for role in ParticipantRole:
            self.role.addItem(role.label, role.value)
        errors.add_row(form, "&Role", "role", self.role, name="Role")
        self.status = QComboBox()
        for status in (
            ParticipationStatus.ACCEPTED,
            ParticipationStatus.APPLIED,
            ParticipationStatus.ACTIVE,
        ):
            self.status.addItem(status.label, status.value)
        errors.add_row(form, "&Status", "status", self.status, name="Status")
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 10)
        self.capacity.setValue(2)
        self.capacity.setSuffix(" mentees")
        errors.add_row(
            form, capacity_label, "mentor_capacity", self.capacity, name="Mentor capacity"
        )
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        self.capacity.setEnabled(self.role.currentData() == ParticipantRole.MENTOR.value)

    def chosen(self) -> tuple[ParticipantRole, ParticipationStatus, int | None]:
        """Role, status, and the capacity if she mentors (the combos hold enum values)."""
        role = ParticipantRole(self.role.currentData())
        capacity = self.capacity.value() if role == ParticipantRole.MENTOR else None
        return role, ParticipationStatus(self.status.currentData()), capacity


class NewCohortDialog(QDialog):
    created = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(f"New cohort — {APP_DISPLAY_NAME}")
        self.setAccessibleName("New cohort")
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FormErrors()
        self.name = QLineEdit()
        self.errors.add_row(form, "&Name *", "name", self.name, name="Cohort name")
        self.programme = QLineEdit("Women in DDaT Mentoring")
        self.errors.add_row(form, "&Programme", "programme", self.programme, name="Programme")
        self.place = QLineEdit()
        self.errors.add_row(form, "P&lace", "place", self.place, name="Place")
        self.start = DateField()
        self.errors.add_row(form, "&Starts", "start_date", self.start, name="Start date")
        self.end = DateField()
        self.errors.add_row(form, "&Ends", "end_date", self.end, name="End date")
        column.addLayout(form)
        self.general = plain_label()
        self.general.setProperty("role", "fieldError")
        self.general.hide()
        column.addWidget(self.general)
        buttons = _buttons(self, "Create cohort")
        buttons.accepted.connect(self.save)
        column.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        dates, problems = read_dates({"start_date": self.start, "end_date": self.end})
        if problems:
            self.errors.show(problems)
            return
        try:
            cohort = self.context.services.cohorts.create_cohort(
                self.name.text(),
                programme=self.programme.text() or "Women in DDaT Mentoring",
                place=self.place.text(),
                start_date=dates["start_date"],
                end_date=dates["end_date"],
                status=CohortStatus.DRAFT,
            )
        except InvalidInput as exc:
            self.errors.show(exc.problems)
            if not exc.problems:
                self._general(exc.message)
            return
        except UserFacingError as exc:
            self._general(exc.message)
            return
        self.context.changed(self, "Cohort created")
        self.created.emit(int(cohort.id or 0))
        self.accept()

    def _general(self, text: str) -> None:
        self.general.setText(text)
        self.general.show()


class AddMemberDialog(QDialog):
    """Find a person by typing, or record someone new here; choose mentee or mentor; add.

    ``added(person_id)`` is emitted once she is in the cohort. Someone new
    is recorded and added in one step: if the cohort refuses her, she is
    not left recorded on her own.
    """

    added = Signal(int)

    def __init__(
        self,
        context: AppContext,
        cohort_id: int,
        cohort_name: str,
        parent: QWidget | None = None,
        *,
        person_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.cohort_id = cohort_id
        self.setWindowTitle(f"Add to {cohort_name} — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Add a member")
        column = QVBoxLayout(self)
        self.form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = FormErrors()
        self.someone_new = QCheckBox("Someone ne&w: not recorded yet")
        self.someone_new.setAccessibleName("Someone new, not recorded yet")
        form.addRow("", self.someone_new)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a name, email or organisation")
        self.search_row = self.errors.add_row(
            form, "&Find", "search", self.search, name="Find person"
        )
        self.results = QListWidget()
        self.results.setAccessibleName("People found")
        self.results_row = self.errors.add_row(
            form, "&Person", "person", self.results, name="People found"
        )
        self.not_found = plain_label(name="hint")
        self.not_found.setWordWrap(True)
        form.addRow("", self.not_found)
        self.new_fields: dict[str, QLineEdit] = {}
        for field, caption in NEW_PERSON_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"new_{field}")
            self.new_fields[field] = edit
            self.errors.add_row(
                form, caption, field, edit, name=caption.replace("&", "").rstrip(" *")
            )
        self.place = PlaceFields(form, self.errors, capacity_label="Mentor &capacity")
        self.role, self.status, self.capacity = (
            self.place.role,
            self.place.status,
            self.place.capacity,
        )
        column.addLayout(form)
        self.general = _problem_line()
        column.addWidget(self.general)
        buttons = _buttons(self, "Add to cohort")
        buttons.accepted.connect(self.save)
        column.addWidget(buttons)
        self.someone_new.toggled.connect(self._someone_new_toggled)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        # Enter in the search box searches and moves to the results; it must not add anyone
        # yet. Enter on a result then presses the default button (Add to cohort).
        self.search.installEventFilter(self)
        self._search()
        self._someone_new_toggled(False)
        if person_id is not None:
            self._choose_person(person_id)
        self.resize(560, 600)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._search_now()
            return True
        return super().eventFilter(watched, event)

    def _someone_new_toggled(self, new: bool) -> None:
        """Someone new: her details replace the search, started from what was typed."""
        self.errors.clear()
        self.general.hide()
        self.form.setRowVisible(self.search_row, not new)
        self.form.setRowVisible(self.results_row, not new)
        self.form.setRowVisible(self.not_found, not new and bool(self.not_found.text()))
        for edit in self.new_fields.values():
            row = edit.parentWidget()
            if row is not None:
                self.form.setRowVisible(row, new)
        if not new:
            self.search.setFocus()
            return
        typed = self.search.text().strip()
        if typed and not any(e.text() for e in self.new_fields.values()):
            if "@" in typed:
                self.new_fields["email"].setText(typed)
            else:
                first, _, last = typed.partition(" ")
                self.new_fields["first_name"].setText(first)
                self.new_fields["last_name"].setText(last.strip())
        self.new_fields["first_name"].setFocus()

    def _search_now(self) -> None:
        self._timer.stop()
        self._search()
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _search(self) -> None:
        self.results.clear()
        for row in self.context.services.people.rows(self.search.text(), limit=50):
            label = " · ".join(x for x in (row.display_name, row.organisation, row.email) if x)
            item = QListWidgetItem(label)
            item.setData(PERSON_ROLE, row.id)
            self.results.addItem(item)
        typed = self.search.text().strip()
        self.not_found.setText(
            "No one recorded matches that. Tick \u201cSomeone new\u201d (Alt+W) to record her here."
            if typed and not self.results.count()
            else ""
        )
        self.form.setRowVisible(
            self.not_found, bool(self.not_found.text()) and not self.someone_new.isChecked()
        )

    def _choose_person(self, person_id: int) -> None:
        for row in range(self.results.count()):
            if self.results.item(row).data(PERSON_ROLE) == person_id:
                self.results.setCurrentRow(row)
                return

    def new_person(self) -> PersonInput:
        values: dict[str, Any] = {field: edit.text() for field, edit in self.new_fields.items()}
        return PersonInput(**values)

    def _record_and_add(
        self, role: ParticipantRole, status: ParticipationStatus, capacity: int | None
    ) -> int:
        cohorts = self.context.services.cohorts
        place = cohorts.add_new_person(
            self.cohort_id, self.new_person(), role, status=status, mentor_capacity=capacity
        )
        return int(place.person_id)

    def save(self) -> None:
        role, status, capacity = self.place.chosen()
        cohorts = self.context.services.cohorts
        person_id: int | None = None
        item = None if self.someone_new.isChecked() else self.results.currentItem()
        if not self.someone_new.isChecked() and item is None:
            self.errors.show({"person": "choose the person to add, or tick Someone new"})
            return
        try:
            if self.someone_new.isChecked():
                person_id = self._record_and_add(role, status, capacity)
                message = "Recorded and added to the cohort"
            else:
                assert item is not None
                person_id = int(item.data(PERSON_ROLE))
                cohorts.add_participant(
                    self.cohort_id, person_id, role, status=status, mentor_capacity=capacity
                )
                message = "Added to the cohort"
        except UserFacingError as exc:
            _show_refusal(exc, self.errors, self.general)
            return
        self.context.changed(self, message)
        self.added.emit(person_id)
        self.accept()


NEW_PERSON_FIELDS = (
    ("first_name", "F&irst name *"),
    ("last_name", "L&ast name"),
    ("email", "E&mail *"),
    ("organisation", "&Organisation"),
    ("job_title", "&Job title"),
)

# A cohort whose lifecycle is over takes no one new.
CLOSED_COHORTS = (CohortStatus.COMPLETED.value, CohortStatus.CANCELLED.value)


class JoinCohortDialog(QDialog):
    """The person page's "Add to cohort…": one person, the cohort and role chosen here."""

    added = Signal(int)  # the cohort's id

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        person_name: str,
        cohorts: list[CohortSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id = person_id
        self.setWindowTitle(f"Add {person_name} to a cohort — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Add to cohort")
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FormErrors()
        self.cohort = QComboBox()
        for c in cohorts:
            self.cohort.addItem(f"{c.name} ({CohortStatus(c.status).label.lower()})", c.id)
        self.errors.add_row(form, "&Cohort", "cohort", self.cohort, name="Cohort")
        self.place = PlaceFields(form, self.errors, capacity_label="Mentor c&apacity")
        self.role, self.status, self.capacity = (
            self.place.role,
            self.place.status,
            self.place.capacity,
        )
        column.addLayout(form)
        self.general = _problem_line()
        column.addWidget(self.general)
        buttons = _buttons(self, "Add to cohort")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.save)
        column.addWidget(buttons)
        if not cohorts:
            self.general.setText(
                "She is already in every cohort that is still running; create a cohort first."
            )
            self.general.show()
            self.ok_button.setEnabled(False)
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        cohort_id = self.cohort.currentData()
        if cohort_id is None:
            return
        role, status, capacity = self.place.chosen()
        try:
            self.context.services.cohorts.add_participant(
                int(cohort_id), self.person_id, role, status=status, mentor_capacity=capacity
            )
        except UserFacingError as exc:
            _show_refusal(exc, self.errors, self.general)
            return
        self.context.changed(self, f"Added to {self.cohort.currentText().rsplit(' (', 1)[0]}")
        self.added.emit(int(cohort_id))
        self.accept()


def cohorts_to_join(all_cohorts: list[CohortSummary], joined: set[int]) -> list[CohortSummary]:
    """The cohorts she could join: not hers already, and still running or to come."""
    return [c for c in all_cohorts if c.id not in joined and c.status not in CLOSED_COHORTS]
