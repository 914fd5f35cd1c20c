"""File > Export…: one dataset of the programme to a CSV or Excel file, written off the GUI thread.

The rows are the command line's ``export`` datasets (services.exporting):
the same columns, the same formula-safe text, the same audit entry.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.ui import file_dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.tasks import Task, run_with_progress

# What each dataset holds, in her words (the keys are services.exporting's datasets).
DATASETS = (
    ("people", "People", "everyone's profile: name, email, organisation, DDaT role"),
    ("participants", "Participants", "who is in which cohort, as mentee or mentor"),
    ("matches", "Matches", "mentee and mentor, with names beside emails, and status"),
    ("milestones", "Milestones", "each mentee's milestones, due dates and state"),
    ("sessions", "Mentoring sessions", "sessions logged, by match"),
    ("outcomes", "Outcomes", "career outcomes recorded"),
    ("attendance", "Event attendance", "who was marked attended, absent or away, by event day"),
    ("assessments", "Assessments", "her own questionnaire answers, one row per statement or skill"),
    ("feedback", "Feedback", "mid-point and end feedback: satisfaction, recommendation, quotes"),
    ("organisations", "Organisations", "the organisations and how many people each has"),
)
FORMATS = (("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV, UTF-8 (.csv)"))


class ExportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: Task | None = None
        self.setWindowTitle("Export")
        self.setAccessibleName("Export a dataset")
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.dataset = QComboBox()
        self.dataset.setAccessibleName("Dataset")
        for key, label, _what in DATASETS:
            self.dataset.addItem(label, key)
        self.dataset.currentIndexChanged.connect(self._describe)
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for key, label in FORMATS:
            self.format.addItem(label, key)
        form.addRow("&Dataset", self.dataset)
        form.addRow("F&ormat", self.format)
        column.addLayout(form)
        self.description = QLabel()
        self.description.setObjectName("hint")
        self.description.setWordWrap(True)
        column.addWidget(self.description)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Export…")
        save.setAccessibleName("Export")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self._describe()

    def _describe(self) -> None:
        what = DATASETS[self.dataset.currentIndex()][2]
        self.description.setText(f"{what[0].upper()}{what[1:]}. Personal data: keep the file safe.")

    def chosen(self) -> tuple[str, str]:
        return str(self.dataset.currentData()), str(self.format.currentData())

    def ask_save_path(self, suggested: Path, fmt: str) -> str:
        """The save dialog (tests replace this seam)."""
        pattern = "Excel workbook (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
        return file_dialogs.save_path(self, file_dialogs.EXPORT, "Export to", suggested, pattern)

    def export(self) -> None:
        dataset, fmt = self.chosen()
        suggested = (
            file_dialogs.start_folder(file_dialogs.EXPORT)
            / f"{dataset}-{date.today().isoformat()}.{fmt}"
        )
        chosen = self.ask_save_path(suggested, fmt)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        exports = self.context.services.exports
        label = self.dataset.currentText()
        self.buttons.setEnabled(False)

        def done(count: int) -> None:
            self.buttons.setEnabled(True)
            noun = "row" if count == 1 else "rows"
            self.context.statusMessage.emit(f"{label}: {count:,} {noun} exported to {path}")
            self.accept()

        self.task = run_with_progress(
            self,
            "Exporting",
            lambda _progress: exports.write(dataset, fmt, path),
            done,
            on_cancel=lambda: self.buttons.setEnabled(True),
        )
        self.task.signals.failed.connect(lambda _message: self.buttons.setEnabled(True))
