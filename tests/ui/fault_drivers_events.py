"""The Events page's writing buttons, pressed as a coordinator would (see fault_actions.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.ui.fault_actions import Harness, action
from women_in_ddat.domain.enums import AttendanceStatus
from women_in_ddat.services.events import DayPlan, EventInput

TRAINING = "Fault training day"


def _events_page(h: Harness, *, invite: bool = True) -> tuple[Any, Any]:
    """The Events page showing a one-day event of the demo's first cohort (its mentees invited)."""
    s = h.services
    cohort = s.cohorts.summaries()[0]
    event = s.events.plan(cohort.id, EventInput(TRAINING, (DayPlan(date(2026, 6, 24)),)))
    if invite:
        s.events.invite(event.id, mentees=True)
    page = h.page("Events")
    page.refresh()
    page.table.selectRow(page.model.find(lambda e: e.id == event.id))
    h.settle()
    return page, s.events.get(event.id)


def _button(page: Any, text: str) -> Any:
    from PySide6.QtWidgets import QPushButton

    return next(b for b in page.findChildren(QPushButton) if b.text().replace("&", "") == text)


@action("plan an event", "Events|New event…")
def plan_event(h: Harness) -> Any:
    page, _ = _events_page(h)

    def act(again: bool) -> None:
        if not again:
            h.click(page.new_button)
            h.qtbot.keyClicks(page.dialog.title_field, "Networking lunch")
            page.dialog.first.setText("08/09/2026")
        assert page.dialog.isVisible() and page.dialog.title_field.text() == "Networking lunch"
        h.click(page.dialog.ok_button)

    def worked() -> None:
        assert any(e.title == "Networking lunch" for e in h.services.events.events())

    return act, worked


@action("edit an event", "Events|Edit…")
def edit_event(h: Harness) -> Any:
    page, event = _events_page(h)

    def act(again: bool) -> None:
        if not again:
            h.click(_button(page, "Edit…"))
            page.dialog.venue.setText("County Hall")
        assert page.dialog.isVisible() and page.dialog.venue.text() == "County Hall"
        h.click(page.dialog.ok_button)

    def worked() -> None:
        after = h.services.events.get(event.id)
        assert after.venue == "County Hall" and after.ics_sequence == event.ics_sequence + 1

    return act, worked


@action("invite people to an event", "Events|Invite…")
def invite(h: Harness) -> Any:
    page, event = _events_page(h, invite=False)

    def act(again: bool) -> None:
        if not again:
            h.click(_button(page, "Invite…"))
        assert page.dialog.isVisible() and page.dialog.mentees.isChecked()
        h.click(page.dialog.ok_button)

    def worked() -> None:
        assert h.services.events.get(event.id).invited > 0

    return act, worked


@action("cancel an event", "Events|Cancel event")
def cancel_event(h: Harness) -> Any:
    page, event = _events_page(h)

    def act(again: bool) -> None:
        h.messages.answer(True)
        h.click(_button(page, "Cancel event"))

    def worked() -> None:
        assert h.services.events.get(event.id).cancelled

    return act, worked


@action("save the register", "Events|Save register", part_way="EventAttendance")
def save_register(h: Harness) -> Any:
    page, event = _events_page(h)

    def act(again: bool) -> None:
        if not again:
            page.register_model.set_status(0, AttendanceStatus.ATTENDED)
            page.register_model.set_status(1, AttendanceStatus.APOLOGIES)
        assert page.unsaved.text() == "2 unsaved"  # still there after the failure
        h.click(page.save_button)

    def worked() -> None:
        marks = [r.status_on(event.days[0].id) for r in h.services.events.register(event.id)]
        assert marks[:2] == ["attended", "apologies"]

    return act, worked


@action("import attendance", "Events|Import attendance…", part_way="EventAttendance")
def import_attendance(h: Harness) -> Any:
    page, event = _events_page(h)
    invited = h.services.events.register(event.id)[:2]
    register = h.out / "register.csv"
    register.write_text(
        "Email,Attended\n" + "".join(f"{p.email},yes\n" for p in invited), encoding="utf-8"
    )
    h.monkeypatch.setattr(page, "ask_open_path", lambda *a: str(register))

    def act(again: bool) -> None:
        if not again:
            h.click(_button(page, "Import attendance…"))
        assert page.dialog.isVisible() and page.dialog.model.rowCount() == 2
        h.click(page.dialog.record_button)

    def worked() -> None:
        marks = [r.status_on(event.days[0].id) for r in h.services.events.register(event.id)]
        assert marks.count("attended") == 2

    return act, worked


def _writing(h: Harness, text: str, name: str) -> Any:
    page, _ = _events_page(h)
    target = h.out / name
    h.monkeypatch.setattr(page, "ask_save_path", lambda *a: str(target))

    def act(again: bool) -> None:
        h.click(_button(page, text))

    def worked() -> None:
        assert target.stat().st_size > 0

    return act, worked


@action(
    "write an event's calendar entry", "Events|Calendar entry (.ics)…", seams=frozenset({"file"})
)
def calendar_entry(h: Harness) -> Any:
    return _writing(h, "Calendar entry (.ics)…", "training.ics")


@action("write an event's sign-in sheet", "Events|Sign-in sheet…", seams=frozenset({"file"}))
def sign_in_sheet(h: Harness) -> Any:
    return _writing(h, "Sign-in sheet…", "training-sign-in.pdf")


def _replying(h: Harness, text: str, expected: str) -> Any:
    page, event = _events_page(h)

    def act(again: bool) -> None:
        page.register.selectRow(0)
        h.click(_button(page, text))

    def worked() -> None:
        assert h.services.events.register(event.id)[0].rsvp == expected

    return act, worked


@action("record a reply: coming", "Events|Replied: coming")
def replied_coming(h: Harness) -> Any:
    return _replying(h, "Replied: coming", "accepted")


@action("record a reply: not coming", "Events|Replied: not coming")
def replied_not_coming(h: Harness) -> Any:
    return _replying(h, "Replied: not coming", "declined")
