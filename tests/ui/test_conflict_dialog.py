"""Two coordinators, one record: the second save shows both versions and offers three choices.

Each test opens a real edit form, lets a second coordinator (her own
Services on the same database) save the record meanwhile, saves the form,
and answers the conflict dialog as a user would, by mouse or keyboard.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.helpers import click
from tests.ui.test_accessibility import _unnamed_controls
from women_in_ddat.domain.enums import AssessmentPoint, OutcomeKind
from women_in_ddat.services.people import PersonInput
from women_in_ddat.ui.conflict_dialog import ChangedMeanwhileDialog
from women_in_ddat.ui.pages.development_dialogs import ConfidenceDialog
from women_in_ddat.ui.pages.outcome_dialogs import OutcomeDialog
from women_in_ddat.ui.pages.person_dialog import PersonDialog

pytestmark = pytest.mark.gui

ZOE = "zoe.hughes@essex.gov.uk"
YESTERDAY = date.today() - timedelta(days=1)


def table_rows(dialog: ChangedMeanwhileDialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def shown_conflict(qtbot, form) -> ChangedMeanwhileDialog:  # type: ignore[no-untyped-def]
    conflict = form.conflict_dialog
    assert conflict is not None
    qtbot.waitUntil(conflict.isVisible)
    assert _unnamed_controls(conflict) == []
    return conflict


@pytest.fixture
def person_form(qtbot, context, second):  # type: ignore[no-untyped-def]
    """Zoë's edit form with a new job title typed, after the second coordinator saved her phone."""
    zoe = context.services.people.by_email(ZOE)
    form = PersonDialog(context, context.person_detail.detail(zoe.id))
    qtbot.addWidget(form)
    form.show()
    second.people.update(zoe.id, PersonInput(phone="01245 000000"), expected_version=zoe.version)
    form.fields["job_title"].setText("Head of data")
    click(qtbot, form.save_button)
    return form, zoe


def test_person_shows_both_versions_and_saves_mine_over_theirs(qtbot, context, person_form) -> None:
    form, zoe = person_form
    conflict = shown_conflict(qtbot, form)
    assert conflict.windowTitle().startswith("Changed while you were editing")
    assert table_rows(conflict) == [
        ("Phone", "01245 000000", zoe.phone or "(empty)"),
        ("Job title", zoe.job_title, "Head of data"),
    ]
    assert context.services.people.get(zoe.id).job_title == zoe.job_title  # nothing saved yet
    click(qtbot, conflict.save_mine)
    assert not conflict.isVisible()
    assert form.result() == QDialog.DialogCode.Accepted
    stored = context.services.people.get(zoe.id)
    assert (stored.job_title, stored.phone) == ("Head of data", zoe.phone)


def test_person_use_theirs_fills_the_form_with_what_is_saved(qtbot, context, person_form) -> None:
    form, zoe = person_form
    click(qtbot, shown_conflict(qtbot, form).use_theirs)
    assert form.isVisible()
    assert form.fields["phone"].text() == "01245 000000"
    assert form.fields["job_title"].text() == zoe.job_title
    assert not form.general_error.isVisibleTo(form)
    # The form now answers to the saved version: a change on top of theirs lands.
    form.fields["region"].setText("East")
    click(qtbot, form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted
    stored = context.services.people.get(zoe.id)
    assert (stored.phone, stored.region, stored.job_title) == (
        "01245 000000",
        "East",
        zoe.job_title,
    )


def test_person_keep_editing_by_keyboard_then_merge_by_hand(qtbot, context, person_form) -> None:
    form, zoe = person_form
    conflict = shown_conflict(qtbot, form)
    assert conflict.keep_editing.isDefault()  # Enter never overwrites anything
    qtbot.keyClick(conflict, Qt.Key.Key_Escape)
    assert not conflict.isVisible() and form.isVisible()
    assert form.fields["job_title"].text() == "Head of data"
    assert "Saving again puts your version over theirs" in form.general_error.text()
    assert context.services.people.get(zoe.id).job_title == zoe.job_title
    form.fields["phone"].setText("01245 000000")  # she takes their phone number, by hand
    click(qtbot, form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted
    stored = context.services.people.get(zoe.id)
    assert (stored.job_title, stored.phone) == ("Head of data", "01245 000000")


def test_a_third_save_after_keep_editing_is_caught_too(qtbot, context, second, person_form) -> None:
    form, zoe = person_form
    click(qtbot, shown_conflict(qtbot, form).keep_editing)
    second.people.update(zoe.id, PersonInput(region="North"))
    click(qtbot, form.save_button)
    conflict = shown_conflict(qtbot, form)
    assert ("Region", "North", zoe.region or "(empty)") in table_rows(conflict)
    click(qtbot, conflict.keep_editing)
    assert context.services.people.get(zoe.id).job_title == zoe.job_title
    form.done(QDialog.DialogCode.Rejected)  # leave it without the "Discard?" question


@pytest.fixture
def outcome_form(qtbot, context, second):  # type: ignore[no-untyped-def]
    """An outcome of Zoë's open for editing, changed to Acting up; meanwhile it became a promotion."""
    zoe = context.services.people.by_email(ZOE)
    created = context.services.progress.record_outcome(zoe.id, OutcomeKind.NEW_ROLE, YESTERDAY)
    detail = context.person_detail.detail(zoe.id)
    line = next(o for o in detail.outcomes if o.id == created.id)
    form = OutcomeDialog(context, detail, line)
    qtbot.addWidget(form)
    form.show()
    second.progress.update_outcome(
        created.id, OutcomeKind.PROMOTION, YESTERDAY, level="Lead", expected_version=1
    )
    form.kind.setCurrentIndex(form.kind.findData(OutcomeKind.ACTING_UP.value))
    form.description.setPlainText("Acting head of data for six months")
    click(qtbot, form.ok_button)
    return form, created.id


def test_outcome_save_mine_over_theirs(qtbot, context, outcome_form) -> None:
    form, outcome_id = outcome_form
    conflict = shown_conflict(qtbot, form)
    assert table_rows(conflict) == [
        ("Outcome", "Promotion", "Acting up"),
        ("Level", "Lead", "(empty)"),
        ("Description", "(empty)", "Acting head of data for six months"),
    ]
    click(qtbot, conflict.save_mine)
    assert form.result() == QDialog.DialogCode.Accepted
    stored = context.services.progress.outcomes(form.detail.id)
    saved = next(o for o in stored if o.id == outcome_id)
    assert (saved.kind, saved.level, saved.version) == ("acting_up", "", 3)


def test_outcome_use_theirs(qtbot, context, outcome_form) -> None:
    form, outcome_id = outcome_form
    click(qtbot, shown_conflict(qtbot, form).use_theirs)
    assert form.isVisible()
    assert form.chosen_kind() == OutcomeKind.PROMOTION
    assert form.level.currentData() == "Lead"
    assert form.description.toPlainText() == ""
    assert not form.general.isVisibleTo(form)
    click(qtbot, form.ok_button)  # saving theirs unchanged is no clash
    assert form.result() == QDialog.DialogCode.Accepted
    saved = next(
        o for o in context.services.progress.outcomes(form.detail.id) if o.id == outcome_id
    )
    assert (saved.kind, saved.level) == ("promotion", "Lead")


def test_outcome_keep_editing(qtbot, context, outcome_form) -> None:
    form, outcome_id = outcome_form
    click(qtbot, shown_conflict(qtbot, form).keep_editing)
    assert form.isVisible() and form.chosen_kind() == OutcomeKind.ACTING_UP
    assert "Saving again puts your version over theirs" in form.general.text()
    saved = next(
        o for o in context.services.progress.outcomes(form.detail.id) if o.id == outcome_id
    )
    assert saved.kind == "promotion"
    form.reject()


def test_confidence_answers_use_theirs(qtbot, context, second) -> None:
    zoe = context.services.people.by_email(ZOE)
    detail = context.person_detail.detail(zoe.id)
    [place] = detail.mentee_places
    form = ConfidenceDialog(context, detail, participation_id=place.id, point=AssessmentPoint.END)
    qtbot.addWidget(form)
    form.show()
    item = "speaking_up"
    mine = 2 if form.score(item) != 2 else 3
    theirs = 5 if mine != 5 else 4
    second.development.record_confidence(
        place.id, AssessmentPoint.END, {item: theirs}, expected_version=form.expected_version
    )
    form.set_score(item, mine)
    click(qtbot, form.ok_button)
    conflict = shown_conflict(qtbot, form)
    assert ("I am confident speaking up and being visible", f"{theirs} of 5", f"{mine} of 5") in (
        table_rows(conflict)
    )
    click(qtbot, conflict.use_theirs)
    assert form.score(item) == theirs
    click(qtbot, form.ok_button)
    assert form.result() == QDialog.DialogCode.Accepted


def test_cohort_details_save_mine_over_theirs(qtbot, window, context, second) -> None:
    page = window.show_page("Cohorts")
    cohort = page.cohort
    assert cohort is not None
    second.cohorts.update_cohort(cohort.id, place="Chelmsford", expected_version=cohort.version)
    page.place_edit.setText("Colchester")
    click(qtbot, page.save_button)
    conflict = shown_conflict(qtbot, page)
    assert table_rows(conflict) == [("Place", "Chelmsford", "Colchester")]
    click(qtbot, conflict.save_mine)
    assert context.services.cohorts.get(cohort.id).place == "Colchester"
    assert page.place_edit.text() == "Colchester"


def test_equality_answers_save_mine_over_theirs(qtbot, context, second) -> None:
    from women_in_ddat.ui.pages.equality_dialog import EqualityDialog

    [programme] = context.services.personal_data.equality_settings()
    context.services.personal_data.set_equality_collection(programme.id, True)
    zoe = context.services.people.by_email(ZOE)
    status = context.services.personal_data.equality_status(zoe.id)
    form = EqualityDialog(context, context.person_detail.detail(zoe.id), status)
    qtbot.addWidget(form)
    form.show()
    second.personal_data.record_equality(zoe.id, {"disability": "yes"}, expected_version=0)
    form.questions["disability"].setCurrentIndex(form.questions["disability"].findData("no"))
    click(qtbot, form.ok_button)
    conflict = shown_conflict(qtbot, form)
    assert table_rows(conflict) == [("Do you consider yourself to have a disability?", "Yes", "No")]
    assert "Yes" not in form.general.text() and "disab" not in form.general.text()
    click(qtbot, conflict.save_mine)
    assert form.result() == QDialog.DialogCode.Accepted
    answers = context.services.personal_data.equality_status(zoe.id).answers
    assert answers is not None and answers["disability"] == "no"


def test_cohort_details_use_theirs(qtbot, window, context, second) -> None:
    page = window.show_page("Cohorts")
    cohort = page.cohort
    assert cohort is not None
    second.cohorts.update_cohort(cohort.id, place="Chelmsford", expected_version=cohort.version)
    page.place_edit.setText("Colchester")
    page.name_edit.setText(cohort.name + " (renamed)")
    click(qtbot, page.save_button)
    conflict = shown_conflict(qtbot, page)
    assert table_rows(conflict) == [
        ("Name", cohort.name, cohort.name + " (renamed)"),
        ("Place", "Chelmsford", "Colchester"),
    ]
    click(qtbot, conflict.use_theirs)
    assert (page.name_edit.text(), page.place_edit.text()) == (cohort.name, "Chelmsford")
    stored = context.services.cohorts.get(cohort.id)
    assert (stored.name, stored.place) == (cohort.name, "Chelmsford")
