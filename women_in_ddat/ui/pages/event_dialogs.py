"""Planning or editing an event, and inviting people to it."""

from __future__ import annotations

from datetime import time
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from women_in_ddat.domain.enums import EventKind
from women_in_ddat.errors import InvalidInput, UserFacingError
from women_in_ddat.services.events import DayPlan, EventInput, EventRow, days_between
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.form_dialog import FormDialog
from women_in_ddat.ui.text import counted
from women_in_ddat.ui.widgets.forms import DateField
from women_in_ddat.ui.widgets.person_picker import PersonPicker


def _time(text: str) -> time | None:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        return None


class EventDialog(FormDialog):
    """A new event (``event`` None) or changes to one; every day gets the same times."""

    record_name = "event"

    def __init__(
        self, context: AppContext, event: EventRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, "Plan an event" if event is None else "Edit the event", "&Save", parent
        )
        self.existing = event  # (an attribute named event would hide QObject.event)
        self.saved_event: EventRow | None = None
        self.expected_version = event.version if event else None
        self.cohort = QComboBox()
        self.cohort.addItem("The whole programme", None)
        for summary in context.services.cohorts.summaries():
            self.cohort.addItem(summary.name, summary.id)
        self.title_field = QLineEdit()
        self.kind = QComboBox()
        for kind in EventKind:
            self.kind.addItem(kind.label, kind.value)
        self.first = DateField()
        self.last = DateField()
        self.starts = QLineEdit("09:30")
        self.ends = QLineEdit("16:30")
        self.venue = QLineEdit()
        self.link = QLineEdit()
        self.link.setPlaceholderText("https://teams.microsoft.com/…")
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText("No limit")
        self.required = QCheckBox("&Required to complete the programme")
        add = self.errors.add_row
        add(self.form, "C&ohort:", "cohort", self.cohort)
        add(self.form, "&Title:", "title", self.title_field)
        add(self.form, "&Kind:", "kind", self.kind)
        add(self.form, "&First day:", "days", self.first)
        add(self.form, "&Last day (if several):", "until", self.last)
        add(self.form, "St&arts (HH:MM):", "times", self.starts)
        add(self.form, "&Ends (HH:MM):", "ends", self.ends)
        add(self.form, "&Venue:", "venue", self.venue)
        add(self.form, "O&nline link:", "online_link", self.link)
        add(self.form, "Ca&pacity:", "capacity", self.capacity)
        self.form.addRow("", self.required)
        self.finish_layout()
        if event is not None:
            self.fill(event)
            self.cohort.setEnabled(False)
        self.title_field.setFocus()

    def fill(self, event: EventRow) -> None:
        self.cohort.setCurrentIndex(max(self.cohort.findData(event.cohort_id), 0))
        self.title_field.setText(event.title)
        self.kind.setCurrentIndex(max(self.kind.findData(event.kind), 0))
        if event.days:
            self.first.set_date(event.days[0].on_date)
            self.last.set_date(event.days[-1].on_date if len(event.days) > 1 else None)
            self.starts.setText(event.days[0].starts_at.strftime("%H:%M"))
            self.ends.setText(event.days[0].ends_at.strftime("%H:%M"))
        self.venue.setText(event.venue)
        self.link.setText(event.online_link)
        self.capacity.setValue(event.capacity or 0)
        self.required.setChecked(event.required)

    def read(self) -> tuple[int | None, EventInput] | None:
        problems: dict[str, str] = {}
        first = last = None
        try:
            first = self.first.date_value()
        except ValueError as exc:
            problems["days"] = str(exc)
        try:
            last = self.last.date_value()
        except ValueError as exc:
            problems["until"] = str(exc)
        if first is None and "days" not in problems:
            problems["days"] = "an event needs its first day"
        starts, ends = _time(self.starts.text()), _time(self.ends.text())
        if starts is None:
            problems["times"] = "a time written as HH:MM"
        if ends is None:
            problems["ends"] = "a time written as HH:MM"
        days: tuple[DayPlan, ...] = ()
        if first is not None and not problems:
            try:
                span = days_between(first, last or first)
            except InvalidInput as exc:
                problems.update(exc.problems)
            else:
                days = tuple(DayPlan(d.on_date, starts, ends) for d in span)  # type: ignore[arg-type]
        if problems:
            self.errors.show(problems)
            return None
        data = EventInput(
            title=self.title_field.text(),
            days=days,
            kind=EventKind(self.kind.currentData()),
            venue=self.venue.text(),
            online_link=self.link.text(),
            capacity=self.capacity.value() or None,
            required=self.required.isChecked(),
        )
        return self.cohort.currentData(), data

    def store(self, values: Any) -> str:
        cohort_id, data = values
        events = self.context.services.events
        if self.existing is None:
            self.saved_event = events.plan(cohort_id, data)
            return f"Planned {data.title.strip()}."
        self.saved_event = events.update(
            self.existing.id, data, expected_version=self.expected_version
        )
        return "Saved the event; write its calendar entry again to update invitations."

    def use_theirs(self) -> None:
        if self.existing is not None:
            self.fill(self.context.services.events.get(self.existing.id))


class InviteDialog(FormDialog):
    """Invite the cohort's mentees, mentors and/or sponsors, and a sponsor or a person by name or email."""

    def __init__(self, context: AppContext, event: EventRow, parent: QWidget | None = None) -> None:
        super().__init__(context, "Invite people", "&Invite", parent)
        self.invited_to = event
        self.mentees = QCheckBox("The cohort's &mentees")
        self.mentors = QCheckBox("The cohort's m&entors")
        self.sponsors = QCheckBox(
            "The cohort's &sponsors (invited as sponsors to its other events)"
        )
        self.mentees.setChecked(event.cohort_id is not None)
        for box in (self.mentees, self.mentors, self.sponsors):
            box.setEnabled(event.cohort_id is not None)
            self.form.addRow("", box)
        # One person at a time, chosen as on the Data protection page (name or email, offered).
        people = context.services.people
        self.sponsor = PersonPicker(people)
        self.errors.add_row(
            self.form, "A s&ponsor:", "sponsors", self.sponsor, name="Sponsor to invite"
        )
        self.person = PersonPicker(people)
        self.errors.add_row(
            self.form, "&Also invite:", "emails", self.person, name="Person to invite"
        )
        whole = (
            " It is for the whole programme, with no cohort of its own: invite people by name."
            if event.cohort_id is None
            else ""
        )
        self.set_intro(
            f"Invite people to {event.title}. Those invited already stay invited; "
            f"withdrawn members are left out.{whole}"
        )
        self.finish_layout()

    def read(self) -> tuple[bool, bool, bool, list[int], list[int]] | None:
        boxes = [box.isChecked() for box in (self.mentees, self.mentors, self.sponsors)]
        chosen: dict[str, list[int]] = {"sponsors": [], "emails": []}
        problems: dict[str, str] = {}
        for key, picker in (("sponsors", self.sponsor), ("emails", self.person)):
            if not picker.text().strip():
                continue
            try:
                chosen[key].append(picker.pick().id)
            except UserFacingError as exc:
                problems[key] = exc.message
        if not (problems or any(boxes) or chosen["sponsors"] or chosen["emails"]):
            problems["emails"] = "choose whom to invite"
        if problems:
            self.errors.show(problems)
            return None
        return boxes[0], boxes[1], boxes[2], chosen["sponsors"], chosen["emails"]

    def store(self, values: Any) -> str:
        mentees, mentors, sponsors, sponsor_ids, ids = values
        services = self.context.services
        made = services.events.invite(
            self.invited_to.id,
            mentees=mentees,
            mentors=mentors,
            sponsors=sponsors,
            person_ids=ids,
            sponsor_ids=sponsor_ids,
        )
        return f"Invited {counted(made, 'more person', 'more people')}."
