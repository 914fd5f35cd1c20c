"""File > New programme…: a programme's name and where its file goes, then the file is made.

The file is created by the core (services.programme_file: readable by the
user only, never over an existing file) on a worker thread; ``created``
then carries its path and the window opens it. Works before any database
is open (the welcome screen uses it too).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.ui import file_dialogs
from women_in_ddat.ui.file_dialogs import documents_folder as documents_folder  # its old home
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import FormErrors

FILE_FILTER = "Programme databases (*.db);;All files (*)"


def file_name_for(programme: str) -> str:
    """A file name from the programme's name: letters, digits and dashes, then ``.db``."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", programme).strip("-").lower()
    return f"{stem or 'programme'}.db"


class NewProgrammeDialog(QDialog):
    created = Signal(str)  # the new file's path

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"New programme — {APP_DISPLAY_NAME}")
        self.setAccessibleName("New programme")
        self.folder = folder or file_dialogs.start_folder(file_dialogs.PROGRAMME)
        self.task: object | None = None
        self._path_edited = False
        column = QVBoxLayout(self)
        intro = plain_label(
            "A new, empty programme file. Only your user account can read it; "
            "a backup is made beside it each day the app is used.",
            name="hint",
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = FormErrors()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setPlaceholderText("e.g. Kent and Medway Women in DDaT 2027")
        self.errors.add_row(
            form, "Programme &name *", "programme", self.name, name="Programme name"
        )
        self.path = QLineEdit(str(self.folder / file_name_for("")))
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.setAccessibleName("Choose where to save the file")
        self.choose_button.setAutoDefault(False)  # Enter creates; only Alt+C opens the chooser
        self.choose_button.clicked.connect(self.choose_path)
        where = QWidget()
        where_row = QHBoxLayout(where)
        where_row.setContentsMargins(0, 0, 0, 0)
        where_row.addWidget(self.path, 1)
        where_row.addWidget(self.choose_button)
        where.setFocusProxy(self.path)  # Alt+A lands in the path itself
        self.errors.add_row(form, "Save &as *", "path", where, name="Programme file")
        self.path.setAccessibleName("Programme file")
        column.addLayout(form)
        self.general = plain_label(name="generalError")
        self.general.setProperty("role", "fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        column.addWidget(self.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create &programme")
        self.ok_button.setAccessibleName("Create programme")
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.name.textChanged.connect(self._name_changed)
        self.path.textEdited.connect(lambda _t: setattr(self, "_path_edited", True))
        self.setMinimumWidth(680)
        self.name.setFocus()

    def _name_changed(self, text: str) -> None:
        # The file follows the name until she chooses or types a file of her own.
        if not self._path_edited:
            self.path.setText(str(Path(self.path.text()).parent / file_name_for(text)))

    def ask_save_path(self) -> str:
        """The save dialog, starting in Documents (tests replace this seam)."""
        return file_dialogs.save_path(
            self,
            file_dialogs.PROGRAMME,
            f"Save the new programme as — {APP_DISPLAY_NAME}",
            self.path.text(),
            FILE_FILTER,
        )

    def choose_path(self) -> None:
        chosen = self.ask_save_path()
        if chosen:
            if not Path(chosen).suffix:
                chosen += ".db"
            self.path.setText(chosen)
            self._path_edited = True

    def submit(self) -> None:
        from women_in_ddat.ui.tasks import Task

        self.errors.clear()
        self.general.hide()
        text = self.path.text().strip()
        if not text:
            self.errors.show({"path": "choose where to save the file"})
            return
        target = Path(text).expanduser()
        if not target.is_absolute():
            target = self.folder / target
        name = self.name.text()

        def create(progress: object) -> object:
            from women_in_ddat.errors import InvalidInput
            from women_in_ddat.services.programme_file import create_programme_file

            try:
                return str(create_programme_file(target, name))
            except InvalidInput as exc:  # shown beside its field
                return exc

        self._busy(True)
        task = Task(create)
        task.signals.succeeded.connect(self._made)
        task.signals.failed.connect(self._refused)
        self.task = task.start()

    def _made(self, result: object) -> None:
        from women_in_ddat.errors import InvalidInput

        self._busy(False)
        if isinstance(result, InvalidInput):
            unplaced = self.errors.show(result.problems)
            if unplaced or not result.problems:
                self._refused(result.message)
            return
        self.created.emit(str(result))
        self.accept()

    def _refused(self, message: str) -> None:
        self._busy(False)
        self.general.setText(message)
        self.general.show()

    def _busy(self, busy: bool) -> None:
        for widget in (self.name, self.path, self.choose_button, self.ok_button):
            widget.setEnabled(not busy)
        self.ok_button.setText("Creating…" if busy else "Create &programme")
