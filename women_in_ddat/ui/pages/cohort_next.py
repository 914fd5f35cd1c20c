"""Two cohort actions beside the template: a one-off milestone for one mentee, and next year's
cohort started from this one (its template and settings, and if asked its mentors)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from women_in_ddat.domain.enums import MilestoneAnchor, MilestoneCategory
from women_in_ddat.services.cohorts import CohortSummary
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.form_dialog import FormDialog
from women_in_ddat.ui.pages.template_editor import ANCHOR_WORDS, offset_box
from women_in_ddat.ui.widgets.forms import DateField, read_dates

ON_A_DATE = "date"


@dataclass(frozen=True)
class OneOff:
    title: str
    required: bool
    due_date: date | None
    anchor: MilestoneAnchor | None
    offset_days: int


class OneOffMilestoneDialog(FormDialog):
    """A milestone for one mentee only (not in the template), due on a date or after an anchor."""

    def __init__(
        self,
        context: AppContext,
        participation_id: int,
        mentee_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, f"A milestone for {mentee_name} only", "&Add milestone", parent)
        self.participation_id = participation_id
        self.set_intro("Only she gets it; the cohort's template stays as it is.")
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.errors.add_row(self.form, "&Milestone *", "title", self.title_edit, name="Milestone")
        self.when = QComboBox()
        self.when.addItem("on a date", ON_A_DATE)
        for anchor in MilestoneAnchor:
            self.when.addItem(f"some days after {ANCHOR_WORDS[anchor.value]}", anchor.value)
        self.errors.add_row(self.form, "&When", "anchor", self.when, name="When it is due")
        self.due = DateField()
        self.errors.add_row(self.form, "Due &on", "due_date", self.due, name="Due on")
        self.offset = offset_box()
        self.offset.setValue(30)
        self.errors.add_row(self.form, "Days a&fter", "offset_days", self.offset, name="Days after")
        self.required = QCheckBox("&Required")
        self.required.setAccessibleName("Required")
        self.form.addRow("", self.required)
        self.finish_layout()
        self.when.currentIndexChanged.connect(lambda _i: self._when_changed())
        self._when_changed()
        self.setMinimumWidth(480)

    def _when_changed(self) -> None:
        on_a_date = self.when.currentData() == ON_A_DATE
        self.due.setEnabled(on_a_date)
        self.offset.setEnabled(not on_a_date)

    def read(self) -> OneOff | None:
        on_a_date = self.when.currentData() == ON_A_DATE
        due: date | None = None
        if on_a_date:
            dates, problems = read_dates({"due_date": self.due})
            if problems:
                self.errors.show(problems)
                return None
            due = dates["due_date"]
        return OneOff(
            title=self.title_edit.text(),
            required=self.required.isChecked(),
            due_date=due,
            anchor=None if on_a_date else MilestoneAnchor(self.when.currentData()),
            offset_days=0 if on_a_date else self.offset.value(),
        )

    def store(self, values: OneOff) -> str:
        self.context.services.templates.add_one_off(
            self.participation_id,
            values.title,
            category=MilestoneCategory.OTHER,
            required=values.required,
            due_date=values.due_date,
            anchor=values.anchor,
            offset_days=values.offset_days,
        )
        return f"{values.title.strip()} added for her"


def next_name(name: str) -> str:
    """This cohort's name a year on: the last year in it plus one (else "… (next)")."""
    years = list(re.finditer(r"(?<!\d)(20\d\d)(?!\d)", name))
    if not years:
        return f"{name} (next)"
    last = years[-1]
    return f"{name[: last.start()]}{int(last.group(1)) + 1}{name[last.end() :]}"


def a_year_on(day: date | None) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class NextCohort:
    name: str
    start: date | None
    end: date | None
    copy_mentors: bool


class StartFromDialog(FormDialog):
    """Next year's cohort: same programme, place, template and settings; its mentors if asked."""

    created = Signal(int)

    def __init__(
        self, context: AppContext, cohort: CohortSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, f"Start a cohort from {cohort.name}", "&Create cohort", parent)
        self.cohort = cohort
        self.set_intro(
            "The new cohort gets this one's milestone template and settings. Mentees are not "
            "copied: add or import them as usual."
        )
        self.name = QLineEdit(next_name(cohort.name))
        self.errors.add_row(self.form, "&Name *", "name", self.name, name="Cohort name")
        self.start = DateField(a_year_on(cohort.start_date))
        self.errors.add_row(self.form, "&Starts *", "start_date", self.start, name="Start date")
        self.end = DateField(a_year_on(cohort.end_date))
        self.errors.add_row(self.form, "&Ends", "end_date", self.end, name="End date")
        self.copy_mentors = QCheckBox("Bring its &mentors too (their capacity kept, as accepted)")
        self.copy_mentors.setAccessibleName("Bring its mentors too")
        self.form.addRow("", self.copy_mentors)
        self.finish_layout()
        self.setMinimumWidth(500)

    def read(self) -> NextCohort | None:
        dates, problems = read_dates({"start_date": self.start, "end_date": self.end})
        if not problems and dates["start_date"] is None:
            problems["start_date"] = "the new cohort needs a start date"
        if problems:
            self.errors.show(problems)
            return None
        return NextCohort(
            self.name.text(), dates["start_date"], dates["end_date"], self.copy_mentors.isChecked()
        )

    def store(self, values: NextCohort) -> str:
        assert values.start is not None
        made = self.context.services.templates.start_cohort_from(
            self.cohort.id, values.name, values.start, values.end, values.copy_mentors
        )
        self.created.emit(int(made.id or 0))
        return f"{made.name} created from {self.cohort.name}"
