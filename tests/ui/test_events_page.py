"""The Events page: plan, invite, keep the register from the keyboard, import, write the files."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import update

from tests.events.teams_files import write_teams_report
from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import EventInvitation
from women_in_ddat.ui.pages.event_register import COLUMNS


def events_page(qtbot, window):  # type: ignore[no-untyped-def]
    page = window.show_page("Events")
    page.refresh()
    return page


def test_plan_an_event_in_the_dialog(qtbot, window, context) -> None:
    page = events_page(qtbot, window)
    cohort = context.services.cohorts.summaries()[0]
    page.cohort_filter.setCurrentIndex(page.cohort_filter.findData(cohort.id))
    before = {e.id for e in context.services.events.events(cohort.id)}  # the demo's own
    page.new_record()
    dialog = page.dialog
    assert dialog.cohort.currentData() == cohort.id
    qtbot.keyClicks(dialog.title_field, "Top Talent training")
    dialog.first.setText("24/06/2026")
    dialog.last.setText("25/06/2026")
    dialog.required.setChecked(True)
    dialog.ok_button.click()

    (event,) = [e for e in context.services.events.events(cohort.id) if e.id not in before]
    assert (event.title, event.required, len(event.days)) == ("Top Talent training", True, 2)
    assert page.model.rowCount() == len(before) + 1 and page.day.count() == 2
    # Its days are shown as on every other page, dd/mm/yyyy.
    row = page.model.find(lambda e: e.id == event.id)
    assert page.model.data(page.model.index(row, 0)) == "24/06/2026 to 25/06/2026"

    # A mistake is shown beside its field and nothing is saved.
    page.new_record()
    page.dialog.first.setText("31/02/2026")
    page.dialog.ok_button.click()
    assert page.dialog.errors.message("days")
    assert len(context.services.events.events(cohort.id)) == len(before) + 1


def test_invite_a_sponsor_in_the_dialog(qtbot, window, context) -> None:
    from tests.ui.test_mnemonics import mnemonics
    from women_in_ddat.services.events import DayPlan, EventInput
    from women_in_ddat.services.people import PersonInput

    s = context.services
    cohort = s.cohorts.summaries()[0]
    event = s.events.plan(cohort.id, EventInput("Celebration", (DayPlan(date(2026, 7, 1)),)))
    s.people.create(
        PersonInput(email="director@essex.gov.uk", first_name="Dana", last_name="Price")
    )
    page = events_page(qtbot, window)
    page.table.selectRow(page.model.find(lambda e: e.id == event.id))
    page.invite()
    dialog = page.dialog
    assert {k: v for k, v in mnemonics(dialog).items() if len(v) > 1} == {}
    dialog.mentees.setChecked(False)
    qtbot.keyClicks(dialog.sponsor, "director@essex.gov.uk")
    dialog.ok_button.click()

    (row,) = s.events.register(event.id)
    assert (row.email, row.role) == ("director@essex.gov.uk", "sponsor")
    assert window.statusBar().currentMessage() == "Invited 1 more person."


def test_the_register_is_kept_from_the_keyboard_and_saved_in_one_go(qtbot, window, context) -> None:
    s = context.services
    cohort = s.cohorts.summaries()[0]
    from women_in_ddat.services.events import DayPlan, EventInput

    event = s.events.plan(cohort.id, EventInput("Workshop", (DayPlan(date(2026, 6, 24)),)))
    s.events.invite(event.id, mentees=True)
    page = events_page(qtbot, window)
    row = page.model.find(lambda e: e.id == event.id)
    page.table.selectRow(row)
    invited = {r.person_id for r in s.events.register(event.id)}
    qtbot.waitUntil(lambda: {p.person_id for p in page.register_model.people} == invited)
    people = page.register_model.people
    assert len(people) >= 3

    page.register.setFocus()
    page.register.selectRow(0)
    qtbot.keyClick(page.register, Qt.Key.Key_Space)  # ticked: attended
    qtbot.keyClick(page.register, Qt.Key.Key_Down)
    qtbot.keyClick(page.register, Qt.Key.Key_X)  # absent, and on to the next
    qtbot.keyClick(page.register, Qt.Key.Key_P)  # apologies
    assert page.unsaved.text() == "3 unsaved"
    # Nothing is saved until Save register.
    assert all(not r.attendance for r in s.events.register(event.id))

    page.save_button.click()
    saved = {r.person_id: r.status_on(event.days[0].id) for r in s.events.register(event.id)}
    assert [saved[p.person_id] for p in people[:3]] == ["attended", "absent", "apologies"]
    assert page.unsaved.text() == ""
    assert window.statusBar().currentMessage() == "Saved 3 marks."
    page.register.selectRow(0)
    qtbot.keyClick(page.register, Qt.Key.Key_L)  # left early, the one change
    page.save_button.click()
    assert window.statusBar().currentMessage() == "Saved 1 mark."


@pytest.mark.parametrize("save", [True, False])
def test_marks_not_saved_are_asked_about_before_another_event_is_shown(
    qtbot, window, context, messages, save: bool
) -> None:
    s = context.services
    cohort = s.cohorts.summaries()[0]
    from women_in_ddat.services.events import DayPlan, EventInput

    first = s.events.plan(cohort.id, EventInput("Workshop", (DayPlan(date(2026, 6, 24)),)))
    other = s.events.plan(cohort.id, EventInput("Second workshop", (DayPlan(date(2026, 7, 1)),)))
    s.events.invite(first.id, mentees=True)
    page = events_page(qtbot, window)
    page.table.selectRow(page.model.find(lambda e: e.id == first.id))
    qtbot.waitUntil(lambda: page.register_model.event_id == first.id)
    page.register.setFocus()
    page.register.selectRow(0)
    marked = page.register_model.people[0].person_id
    qtbot.keyClick(page.register, Qt.Key.Key_L)  # left early, not saved yet
    messages.answer(save)
    page.table.selectRow(page.model.find(lambda e: e.id == other.id))  # another event chosen
    assert messages.asked[-1] == (
        "Save the register",
        "1 mark on the register you are leaving is not saved yet. Save it?",
    )
    stored = {r.person_id: r.status_on(first.days[0].id) for r in s.events.register(first.id)}
    assert stored[marked] == ("left_early" if save else "")
    page.table.selectRow(page.model.find(lambda e: e.id == first.id))  # back: not asked again
    assert len(messages.asked) == 1


def test_import_a_teams_report_with_its_preview_then_undo(
    qtbot, window, context, tmp_path, monkeypatch
) -> None:
    s = context.services
    cohort_id = s.cohorts.summaries()[0].id
    from women_in_ddat.services.events import DayPlan, EventInput
    from women_in_ddat.services.people import PersonInput

    mentee = s.people.create(
        PersonInput(email="sian.jones@kent.gov.uk", first_name="Siân", last_name="Jones")
    )
    s.cohorts.add_participant(cohort_id, mentee.id, ParticipantRole.MENTEE)
    event = s.events.plan(cohort_id, EventInput("Online day", (DayPlan(date(2026, 6, 24)),)))
    page = events_page(qtbot, window)
    page.table.selectRow(page.model.find(lambda e: e.id == event.id))
    report = write_teams_report(tmp_path / "meetingAttendanceReport.csv")
    monkeypatch.setattr(page, "ask_open_path", lambda *a: str(report))

    page.import_attendance()
    dialog = page.dialog
    shown = {line.name: (line.person_name, line.status, line.problem) for line in dialog.model.rows}
    assert shown["Siân Jones"] == ("Siân Jones", "attended", "")
    assert shown["Someone Else"][2]  # listed, with why
    assert "cannot be used" in dialog.summary.text()
    dialog.skip.setChecked(True)
    dialog.record_button.click()
    (row,) = [r for r in s.events.register(event.id) if r.email == "sian.jones@kent.gov.uk"]
    assert row.status_on(event.days[0].id) == "attended"

    # The import is undone from the Edit menu's undo, like any other action.
    step = context.undo.pop()
    step.reverse()
    assert all(
        not r.attendance for r in s.events.register(event.id) if r.email == "sian.jones@kent.gov.uk"
    )


def test_write_the_calendar_entry_and_the_sign_in_sheet(
    qtbot, window, context, tmp_path, monkeypatch
) -> None:
    s = context.services
    cohort_id = s.cohorts.summaries()[0].id
    from women_in_ddat.services.events import DayPlan, EventInput

    event = s.events.plan(
        cohort_id, EventInput("Panel", (DayPlan(date(2026, 11, 3)),), venue="Civic Centre")
    )
    s.events.invite(event.id, mentees=True)
    page = events_page(qtbot, window)
    page.table.selectRow(page.model.find(lambda e: e.id == event.id))
    targets = iter([tmp_path / "panel.ics", tmp_path / "panel.pdf"])
    monkeypatch.setattr(page, "ask_save_path", lambda *a: str(next(targets)))

    page.write_calendar_entry()
    page.write_sign_in_sheet()

    entry = icalendar.Calendar.from_ical((tmp_path / "panel.ics").read_bytes())
    assert [str(e["LOCATION"]) for e in entry.walk("VEVENT")] == ["Civic Centre"]
    text = " ".join(p.extract_text() or "" for p in PdfReader(tmp_path / "panel.pdf").pages)
    assert "Sign-in sheet" in text and "Signature" in text
    first = s.events.register(event.id)[0]
    assert first.name in text
    # The tick-list shows each person's code as the paper prints it, to find her from the sheet.
    model = page.register_model
    for row in range(model.rowCount()):
        code = model.data(model.index(row, 1))
        assert code.startswith(f"E{event.id}-")
        assert f"{code}\n{model.data(model.index(row, 2))}" in text


def _attendance_at_a_training_day(context):  # type: ignore[no-untyped-def]
    """The demo's first cohort at a two-day required training day: some came, some did not."""
    from women_in_ddat.domain.enums import AttendanceStatus
    from women_in_ddat.services.events import DayPlan, EventInput, days_between

    s = context.services
    cohort = s.cohorts.summaries()[0]
    training = s.events.plan(
        cohort.id,
        EventInput(
            "Top Talent training",
            days_between(date(2026, 6, 24), date(2026, 6, 25)),
            required=True,
        ),
    )
    panel = s.events.plan(cohort.id, EventInput("Speaking panel", (DayPlan(date(2026, 9, 8)),)))
    s.events.invite(training.id, mentees=True, mentors=True)
    s.events.invite(panel.id, mentees=True)
    people = s.events.register(training.id)
    first, second = (d.id for d in training.days)
    statuses = [AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT, AttendanceStatus.APOLOGIES]
    marks = []
    for n, person in enumerate(people):
        marks.append((person.person_id, first, AttendanceStatus.ATTENDED))
        marks.append((person.person_id, second, statuses[n % 3]))
    s.events.mark(training.id, marks)
    return cohort, training, people


def test_the_cohort_page_shows_people_by_event(qtbot, window, context, tmp_path) -> None:
    cohort, training, people = _attendance_at_a_training_day(context)
    page = window.show_page("Cohorts")
    row = page.cohort_model.find(lambda c: c.id == cohort.id)
    page.cohort_table.selectRow(row)
    page.detail_tabs.setCurrentWidget(page.attendance)
    grid = page.attendance.model
    titles = [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(grid.columnCount())]
    demo_events = {e.title for e in context.services.events.events(cohort.id)} - {
        "Top Talent training",
        "Speaking panel",
    }
    ours = [t for t in titles if not any(t.startswith(d) for d in demo_events)]
    assert ours == [
        "Name",
        "Role",
        "Top Talent training (24/06/2026) *",
        "Speaking panel (08/09/2026)",
    ]
    cells = {
        grid.data(grid.index(r, 0)): grid.data(grid.index(r, 2)) for r in range(grid.rowCount())
    }
    by_name = {p.name: n for n, p in enumerate(people)}
    for name, n in by_name.items():
        assert cells[name] == ("attended" if n % 3 == 0 else "1 of 2 days")
    events = len(context.services.events.events(cohort.id))  # the demo's and these two
    assert page.attendance.summary.text().startswith(f"{grid.rowCount()} members, {events} events")
    window.grab().save(str(tmp_path / "cohort-attendance.png"))

    # A sponsor invited to the training day shows below the members, and is counted apart.
    from women_in_ddat.services.people import PersonInput

    sponsor = context.services.people.create(
        PersonInput(email="director@essex.gov.uk", first_name="Dana", last_name="Price")
    )
    context.services.events.invite(training.id, sponsor_ids=[sponsor.id])
    page.attendance.show_cohort(cohort.id)
    last = grid.rowCount() - 1
    assert [grid.data(grid.index(last, c)) for c in range(3)] == [
        "Dana Price",
        "Sponsor",
        "invited",
    ]
    assert f"members and 1 sponsor or guest, {events} events" in page.attendance.summary.text()


def test_her_page_lists_her_events(qtbot, window, context) -> None:
    _, training, people = _attendance_at_a_training_day(context)
    second = people[1]
    page = window.show_page("People")
    view = page.view
    view.show_detail(context.person_detail.detail(second.person_id))
    model = view.models["events"]
    rows = [(r.title, r.on_date.day, r.status) for r in model.rows]
    assert ("Top Talent training", 24, "attended") in rows
    assert ("Top Talent training", 25, "absent") in rows
    assert view.tabs.tabText(view.tab_of["events"]).startswith("Events (")


def test_a_withdrawn_member_is_said_to_be_withdrawn_not_left_blank(window, context) -> None:
    """The demo's Kent cohort has a mentee who withdrew before its events: her row says so."""
    s = context.services
    cohort = next(c for c in s.cohorts.summaries() if c.name == "Top Talent Kent 2026")
    gone = [m.display_name for m in s.cohorts.members(cohort.id) if m.status == "withdrawn"]
    assert gone
    page = window.show_page("Cohorts")
    page.cohort_table.selectRow(page.cohort_model.find(lambda c: c.id == cohort.id))
    page.detail_tabs.setCurrentWidget(page.attendance)
    grid = page.attendance.model
    assert grid.columnCount() > 2
    rows = {grid.data(grid.index(r, 0)): r for r in range(grid.rowCount())}
    for name in gone:
        cells = [grid.data(grid.index(rows[name], c)) for c in range(2, grid.columnCount())]
        assert cells and all(cells), f"{name}: {cells}"
        assert grid.data(grid.index(rows[name], 1)) == "Mentee, withdrawn"
    # An event after she left: her cell says why she was not invited.
    from women_in_ddat.services.events import DayPlan, EventInput

    later = s.events.plan(cohort.id, EventInput("Later panel", (DayPlan(date(2026, 11, 2)),)))
    s.events.invite(later.id, mentees=True)
    page.attendance.show_cohort(cohort.id)
    column = next(
        c
        for c in range(grid.columnCount())
        if str(grid.headerData(c, Qt.Orientation.Horizontal)).startswith("Later panel")
    )
    for name in gone:
        assert grid.data(grid.index(rows[name], column)) == "withdrawn"
    assert "withdrawn" in page.attendance.summary.text()


def test_left_early_is_ticked_and_an_unsaved_row_is_marked_without_bold(
    qtbot, window, context, messages
) -> None:
    from women_in_ddat.domain.enums import AttendanceStatus
    from women_in_ddat.services.events import DayPlan, EventInput

    s = context.services
    cohort = s.cohorts.summaries()[0]
    event = s.events.plan(cohort.id, EventInput("Workshop", (DayPlan(date(2026, 6, 24)),)))
    s.events.invite(event.id, mentees=True)
    page = events_page(qtbot, window)
    page.table.selectRow(page.model.find(lambda e: e.id == event.id))
    qtbot.waitUntil(lambda: page.register_model.rowCount() >= 2)
    model = page.register_model
    page.register.setFocus()
    page.register.selectRow(0)
    qtbot.keyClick(page.register, Qt.Key.Key_L)  # left early: she was there
    tick = model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole)
    assert tick == Qt.CheckState.Checked
    mark = model.index(0, COLUMNS.index("Mark"))
    assert mark.data() == "Left early (not saved yet)"
    # Marked by colour and the words, never by a bolder (wider) font that cuts Code and Role.
    assert all(model.index(0, c).data(Qt.ItemDataRole.FontRole) is None for c in range(6))
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    page.save_button.click()
    assert mark.data() == "Left early"
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    (saved,) = [r for r in s.events.register(event.id) if r.person_id == model.people[0].person_id]
    assert saved.status_on(event.days[0].id) == AttendanceStatus.LEFT_EARLY.value
    # Space on a left-early row takes the tick away (absent), as on an attended one.
    qtbot.keyClick(page.register, Qt.Key.Key_Space)
    assert model.status(0) == AttendanceStatus.ABSENT.value
    messages.answer(False)  # the window closing asks about that unsaved mark: not kept


def _dana_and_an_event(s):  # type: ignore[no-untyped-def]
    from women_in_ddat.services.events import DayPlan, EventInput
    from women_in_ddat.services.people import PersonInput

    cohort = s.cohorts.summaries()[0]
    dana = s.people.create(
        PersonInput(email="director@essex.gov.uk", first_name="Dana", last_name="Price")
    )
    gala = s.events.plan(cohort.id, EventInput("Gala", (DayPlan(date(2026, 7, 1)),)))
    return cohort, dana, gala


def _invite_dialog(qtbot, window, event_id):  # type: ignore[no-untyped-def]
    page = events_page(qtbot, window)
    page.table.selectRow(page.model.find(lambda e: e.id == event_id))
    page.invite()
    page.dialog.mentees.setChecked(False)
    return page, page.dialog


def test_one_person_is_invited_by_her_name_chosen_as_she_types(qtbot, window, context) -> None:
    s = context.services
    _cohort, dana, gala = _dana_and_an_event(s)
    _page, dialog = _invite_dialog(qtbot, window, gala.id)
    qtbot.keyClicks(dialog.person, "dana pr")
    offered = dialog.person.offers()
    assert len(offered) == 1 and offered[0].startswith("Dana Price — director@essex.gov.uk")
    dialog.person.setText(offered[0])  # as if chosen from the list (non-ASCII: set, not typed)
    dialog.ok_button.click()
    assert [r.person_id for r in s.events.register(gala.id)] == [dana.id]


def test_a_name_several_people_share_is_refused_beside_the_field(qtbot, window, context) -> None:
    s = context.services
    _cohort, _dana, gala = _dana_and_an_event(s)
    _page, dialog = _invite_dialog(qtbot, window, gala.id)
    qtbot.keyClicks(dialog.person, "gov.uk")  # everyone's email
    dialog.ok_button.click()
    assert "type more of her name or email" in dialog.errors.message("emails")
    assert s.events.register(gala.id) == []
    # The dialog grew to show the two-line problem whole, without squeezing the field.
    from PySide6.QtWidgets import QLabel

    error = dialog.findChild(QLabel, "error_emails")
    qtbot.wait(50)  # the dialog's layout settles
    assert error.height() >= error.heightForWidth(error.width())
    assert dialog.person.height() >= dialog.sponsor.height()  # as tall as a field without one


def test_a_sponsor_invited_by_her_email_is_a_sponsor_on_the_register(
    qtbot, window, context
) -> None:
    from women_in_ddat.services.events import DayPlan, EventInput

    s = context.services
    cohort, dana, gala = _dana_and_an_event(s)
    s.events.invite(gala.id, sponsor_ids=[dana.id])  # the cohort's sponsor from now on
    dinner = s.events.plan(cohort.id, EventInput("Dinner", (DayPlan(date(2026, 8, 1)),)))
    page, dialog = _invite_dialog(qtbot, window, dinner.id)
    qtbot.keyClicks(dialog.person, "director@essex.gov.uk")
    dialog.ok_button.click()
    assert [(r.person_id, r.role) for r in s.events.register(dinner.id)] == [(dana.id, "sponsor")]
    page.table.selectRow(page.model.find(lambda e: e.id == dinner.id))
    qtbot.waitUntil(lambda: [p.person_id for p in page.register_model.people] == [dana.id])
    role = page.register_model.index(0, 3).data()
    assert role == "Sponsor"


def test_a_sponsor_invited_by_email_before_is_named_a_sponsor_all_the_same(context) -> None:
    """An invitation kept without a reason (an earlier version): her role is still known."""
    from women_in_ddat.services.events import DayPlan, EventInput

    s = context.services
    _cohort, dana, gala = _dana_and_an_event(s)
    s.events.invite(gala.id, sponsor_ids=[dana.id])
    everyone = s.events.plan(None, EventInput("Programme day", (DayPlan(date(2026, 9, 1)),)))
    s.events.invite(everyone.id, person_ids=[dana.id])
    with s.db.transaction() as session:
        session.execute(
            update(EventInvitation)
            .where(EventInvitation.event_id == everyone.id)
            .values(invited_as="")
        )
    assert [r.role for r in s.events.register(everyone.id)] == ["sponsor"]
