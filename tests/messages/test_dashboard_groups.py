"""Writing to a dashboard group ("everyone with a milestone overdue") from the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from women_in_ddat.domain.records import RecordRef
from women_in_ddat.errors import InvalidInput
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
    qtbot.waitUntil(lambda: not page.is_loading())  # the dashboard is counted on a worker
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
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(10000)  # before the database closes


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
    qtbot.waitUntil(lambda: not page.is_loading() and bool(page.model.rows))  # a lazy list
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
    page.open_record(RecordRef("event", event.id))
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


def _send_end_forms(services, folder, point: str = "end") -> set[int]:  # type: ignore[no-untyped-def]
    """Kent's mentees sent their end-of-programme forms (as drafts): none returned yet."""
    from women_in_ddat.reports.message_attachments import attacher
    from women_in_ddat.services.mail_transport import DraftsFolder

    services.messages.save_settings(sender="coordinator@kent.gov.uk", signature="Jo")
    plan = services.messages.plan(
        "questionnaire", Audience.cohort_group(KENT, Group.MENTEES), point=point, again=True
    )
    services.messages.send(plan, DraftsFolder(folder), attach=attacher(services.db, services.actor))
    return {r.person_id for m in plan.messages for r in m.to}


def test_a_not_matched_group_is_its_mentees_and_the_command_lines_unmatched(
    demo_services,
) -> None:
    groups = _groups(demo_services, AttentionKind.MENTEE_UNMATCHED)
    assert groups
    for group in groups:
        people = demo_services.attention_people.people_of(group.opens, date.today())
        assert people is not None and len(people.person_ids) == group.count > 0
        assert {i.opens.person_id for i in group.most_urgent} <= set(people.person_ids)
        assert people.description == group.opens.describe()
        cohort = demo_services.cohorts.get(group.cohort_id).name
        assert set(people.person_ids) == _reached(
            demo_services, Audience.cohort_group(cohort, Group.UNMATCHED)
        )
        mentees = _reached(demo_services, Audience.cohort_group(cohort, Group.MENTEES))
        assert set(people.person_ids) < mentees  # not every mentee: those not matched


def test_a_questionnaires_group_is_those_who_have_not_returned_that_points_form(
    demo_services, tmp_path
) -> None:
    sent = _send_end_forms(demo_services, tmp_path / "d")
    assert sent
    # Mid-point forms too, most already answered: two points, two different groups.
    _send_end_forms(demo_services, tmp_path / "mid", point="mid")
    [group] = [
        g
        for g in _groups(demo_services, AttentionKind.QUESTIONNAIRE_OUTSTANDING)
        if g.headline == KENT and g.opens.point == "end"
    ]
    people = demo_services.attention_people.people_of(group.opens, date.today())
    assert people is not None and set(people.person_ids) == sent
    assert len(people.person_ids) == group.count
    assert people.description == group.opens.describe()
    assert set(people.person_ids) == _reached(
        demo_services, Audience.cohort_group(KENT, Group.NOT_RETURNED, point="end")
    )
    # Each point's group, and the command line's --to not-returned --point, alike.
    for other in _groups(demo_services, AttentionKind.QUESTIONNAIRE_OUTSTANDING):
        cohort = demo_services.cohorts.get(other.cohort_id).name
        audience = Audience.cohort_group(cohort, Group.NOT_RETURNED, point=other.opens.point)
        found = demo_services.attention_people.people_of(other.opens)
        assert found is not None and set(found.person_ids) == _reached(demo_services, audience)
        assert other.headline != KENT or other.opens.point != "mid" or found.person_ids
    # A mentor was sent none: she is not chased.
    mentors = _reached(demo_services, Audience.cohort_group(KENT, Group.MENTORS))
    assert not set(people.person_ids) & mentors
    with pytest.raises(InvalidInput, match="--point"):
        Audience.cohort_group(KENT, Group.NOT_RETURNED)


def _open_group(qtbot, page, kind: AttentionKind, point: str = ""):  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.pages.dashboard import REF_ROLE

    model = page.attention.model_
    heading = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data().startswith(kind.label)
    )
    group_index = next(
        model.index(r, 0, heading)
        for r in range(model.rowCount(heading))
        if not point or model.index(r, 0, heading).data(REF_ROLE).point == point
    )
    page.attention.setCurrentIndex(group_index)
    assert page.message_button.isEnabled()
    qtbot.mouseClick(page.message_button, Qt.MouseButton.LeftButton)
    qtbot.addWidget(page.dialog)
    return group_index.data(REF_ROLE), page.dialog


@pytest.mark.gui
@pytest.mark.sqlite_only(reason="the page asks the same services; they run on both")
def test_message_them_writes_to_mentees_not_matched_and_questionnaires_not_returned(
    qtbot, demo_services, tmp_path
) -> None:
    from women_in_ddat.ui.context import AppContext
    from women_in_ddat.ui.pages.dashboard import DashboardPage

    sent = _send_end_forms(demo_services, tmp_path / "d")
    page = DashboardPage(AppContext(demo_services))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: not page.is_loading())  # the dashboard is counted on a worker

    ref, dialog = _open_group(qtbot, page, AttentionKind.MENTEE_UNMATCHED)
    assert dialog.selection_radio.isChecked() and dialog.template_name() == "welcome"
    assert ref.describe() in dialog.selection_radio.text()
    plan = dialog.make_plan()
    assert plan is not None
    everyone = {r.person_id for m in plan.messages for r in m.to} | {
        pid for pid, _ in plan.left_out
    }
    assert everyone == set(demo_services.attention_people.people_of(ref).person_ids)
    assert everyone
    dialog.close()

    ref, dialog = _open_group(qtbot, page, AttentionKind.QUESTIONNAIRE_OUTSTANDING, "end")
    assert dialog.template_name() == "questionnaire" and dialog.point_box.currentData() == "end"
    # They had it today (as drafts): a chase goes with "again".
    dialog.again_box.setChecked(True)
    plan = dialog.make_plan()
    assert plan is not None
    everyone = {r.person_id for m in plan.messages for r in m.to} | {
        pid for pid, _ in plan.left_out
    }
    assert everyone == sent
    # Each is sent her own end-of-programme form again.
    assert plan.messages
    assert all(m.attachment == "questionnaire_form" for m in plan.messages)
    assert all(m.about_point == "end" for m in plan.messages)
    dialog.close()
