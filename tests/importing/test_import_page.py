"""The Import page driven as a coordinator would (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent

from tests.importing.corpus import HEADER, PEOPLE, write_csv, write_openpyxl
from women_in_ddat.ui.context import AppContext

pytestmark = pytest.mark.gui


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    from women_in_ddat.ui import dialogs

    seen: dict[str, list] = {"inform": [], "problem": [], "confirm": []}
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: seen["inform"].append(text))
    monkeypatch.setattr(
        dialogs, "show_problem", lambda parent, title, text: seen["problem"].append(text)
    )

    def confirm(parent, title, text, **kwargs):  # type: ignore[no-untyped-def]
        seen["confirm"].append(text)
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return seen


@pytest.fixture
def page(qtbot, services):  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.pages.importing import ImportPage

    widget = ImportPage(AppContext(services))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    yield widget
    QThreadPool.globalInstance().waitForDone()


def wait_for(qtbot, page, step: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.step == step and page.task is None, timeout=20000)


def test_choose_map_preview_import_undo(qtbot, page, services, tmp_path: Path, told) -> None:
    path = write_openpyxl(tmp_path / "kent.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    page.cohort_box.setCurrentText("Kent 2026")
    page.load_file(path)
    wait_for(qtbot, page, "columns")
    assert page.mapping_editor.rowCount() == len(HEADER)
    assert page.mapping_editor.combos[2].currentData() == "email"
    page.mapping_editor.choose(4, None)  # leave the job title out
    page.go_next()
    wait_for(qtbot, page, "preview")
    assert page.preview_model.rowCount() == 5 and page.preview_model.problem_rows == 0
    assert "5 new" in page.preview_label.text() and "(a new cohort)" in page.preview_label.text()
    assert services.people.count() == 0  # the preview wrote nothing
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        page.go_next()
    wait_for(qtbot, page, "summary")
    assert page.summary_label.text().startswith("Imported (batch 1): 5 created")
    assert services.people.count() == 5
    assert services.people.by_email(str(PEOPLE[0][2])).job_title == ""  # the column left out
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        page.undo_last()
    assert services.people.count() == 0
    assert told["inform"][-1].startswith("Import batch 1 undone")


def preview_with_a_bad_row(qtbot, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The five people and one row with a bad address, at the preview into Kent 2026."""
    rows = [*PEOPLE, ["Bad", "Row", "not-an-email", "", "", "mentee", "", "", ""]]
    page.cohort_box.setCurrentText("Kent 2026")
    page.load_file(write_csv(tmp_path / "list.csv", [HEADER, *rows]))
    wait_for(qtbot, page, "columns")
    page.go_next()
    wait_for(qtbot, page, "preview")


def test_rows_with_problems_block_until_skipped_and_can_be_saved(
    qtbot, page, services, tmp_path: Path, told, monkeypatch
) -> None:
    preview_with_a_bad_row(qtbot, page, tmp_path)
    assert page.preview_model.problem_rows == 1
    assert not page.next_button.isEnabled()
    page.only_problems.setChecked(True)
    assert page.preview_filter.rowCount() == 1
    page.skip_box.setChecked(True)
    assert page.next_button.isEnabled()
    page.go_next()
    wait_for(qtbot, page, "summary")
    assert services.people.count() == 5
    assert page.rejected_model.rowCount() == 1
    target = tmp_path / "back.xlsx"
    monkeypatch.setattr(page, "ask_save_path", lambda title, suggested: str(target))
    page.save_rejected()
    assert target.exists() and told["inform"][-1].startswith("1 rejected rows were saved")


def test_a_refused_import_says_how_to_skip_in_the_app_not_on_the_command_line(
    qtbot, page, services, tmp_path: Path, told
) -> None:
    # The Import button waits for the box while the preview shows problems; an
    # import can still be refused when the rows changed after the preview
    # (someone else's edit on a shared database): that is start_import's path.
    preview_with_a_bad_row(qtbot, page, tmp_path)
    page.start_import()
    wait_for(qtbot, page, "summary")
    text = page.summary_label.text()
    assert text.startswith("Nothing imported: 1 of 6 rows have problems")
    assert f'tick "{page.skip_box.text()}" in the preview' in text and "--skip-invalid" not in text
    assert services.people.count() == 0


def test_a_refused_file_is_one_clear_message(qtbot, page, tmp_path: Path, told) -> None:
    path = tmp_path / "page.xlsx"
    path.write_text("<html></html>", encoding="utf-8")
    page.load_file(path)
    qtbot.waitUntil(lambda: bool(told["problem"]), timeout=20000)
    assert "web page" in told["problem"][0] and page.step == "choose"


def test_dropping_a_file_reads_it(qtbot, page, tmp_path: Path, told) -> None:
    path = write_csv(tmp_path / "dropped.csv", [HEADER, *PEOPLE])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
    wait_for(qtbot, page, "columns")
    assert page.prepared is not None and page.prepared.source.path == path


def test_save_cohort_template(qtbot, page, tmp_path: Path, told, monkeypatch) -> None:
    target = tmp_path / "template.xlsx"
    monkeypatch.setattr(page, "ask_save_path", lambda title, suggested: str(target))
    page.save_template()
    from python_calamine import CalamineWorkbook

    assert CalamineWorkbook.from_path(str(target)).sheet_names == ["Cohort", "Guide"]


def test_an_unmapped_column_shows_the_closest_field(qtbot, page, tmp_path: Path, told) -> None:
    header = ["Email", "Role / job title", "Line mngr", "Favourite colour"]
    page.load_file(
        write_csv(
            tmp_path / "c.csv", [header, ["a@kent.gov.uk", "Analyst", "b@kent.gov.uk", "blue"]]
        )
    )
    wait_for(qtbot, page, "columns")
    editor = page.mapping_editor
    assert editor.combos[1].currentData() == "job_title"
    assert [editor.item(row, 3).text() for row in range(4)] == ["", "", "Line manager email", ""]
    editor.choose(1, None)  # the job title column left out: it is the closest to its own field
    assert [editor.item(row, 3).text() for row in range(4)] == [
        "",
        "Job title",
        "Line manager email",
        "",
    ]
    editor.choose(2, "line_manager_email")
    assert editor.item(2, 3).text() == ""


def test_a_mentor_not_known_yet_is_a_warning_in_the_preview_and_the_summary(
    qtbot, page, services, tmp_path: Path, told
) -> None:
    from women_in_ddat.services.imports_apply import NOT_YET_KNOWN_BY_EMAIL
    from women_in_ddat.ui.pages.importing.preview_model import PROBLEMS

    page.cohort_box.setCurrentText("Kent 2026")
    page.load_file(write_csv(tmp_path / "mentees.csv", [HEADER, PEOPLE[0]]))
    wait_for(qtbot, page, "columns")
    page.go_next()
    wait_for(qtbot, page, "preview")
    assert page.preview_model.problem_rows == 0
    assert (
        page.preview_model.index(0, PROBLEMS).data()
        == f"Warning: I (Mentor email): {NOT_YET_KNOWN_BY_EMAIL}"
    )
    assert page.preview_label.text().endswith(
        "1 new, 0 updated, 0 unchanged. 1 row with a warning (see the Problems column)."
    )
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        page.go_next()
    wait_for(qtbot, page, "summary")
    assert page.summary_label.text() == (
        "Imported (batch 1): 1 created, 0 updated, 0 unchanged, 0 rejected. The cohort Kent 2026 was created. "
        f"1 row imported with a warning: mentees.csv, row 2, column I (Mentor email): {NOT_YET_KNOWN_BY_EMAIL}."
    )
    assert services.people.count() == 1


def test_the_history_lists_every_import_a_window_at_a_time_and_undoes_the_chosen_one(
    qtbot, page, services, tmp_path: Path, told
) -> None:
    from datetime import UTC, datetime, timedelta

    from women_in_ddat.domain.models import ImportBatch
    from women_in_ddat.ui.models.lazy import WINDOW

    # Years of weekly imports before this one: more than a window, once capped at twenty.
    older = WINDOW + 50
    first = datetime.now(UTC) - timedelta(weeks=older + 1)
    with services.db.transaction() as session:
        for week in range(older):
            session.add(
                ImportBatch(
                    source_name=f"week {week:03}.csv",
                    file_sha256=f"{week:064x}",
                    imported_at=first + timedelta(weeks=week),
                    imported_by="coordinator",
                    created_count=week % 7,
                    status="undone",
                )
            )
    page.cohort_box.setCurrentText("Kent 2026")
    page.load_file(write_openpyxl(tmp_path / "kent.xlsx", {"Cohort": [HEADER, *PEOPLE]}))
    wait_for(qtbot, page, "columns")
    page.go_next()
    wait_for(qtbot, page, "preview")
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        page.go_next()
    wait_for(qtbot, page, "summary")
    page.again_button.click()
    qtbot.waitUntil(lambda: not page.batches_loading(), timeout=10000)

    model, table = page.history_model, page.batches
    assert model.total == older + 1 and model.rowCount() == WINDOW
    newest = model.row_at(0)
    assert [model.index(0, c).data() for c in range(1, 8)] == [
        "kent.xlsx", "Kent 2026", "5", "0", "0", "tester", "Applied"
    ]  # fmt: skip
    shown = datetime.strptime(model.index(0, 0).data(), "%d/%m/%Y %H:%M")  # her local time
    assert abs(shown - datetime.now()) < timedelta(minutes=2)
    assert model.index(1, 1).data() == f"week {older - 1:03}.csv"
    model.fetchMore()  # she scrolls to the end: the oldest import is there too
    qtbot.waitUntil(lambda: model.rowCount() == older + 1, timeout=10000)
    assert model.index(older, 1).data() == "week 000.csv"

    # An import already undone is not undone again; Enter on the newest asks, then takes it back.
    table.selectRow(1)
    page.undo_selected()
    assert told["confirm"] == []
    assert told["inform"][-1] == f"Import batch {model.row_at(1).id} has already been undone."
    table.selectRow(0)
    table.setFocus()
    with qtbot.waitSignal(page.context.dataChanged, timeout=20000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert f"batch {newest.id}" in told["confirm"][-1]
    assert services.people.count() == 0
    qtbot.waitUntil(lambda: not page.batches_loading(), timeout=10000)
    chosen = page.selected_batch()  # the reloaded history keeps her choice
    assert chosen is not None and chosen.id == newest.id and chosen.status == "undone"
    assert model.index(0, 7).data() == "Undone"

    # A click on File sorts every import by the database, not the rows loaded so far.
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.batches_loading(), timeout=10000)
    assert model.spec.sort == "source" and model.spec.descending
    assert model.index(0, 1).data() == f"week {older - 1:03}.csv" and model.total == older + 1
    # Words typed find imports among all of them, by the database.
    qtbot.keyClicks(page.history_filter, "kent tester")
    qtbot.waitUntil(lambda: not page.batches_loading() and model.total == 1, timeout=10000)
    assert model.row_at(0).id == newest.id
    page.history_filter.setText("WEEK 00")
    found = sum("00" in f"{week:03}" for week in range(older))  # 000-009, 100, 200
    qtbot.waitUntil(lambda: not page.batches_loading() and model.total == found, timeout=10000)
