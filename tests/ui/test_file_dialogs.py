"""Save and open dialogs start in the folder she last used for that kind of file, else Documents.

A tester found most dialogs opening in the home folder, and the calendar entry and sign-in
sheet dialogs in the program's own folder (they were given no folder at all).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.ui.helpers import settled
from women_in_ddat.ui import file_dialogs
from women_in_ddat.ui.file_dialogs import documents_folder
from women_in_ddat.ui.settings import app_settings, settings_path

pytestmark = pytest.mark.gui

UI = Path(file_dialogs.__file__).parent


class FakeDialogs:
    """Stands in for QFileDialog: records where each dialog started, answers as told."""

    def __init__(self) -> None:
        self.started: list[Path] = []
        self.answers: list[str] = []

    def _answer(self, start: str) -> str:
        self.started.append(Path(start))
        return self.answers.pop(0)

    def getSaveFileName(self, parent, title, start, file_filter):  # type: ignore[no-untyped-def]
        return self._answer(start), file_filter

    def getOpenFileName(self, parent, title, start, file_filter):  # type: ignore[no-untyped-def]
        return self._answer(start), file_filter

    def getOpenFileNames(self, parent, title, start, file_filter):  # type: ignore[no-untyped-def]
        return [self._answer(start)], file_filter

    def getExistingDirectory(self, parent, title, start):  # type: ignore[no-untyped-def]
        return self._answer(start)


@pytest.fixture
def fake_dialogs(monkeypatch: pytest.MonkeyPatch) -> FakeDialogs:
    fake = FakeDialogs()
    monkeypatch.setattr(file_dialogs, "QFileDialog", fake)
    return fake


def test_every_file_dialog_of_the_app_goes_through_the_one_helper() -> None:
    direct = [
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path.name != "file_dialogs.py" and "QFileDialog" in path.read_text(encoding="utf-8")
    ]
    assert direct == []


def test_the_calendar_entry_and_sign_in_sheet_start_where_she_last_saved_each(
    qtbot, window, fake_dialogs, tmp_path
) -> None:
    page = window.show_page("Events")
    settled(qtbot, page)
    page.table.selectRow(0)
    calendars, sheets = tmp_path / "calendars", tmp_path / "sheets"
    calendars.mkdir()
    sheets.mkdir()
    fake_dialogs.answers = [
        str(calendars / "first.ics"),
        str(calendars / "second.ics"),
        str(sheets / "first.pdf"),
        str(sheets / "second.pdf"),
    ]
    page.write_calendar_entry()
    page.write_calendar_entry()
    page.write_sign_in_sheet()
    page.write_sign_in_sheet()
    first_ics, second_ics, first_pdf, second_pdf = fake_dialogs.started
    assert first_ics.parent == documents_folder() and first_ics.suffix == ".ics"
    assert second_ics.parent == calendars
    assert first_pdf.parent == documents_folder()  # another kind of file, its own folder
    assert second_pdf.parent == sheets and second_pdf.name.endswith("-sign-in.pdf")
    assert (calendars / "second.ics").exists() and (sheets / "second.pdf").exists()


def test_a_remembered_folder_since_removed_starts_in_documents(fake_dialogs, tmp_path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    fake_dialogs.answers = [str(gone / "a.csv"), ""]
    file_dialogs.save_path(None, file_dialogs.EXPORT, "Export to", "a.csv", "CSV (*.csv)")
    gone.rmdir()
    file_dialogs.save_path(None, file_dialogs.EXPORT, "Export to", "b.csv", "CSV (*.csv)")
    assert fake_dialogs.started[1] == documents_folder() / "b.csv"


def test_cancelling_remembers_nothing_and_folders_remember_themselves(
    fake_dialogs, tmp_path
) -> None:
    fake_dialogs.answers = ["", str(tmp_path), str(tmp_path / "x.pdf")]
    file_dialogs.folder_path(None, file_dialogs.DRAFTS, "Folder for the drafts")
    file_dialogs.folder_path(None, file_dialogs.DRAFTS, "Folder for the drafts")
    file_dialogs.open_paths(None, file_dialogs.DRAFTS, "Drafts", "*")
    assert fake_dialogs.started == [documents_folder(), documents_folder(), tmp_path]


def test_the_settings_file_is_hers_alone() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[window]\npage=People\n", encoding="utf-8")
    path.chmod(0o644)  # as an older version left it
    path.parent.chmod(0o755)
    file_dialogs.remember_folder(file_dialogs.REPORT, path.parent)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert app_settings().value("window/page") == "People"


def test_a_new_settings_file_is_written_private(tmp_path) -> None:
    path = settings_path()
    assert not path.exists()
    file_dialogs.remember_folder(file_dialogs.CALENDAR, tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
