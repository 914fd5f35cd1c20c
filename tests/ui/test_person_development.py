"""The person page's Questionnaires, Skills and Outcomes tabs and equality answers, driven as a user would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.helpers import click, column_texts, row_texts, settled
from tests.ui.test_accessibility import _unnamed_controls
from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    OutcomeKind,
    ParticipantRole,
    SkillLevel,
)
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.pages.person_view import PersonView

pytestmark = pytest.mark.gui

ZOE = "zoe.hughes@essex.gov.uk"
TODAY = date.today()


@pytest.fixture
def view(qtbot, context):  # type: ignore[no-untyped-def]
    """Zoë's page, shown again (as the People page does) whenever a tab records something."""
    page = PersonView(context)
    qtbot.addWidget(page)
    page.recordsChanged.connect(lambda pid: page.show_detail(context.person_detail.detail(pid)))
    page.resize(1200, 800)
    page.show()
    show(context, page, ZOE)
    settled(qtbot, page)  # her sessions and outcomes are read on a worker
    return page


def show(context, page: PersonView, email: str) -> int:  # type: ignore[no-untyped-def]
    person_id = context.services.people.by_email(email).id
    page.show_detail(context.person_detail.detail(person_id))
    return person_id


def tab(page: PersonView, title: str) -> None:
    index = next(i for i in range(page.tabs.count()) if page.tabs.tabText(i).startswith(title))
    page.tabs.setCurrentIndex(index)


def zoe_place(context) -> int:  # type: ignore[no-untyped-def]
    detail = context.person_detail.detail(context.services.people.by_email(ZOE).id)
    [place] = detail.mentee_places
    return place.id


# --- confidence ---------------------------------------------------------------------


def test_recording_the_mentors_view_of_confidence(qtbot, view, context) -> None:
    tab(view, "Questionnaires")
    place = zoe_place(context)
    before = context.services.development.confidence(place)
    assert view.confidence.model.rowCount() == len(CONFIDENCE_ITEMS)
    click(qtbot, view.confidence.record_button)
    dialog = view.confidence.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    dialog.point.setCurrentIndex(dialog.point.findData("end"))
    dialog.assessor.setCurrentIndex(dialog.assessor.findData("mentor"))
    # Nothing recorded from her mentor yet: every statement starts unanswered.
    assert all(dialog.score(item) == 0 for item in CONFIDENCE_ITEMS)
    assert "Nothing recorded yet" in dialog.loaded.text()
    for score, item in enumerate(CONFIDENCE_ITEMS, start=1):
        click(qtbot, dialog.groups[item].button(score))
    # The keyboard moves a choice along its row.
    first = next(iter(CONFIDENCE_ITEMS))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.groups[first].button(1).setFocus()
    qtbot.keyClick(dialog.groups[first].button(1), Qt.Key.Key_Right)
    assert dialog.score(first) == 2
    dialog.completed_on.setText("")
    qtbot.keyClicks(dialog.completed_on, (TODAY - timedelta(days=2)).strftime("%d/%m/%Y"))
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted

    after = context.services.development.confidence(place)
    expected = {item: max(2, i) for i, item in enumerate(CONFIDENCE_ITEMS, start=1)}
    assert {r.item: r.mentor_scores.get("end") for r in after.rows} == expected
    # Her own answers are untouched.
    assert [r.self_scores for r in after.rows] == [r.self_scores for r in before.rows]
    # The tab shows the new view at once, and the questionnaire list gained a row.
    mentor_column = [c.title for c in view.confidence.model.columns].index("Mentor's view")
    assert column_texts(view.confidence.table, mentor_column)[0].endswith("2")
    assert any(a.assessor == "mentor" for a in view.detail.assessments)


def test_the_tab_shows_baseline_latest_and_her_own_change(qtbot, view, context) -> None:
    tab(view, "Questionnaires")
    record = context.services.development.confidence(zoe_place(context))
    titles = [c.title for c in view.confidence.model.columns]
    for row, item_row in enumerate(record.rows):
        texts = row_texts(view.confidence.table, row)
        assert texts[0] == item_row.label
        assert texts[titles.index("Baseline")] == str(item_row.self_scores["baseline"])
        change = item_row.change
        assert texts[titles.index("Change")] == (
            f"+{change}" if change > 0 else str(change).replace("-", "−")
        )
    assert "statements up" in view.confidence.summary.text()


def test_editing_a_questionnaire_prefills_it_and_keeps_her_skill_ratings(
    qtbot, view, context
) -> None:
    tab(view, "Questionnaires")
    place = zoe_place(context)
    lines = view.confidence.assessments.rows
    row = next(i for i, a in enumerate(lines) if a.point == "baseline")
    baseline = lines[row]
    view.confidence.list.activated.emit(view.confidence.assessments.index(row, 0))
    dialog = view.confidence.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.chosen_point() == AssessmentPoint.BASELINE
    assert {item: dialog.score(item) for item in CONFIDENCE_ITEMS} == baseline.confidence
    assert dialog.completed_on.date_value() == baseline.completed_on
    assert "saving replaces them" in dialog.loaded.text()
    click(qtbot, dialog.groups["network"].button(5))
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = context.services.progress.assessments(place)[("baseline", "self")]
    assert stored[("confidence", "network")] == 5
    assert {k: v for (kind, k), v in stored.items() if kind == "skill"} == baseline.skills


def test_bad_answers_are_shown_in_the_form_and_nothing_is_saved(
    qtbot, view, context, messages
) -> None:
    tab(view, "Questionnaires")
    place = zoe_place(context)
    before = context.services.progress.assessments(place)
    click(qtbot, view.confidence.record_button)
    dialog = view.confidence.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.assessor.setCurrentIndex(dialog.assessor.findData("mentor"))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "at least one statement" in dialog.general.text()
    click(qtbot, dialog.groups["network"].button(3))
    dialog.completed_on.setText((TODAY + timedelta(days=3)).isoformat())
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "future" in dialog.errors.message("completed_on")
    dialog.completed_on.setText("31/02/2026")
    click(qtbot, dialog.ok_button)
    assert dialog.errors.message("completed_on")
    assert context.services.progress.assessments(place) == before
    assert messages.problems == []
    dialog.reject()


# --- skills -------------------------------------------------------------------------


def test_rating_skills_shows_the_gap_to_the_target_role(qtbot, view, context) -> None:
    tab(view, "Skills")
    place = zoe_place(context)
    profile = context.services.development.skill_profile(place)
    assert view.skills.model.rowCount() == len(profile.rows)
    assert view.skills.total.text().startswith(f"Gap to the target role: {profile.total_gap} level")
    unrated = next(r.skill for r in profile.rows if r.in_target_role and not r.ratings)
    click(qtbot, view.skills.rate_button)
    dialog = view.skills.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    assert set(dialog.combos) >= {r.skill for r in profile.rows}
    dialog.point.setCurrentIndex(dialog.point.findData("end"))
    # Her end-point ratings are loaded; one more skill rated at awareness opens a gap.
    rated_before = {s: c.currentData() for s, c in dialog.combos.items() if c.currentData()}
    assert rated_before
    combo = dialog.combos[unrated]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == SkillLevel.AWARENESS.value
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted

    after = context.services.development.skill_profile(place)
    row = next(r for r in after.rows if r.skill == unrated)
    assert row.ratings["end"] == SkillLevel.AWARENESS and row.gap == 2
    assert after.total_gap == profile.total_gap + 2
    assert {r.skill for r in after.rows if r.ratings.get("end")} == {*rated_before, unrated}
    assert view.skills.total.text().startswith(f"Gap to the target role: {after.total_gap} levels")
    gap_column = [c.title for c in view.skills.model.columns].index("Gap")
    assert "2" in column_texts(view.skills.table, gap_column)


def test_without_a_target_role_the_skills_tab_says_so_and_points_to_edit(
    qtbot, view, context
) -> None:
    s = context.services
    cohort = s.cohorts.summaries()[0]
    person = s.people.create(
        PersonInput(
            email="new.mentee@kent.gov.uk",
            first_name="Nia",
            last_name="Okafor",
            current_role_family="Data",
            current_role="data analyst",
            current_level="Junior",
        )
    )
    s.cohorts.add_participant(cohort.id, person.id, ParticipantRole.MENTEE)
    show(context, view, "new.mentee@kent.gov.uk")
    tab(view, "Skills")
    assert "No target role is recorded" in view.skills.message.text()
    assert "Edit…" in view.skills.message.text()
    assert view.skills.model.rowCount() > 0 and view.skills.total.isHidden()
    assert view.skills.rate_button.isEnabled()

    no_role = s.people.create(
        PersonInput(email="no.role@kent.gov.uk", first_name="Ife", last_name="Bello")
    )
    s.cohorts.add_participant(cohort.id, no_role.id, ParticipantRole.MENTEE)
    show(context, view, "no.role@kent.gov.uk")
    assert "No DDaT role is recorded" in view.skills.message.text()
    assert not view.skills.rate_button.isEnabled()


def test_a_mentor_has_nothing_to_record_on_these_tabs(qtbot, view, context) -> None:
    mentor = next(
        p
        for p in context.services.people.rows()
        if not context.person_detail.detail(p.id).mentee_places
    )
    view.show_detail(context.person_detail.detail(mentor.id))
    tab(view, "Questionnaires")
    assert not view.confidence.record_button.isEnabled()
    assert "no place as a mentee" in view.confidence.message.text()
    tab(view, "Skills")
    assert not view.skills.rate_button.isEnabled()


# --- outcomes -----------------------------------------------------------------------


def test_recording_editing_and_deleting_an_outcome(qtbot, view, context, messages) -> None:
    tab(view, "Outcomes")
    person_id = view.detail.id
    progress = context.services.progress
    before = len(progress.outcomes(person_id))
    panel = view.outcomes
    assert not panel.edit_button.isEnabled()
    click(qtbot, panel.record_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    dialog.kind.setCurrentIndex(dialog.kind.findData(OutcomeKind.NEW_ROLE.value))
    assert dialog.role.isVisibleTo(dialog)
    dialog.role_family.setCurrentIndex(dialog.role_family.findData("Data"))
    dialog.role.setCurrentIndex(dialog.role.findData("Data scientist"))
    dialog.level.setCurrentIndex(dialog.level.findData("Senior"))
    dialog.occurred_on.clear()
    qtbot.keyClicks(
        dialog.occurred_on,
        "01/03/2026" if date(2026, 3, 1) <= TODAY else TODAY.strftime("%d/%m/%Y"),
    )
    qtbot.keyClicks(dialog.description, "Moved to the data science team")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    outcomes = progress.outcomes(person_id)
    assert len(outcomes) == before + 1
    new = next(o for o in outcomes if o.kind == "new_role")
    assert (new.role_family, new.role, new.level) == ("Data", "Data scientist", "Senior")
    assert new.description == "Moved to the data science team"
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1)

    # Edit: the form comes pre-filled; a qualification has no role, so the role goes.
    row = panel.model.find(lambda o: o.id == new.id)
    panel.table.selectRow(row)
    assert panel.edit_button.isEnabled()
    click(qtbot, panel.edit_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.chosen_kind() == OutcomeKind.NEW_ROLE
    assert dialog.role.currentData() == "Data scientist" and dialog.level.currentData() == "Senior"
    assert dialog.description.toPlainText() == "Moved to the data science team"
    dialog.kind.setCurrentIndex(dialog.kind.findData(OutcomeKind.QUALIFICATION.value))
    assert not dialog.role.isVisibleTo(dialog)
    click(qtbot, dialog.ok_button)
    edited = next(o for o in progress.outcomes(person_id) if o.id == new.id)
    assert (edited.kind, edited.role, edited.level) == ("qualification", "", "")
    settled(qtbot, view)

    # Delete asks first; No keeps it, Yes removes it, and Ctrl+Z puts it back.
    panel.table.selectRow(panel.model.find(lambda o: o.id == new.id))
    messages.answer(False)
    click(qtbot, panel.delete_button)
    assert any(o.id == new.id for o in progress.outcomes(person_id))
    messages.answer(True)
    click(qtbot, panel.delete_button)
    assert "Delete outcome" in messages.asked[-1][0]
    assert all(o.id != new.id for o in progress.outcomes(person_id))
    qtbot.waitUntil(lambda: panel.model.rowCount() == before)
    step = context.undo.pop()
    assert step is not None and step.label == "Undo deleting an outcome"
    step.reverse()
    assert any(o.kind == "qualification" for o in progress.outcomes(person_id))


def test_a_failing_save_shows_a_message_and_changes_nothing(qtbot, view, context, messages) -> None:
    tab(view, "Outcomes")
    progress = context.services.progress
    person_id = view.detail.id
    [outcome] = [o for o in view.detail.outcomes][:1]
    panel = view.outcomes
    panel.table.selectRow(0)
    click(qtbot, panel.edit_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    # Meanwhile the entry is removed (another coordinator, or an undo elsewhere).
    progress.delete_outcome(outcome.id)
    before = [(o.id, o.kind) for o in progress.outcomes(person_id)]
    dialog.kind.setCurrentIndex(dialog.kind.findData(OutcomeKind.ACTING_UP.value))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert messages.problems and "no longer exists" in messages.problems[-1][1]
    assert [(o.id, o.kind) for o in progress.outcomes(person_id)] == before
    # A date in the future is refused beside its field.
    dialog.occurred_on.setText((TODAY + timedelta(days=1)).strftime("%d/%m/%Y"))
    click(qtbot, dialog.ok_button)
    assert "future" in dialog.errors.message("occurred_on")
    dialog.reject()


# --- equality -----------------------------------------------------------------------


def test_equality_answers_only_when_her_programme_collects_them(
    qtbot, view, context, messages
) -> None:
    from women_in_ddat.ui.pages.equality_settings import EqualitySettings

    tab(view, "Profile")
    assert not view.equality_button.isEnabled()
    assert "Data protection" in view.equality_button.toolTip()
    assert "switched off" in view.equality_note.text()

    settings = EqualitySettings(context.services)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: not settings.is_loading())  # the programmes are read on a worker
    [box] = settings.boxes.values()
    assert not box.isChecked()
    click(qtbot, box)
    assert context.services.personal_data.equality_settings()[0].collecting

    person_id = show(context, view, ZOE)
    assert view.equality_button.isEnabled()
    click(qtbot, view.equality_button)
    dialog = view.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    intro = dialog.intro.text()
    assert "optional" in intro and "kept apart" in intro and "never used for matching" in intro
    for combo in dialog.questions.values():
        options = [combo.itemText(i) for i in range(combo.count())]
        assert "Prefer not to say" in options
        assert combo.currentText() == "Prefer not to say"
    dialog.questions["disability"].setCurrentIndex(dialog.questions["disability"].findData("no"))
    dialog.questions["age_band"].setCurrentIndex(dialog.questions["age_band"].findData("35-44"))
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    status = context.services.personal_data.equality_status(person_id)
    assert status.answers is not None
    assert (status.answers["disability"], status.answers["age_band"]) == ("no", "35-44")
    assert status.answers["ethnicity"] == "prefer_not_to_say"
    assert "Answered on" in view.equality_note.text()

    # Collection switched off while the dialog is open: refused with a message, nothing changes.
    click(qtbot, view.equality_button)
    dialog = view.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.questions["age_band"].currentData() == "35-44"
    click(qtbot, box)
    assert not context.services.personal_data.equality_settings()[0].collecting
    dialog.questions["age_band"].setCurrentIndex(dialog.questions["age_band"].findData("45-54"))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "switched off" in messages.problems[-1][1]
    assert context.services.personal_data.equality_status(person_id).answers["age_band"] == "35-44"
    dialog.reject()


def test_the_people_page_reloads_her_page_after_a_recording(qtbot, window, context) -> None:
    from tests.ui.helpers import wait_for_people

    people = window.show_page("People")
    wait_for_people(qtbot, people)
    person_id = context.services.people.by_email(ZOE).id
    people.show_person(person_id)
    qtbot.waitUntil(lambda: people.view.detail is not None and people.view.detail.id == person_id)
    before = len(people.view.detail.outcomes)
    tab(people.view, "Outcomes")
    click(qtbot, people.view.outcomes.record_button)
    dialog = people.view.outcomes.dialog
    qtbot.waitUntil(dialog.isVisible)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: len(people.view.detail.outcomes) == before + 1)
    assert people.view.tabs.tabText(people.view.tabs.currentIndex()) == f"Outcomes ({before + 1})"


def test_tab_lands_on_each_statements_chosen_score(qtbot, view, context) -> None:
    tab(view, "Questionnaires")
    click(qtbot, view.confidence.record_button)
    dialog = view.confidence.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.point.setCurrentIndex(dialog.point.findData("baseline"))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.completed_on.setFocus()
    reached = []
    for _ in CONFIDENCE_ITEMS:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget())
    expected = [dialog.groups[item].checkedButton() for item in CONFIDENCE_ITEMS]
    assert reached == expected and all(b is not None for b in expected)
    dialog.reject()


def test_a_mentee_in_two_cohorts_chooses_which_place(qtbot, view, context) -> None:
    s = context.services
    zoe = s.people.by_email(ZOE)
    first_place = zoe_place(context)
    first_answers = context.services.development.confidence(first_place)
    other = next(c for c in s.cohorts.summaries() if c.id != view.detail.mentee_places[0].cohort_id)
    second = s.cohorts.add_participant(other.id, zoe.id, ParticipantRole.MENTEE)
    show(context, view, ZOE)
    tab(view, "Questionnaires")
    panel = view.confidence
    assert panel.place.isVisibleTo(panel) and panel.place.count() == 2
    panel.place.setCurrentIndex(panel.place.findData(second.id))
    assert all(not r.self_scores for r in panel.model.rows)
    click(qtbot, panel.record_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.place.isVisibleTo(dialog) and dialog.chosen_place() == second.id
    assert dialog.chosen_point() == AssessmentPoint.BASELINE
    click(qtbot, dialog.groups["leadership"].button(2))
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    new = context.services.development.confidence(second.id)
    assert {r.item: r.self_scores for r in new.rows if r.self_scores} == {
        "leadership": {"baseline": 2}
    }
    # Her first cohort's answers are untouched, and the tab still shows the place chosen.
    assert context.services.development.confidence(first_place) == first_answers
    assert panel.place_id() == second.id
    assert [r.self_scores.get("baseline") for r in panel.model.rows][-1] == 2
