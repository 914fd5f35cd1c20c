from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.ui.helpers import lists_landed
from women_in_ddat.domain.enums import CohortStatus, MilestoneStatus, ParticipantRole
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.pages.cohort_dialogs import PERSON_ROLE

pytestmark = pytest.mark.gui


@pytest.fixture
def cohorts(window):  # type: ignore[no-untyped-def]
    return window.show_page("Cohorts")


def _select_cohort(page, name: str):  # type: ignore[no-untyped-def]
    row = page.cohort_model.find(lambda c: c.name == name)
    page.cohort_table.selectRow(row)
    assert page.cohort.name == name
    lists_landed(page)
    return page.cohort


def test_members_are_shown_by_role(cohorts, context) -> None:
    cohort = _select_cohort(cohorts, "Top Talent Kent 2026")
    members = context.services.cohorts.members(cohort.id)
    assert cohorts.mentee_model.rowCount() == sum(m.role == "mentee" for m in members)
    assert cohorts.mentor_model.rowCount() == sum(m.role == "mentor" for m in members)
    assert cohorts.template_model.rowCount() == 6
    assert cohorts.mentees_caption.text() == f"Mentees ({cohorts.mentee_model.rowCount()})"


def test_the_list_shows_each_cohort_s_head_counts_read_on_a_worker(qtbot, cohorts, context) -> None:
    kent = context.services.cohorts.by_name("Top Talent Kent 2026")
    members = context.services.cohorts.members(kent.id)
    taking_part = [m for m in members if m.status != "withdrawn"]
    lists_landed(cohorts)
    row = cohorts.cohort_model.find(lambda c: c.id == kent.id)
    shown = [cohorts.cohort_model.index(row, column).data() for column in (4, 5)]
    assert shown == [
        str(sum(m.role == "mentee" for m in taking_part)),
        str(sum(m.role == "mentor" for m in taking_part)),
    ]
    assert shown[0] != "0"
    # A new mentee: the list is read again, and her cohort counts her.
    person = context.services.people.create(
        PersonInput(email="new.mentee@kent.gov.uk", first_name="New", last_name="Mentee")
    )
    context.services.cohorts.add_participant(kent.id, person.id, ParticipantRole.MENTEE)
    cohorts.refresh()
    lists_landed(cohorts)
    assert cohorts.cohort_model.index(row, 4).data() == str(int(shown[0]) + 1)


def test_a_new_cohort_with_a_bad_date_is_refused_beside_the_field(qtbot, cohorts, context) -> None:
    cohorts.new_record()
    dialog = cohorts.dialog
    qtbot.keyClicks(dialog.name, "Top Talent Medway 2027")
    qtbot.keyClicks(dialog.start, "31/02/2027")
    dialog.save()
    assert "not a real date" in dialog.errors.message("start_date")
    assert dialog.isVisible()
    dialog.start.setText("01/03/2027")
    dialog.end.setText("01/02/2027")
    dialog.save()
    assert "before the start" in dialog.errors.message("end_date")
    dialog.end.setText("28/02/2028")
    dialog.save()
    assert not dialog.isVisible()
    stored = context.services.cohorts.by_name("Top Talent Medway 2027")
    assert (stored.start_date, stored.end_date, stored.status) == (
        date(2027, 3, 1),
        date(2028, 2, 28),
        "draft",
    )
    assert cohorts.cohort.id == stored.id


def test_the_lifecycle_buttons_follow_the_rules(qtbot, cohorts, context) -> None:
    created = context.services.cohorts.create_cohort("Lifecycle test")
    cohorts.refresh()
    _select_cohort(cohorts, "Lifecycle test")
    assert set(cohorts.lifecycle_buttons) == {CohortStatus.INTAKE_OPEN, CohortStatus.CANCELLED}
    for target in (CohortStatus.INTAKE_OPEN, CohortStatus.INTAKE_CLOSED, CohortStatus.IN_PROGRESS):
        qtbot.mouseClick(cohorts.lifecycle_buttons[target], Qt.MouseButton.LeftButton)
        assert context.services.cohorts.get(created.id).status == target.value
    assert set(cohorts.lifecycle_buttons) == {CohortStatus.COMPLETED, CohortStatus.CANCELLED}


def test_cancelling_asks_first(cohorts, context, messages) -> None:
    created = context.services.cohorts.create_cohort("To cancel")
    cohorts.refresh()
    _select_cohort(cohorts, "To cancel")
    messages.answer(False)
    cohorts.lifecycle_buttons[CohortStatus.CANCELLED].click()
    assert context.services.cohorts.get(created.id).status == "draft"
    messages.answer(True)
    cohorts.lifecycle_buttons[CohortStatus.CANCELLED].click()
    assert context.services.cohorts.get(created.id).status == "cancelled"


def test_dates_are_edited_in_place_with_errors_beside_them(cohorts, context) -> None:
    cohort = _select_cohort(cohorts, "Top Talent Thames Gateway 2027")
    cohorts.end_edit.setText("not a date")
    cohorts.save_details()
    assert "not a date" in cohorts.errors.message("end_date")
    cohorts.end_edit.setText("31/12/2027")
    cohorts.place_edit.setText("Thurrock")
    cohorts.save_details()
    stored = context.services.cohorts.get(cohort.id)
    assert (stored.end_date, stored.place) == (date(2027, 12, 31), "Thurrock")
    assert cohorts.errors.message("end_date") == ""


def test_apply_template_gives_a_new_mentee_her_milestones(cohorts, context) -> None:
    cohort = _select_cohort(cohorts, "Top Talent Thames Gateway 2027")
    before = len(context.services.progress.milestones(cohort_id=cohort.id))
    cohorts.apply_template()
    assert len(context.services.progress.milestones(cohort_id=cohort.id)) == before  # all had them


def test_add_a_member_by_searching(qtbot, cohorts, context) -> None:
    person = context.services.people.create(
        PersonInput(
            email="newmentor@suffolk.gov.uk",
            first_name="Nadia",
            last_name="Quinn",
            organisation="Suffolk County Council",
        )
    )
    cohort = _select_cohort(cohorts, "Top Talent Thames Gateway 2027")
    cohorts.add_member()
    dialog = cohorts.dialog
    qtbot.keyClicks(dialog.search, "quinn")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.results.count() == 1
    assert dialog.results.currentItem().data(PERSON_ROLE) == person.id
    dialog.role.setCurrentIndex(dialog.role.findData(ParticipantRole.MENTOR.value))
    dialog.capacity.setValue(3)
    dialog.save()
    members = {m.person_id: m for m in context.services.cohorts.members(cohort.id)}
    assert members[person.id].role == "mentor"
    assert members[person.id].mentor_capacity == 3
    lists_landed(cohorts)
    assert cohorts.mentor_model.find(lambda m: m.person_id == person.id) is not None


def test_mark_a_milestone_done_for_several_mentees_and_undo_it(
    qtbot, window, cohorts, context
) -> None:
    cohort = _select_cohort(cohorts, "Top Talent Kent 2026")
    title = "Module or course completed"
    open_before = {
        m.participation_id: m
        for m in context.services.progress.milestones(cohort_id=cohort.id, open_only=True)
        if m.title == title
    }
    assert len(open_before) >= 2
    chosen = list(open_before)[:2]
    selection = cohorts.mentee_table.selectionModel()
    selection.clearSelection()
    for row in range(cohorts.mentee_model.rowCount()):
        if cohorts.mentee_model.row_at(row).participation_id in chosen:
            selection.select(
                cohorts.mentee_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
    cohorts.bulk_mark_done()
    dialog = cohorts.dialog
    dialog.title_choice.setCurrentText(title)
    dialog.completed_on.setText(
        "01/11/2026" if date.today() >= date(2026, 11, 1) else date.today().strftime("%d/%m/%Y")
    )
    dialog.evidence.setText("Certificates seen")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    after = {
        m.participation_id: m
        for m in context.services.progress.milestones(cohort_id=cohort.id)
        if m.title == title
    }
    for part_id in chosen:
        assert after[part_id].status == MilestoneStatus.DONE.value
        assert after[part_id].evidence_note == "Certificates seen"
    others = set(open_before) - set(chosen)
    assert all(after[p].status != MilestoneStatus.DONE.value for p in others)

    assert "2 milestones" in window.undo_action.text()
    window.undo_action.trigger()
    restored = {
        m.participation_id: m
        for m in context.services.progress.milestones(cohort_id=cohort.id)
        if m.title == title
    }
    for part_id in chosen:
        assert restored[part_id].status == open_before[part_id].status
        assert restored[part_id].completed_on is None
        assert restored[part_id].evidence_note == open_before[part_id].evidence_note


def test_a_future_completion_date_is_refused_in_the_dialog(cohorts, context) -> None:
    from women_in_ddat.ui.pages.milestone_dialogs import CompleteMilestonesDialog

    dialog = CompleteMilestonesDialog("test", cohorts)
    dialog.completed_on.setText("01/01/2099")
    dialog._check()
    assert "future" in dialog.errors.message("completed_on")
    assert dialog.when is None


def _whole(view, column: int) -> bool:  # type: ignore[no-untyped-def]
    """Every cell of ``column`` fits its width (the delegate's padding allowed)."""
    model = view.model()
    metrics = view.fontMetrics()
    texts = [str(model.headerData(column, Qt.Orientation.Horizontal))] + [
        str(model.index(r, column).data()) for r in range(model.rowCount())
    ]
    width = max(metrics.horizontalAdvance(t) for t in texts)
    left = view.columnViewportPosition(column)
    return (
        left >= 0
        and view.columnWidth(column) >= width + 6
        and left + view.columnWidth(column) <= view.viewport().width()
    )


def test_the_list_shows_each_cohort_and_status_whole_and_the_detail_fits(qtbot, cohorts) -> None:
    """At the window's usual size no cohort's name or status is cut ("Inta", "In p"), and the
    detail pane needs no sideways scrolling, so its tables' last columns are not cut off."""
    _select_cohort(cohorts, "Top Talent Kent 2026")
    qtbot.wait(10)
    assert _whole(cohorts.cohort_table, 0)
    assert _whole(cohorts.cohort_table, 1)
    scroll = cohorts.detail_tabs.widget(0)
    assert not scroll.horizontalScrollBar().isVisible()
    assert cohorts.detail.width() <= scroll.viewport().width()
    mentors = cohorts.mentor_table
    last = mentors.model().columnCount() - 1
    assert mentors.columnViewportPosition(last) + 60 <= mentors.viewport().width()
