"""Creating a cohort, and adding a person to one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
    """Find a person by typing, choose mentee or mentor, add them to the cohort."""

    added = Signal(int)

    def __init__(
        self, context: AppContext, cohort_id: int, cohort_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.cohort_id = cohort_id
        self.setWindowTitle(f"Add to {cohort_name} — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Add a member")
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FormErrors()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a name, email or organisation")
        self.errors.add_row(form, "&Find", "search", self.search, name="Find person")
        self.results = QListWidget()
        self.results.setAccessibleName("People found")
        self.errors.add_row(form, "&Person", "person", self.results, name="People found")
        self.role = QComboBox()
        for role in ParticipantRole:
            self.role.addItem(role.label, role.value)
        self.errors.add_row(form, "&Role", "role", self.role, name="Role")
        self.status = QComboBox()
        for status in (
            ParticipationStatus.ACCEPTED,
            ParticipationStatus.APPLIED,
            ParticipationStatus.ACTIVE,
        ):
            self.status.addItem(status.label, status.value)
        self.errors.add_row(form, "&Status", "status", self.status, name="Status")
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 10)
        self.capacity.setValue(2)
        self.capacity.setSuffix(" mentees")
        self.errors.add_row(
            form, "Mentor &capacity", "mentor_capacity", self.capacity, name="Mentor capacity"
        )
        column.addLayout(form)
        self.general = plain_label()
        self.general.setProperty("role", "fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        column.addWidget(self.general)
        buttons = _buttons(self, "Add to cohort")
        buttons.accepted.connect(self.save)
        column.addWidget(buttons)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        # Enter in the search box searches and moves to the results; it must not add anyone
        # yet. Enter on a result then presses the default button (Add to cohort).
        self.search.installEventFilter(self)
        self._search()
        self.resize(520, 520)

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

    def _role_changed(self) -> None:
        self.capacity.setEnabled(self.role.currentData() == ParticipantRole.MENTOR.value)

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

    def save(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.errors.show({"person": "choose the person to add"})
            return
        # The combo holds enum values (plain strings).
        role = ParticipantRole(self.role.currentData())
        try:
            self.context.services.cohorts.add_participant(
                self.cohort_id,
                int(item.data(PERSON_ROLE)),
                role,
                status=ParticipationStatus(self.status.currentData()),
                mentor_capacity=self.capacity.value() if role == ParticipantRole.MENTOR else None,
            )
        except InvalidInput as exc:
            self.errors.show(exc.problems)
            if not exc.problems:
                self.general.setText(exc.message)
                self.general.show()
            return
        except UserFacingError as exc:
            self.general.setText(exc.message)
            self.general.show()
            return
        self.context.changed(self, "Added to the cohort")
        self.added.emit(int(item.data(PERSON_ROLE)))
        self.accept()
