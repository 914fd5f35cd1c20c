"""Writing to a dashboard group ("everyone with a milestone overdue") from the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import AttentionKind
from women_in_ddat.services.message_audience import Audience, Group

KENT = "Top Talent Kent 2026"


def _groups(services, kind: AttentionKind):  # type: ignore[no-untyped-def]
    return [g for g in services.dashboard.needs_attention() if g.kind is kind]


def _reached(services, audience: Audience) -> set[int]:  # type: ignore[no-untyped-def]
    plan = services.messages.plan("welcome", audience, again=True)
    return {r.person_id for m in plan.messages for r in m.to} | {
        pid for pid, _why in plan.left_out if pid is not None
    }


def test_a_milestone_group_is_the_mentees_with_its_milestones_overdue(demo_services) -> None:
    groups = _groups(demo_services, AttentionKind.MILESTONE_OVERDUE) + _groups(
        demo_services, AttentionKind.IMPORT_PAST_DUE
    )
    assert groups
    for group in groups:
        people = demo_services.attention_people.people_of(group.opens, date.today())
        assert people is not None and people.person_ids
        cohort = demo_services.cohorts.get(group.cohort_id).name
        # Among the command line's --to overdue (the same rule), and everyone the group names.
        overdue = _reached(demo_services, Audience.cohort_group(cohort, Group.OVERDUE))
        assert set(people.person_ids) <= overdue
        assert {i.opens.person_id for i in group.most_urgent} <= set(people.person_ids)
        assert len(people.person_ids) <= group.count
        assert people.description == group.opens.describe()


def test_a_quiet_match_group_is_both_sides_of_each_quiet_match(demo_services) -> None:
    groups = _groups(demo_services, AttentionKind.MATCH_QUIET)
    assert groups
    for group in groups:
        people = demo_services.attention_people.people_of(group.opens, date.today())
        assert people is not None
        cohort = demo_services.cohorts.get(group.cohort_id).name
        assert set(people.person_ids) == _reached(
            demo_services, Audience.cohort_group(cohort, Group.QUIET)
        )
        assert len(people.person_ids) >= 2


def test_a_group_about_a_cohort_names_nobody(demo_services) -> None:
    assert demo_services.attention_people.people_of(RecordRef("cohort", 1)) is None
    one = demo_services.attention_people.people_of(RecordRef("milestone", 7, 12))
    assert one is not None and one.person_ids == (12,)


@pytest.mark.gui
@pytest.mark.sqlite_only(reason="the page asks the same services; they run on both")
def test_message_them_on_the_dashboard_writes_to_the_chosen_group(qtbot, demo_services) -> None:
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.dashboard import REF_ROLE, DashboardPage

    page = DashboardPage(AppContext(demo_services))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    model = page.attention.model_
    heading = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data().startswith(AttentionKind.IMPORT_PAST_DUE.label)
    )
    group_index = model.index(0, 0, heading)
    ref = group_index.data(REF_ROLE)
    page.attention.setCurrentIndex(group_index)
    assert page.message_button.isEnabled()
    qtbot.mouseClick(page.message_button, Qt.MouseButton.LeftButton)

    dialog = page.dialog
    qtbot.addWidget(dialog)
    assert dialog.selection_radio.isChecked() and dialog.template_name() == "reminder"
    assert ref.describe() in dialog.selection_radio.text()
    plan = dialog.make_plan()
    assert plan is not None
    expected = set(demo_services.attention_people.people_of(ref).person_ids)
    reached = {r.person_id for m in plan.messages for r in m.to}
    assert (
        reached | {pid for pid, _ in plan.left_out} | {r.person_id for r in plan.already_had}
        == expected
    )
    assert all("• " in m.text for m in plan.messages)  # each told her overdue milestones
    dialog.close()

    # A heading is not a group of people: nothing to write to.
    page.attention.setCurrentIndex(heading)
    assert not page.message_button.isEnabled()


@pytest.mark.gui
@pytest.mark.sqlite_only(reason="the pages ask the same services; they run on both")
def test_the_people_found_on_the_people_page_are_a_selection_to_write_to(
    qtbot, demo_services
) -> None:
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.people import PeoplePage

    page = PeoplePage(AppContext(demo_services))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.rowCount() > 0, timeout=10000)
    page.filter.setText("medway")
    found = {page.model.person_at(r).id for r in range(page.model.rowCount())}
    assert 1 < len(found) < page.model.total
    qtbot.mouseClick(page.message_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.addWidget(dialog)
    assert dialog.selection_radio.isChecked()
    assert "People found on the People page" in dialog.selection_radio.text()
    dialog.set_template("welcome")
    plan = dialog.make_plan()
    reached = {r.person_id for m in plan.messages for r in m.to}
    assert reached | {pid for pid, _ in plan.left_out if pid is not None} == found
    dialog.close()


@pytest.mark.gui
@pytest.mark.sqlite_only(reason="the pages ask the same services; they run on both")
def test_a_narrowed_matches_page_writes_to_both_sides_of_each_match_shown(
    qtbot, demo_services
) -> None:
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.matches import MatchesPage

    [group] = _groups(demo_services, AttentionKind.MATCH_QUIET)[:1]
    page = MatchesPage(AppContext(demo_services))
    qtbot.addWidget(page)
    page.show()
    page.show_narrowed(group.opens)
    shown = list(page.model.rows)
    assert shown
    qtbot.mouseClick(page.message_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.addWidget(dialog)
    assert dialog.template_name() == "nudge"
    assert group.opens.describe() in dialog.selection_radio.text()
    plan = dialog.make_plan()
    reached = {r.person_id for m in plan.messages for r in m.to}
    expected = {p for m in shown for p in (m.mentee_person_id, m.mentor_person_id)}
    assert reached | {pid for pid, _ in plan.left_out if pid is not None} == expected
    dialog.close()


@pytest.mark.gui
@pytest.mark.sqlite_only(reason="the pages ask the same services; they run on both")
def test_the_events_page_emails_the_invitation_to_everyone_invited(qtbot, demo_services) -> None:
    from women_in_ddat.services.events import DayPlan, EventInput
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.events import EventsPage

    cohort = demo_services.cohorts.by_name(KENT)
    event = demo_services.events.plan(
        cohort.id, EventInput("Leadership day", (DayPlan(date(2027, 1, 12)),), venue="Maidstone")
    )
    invited = demo_services.events.invite(event.id, mentees=True)
    page = EventsPage(AppContext(demo_services))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.current_event() is not None and page.current_event().id == event.id
    page.email_invitation()
    dialog = page.dialog
    qtbot.addWidget(dialog)
    assert dialog.template_name() == "event" and dialog.event_id() == event.id
    assert dialog.invited_radio.isChecked()
    plan = dialog.make_plan()
    assert plan is not None and len(plan.messages) + len(plan.left_out) == invited
    assert all(m.attachment == "event_ics" for m in plan.messages)
    dialog.close()


@pytest.mark.gui
@pytest.mark.sqlite_only(reason="the pages ask the same services; they run on both")
def test_the_cohort_pages_selected_mentees_are_a_selection(qtbot, demo_services) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from women_in_ddat.domain.records import RecordRef
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.cohorts import CohortsPage

    cohort = demo_services.cohorts.by_name(KENT)
    page = CohortsPage(AppContext(demo_services))
    qtbot.addWidget(page)
    page.show()
    page.open_record(RecordRef("cohort", cohort.id))
    qtbot.waitUntil(lambda: page.mentee_model.rowCount() > 3, timeout=10000)
    chosen = []
    selection = page.mentee_table.selectionModel()
    for row in (0, 2, 3):
        index = page.mentee_model.index(row, 0)
        selection.select(
            index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
        chosen.append(page.mentee_model.row_at(row).person_id)
    qtbot.mouseClick(page.message_members_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.addWidget(dialog)
    assert f"Selected members of {KENT} (3)" in dialog.selection_radio.text()
    dialog.set_template("welcome")
    plan = dialog.make_plan()
    reached = {r.person_id for m in plan.messages for r in m.to}
    assert reached | {pid for pid, _ in plan.left_out if pid is not None} == set(chosen)
    dialog.close()
