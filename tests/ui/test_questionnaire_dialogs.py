"""Collecting returned questionnaires in the app: drop, preview, save, undo; feedback shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.services.test_questionnaires import FEEDBACK, fill, mentee_answers
from women_in_ddat.domain.enums import AssessmentPoint
from women_in_ddat.reports.questionnaire_forms import write_forms
from women_in_ddat.services.questionnaires import QuestionnaireService

pytestmark = pytest.mark.gui
KENT = "Top Talent Kent 2026"


def _mentee_form(context, folder: Path) -> tuple[str, Path]:  # type: ignore[no-untyped-def]
    cohort = context.services.cohorts.by_name(KENT)
    written = write_forms(context.services, int(cohort.id), AssessmentPoint.END, folder)
    for path in written:
        fields = PdfReader(str(path)).get_fields()
        if "conf_network" in fields:
            return str(fields["name"]["/V"]), path
    raise AssertionError("no mentee form written")


def _drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def test_dropped_forms_are_previewed_saved_and_undone(qtbot, context, messages, tmp_path) -> None:
    from women_in_ddat.ui.questionnaire_dialogs import CollectDialog

    name, form = _mentee_form(context, tmp_path / "forms")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(form, inbox / "back.pdf", {**mentee_answers(4, "working"), **FEEDBACK})
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4 not a form")
    dialog = CollectDialog(context)
    qtbot.addWidget(dialog)
    _drop(dialog, [inbox])
    [item] = dialog.model.rows
    assert (item.person_name, item.point, item.valid) == (name, "end", True)
    assert dialog.summary.text().startswith("1 to save, 0 cannot be saved")
    assert "Not read: notes.pdf" in dialog.summary.text()
    assert dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    service = QuestionnaireService(context.services.db, context.services.actor)
    person_id = int(context.services.people.by_email(item.email).id)
    [saved] = service.feedback_of_person(person_id)
    assert (saved.point, saved.satisfaction, saved.quote_consent) == ("end", 4, "role")
    assert dialog.model.rows[0].already_saved and not dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert service.feedback_of_person(person_id) == [] and messages.problems == []


def test_the_cohort_page_sums_up_feedback(window, context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.importing.questionnaire_files import preview_returns

    _, form = _mentee_form(context, tmp_path / "forms")
    fill(form, tmp_path / "back.pdf", {**mentee_answers(4, "working"), **FEEDBACK})
    service = QuestionnaireService(context.services.db, context.services.actor)
    service.collect(preview_returns(context.services, [tmp_path / "back.pdf"]), source_name="x")
    page = window.show_page("Cohorts")
    page.cohort_table.selectRow(page.cohort_model.find(lambda c: c.name == KENT))
    page.detail_tabs.setCurrentWidget(page.feedback)
    text = page.feedback.figures.text()
    assert "1 person gave feedback" in text and "Mean satisfaction: 4.0 of 5." in text
    assert "Net Promoter Score): +100" in text and "Quotes that may be published: 1." in text


@pytest.mark.parametrize("kind", ["WriteFormsDialog", "CollectDialog"])
def test_each_labels_letter_takes_the_keyboard_somewhere(qtbot, context, kind: str) -> None:
    """A label with an Alt+letter and no buddy shows its "&" and the letter does nothing."""
    from PySide6.QtWidgets import QLabel

    from tests.ui.test_mnemonics import mnemonics
    from women_in_ddat.ui import questionnaire_dialogs

    dialog = getattr(questionnaire_dialogs, kind)(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dead = [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.textFormat() != Qt.TextFormat.PlainText
        and "&" in label.text().replace("&&", "")
        and label.buddy() is None
    ]
    assert dead == []
    assert {k: v for k, v in mnemonics(dialog).items() if len(v) > 1} == {}
