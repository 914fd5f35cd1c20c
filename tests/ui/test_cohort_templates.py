"""The cohort page's template editing, one-off milestones and "Start a cohort from this one"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import lists_landed
from women_in_ddat.domain.enums import MilestoneAnchor

pytestmark = pytest.mark.gui

COHORT = "Top Talent Kent 2026"


@pytest.fixture(autouse=True)
def opens_on_people() -> None:
    """The window starts on People: these tests have nothing to do with the dashboard."""
    from women_in_ddat.ui.settings import app_settings

    app_settings().setValue("window/page", "People")


@pytest.fixture
def cohorts(window):  # type: ignore[no-untyped-def]
    page = window.show_page("Cohorts")
    row = page.cohort_model.find(lambda c: c.name == COHORT)
    page.cohort_table.selectRow(row)
    assert page.cohort.name == COHORT
    return lists_landed(page)


@pytest.fixture
def editor(qtbot, cohorts):  # type: ignore[no-untyped-def]
    cohorts.edit_template()
    dialog = cohorts.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _press_alt(qtbot, widget, key) -> None:  # type: ignore[no-untyped-def]
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def _select(editor, title: str):  # type: ignore[no-untyped-def]
    row = editor.model.find(lambda t: t.title == title)
    editor.table.selectRow(row)
    return editor.model.row_at(row)


def _milestones(context, title: str, cohort_name: str = COHORT):  # type: ignore[no-untyped-def]
    cohort = context.services.cohorts.by_name(cohort_name)
    return [
        m for m in context.services.progress.milestones(cohort_id=cohort.id) if m.title == title
    ]


def _others(context) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Every other cohort's template titles, to show an edit here stays here."""
    return {
        c.name: [t.title for t in context.services.templates.list(c.id)]
        for c in context.services.cohorts.summaries()
        if c.name != COHORT
    }


def test_the_cohort_page_shows_its_template_with_timing_and_open_counts(cohorts) -> None:
    model = cohorts.template_model
    lines = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert lines["First mentoring session"].endswith(" days after her match starts")
    assert lines["Module or course completed"].endswith(" days after the cohort starts")
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Open now"
    counts = [int(model.index(r, 3).data()) for r in range(model.rowCount())]
    assert counts == [t.open_milestones for t in model.rows] and any(counts)


def test_add_a_milestone_gives_it_to_this_cohorts_mentees_only(qtbot, editor, context) -> None:
    others = _others(context)
    _press_alt(qtbot, editor, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: editor.dialog is not None and editor.dialog.isVisible())
    add = editor.dialog
    qtbot.keyClicks(add.title_edit, "Lunch and learn talk")
    add.anchor.setCurrentIndex(add.anchor.findData(MilestoneAnchor.COHORT_START.value))
    add.offset.setValue(200)
    add.required.setChecked(False)
    add.submit()
    assert not add.isVisible()
    assert editor.selected().title == "Lunch and learn talk"
    made = _milestones(context, "Lunch and learn talk")
    mentees = [
        m
        for m in context.services.cohorts.members(context.services.cohorts.by_name(COHORT).id)
        if m.role == "mentee"
    ]
    assert len(made) == len(mentees) and not any(m.required for m in made)
    assert _others(context) == others


def test_a_blank_title_is_refused_beside_the_field(qtbot, editor) -> None:
    editor.add_line()
    add = editor.dialog
    add.submit()
    assert add.isVisible() and add.errors.message("title")


def test_rename_renames_her_milestones_too(qtbot, editor, context) -> None:
    old = "Public speaking or visibility task"
    before = len(_milestones(context, old))
    _select(editor, old)
    editor.rename_line()
    dialog = editor.dialog
    dialog.title_edit.setText("Visibility task")
    dialog.submit()
    assert editor.selected().title == "Visibility task"
    assert len(_milestones(context, "Visibility task")) == before and not _milestones(context, old)
    assert any(old in titles for titles in _others(context).values())  # other cohorts keep theirs


def test_required_or_optional(qtbot, editor, context) -> None:
    title = next(t.title for t in editor.model.rows if t.required)
    line = _select(editor, title)
    assert line.required and editor.required_button.text() == "Make &optional"
    _press_alt(qtbot, editor, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: not editor.selected().required)
    assert editor.required_button.text() == "Make &required"
    open_ones = [
        m for m in _milestones(context, title) if m.status in ("not_started", "in_progress")
    ]
    assert open_ones and not any(m.required for m in open_ones)


def test_a_timing_change_says_how_many_move_and_moves_them_only_if_asked(
    qtbot, editor, context
) -> None:
    # Open and dated for her matched mentees (the unmatched ones' milestones wait, undated).
    title = "Promotion or new role"
    line = _select(editor, title)
    before = {m.id: m.due_date for m in _milestones(context, title)}
    editor.change_timing()
    timing = editor.dialog
    timing.offset.setValue(line.due_offset_days + 10)
    moving = timing.would_move
    assert moving > 0
    assert f"{moving} would move to the new date" in timing.preview_label.text()
    assert timing.apply.text() == f"&Apply to the {moving} open milestones this moves"
    timing.apply.setChecked(False)
    timing.submit()
    assert {m.id: m.due_date for m in _milestones(context, title)} == before  # kept
    assert editor.selected().due_offset_days == line.due_offset_days + 10
    editor.change_timing()
    timing = editor.dialog
    timing.offset.setValue(line.due_offset_days + 20)
    moving = timing.would_move
    timing.submit()
    after = {m.id: m.due_date for m in _milestones(context, title)}
    moved = [i for i in after if after[i] != before[i]]
    assert len(moved) == moving > 0
    assert all(after[i] == before[i] + timedelta(days=20) for i in moved)


def test_move_up_and_down(qtbot, editor, context) -> None:
    titles = [t.title for t in editor.model.rows]
    _select(editor, titles[1])
    _press_alt(qtbot, editor, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: [t.title for t in editor.model.rows][0] == titles[1])
    assert editor.selected().title == titles[1]
    cohort = context.services.cohorts.by_name(COHORT)
    assert [t.title for t in context.services.templates.list(cohort.id)][:2] == [
        titles[1],
        titles[0],
    ]
    others = _others(context)
    assert all(t[:2] != [titles[1], titles[0]] for t in others.values())  # only this cohort's


def test_retire_asks_then_new_mentees_do_not_get_it(qtbot, editor, context, messages) -> None:
    title = "Shadowing or secondment"
    before = _milestones(context, title)
    _select(editor, title)
    messages.answer(True)
    editor.retire_line()
    assert "New mentees will not get it" in messages.asked[-1][1]
    assert title not in [t.title for t in editor.model.rows]
    assert [m.id for m in _milestones(context, title)] == [
        m.id for m in before
    ]  # kept as they were


def test_a_one_off_milestone_for_one_mentee(qtbot, cohorts, context) -> None:
    cohorts.mentee_table.selectRow(0)
    mentee = cohorts.selected_member()
    assert cohorts.one_off_button.isEnabled()
    _press_alt(qtbot, cohorts, Qt.Key.Key_J)  # Milestone &just for her…
    qtbot.waitUntil(lambda: cohorts.dialog is not None and cohorts.dialog.isVisible())
    dialog = cohorts.dialog
    qtbot.keyClicks(dialog.title_edit, "Present at the regional meet-up")
    day = date.today() + timedelta(days=40)
    dialog.due.setText(day.strftime("%d/%m/%Y"))
    dialog.submit()
    assert not dialog.isVisible()
    made = _milestones(context, "Present at the regional meet-up")
    assert [(m.participation_id, m.due_date) for m in made] == [(mentee.participation_id, day)]


def test_start_the_next_cohort_from_this_one(qtbot, cohorts, context) -> None:
    source = cohorts.cohort
    _press_alt(qtbot, cohorts, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: cohorts.dialog is not None and cohorts.dialog.isVisible())
    dialog = cohorts.dialog
    assert dialog.name.text() == "Top Talent Kent 2027"
    assert dialog.start.date_value() == source.start_date.replace(year=source.start_date.year + 1)
    dialog.copy_mentors.setChecked(True)
    dialog.submit()
    assert not dialog.isVisible()
    made = context.services.cohorts.by_name("Top Talent Kent 2027")
    assert cohorts.cohort.id == made.id  # shown at once
    assert [t.title for t in context.services.templates.list(made.id)] == [
        t.title for t in context.services.templates.list(source.id)
    ]
    members = context.services.cohorts.members(made.id)
    old_mentors = {
        m.person_id
        for m in context.services.cohorts.members(source.id)
        if m.role == "mentor" and m.status != "withdrawn"
    }
    assert {m.person_id for m in members if m.role == "mentor"} == old_mentors
    assert not [m for m in members if m.role == "mentee"]


def test_the_programme_template_is_edited_for_every_cohort_on_it(qtbot, cohorts, context) -> None:
    """Alt+R on the cohort page edits the programme's template, which cohorts use until they change theirs."""
    services = context.services
    on_programme = [
        c.name
        for c in services.cohorts.summaries()
        if all(t.programme_id is not None for t in services.templates.list(c.id))
    ]
    assert on_programme, "the demo has cohorts still on the programme's template"
    _press_alt(qtbot, cohorts, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: cohorts.dialog is not None and cohorts.dialog.isVisible())
    editor = cohorts.dialog
    assert editor.cohort_id is None and "Top Talent" in editor.windowTitle()
    editor.add_line()
    add = editor.dialog
    qtbot.keyClicks(add.title_edit, "Programme kick-off attended")
    add.anchor.setCurrentIndex(add.anchor.findData(MilestoneAnchor.COHORT_START.value))
    add.offset.setValue(7)
    add.submit()
    assert not add.isVisible()
    assert editor.selected().title == "Programme kick-off attended"
    for name in on_programme:
        assert "Programme kick-off attended" in [
            t.title for t in services.templates.list(services.cohorts.by_name(name).id)
        ], name
