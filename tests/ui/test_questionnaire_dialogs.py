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
    assert dialog.is_reading()  # on a worker thread: the dialog stays responsive
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=20000)
    [item] = dialog.model.rows
    assert (item.person_name, item.point, item.valid) == (name, "end", True)
    assert dialog.summary.text().startswith("1 to save, 0 cannot be saved")
    assert "Not read: notes.pdf" in dialog.summary.text()
    assert dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    service = QuestionnaireService(context.services.db, context.services.actor)
    person_id = int(context.services.people.by_email(item.email).id)
    [saved] = [f for f in service.feedback_of_person(person_id) if f.cohort == KENT]
    assert (saved.point, saved.satisfaction, saved.quote_consent) == ("end", 4, "role")
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=20000)
    assert dialog.model.rows[0].already_saved and not dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=20000)
    kent = [f for f in service.feedback_of_person(person_id) if f.cohort == KENT]
    assert kent == [] and messages.problems == []


def test_reading_runs_off_the_gui_thread_and_cancel_stops_it(
    qtbot, context, messages, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from women_in_ddat.importing import questionnaire_files
    from women_in_ddat.ui.questionnaire_dialogs import CollectDialog

    _, form = _mentee_form(context, tmp_path / "forms")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(3):
        fill(form, inbox / f"copy {n}.pdf", mentee_answers(3, "working"))
    gui = threading.current_thread()
    threads: list[threading.Thread] = []
    release = threading.Event()
    read_pdf_form = questionnaire_files.read_pdf_form

    def slow_read(path):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        release.wait(10)
        return read_pdf_form(path)

    dialog = CollectDialog(context)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(questionnaire_files, "read_pdf_form", slow_read)
    _drop(dialog, [inbox])
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads[0] is not gui and dialog.summary.text() == "Reading the questionnaires…"
    dialog.task.cancel()  # as the progress dialog's Cancel does
    release.set()
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=20000)
    assert len(threads) == 1  # stopped before the second file
    assert dialog.model.rows == [] and "cancelled" in dialog.summary.text()
    assert not dialog.save_button.isEnabled() and messages.problems == []


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
    assert f"“{FEEDBACK['fb_quote']}” – " in text and ", a mentee (end)" in text


def test_her_consent_to_publish_is_withdrawn_from_her_page(
    qtbot, window, context, messages, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from women_in_ddat.importing.questionnaire_files import preview_returns

    name, form = _mentee_form(context, tmp_path / "forms")
    fill(form, tmp_path / "back.pdf", {**mentee_answers(4, "working"), **FEEDBACK})
    service = QuestionnaireService(context.services.db, context.services.actor)
    preview = preview_returns(context.services, [tmp_path / "back.pdf"])
    service.collect(preview, source_name="x")
    person_id = int(context.services.people.by_email(preview.items[0].email).id)
    people = window.show_page("People")
    people.show_person(person_id)
    qtbot.waitUntil(lambda: people.view.detail is not None and people.view.detail.id == person_id)
    panel = people.view.feedback
    people.view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: bool(panel.model.rows))
    # Hers in Kent (she may have answered in an earlier cohort too).
    at = next(i for i, r in enumerate(panel.model.rows) if r.cohort == KENT)
    row = panel.model.rows[at]
    assert row.publishable_as == "role"
    panel.table.clearSelection()
    assert not panel.withdraw_button.isEnabled()
    panel.table.selectRow(at)
    assert panel.withdraw_button.isEnabled()

    messages.confirm_answers.append(True)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    [(title, question)] = messages.asked
    assert "end of programme quote" in question and messages.problems == []
    [saved] = [f for f in service.feedback_of_person(person_id) if f.cohort == KENT]
    assert saved.consent_withdrawn_on == date.today() and saved.publishable_as == "none"
    assert (
        next(r for r in panel.model.rows if r.cohort == KENT).consent_withdrawn_on == date.today()
    )
    assert not panel.withdraw_button.isEnabled()
    assert service.publishable_quotes([int(context.services.cohorts.by_name(KENT).id)]) == []
