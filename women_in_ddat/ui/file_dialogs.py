"""Every file and folder chooser of the app, each starting where she last was for that kind of file.

A coordinator saves the term's calendar entries, sign-in sheets and reports into the same few
folders; a dialog that opened each time in her home folder (or, given a folder that does not
exist, in the program's own folder) sent her hunting for them. Each kind of file remembers the
folder she last used for it (in the app's settings: a folder path, never a file's contents); the
first time, it is her Documents folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

# The kinds of file, each with its own remembered folder. The key is the settings entry
# ("reports/folder" was the reports page's own before this module).
PROGRAMME = "programmes"
EXPORT = "exports"
REPORT = "reports"
CALENDAR = "calendar"
SIGN_IN_SHEET = "sign_in_sheets"
ATTENDANCE = "attendance"
SPREADSHEET = "spreadsheets"
QUESTIONNAIRE_FORMS = "questionnaire_forms"
RETURNED_FORMS = "returned_forms"
DRAFTS = "drafts"
FRAMEWORK = "framework"
PRIVACY = "data_protection"


def documents_folder() -> Path:
    """Her Documents folder, or her home folder when there is none
    (a dialog given a folder that does not exist opens in the app's working folder)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def _key(kind: str) -> str:
    return f"{kind}/folder"


def start_folder(kind: str) -> Path:
    """The folder she last used for ``kind`` while it still exists, else Documents."""
    try:
        from women_in_ddat.ui.settings import app_settings

        remembered = str(app_settings().value(_key(kind), "", type=str))
    except Exception:  # settings are a convenience: a dialog must open regardless
        remembered = ""
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(kind: str, folder: Path) -> None:
    try:
        from women_in_ddat.ui.settings import app_settings

        settings = app_settings()
        settings.setValue(_key(kind), str(folder))
        settings.sync()
    except Exception:  # never lose her file over a settings problem
        pass


def start_path(kind: str, suggested: str | Path = "") -> Path:
    """Where a save dialog starts: a bare file name goes in the remembered folder; a full
    path (one she has already typed or chosen in the form) is kept as it is."""
    suggested = Path(suggested)
    if suggested.is_absolute():
        return suggested
    return start_folder(kind) / suggested if str(suggested) not in ("", ".") else start_folder(kind)


def save_path(
    parent: QWidget | None, kind: str, title: str, suggested: str | Path, file_filter: str
) -> str:
    """The save dialog; "" when she cancels."""
    start = start_path(kind, suggested)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if chosen:
        remember_folder(kind, Path(chosen).parent)
    return chosen


def open_path(
    parent: QWidget | None, kind: str, title: str, file_filter: str, start: str | Path = ""
) -> str:
    """The open dialog for one file; "" when she cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, title, str(start_path(kind, start)), file_filter
    )
    if chosen:
        remember_folder(kind, Path(chosen).parent)
    return chosen


def open_paths(parent: QWidget | None, kind: str, title: str, file_filter: str) -> list[str]:
    """The open dialog for several files; [] when she cancels."""
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(kind)), file_filter)
    if chosen:
        remember_folder(kind, Path(chosen[0]).parent)
    return list(chosen)


def folder_path(parent: QWidget | None, kind: str, title: str, start: str | Path = "") -> str:
    """The folder chooser; "" when she cancels."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_path(kind, start)))
    if chosen:
        remember_folder(kind, Path(chosen))
    return chosen
