"""Questionnaires in the app: write the forms for a cohort, and collect what comes back.

The Collect dialog takes returned PDF forms, folders of them (the saved
email attachments), or a Microsoft Forms / Google Forms export, dropped on
it or chosen; reads them on a worker thread (progress and Cancel, as the
cohort import does); shows each questionnaire matched to her, with its
problems; and saves the valid ones through the questionnaire service, as
the command line does. Undo puts back what the last collection replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import AssessmentPoint
from women_in_ddat.ui import dialogs, file_dialogs
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.tasks import Task, run_with_progress
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone

if TYPE_CHECKING:
    from women_in_ddat.services.questionnaires import CollectionPreview, PreviewItem
    from women_in_ddat.ui.context import AppContext

POINT_CHOICES = (
    (AssessmentPoint.BASELINE, "Start of programme (baseline)"),
    (AssessmentPoint.MID, "Mid-point"),
    (AssessmentPoint.END, "End of programme"),
)


def add_questionnaire_actions(
    menu: QMenu, action: Callable[..., QAction], context: Callable[[], AppContext | None]
) -> None:
    """Write forms and Collect, in ``menu``: ``action`` is the main window's action maker."""

    def run(make: Callable[[AppContext, QWidget], QDialog]) -> Callable[[], None]:
        def open_dialog() -> None:
            ctx, parent = context(), menu.parentWidget()
            if ctx is not None and parent is not None:
                make(ctx, parent.window()).open()

        return open_dialog

    menu.addAction(action("&Write questionnaire forms…", None, run(WriteFormsDialog)))
    menu.addAction(action("Co&llect returned questionnaires…", None, run(CollectDialog)))


def _button(text: str, slot: Callable[[], object], name: str) -> QPushButton:
    from women_in_ddat.ui.pages.base import button

    widget = button(text, name)
    widget.clicked.connect(lambda _checked=False: slot())
    return widget


def _state(item: PreviewItem) -> str:
    if item.problems:
        return "; ".join(item.problems)
    notes = "".join(f"; {note}" for note in item.notes)
    if item.already_saved:  # its notes say why (saved before, or the same as another file)
        text = "; ".join(item.notes) or "already saved"
        return text[0].upper() + text[1:]
    missing = f", {len(item.missing)} not answered" if item.missing else ""
    return f"{item.answer_count} answers{missing}{notes}"


def _tone(item: PreviewItem) -> Tone | None:
    if item.problems:
        return Tone.BAD
    return Tone.WARN if item.missing else None


PREVIEW_COLUMNS: list[Column[PreviewItem]] = [
    Column("From", lambda i: i.source),
    Column("Person", lambda i: i.person_name or i.email),
    Column("Cohort", lambda i: i.cohort),
    Column("Point", lambda i: i.point),
    Column(
        "Check",
        _state,
        tone=_tone,
        tooltip=lambda i: "\n".join(
            [*i.problems, *(f"Not answered: {m}" for m in i.missing), *i.notes]
        ),
    ),
]


class WriteFormsDialog(QDialog):
    """Choose a cohort, a point and a folder; one fillable PDF form per person is written there."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: Task | None = None
        self.setWindowTitle("Write questionnaire forms")
        form = QFormLayout(self)
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        for cohort_id, name in context.services.cohorts.names():
            self.cohort.addItem(name, cohort_id)
        form.addRow("&Cohort", self.cohort)
        self.point = QComboBox()
        self.point.setAccessibleName("Point")
        for point, label in POINT_CHOICES:
            self.point.addItem(label, point.value)
        form.addRow("&Point", self.point)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Folder")
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(_button("Ch&oose…", self._choose_folder, "chooseFolder"))
        # A label beside a row of widgets has no buddy of its own: without one, "&Folder" shows
        # its ampersand and Alt+F goes nowhere.
        folder_label = QLabel("&Folder")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow(
            plain_label(
                "Mentees get the confidence statements and the skills of their target role; "
                "at the mid-point and end, mentees and mentors get the feedback questions.",
                name="hint",
            )
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Write forms")
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _choose_folder(self) -> None:
        chosen = file_dialogs.folder_path(
            self, file_dialogs.QUESTIONNAIRE_FORMS, "Folder for the forms"
        )
        if chosen:
            self.folder.setText(chosen)

    def write(self) -> None:
        """Write the forms on a worker thread (progress and Cancel); the dialog closes when done."""
        from women_in_ddat.reports.questionnaire_forms import write_forms

        if not self.folder.text().strip() or self.cohort.currentData() is None:
            dialogs.show_problem(self, "Write forms", "Choose a cohort and a folder.")
            return
        services = self.context.services
        cohort_id = int(self.cohort.currentData())
        point = AssessmentPoint(self.point.currentData())
        folder = Path(self.folder.text().strip())

        def written(paths: list[Path]) -> None:
            self.context.statusMessage.emit(f"Wrote {len(paths)} questionnaire forms to {folder}")
            self.context.dataChanged.emit(None)
            self.accept()

        self.task = run_with_progress(
            self,
            "Writing the forms",
            lambda progress: write_forms(services, cohort_id, point, folder, progress),
            written,
        )
        self.task.signals.finished.connect(self._finished)

    def _finished(self) -> None:
        self.task = None

    def is_writing(self) -> bool:
        return self.task is not None


class CollectDialog(QDialog):
    """Drop returned forms, folders or a Forms export; check the preview; save."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.paths: list[Path] = []
        self.preview: CollectionPreview | None = None
        # The reading under way, if any; a newer one makes an older one's result stale.
        self.task: Task | None = None
        self._reading = 0
        self.setWindowTitle("Collect returned questionnaires")
        self.setAcceptDrops(True)
        self.resize(860, 480)
        column = QVBoxLayout(self)
        self.drop_hint = plain_label(
            "Drop returned PDF forms, a folder of them, or a Microsoft Forms / Google Forms "
            "export here, or choose them.",
            name="hint",
        )
        self.drop_hint.setWordWrap(True)
        column.addWidget(self.drop_hint)
        choose = QHBoxLayout()
        choose.addWidget(_button("Add &files…", self._add_files, "addFiles"))
        choose.addWidget(_button("Add f&older…", self._add_folder, "addFolder"))
        self.point = QComboBox()
        self.point.setAccessibleName("Point of a Forms export")
        self.point.addItem("Point from the file name", None)
        for point, label in POINT_CHOICES:
            self.point.addItem(label, point.value)
        self.point.currentIndexChanged.connect(lambda _i: self.refresh())
        choose.addWidget(self.point)
        choose.addStretch(1)
        column.addLayout(choose)
        from women_in_ddat.ui.pages.base import table_view

        self.model: RowsModel[PreviewItem] = RowsModel(PREVIEW_COLUMNS, self)
        self.table = table_view("Returned questionnaires")
        self.table.setModel(self.model)
        column.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("collectSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.skip_invalid = QCheckBox("S&kip the questionnaires that cannot be saved")
        column.addWidget(self.skip_invalid)
        row = QHBoxLayout()
        self.undo_button = _button("&Undo the last collection", self.undo_last, "undoCollection")
        row.addWidget(self.undo_button)
        row.addStretch(1)
        self.save_button = _button("&Save answers", self.save, "saveAnswers")
        self.save_button.setEnabled(False)
        row.addWidget(self.save_button)
        row.addWidget(_button("Close", self.reject, "close"))
        column.addLayout(row)

    # --- choosing files ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths(
            [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        )
        event.acceptProposedAction()

    def _add_files(self) -> None:
        chosen = file_dialogs.open_paths(
            self,
            file_dialogs.RETURNED_FORMS,
            "Returned questionnaires",
            "Questionnaires (*.pdf *.xlsx *.csv);;All files (*)",
        )
        self.add_paths([Path(p) for p in chosen])

    def _add_folder(self) -> None:
        chosen = file_dialogs.folder_path(
            self, file_dialogs.RETURNED_FORMS, "Folder of returned forms"
        )
        if chosen:
            self.add_paths([Path(chosen)])

    def add_paths(self, paths: list[Path]) -> None:
        self.paths.extend(p for p in paths if p not in self.paths)
        self.refresh()

    # --- preview and saving ---------------------------------------------------------
    def refresh(self) -> None:
        """Read and match the chosen files on a worker thread; the preview follows when done."""
        from women_in_ddat.importing.questionnaire_files import preview_returns

        if not self.paths:
            return
        if self.task is not None:
            self.task.cancel()
        self._reading += 1
        reading = self._reading
        point = self.point.currentData()
        paths = list(self.paths)
        services = self.context.services
        self.save_button.setEnabled(False)
        self.summary.setText("Reading the questionnaires…")

        def job(progress):  # type: ignore[no-untyped-def]
            return preview_returns(
                services,
                paths,
                point=AssessmentPoint(point) if point else None,
                progress=progress,
            )

        def done(preview: CollectionPreview) -> None:
            if reading == self._reading:
                self.show_preview(preview)

        def stopped() -> None:
            if reading == self._reading:
                self.summary.setText("Reading was cancelled; add the files again to read them.")

        task = run_with_progress(self, "Reading the questionnaires", job, done, on_cancel=stopped)
        self.task = task
        task.signals.finished.connect(lambda: self._finished(task))

    def _finished(self, task: Task) -> None:
        if self.task is task:
            self.task = None

    def is_reading(self) -> bool:
        return self.task is not None

    def show_preview(self, preview: CollectionPreview) -> None:
        self.preview = preview
        self.model.set_rows(list(preview.items))
        lines = [
            f"{len(preview.to_save)} to save, {len(preview.invalid)} cannot be saved, "
            f"{sum(1 for i in preview.items if i.already_saved)} already saved."
        ]
        lines += [f"Column matching no question: {c}" for c in preview.unmatched_columns]
        lines += [f"Not read: {u}" for u in preview.unread]
        self.summary.setText("\n".join(lines))
        self.save_button.setEnabled(bool(preview.to_save))

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
        super().reject()

    def save(self) -> None:
        from women_in_ddat.services.questionnaires import collection_name

        preview = self.preview
        if preview is None:
            return
        service = self.context.services.questionnaires
        ok, result = attempt(
            self,
            "Cannot save the answers",
            lambda: service.collect(
                preview,
                source_name=collection_name(preview),
                skip_invalid=self.skip_invalid.isChecked(),
            ),
        )
        if ok and result is not None:
            self.context.statusMessage.emit(
                f"Saved {result.saved} questionnaires ({result.skipped} skipped)"
            )
            self.context.dataChanged.emit(None)
            self.refresh()

    def undo_last(self) -> None:
        from women_in_ddat.errors import NotFound

        service = self.context.services.questionnaires

        def undo() -> int:
            last = service.last_collection_id()
            if last is None:
                raise NotFound("There is no questionnaire collection to undo.")
            return service.undo(last)

        ok, count = attempt(self, "Cannot undo the collection", undo)
        if ok:
            self.context.statusMessage.emit(f"Put back {count} questionnaires as they were")
            self.context.dataChanged.emit(None)
            self.refresh()
