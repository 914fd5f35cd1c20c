"""Update the DDaT capability framework from its official role and skill CSV downloads.

Shows which framework is in use (version, date, who imported it and when,
and the earlier ones), and imports new files through
``services.framework.import_csvs`` on a worker thread: files with any
problem are refused whole, every problem is listed here, and the framework
in use stays as it was. The framework lives in the programme's database, so
an import changes it for every coordinator of that database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.context import Services
from women_in_ddat.services.framework_import import FrameworkImportResult
from women_in_ddat.services.jobs import Progress
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.tasks import Task
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone, tone_colour
from women_in_ddat.ui.widgets.forms import DateField, FormErrors, read_dates, uk, uk_time

CSV_FILES = "CSV files (*.csv);;All files (*)"


@dataclass(frozen=True)
class Refused:
    """The files were refused: the service's message and each problem it found."""

    message: str
    problems: tuple[str, ...]


def framework_in_use_text(services: Services) -> str:
    """One or two sentences on the framework in use, for this dialog and About."""
    info = services.framework.current()
    text = f"{info.described}."
    if info.imported_at is not None:
        files = ", ".join(info.source_files)
        by = f" by {info.imported_by}" if info.imported_by else ""
        text += f" Imported on {uk_time(info.imported_at)}{by}" + (
            f" from {files}." if files else "."
        )
    if info.problem:
        text += f" Note: {info.problem}."
    return text


def framework_history_text(services: Services) -> str:
    """The frameworks this programme used before the one in use, newest first ("" if none)."""
    earlier = [record for record in services.framework.history() if not record.in_use]
    if not earlier:
        return ""
    lines = ["Used before:"]
    for record in earlier:
        dated = f", dated {uk(record.published_on)}" if record.published_on else ""
        by = f" by {record.imported_by}" if record.imported_by else ""
        lines.append(f"• version {record.version}{dated}, imported on {uk(record.imported_at)}{by}")
    return "\n".join(lines)


class FrameworkDialog(QDialog):
    imported = Signal(str)  # the version now in use

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(f"Update the DDaT framework — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Update the DDaT framework")
        self.setMinimumWidth(640)
        self._task: Task | None = None
        column = QVBoxLayout(self)
        self.in_use = plain_label(name="frameworkInUse")
        self.in_use.setWordWrap(True)
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.in_use)
        self.history = plain_label(name="frameworkHistory")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.history)
        self.earlier = plain_label(name="earlierFramework")
        self.earlier.setWordWrap(True)
        self.adopt_button = QPushButton("&Use it for this programme")
        self.adopt_button.setAccessibleName("Use the framework imported earlier on this computer")
        self.adopt_button.clicked.connect(self.start_adopt)
        earlier_row = QHBoxLayout()
        earlier_row.addWidget(self.earlier, 1)
        earlier_row.addWidget(self.adopt_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(earlier_row)
        intro = plain_label(
            "Download the 'Role content' CSV (and, if you like, the 'Skill description' CSV) from "
            "the Government Digital and Data Profession Capability Framework's website, then "
            "choose them here. Give the version and date the framework's page shows, so reports "
            "can say which framework they used. The framework is kept in the programme's "
            "database: importing it changes it for everyone who uses this database."
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        column.addWidget(intro)

        form = QFormLayout()
        self.errors = FormErrors()
        self.roles_path = QLineEdit()
        self.errors.add_row(
            form,
            "&Roles CSV *",
            "roles",
            self._with_browse(self.roles_path, "roles"),
            name="Roles CSV",
        )
        self.roles_path.setAccessibleName("Roles CSV")
        self.skills_path = QLineEdit()
        self.skills_path.setPlaceholderText("optional")
        self.errors.add_row(
            form,
            "&Skills CSV",
            "skills",
            self._with_browse(self.skills_path, "skills"),
            name="Skills CSV",
        )
        self.skills_path.setAccessibleName("Skills CSV")
        self.version = QLineEdit()
        self.version.setPlaceholderText("as the framework names it, e.g. 2024.1")
        self.errors.add_row(form, "&Version", "version", self.version, name="Framework version")
        self.framework_date = DateField()
        self.errors.add_row(
            form, "&Dated", "framework_date", self.framework_date, name="Framework date"
        )
        column.addLayout(form)

        self.problems = plain_label(name="frameworkProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.problems.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone_colour(Tone.BAD))
        self.problems.setPalette(palette)
        self.problems.hide()
        column.addWidget(self.problems)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = box.addButton("&Import", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setAccessibleName("Import the framework files")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        box.rejected.connect(self.reject)
        box.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        column.addWidget(box)
        self.show_in_use()

    # --- seams that tests replace ----------------------------------------------
    def ask_open_path(self, title: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, "", CSV_FILES)
        return path

    def _with_browse(self, edit: QLineEdit, which: str) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        browse = QPushButton("Browse…")
        browse.setAccessibleName(f"Choose the {which} CSV file")
        browse.clicked.connect(lambda: self._browse(edit, which))
        row.addWidget(browse)
        return holder

    def _browse(self, edit: QLineEdit, which: str) -> None:
        path = self.ask_open_path(f"Choose the framework's {which} CSV")
        if path:
            edit.setText(path)

    def show_in_use(self) -> None:
        self.in_use.setText(f"In use: {framework_in_use_text(self.services)}")
        history = framework_history_text(self.services)
        self.history.setText(history)
        self.history.setVisible(bool(history))
        earlier = self.services.framework.earlier_import()
        self.earlier.setText(f"{earlier.described}." if earlier else "")
        self.earlier.setVisible(earlier is not None)
        self.adopt_button.setVisible(earlier is not None)

    # --- importing -------------------------------------------------------------
    def start_import(self) -> None:
        self.problems.hide()
        roles = self.roles_path.text().strip()
        skills = self.skills_path.text().strip()
        dates, problems = read_dates({"framework_date": self.framework_date})
        if not roles:
            problems["roles"] = "choose the framework's role content CSV file"
        if problems:
            self.errors.show(problems)
            return
        self.errors.clear()
        version = self.version.text()
        framework_date = dates["framework_date"]
        framework = self.services.framework

        def job(progress: Progress) -> FrameworkImportResult | Refused:
            try:
                return framework.import_csvs(
                    Path(roles),
                    Path(skills) if skills else None,
                    version=version,
                    framework_date=framework_date,
                )
            except InvalidInput as exc:
                return Refused(exc.message, tuple(exc.problems.values()))

        self._run(job)

    def start_adopt(self) -> None:
        """Store the framework an earlier version imported on this computer in the database."""
        self.problems.hide()
        framework = self.services.framework
        self._run(lambda progress: framework.adopt_earlier_import())

    def _run(self, job: Callable[[Progress], FrameworkImportResult | Refused]) -> None:
        self.import_button.setEnabled(False)
        self.adopt_button.setEnabled(False)
        task = Task(job)
        self._task = task
        task.signals.succeeded.connect(self._finished)
        task.signals.failed.connect(self._failed)
        task.signals.finished.connect(self._enable_buttons)
        task.start()

    def _enable_buttons(self) -> None:
        self.import_button.setEnabled(True)
        self.adopt_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self._show_problems(message, ())
        dialogs.show_problem(self, "The framework was not imported", message)

    def _finished(self, outcome: FrameworkImportResult | Refused) -> None:
        if isinstance(outcome, Refused):
            self._show_problems(outcome.message, outcome.problems)
            return
        dated = f", dated {uk(outcome.framework_date)}" if outcome.framework_date else ""
        self.show_in_use()
        dialogs.inform(
            self,
            "DDaT framework updated",
            f"Framework version {outcome.version}{dated} is now in use: {outcome.families} role "
            f"families, {outcome.roles} roles, {outcome.role_levels} role levels and "
            f"{outcome.skills} skills ({outcome.described_skills} with descriptions).",
        )
        self.imported.emit(outcome.version)

    def _show_problems(self, message: str, problems: tuple[str, ...]) -> None:
        lines = [message, "The framework in use has not changed."]
        if problems:
            lines += ["", "What to fix:"] + [f"• {p}" for p in problems]
        self.problems.setText("\n".join(lines))
        self.problems.show()
        self.adjustSize()
