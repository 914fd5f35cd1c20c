"""The Reports page: choose, run off the GUI thread, cancel, open the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import settled
from women_in_ddat.reports.jobs import ReportKind
from women_in_ddat.ui.context import AppContext

pytestmark = pytest.mark.gui

ZOE = "zoe.hughes@essex.gov.uk"


@pytest.fixture
def page(qtbot, demo_services):  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.pages.reports import ReportsPage

    widget = ReportsPage(AppContext(demo_services))
    qtbot.addWidget(widget)
    widget.show()
    settled(qtbot, widget)  # the cohorts' and organisations' choices load on a worker
    yield widget
    if widget.is_running():
        widget.cancel()
        qtbot.waitUntil(lambda: not widget.is_running(), timeout=20000)


@pytest.fixture
def opened(monkeypatch) -> list[Path]:  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.pages import reports as reports_page

    calls: list[Path] = []
    monkeypatch.setattr(reports_page, "open_in_system", lambda path: calls.append(path) or True)
    return calls


def _run(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.run_button, _left())
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _scope_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.scope_box.itemText(i) for i in range(page.scope_box.count())]


def test_each_kind_of_report_lists_what_it_can_be_about(page) -> None:  # type: ignore[no-untyped-def]
    page.set_kind(ReportKind.PERSON)
    assert "Zoë Hughes — Top Talent Essex 2025" in _scope_texts(page)
    assert page.scope_label.text() == "&Mentee"
    page.set_kind(ReportKind.CERTIFICATE)
    certificates = _scope_texts(page)
    assert "Zoë Hughes — Top Talent Essex 2025" in certificates
    assert not any("Kent 2026" in text for text in certificates)  # nobody has finished it
    page.set_kind(ReportKind.ORGANISATION)
    assert any(text.startswith("Essex County Council") for text in _scope_texts(page))
    page.set_kind(ReportKind.BATCH)
    assert page.combined_box.isVisibleTo(page)
    assert page.path_edit.text().endswith("-progress-summaries")
    page.set_kind(ReportKind.COHORT)
    assert not page.combined_box.isVisibleTo(page)
    assert page.path_edit.text().endswith(".pdf")


def test_a_progress_summary_is_written_off_the_gui_thread_then_opened(
    qtbot, page, opened, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.pdf_tools import read_pdf

    page.set_kind(ReportKind.PERSON)
    assert page.select_scope(ZOE, "Top Talent Essex 2025")
    target = tmp_path / "zoe.pdf"
    page.path_edit.setText(str(target))
    _run(qtbot, page)
    assert page.status.text() == f"Wrote 1 PDF file in {tmp_path}."
    assert read_pdf(target).metadata["/Title"] == "Progress summary: Zoë Hughes"
    qtbot.mouseClick(page.open_file_button, _left())
    qtbot.mouseClick(page.open_folder_button, _left())
    assert opened == [target, tmp_path]
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()
    # Another kind of report chosen: the last one's line and buttons go, not read as this one's.
    page.set_kind(ReportKind.COHORT)
    assert page.status.text() == "" or "Wrote" not in page.status.text()
    assert not page.open_file_button.isEnabled() and not page.open_folder_button.isEnabled()


def test_cancel_stops_a_batch_and_leaves_the_folder_empty(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.set_kind(ReportKind.BATCH)
    assert page.select_scope("Top Talent Kent 2026")
    out = tmp_path / "kent"
    page.path_edit.setText(str(out))
    qtbot.mouseClick(page.run_button, _left())
    assert page.is_running() and page.cancel_button.isEnabled()
    assert not page.run_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, _left())
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30000)
    assert page.status.text().startswith("Cancelled. Nothing was written")
    assert not out.exists() or list(out.iterdir()) == []
    assert not page.open_file_button.isEnabled()


def test_a_failure_is_one_clear_line_on_the_page(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.set_kind(ReportKind.COHORT)
    page.path_edit.setText(str(tmp_path / "no-such-folder" / "cohort.pdf"))
    _run(qtbot, page)
    assert page.status.text().startswith("The report was not written: Cannot write the report")
    assert "\n" not in page.status.text()


def test_a_bad_file_name_is_refused_before_anything_runs(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.set_kind(ReportKind.COHORT)
    page.path_edit.setText(str(tmp_path / "cohort.docx"))
    qtbot.mouseClick(page.run_button, _left())
    assert not page.is_running()
    assert page.status.text() == "The report file name should end in .pdf."
    page.set_kind(ReportKind.BATCH)
    page.path_edit.setText("  ")  # never "the current folder"
    qtbot.mouseClick(page.run_button, _left())
    assert not page.is_running()
    assert page.status.text() == "Choose where to save the report."


def test_an_existing_file_is_replaced_only_when_the_coordinator_agrees(
    qtbot, page, messages, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "cohort.pdf"
    target.write_bytes(b"keep me")
    page.set_kind(ReportKind.COHORT)
    page.path_edit.setText(str(target))
    messages.answer(False)
    qtbot.mouseClick(page.run_button, _left())
    assert not page.is_running()
    assert target.read_bytes() == b"keep me"
    messages.answer(True)
    _run(qtbot, page)
    assert target.read_bytes().startswith(b"%PDF")
    assert [title for title, _ in messages.asked] == ["Replace the file?"] * 2


def test_warnings_are_listed_without_blocking_and_no_mentee_is_skipped(
    qtbot, page, demo_services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.builders import add_mentee

    cohort = demo_services.cohorts.by_name("Top Talent Kent 2026")
    # Korean: no bundled font prints it, so it is marked, listed, and never a reason to skip.
    add_mentee(demo_services, cohort.id, "Minji", "김민지", email="layla@kent.gov.uk")
    settled(qtbot, page).refresh()
    settled(qtbot, page)
    page.set_kind(ReportKind.BATCH)
    assert page.select_scope("Top Talent Kent 2026")
    page.path_edit.setText(str(tmp_path / "kent"))
    _run(qtbot, page)
    assert "skipped" not in page.status.text()
    assert page.notes.isVisibleTo(page)
    assert "CJK" in page.notes.toPlainText()
    assert "김민지" not in page.notes.toPlainText()


def test_a_certificate_waits_for_required_events_unless_overridden(
    qtbot, page, demo_services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from women_in_ddat.services.events import DayPlan, EventInput

    essex = demo_services.cohorts.by_name("Top Talent Essex 2025")
    demo_services.events.plan(
        essex.id, EventInput("Celebration", (DayPlan(date(2025, 12, 1)),), required=True)
    )
    page.set_kind(ReportKind.CERTIFICATE)
    assert page.override_box.isVisibleTo(page)
    assert page.select_scope(ZOE, "Top Talent Essex 2025")
    target = tmp_path / "zoe-certificate.pdf"
    page.path_edit.setText(str(target))
    _run(qtbot, page)
    assert "required event" in page.status.text() and not target.exists()

    page.override_box.setChecked(True)
    _run(qtbot, page)
    assert target.exists()
    page.set_kind(ReportKind.PERSON)
    assert not page.override_box.isVisibleTo(page)


def test_the_programme_impact_report_is_written_as_word_from_the_page(
    qtbot, page, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import docx

    page.set_kind(ReportKind.PROGRAMME)
    assert _scope_texts(page)[0].startswith("Every cohort run")
    assert page.path_edit.text().endswith("programme-impact-report-every-cohort-run.pdf")
    target = tmp_path / "impact.docx"
    page.path_edit.setText(str(target))
    _run(qtbot, page)
    assert page.outcome is not None and page.outcome.files == (target,)
    headings = [
        p.text for p in docx.Document(str(target)).paragraphs if p.style.name == "Heading 1"
    ]
    assert "Year on year" in headings


def test_open_pdf_with_no_viewer_says_so_and_offers_the_folder(
    qtbot, page, messages, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.pages import reports as reports_page

    tried: list[Path] = []
    # No PDF viewer: opening the file fails, the folder opens.
    monkeypatch.setattr(
        reports_page, "open_in_system", lambda path: tried.append(path) or path.suffix != ".pdf"
    )
    page.set_kind(ReportKind.PERSON)
    assert page.select_scope(ZOE, "Top Talent Essex 2025")
    target = tmp_path / "zoe.pdf"
    page.path_edit.setText(str(target))
    _run(qtbot, page)
    messages.answer(True)
    qtbot.mouseClick(page.open_file_button, _left())
    title, text = messages.asked[-1]
    assert title == "Cannot open the PDF"
    assert "no program set up to open PDF files" in text and str(tmp_path) in text
    assert tried == [target, tmp_path]


def test_the_report_after_a_cohorts_summaries_goes_beside_their_folder_not_in_it(
    qtbot, page, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page.set_kind(ReportKind.BATCH)
    assert page.select_scope("Top Talent Kent 2026")
    summaries = tmp_path / "kent-summaries"
    page.path_edit.setText(str(summaries))
    _run(qtbot, page)
    assert page.status.text().startswith("Wrote"), page.status.text()
    assert any(summaries.iterdir())
    page.set_kind(ReportKind.PROGRAMME)
    assert Path(page.path_edit.text()).parent == tmp_path


def test_a_mentee_is_found_by_typing_part_of_her_name_and_only_matches_are_held(
    qtbot, page, demo_services
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from tests.reports.builders import add_mentee
    from women_in_ddat.services.report_data_gather import CHOICES_SHOWN

    kent = demo_services.cohorts.by_name("Top Talent Kent 2026")
    for n in range(CHOICES_SHOWN + 5):
        add_mentee(demo_services, kent.id, f"Many{n}", "Crowd", email=f"many{n}@kent.gov.uk")
    page.refresh()
    page.set_kind(ReportKind.PERSON)
    # Nothing typed: a few dozen places (and the one chosen before), never every mentee.
    assert CHOICES_SHOWN <= page.scope_box.count() <= CHOICES_SHOWN + 1

    page.scope_label.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert page.scope_box.hasFocus()
    qtbot.keyClicks(page.scope_box.lineEdit(), "hugh")
    qtbot.waitUntil(lambda: _scope_texts(page) == ["Zoë Hughes — Top Talent Essex 2025"])
    assert page.matches.completionModel().rowCount() == 1  # the completer offers only her
    assert page.scope() is None  # typed, not yet chosen
    qtbot.keyClick(page.scope_box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.scope() is not None)
    assert page.scope().key == ZOE and page.scope().cohort == "Top Talent Essex 2025"
    assert page.path_edit.text().endswith("progress-summary-zoë-hughes-top-talent-essex-2025.pdf")

    qtbot.keyClick(page.scope_box.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.scope_box.lineEdit(), "many1 crowd")
    qtbot.waitUntil(lambda: page.scope_box.count() == 1 + 10)  # many1, many10..many19
    assert all("Crowd" in text for text in _scope_texts(page))
    assert page.scope() is None  # what was chosen before no longer stands
