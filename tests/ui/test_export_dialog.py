"""File > Export…: every dataset, CSV and Excel, written off the GUI thread and read back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog

from women_in_ddat.ui.export_dialog import DATASETS

pytestmark = pytest.mark.gui


def _export(qtbot, window, dataset: str, fmt: str, target: Path, monkeypatch) -> list[Path]:  # type: ignore[no-untyped-def]
    window.export_action.trigger()
    dialog = window.export_dialog
    dialog.dataset.setCurrentIndex(dialog.dataset.findData(dataset))
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    offered: list[Path] = []

    def ask(suggested: Path, chosen_fmt: str) -> str:
        offered.append(suggested)
        return str(target)

    monkeypatch.setattr(dialog, "ask_save_path", ask)
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20000)
    return offered


def test_every_dataset_exports_as_csv_from_the_file_menu(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    assert [d[0] for d in DATASETS] == [
        "people", "participants", "matches", "milestones", "sessions", "outcomes", "attendance", "assessments",
        "feedback", "organisations",
    ]  # fmt: skip
    for dataset, _label, _what in DATASETS:
        target = tmp_path / f"{dataset}.csv"
        offered = _export(qtbot, window, dataset, "csv", target, monkeypatch)
        assert offered[0].name.startswith(f"{dataset}-") and offered[0].suffix == ".csv"
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        # The demo has some of everything but an event register and feedback (headers still written).
        assert rows or dataset in ("attendance", "feedback"), dataset
    assert window.statusBar().currentMessage().startswith("Organisations:")


def test_matches_in_excel_carry_names_beside_emails(
    qtbot, window, context, tmp_path, monkeypatch
) -> None:
    from women_in_ddat.ui.new_programme_dialog import documents_folder

    target = tmp_path / "matches"  # no suffix: the format's is added
    offered = _export(qtbot, window, "matches", "xlsx", target, monkeypatch)
    assert offered[0].parent == documents_folder()  # save dialogs start in Documents
    book = load_workbook(tmp_path / "matches.xlsx", read_only=True)
    header, *rows = list(book.active.iter_rows(values_only=True))
    book.close()  # a read-only workbook holds its file open until closed
    assert header[:5] == ("Cohort", "Mentee email", "Mentee name", "Mentor email", "Mentor name")
    stored = context.services.matches.rows()
    assert len(rows) == len(stored)
    assert {(r[1], r[2]) for r in rows} == {(m.mentee_email, m.mentee_name) for m in stored}


def test_with_no_documents_folder_file_dialogs_start_at_home(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """A folder that does not exist would open the dialog in the app's working folder."""
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from women_in_ddat.ui.new_programme_dialog import documents_folder

    monkeypatch.setattr(
        QStandardPaths, "writableLocation", lambda _where: str(tmp_path / "no-such-folder")
    )
    assert documents_folder() == Path.home()
    window.export_action.trigger()
    started: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _p, _t, start, _f: (started.append(start), ("", ""))[1],
    )
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda _p, _t, start, _f: (started.append(start), ("", ""))[1],
    )
    window.export_dialog.export()
    window.export_dialog.reject()
    window.show_page("Import").choose_file()
    assert [Path(s).parent if Path(s).suffix else Path(s) for s in started] == [Path.home()] * 2
