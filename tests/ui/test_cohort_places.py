"""Editing a cohort place from her page and from the cohort's member tables, as a user would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.helpers import click, row_texts, settled, wait_for_people
from tests.ui.test_accessibility import _unnamed_controls
from tests.ui.test_conflict_dialog import shown_conflict, table_rows
from women_in_ddat.domain.enums import OutcomeKind, ParticipationStatus
from women_in_ddat.ui.pages.participation_dialog import ParticipationDialog

pytestmark = pytest.mark.gui

ZOE = "zoe.hughes@essex.gov.uk"


def zoes_page(qtbot, window, context):  # type: ignore[no-untyped-def]
    """The People page showing Zoë, on her Cohorts tab with her (only) place selected."""
    people = window.show_page("People")
    wait_for_people(qtbot, people)
    person_id = context.services.people.by_email(ZOE).id
    people.show_person(person_id)
    qtbot.waitUntil(lambda: people.view.detail is not None and people.view.detail.id == person_id)
    view = people.view
    view.tabs.setCurrentIndex(view.tab_of["participations"])
    assert not view.edit_place_button.isEnabled()  # nothing chosen yet
    view.views["participations"].selectRow(0)
    assert view.edit_place_button.isEnabled()
    return people


def open_from_her_page(qtbot, view) -> ParticipationDialog:  # type: ignore[no-untyped-def]
    click(qtbot, view.edit_place_button)
    dialog = view.dialog
    assert isinstance(dialog, ParticipationDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_editing_her_place_from_her_page_shows_it_and_can_be_undone(qtbot, window, context) -> None:
    people = zoes_page(qtbot, window, context)
    view = people.view
    [line] = view.detail.participations
    dialog = open_from_her_page(qtbot, view)
    assert _unnamed_controls(dialog) == []
    assert (dialog.person.text(), dialog.cohort.text(), dialog.role.text()) == (
        "Zoë Hughes",
        line.cohort,
        "Mentee",
    )
    assert dialog.goals.toPlainText() == line.goals
    assert not dialog.capacity.isVisibleTo(dialog)  # a mentee has no capacity
    assert not dialog.reason.isEnabled()  # only a withdrawal has a reason

    dialog.status.setCurrentIndex(dialog.status.findData(ParticipationStatus.ACTIVE.value))
    dialog.goals.moveCursor(dialog.goals.textCursor().MoveOperation.End)
    qtbot.keyClick(dialog.goals, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.goals, "4. Mentor someone new")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted

    place = context.services.cohorts.place(line.id)
    assert place.status == "active" and place.goals.endswith("\n4. Mentor someone new")
    qtbot.waitUntil(lambda: view.detail.participations[0].status == "active")
    cells = row_texts(view.views["participations"], 0)
    assert cells[2] == "Active" and "4. Mentor someone new" in cells[5]
    assert view.selected_place() is not None and view.selected_place().id == line.id

    step = context.undo.pop()
    assert step is not None and step.label == "Undo editing a cohort place"
    step.reverse()
    place = context.services.cohorts.place(line.id)
    assert (place.status, place.goals) == (line.status, line.goals)


def test_a_withdrawal_needs_a_reason_beside_its_field(qtbot, window, context) -> None:
    people = zoes_page(qtbot, window, context)
    [line] = people.view.detail.participations
    dialog = open_from_her_page(qtbot, people.view)
    dialog.status.setCurrentIndex(dialog.status.findData(ParticipationStatus.WITHDRAWN.value))
    assert dialog.reason.isEnabled()
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.errors.message("withdrawn_reason") == "Say why she withdrew"
    assert dialog.focusWidget() is dialog.reason
    assert context.services.cohorts.place(line.id).status == line.status
    qtbot.keyClicks(dialog.reason, "Moved to a new job")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    place = context.services.cohorts.place(line.id)
    assert (place.status, place.withdrawn_reason) == ("withdrawn", "Moved to a new job")


def test_escape_cancels_and_saves_nothing(qtbot, window, context) -> None:
    people = zoes_page(qtbot, window, context)
    [line] = people.view.detail.participations
    dialog = open_from_her_page(qtbot, people.view)
    dialog.goals.setPlainText("Not to be kept")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert context.services.cohorts.place(line.id).goals == line.goals


def test_a_change_made_meanwhile_shows_both_versions(qtbot, window, context, second) -> None:
    people = zoes_page(qtbot, window, context)
    [line] = people.view.detail.participations
    dialog = open_from_her_page(qtbot, people.view)
    # Another coordinator withdraws her while this form is open.
    second.cohorts.set_participation_status(
        line.id, ParticipationStatus.WITHDRAWN, reason="Left the council"
    )
    dialog.status.setCurrentIndex(dialog.status.findData(ParticipationStatus.ACTIVE.value))
    click(qtbot, dialog.ok_button)
    conflict = shown_conflict(qtbot, dialog)
    assert table_rows(conflict) == [
        ("Status", "Withdrawn", "Active"),
        ("Why she withdrew", "Left the council", "(empty)"),
    ]
    assert context.services.cohorts.place(line.id).status == "withdrawn"  # nothing saved yet
    click(qtbot, conflict.use_theirs)
    assert dialog.isVisible()
    assert dialog.chosen_status() == ParticipationStatus.WITHDRAWN
    assert dialog.reason.text() == "Left the council" and dialog.reason.isEnabled()
    # On top of theirs, her change lands.
    dialog.goals.setPlainText("Keep in touch about a return")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    place = context.services.cohorts.place(line.id)
    assert (place.status, place.goals) == ("withdrawn", "Keep in touch about a return")


def test_a_mentors_capacity_from_the_cohort_page(qtbot, window, context, second) -> None:
    page = settled(qtbot, window.show_page("Cohorts"))
    assert page.cohort is not None
    assert not page.edit_place_button.isEnabled()
    page.mentor_table.selectRow(0)
    mentor = page.mentor_model.row_at(0)
    assert page.edit_place_button.isEnabled()
    # Choosing a mentee instead clears the mentor: one member is "the selected member".
    page.mentee_table.selectRow(0)
    assert not page.mentor_table.selectionModel().hasSelection()
    assert page.selected_member() == page.mentee_model.row_at(0)
    page.mentor_table.selectRow(0)
    assert not page.mentee_table.selectionModel().hasSelection()

    click(qtbot, page.edit_place_button)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    assert dialog.role.text() == "Mentor" and dialog.capacity.isVisibleTo(dialog)
    assert dialog.capacity.value() == mentor.mentor_capacity
    dialog.capacity.setValue(mentor.mentor_capacity + 2)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(
        lambda: not page.is_loading() and page.selected_member() is not None, timeout=10000
    )
    row = page.mentor_model.find(lambda m: m.participation_id == mentor.participation_id)
    assert page.mentor_model.row_at(row).mentor_capacity == mentor.mentor_capacity + 2
    assert page.selected_member().participation_id == mentor.participation_id

    # Meanwhile another coordinator changes her start: saving again shows the clash.
    click(qtbot, page.edit_place_button)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    shown = context.services.cohorts.place(mentor.participation_id)
    later = (shown.start_date or date(2027, 2, 3)) + timedelta(days=7)
    second.cohorts.update_participation(
        mentor.participation_id,
        expected_version=shown.version,
        status=ParticipationStatus(shown.status),
        withdrawn_reason="",
        goals=shown.goals,
        mentor_capacity=shown.mentor_capacity,
        start_date=later,
    )
    dialog.capacity.setValue(1)
    click(qtbot, dialog.ok_button)
    conflict = shown_conflict(qtbot, dialog)
    captions = [r[0] for r in table_rows(conflict)]
    assert captions == ["Mentor capacity", "Place starts"]
    click(qtbot, conflict.save_mine)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert context.services.cohorts.place(mentor.participation_id).mentor_capacity == 1


def test_deleting_an_outcome_changed_meanwhile_deletes_nothing(
    qtbot, window, context, second, messages
) -> None:
    people = zoes_page(qtbot, window, context)
    view = people.view
    progress = context.services.progress
    yesterday = date.today() - timedelta(days=1)
    created = progress.record_outcome(view.detail.id, OutcomeKind.NEW_ROLE, yesterday)
    view.show_detail(context.person_detail.detail(view.detail.id))
    qtbot.waitUntil(lambda: not view.is_loading())
    view.tabs.setCurrentIndex(view.tab_of["outcomes"])
    panel = view.outcomes
    panel.table.selectRow(panel.model.find(lambda o: o.id == created.id))
    second.progress.update_outcome(
        created.id, OutcomeKind.PROMOTION, yesterday, level="Lead", expected_version=1
    )
    messages.answer(True)
    click(qtbot, panel.delete_button)
    assert messages.problems and "changed by someone else" in messages.problems[-1][1]
    assert any(o.id == created.id for o in progress.outcomes(view.detail.id))
