"""The Import page: choose (or drop) a file, check sheets and columns, preview, import, undo.

Reading the file, the preview (a dry run against the database) and the
import itself run on a worker thread (ui.tasks) with progress and Cancel;
this widget only shows their plain results. Nothing here touches SQL.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.errors import UserFacingError
from women_in_ddat.importing.run import (
    ImportSettings,
    Prepared,
    apply_prepared,
    parse_sheet,
    prepare,
)
from women_in_ddat.importing.sources import EXTENSION_KINDS
from women_in_ddat.services.import_history_list import ImportHistoryList
from women_in_ddat.services.imports import BatchRow, ImportOutcome
from women_in_ddat.services.jobs import Progress
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.models.rows import Column
from women_in_ddat.ui.pages.base import (
    Page,
    first_selected_row,
    name_buttons_by_their_text,
    select_row,
    table_view,
)
from women_in_ddat.ui.pages.importing.mapping_editor import MappingEditor
from women_in_ddat.ui.pages.importing.past_milestones import PastMilestonesQuestion
from women_in_ddat.ui.pages.importing.preview_model import (
    PROBLEMS,
    PreviewModel,
    row_notes,
    warnings_line,
)
from women_in_ddat.ui.tasks import Task
from women_in_ddat.ui.text import counted, plain_label
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk_time

STEPS = ("choose", "columns", "preview", "importing", "summary")
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv);;All files (*)"
ENCODINGS = (
    ("Automatic", None),
    ("UTF-8", "utf-8"),
    ("Windows (cp1252)", "cp1252"),
    ("UTF-16", "utf-16"),
    ("Latin-1", "latin-1"),
)
DELIMITERS = (("Automatic", None), ("Comma", ","), ("Semicolon", ";"), ("Tab", "\t"), ("Bar", "|"))
NO_COHORT = "(no cohort: people only)"
LEFT_OUT = "left out"


def _was_undone(batch: BatchRow) -> bool:
    return batch.status != "applied"


def _imported_at(batch: BatchRow) -> str:
    moment = batch.imported_at
    return uk_time(moment.astimezone()) if isinstance(moment, datetime) else str(moment)[:16]


HISTORY_COLUMNS = [
    Column[BatchRow]("Imported", _imported_at, sort_by="imported_at"),
    Column[BatchRow]("File", lambda b: b.source_name, sort_by="source"),
    Column[BatchRow]("Cohort", lambda b: b.cohort or "no cohort", sort_by="cohort"),
    Column[BatchRow]("Created", lambda b: str(b.created), sort_by="created", right_aligned=True),
    Column[BatchRow]("Updated", lambda b: str(b.updated), sort_by="updated", right_aligned=True),
    Column[BatchRow]("Left out", lambda b: str(b.rejected), sort_by="rejected", right_aligned=True),
    Column[BatchRow]("By", lambda b: b.imported_by, sort_by="by"),
    Column[BatchRow](
        "State",
        lambda b: "Undone" if _was_undone(b) else "Applied",
        sort_by="status",
        tone=lambda b: Tone.NEUTRAL if _was_undone(b) else None,
    ),
]


class ImportPage(Page):
    title = "Import"
    stepChanged = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.services = context.services
        self.setObjectName("importPage")
        self.setAccessibleName("Import")
        self.setAcceptDrops(True)
        self.path: Path | None = None
        self.prepared: Prepared | None = None
        self.outcome: ImportOutcome | None = None
        self.task: Task | None = None
        self.edited_layouts: set[str] = set()
        self.step = "choose"

        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 10)
        title = plain_label("Import a cohort spreadsheet", name="pageTitle")
        column.addWidget(title)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self._build_choose()
        self._build_columns()
        self._build_preview()
        self._build_importing()
        self._build_summary()
        buttons = QHBoxLayout()
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        column.addLayout(buttons)
        self._show("choose")
        self.refresh()
        self._stale = False
        name_buttons_by_their_text(self)

    # Steps -------------------------------------------------------------

    def _build_choose(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = plain_label(
            "Choose the spreadsheet a council sent (xlsx, xlsm, xls, ods, csv or txt), or drop it on this page. "
            "Nothing is written until you press Import, and every import can be undone.",
            name="hint",
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton("Save cohort &template…")
        self.template_button.clicked.connect(self.save_template)
        row.addWidget(self.choose_button)
        row.addWidget(self.template_button)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.cohort_box = QComboBox()
        self.cohort_box.setEditable(True)
        self.cohort_box.setAccessibleName("Cohort")
        self.cohort_box.setToolTip(
            "Everyone is added to this cohort; type a new name to create one."
        )
        form.addRow("Cohort:", self.cohort_box)
        self.encoding_box = QComboBox()
        for label, value in ENCODINGS:
            self.encoding_box.addItem(label, value)
        self.encoding_box.setAccessibleName("Text encoding")
        form.addRow("Text encoding (CSV):", self.encoding_box)
        self.delimiter_box = QComboBox()
        for label, value in DELIMITERS:
            self.delimiter_box.addItem(label, value)
        self.delimiter_box.setAccessibleName("Delimiter")
        form.addRow("Delimiter (CSV):", self.delimiter_box)
        layout.addLayout(form)
        self.file_label = plain_label("", name="subtitle")
        layout.addWidget(self.file_label)
        history_title = QHBoxLayout()
        history_title.addWidget(plain_label("Every import", name="sectionTitle"))
        self.history_filter = QLineEdit()
        self.history_filter.setObjectName("importHistoryFilter")
        self.history_filter.setAccessibleName("Find an import")
        self.history_filter.setPlaceholderText("File, cohort, who or undone")
        self.history_filter.setClearButtonEnabled(True)
        self.history_filter.setMaximumWidth(320)
        history_title.addStretch(1)
        history_title.addWidget(self.history_filter)
        layout.addLayout(history_title)
        # Every batch ever imported, a window at a time (years of weekly imports stay quick).
        self.history_model: LazyRowsModel[BatchRow] = LazyRowsModel(HISTORY_COLUMNS, self)
        self.history_model.failed.connect(
            lambda message: dialogs.show_problem(self, "Cannot list the imports", message)
        )
        self.history_filter.textChanged.connect(self.history_model.set_filter)
        self.batches = table_view("Every import", object_name="importHistory")
        self.batches.setModel(self.history_model)
        for col, width in enumerate((130, 220, 220, 70, 70, 70, 120)):
            self.batches.setColumnWidth(col, width)
        self.batches.activated.connect(lambda _index: self.undo_selected())
        layout.addWidget(self.batches, 1)
        self.undo_selected_button = QPushButton("&Undo selected import…")
        self.undo_selected_button.clicked.connect(self.undo_selected)
        layout.addWidget(self.undo_selected_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(page)

    def _build_columns(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.notes_label = plain_label("", name="hint")
        self.notes_label.setWordWrap(True)
        layout.addWidget(self.notes_label)
        splitter = QSplitter()
        self.sheet_list = QListWidget()
        self.sheet_list.setAccessibleName("Sheets")
        self.sheet_list.currentRowChanged.connect(self._show_sheet_mapping)
        self.sheet_list.itemChanged.connect(self._sheet_toggled)
        self.mapping_editor = MappingEditor()
        self.mapping_editor.mappingChanged.connect(self._mapping_edited)
        splitter.addWidget(self.sheet_list)
        splitter.addWidget(self.mapping_editor)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.remember_box = QCheckBox(
            "&Remember my column choices for files laid out like this one"
        )
        self.remember_box.setChecked(True)
        layout.addWidget(self.remember_box)
        self.stack.addWidget(page)

    def _build_preview(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.preview_label = plain_label("", name="subtitle")
        self.preview_label.setWordWrap(True)
        layout.addWidget(self.preview_label)
        self.only_problems = QCheckBox("Show &only rows with problems")
        layout.addWidget(self.only_problems)
        self.preview_model = PreviewModel()
        self.preview_filter = QSortFilterProxyModel()
        self.preview_filter.setSourceModel(self.preview_model)
        self.preview_filter.setFilterKeyColumn(PROBLEMS)
        self.only_problems.toggled.connect(
            lambda on: self.preview_filter.setFilterRegularExpression(".+" if on else "")
        )
        self.preview_table = self._table(self.preview_filter, "Preview of every row")
        layout.addWidget(self.preview_table, 1)
        self.skip_box = QCheckBox("Import the valid rows and &leave out the rows with problems")
        self.skip_box.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_box)
        self.past_question = PastMilestonesQuestion()
        layout.addWidget(self.past_question)
        self.stack.addWidget(page)

    def _build_importing(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.progress_label = plain_label("Working…")
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Ca&ncel")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(2)
        self.stack.addWidget(page)

    def _build_summary(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary_label = plain_label("", name="subtitle")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.rejected_model = PreviewModel()
        layout.addWidget(self._table(self.rejected_model, "Rows not imported"), 1)
        row = QHBoxLayout()
        self.save_rejected_button = QPushButton("Save re&jected rows…")
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_button.clicked.connect(self.undo_last)
        self.again_button = QPushButton("Import &another file")
        self.again_button.clicked.connect(self.start_over)
        self.proposed_button = QPushButton("Show the &proposed matches")
        self.proposed_button.setAccessibleName("Show the proposed matches")
        self.proposed_button.clicked.connect(self.show_proposed_matches)
        self.proposed_button.hide()
        for button in (
            self.proposed_button,
            self.save_rejected_button,
            self.undo_button,
            self.again_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.stack.addWidget(page)

    def _table(self, model: Any, name: str) -> QTableView:
        table = table_view(name, sortable=False, object_name=name)
        table.setModel(model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        return table

    def _show(self, step: str) -> None:
        self.step = step
        self.stack.setCurrentIndex(STEPS.index(step))
        self._update_buttons()
        self.stepChanged.emit(step)

    def _update_buttons(self) -> None:
        step = self.step
        busy = self.task is not None
        self.back_button.setVisible(step in ("columns", "preview"))
        self.next_button.setVisible(step in ("columns", "preview"))
        self.back_button.setEnabled(not busy)
        if step == "columns":
            self.next_button.setText("&Preview")
            self.next_button.setEnabled(not busy and bool(self.prepared and self._chosen_sheets()))
        elif step == "preview":
            self.next_button.setText("&Import")
            outcome = self.outcome
            has_work = outcome is not None and (outcome.created + outcome.updated) > 0
            blocked = outcome is not None and outcome.rejected > 0 and not self.skip_box.isChecked()
            self.next_button.setEnabled(not busy and has_work and not blocked)
        for widget in (self.choose_button, self.template_button, self.undo_selected_button):
            widget.setEnabled(not busy)

    # Public actions (tests call these) -----------------------------------

    def refresh(self) -> None:
        current = self.cohort_box.currentText()
        self.cohort_box.clear()
        self.cohort_box.addItem(NO_COHORT)
        for cohort in self.services.cohorts.summaries():
            self.cohort_box.addItem(cohort.name)
        if current and current != NO_COHORT:
            self.cohort_box.setCurrentText(current)
        self._load_batches()

    def settings(self, *, dry_run: bool = False) -> ImportSettings:
        cohort = self.cohort_box.currentText().strip()
        prepared = self.prepared
        mappings = {}
        if prepared is not None:
            for sheet in prepared.used:
                if (
                    sheet.mapping is not None
                    and sheet.mapping.layout_signature in self.edited_layouts
                ):
                    mappings[sheet.mapping.layout_signature] = dict(sheet.mapping.fields)
        return ImportSettings(
            cohort=None if not cohort or cohort == NO_COHORT else cohort,
            dry_run=dry_run,
            skip_invalid=self.skip_box.isChecked(),
            sheets=self._sheet_names_to_read(),
            encoding=self.encoding_box.currentData(),
            delimiter=self.delimiter_box.currentData(),
            mappings=mappings,
            framework=self.services.framework.current().framework,
            past_milestones=self.past_question.choice(),
        )

    def load_file(self, path: Path | str) -> None:
        """Read ``path`` off the GUI thread, then show its sheets and columns."""
        self.path = Path(path)
        self.prepared = None
        self.outcome = None
        self.edited_layouts.clear()
        self.file_label.setText(f"Reading {self.path.name}…")
        settings = self.settings()
        settings.sheets = None
        self._run(
            lambda progress: prepare(self.path, settings, progress),
            self._file_read,
            "Reading the file",
        )

    def choose_file(self) -> None:
        path = self.ask_open_path()
        if path:
            self.load_file(path)

    def go_next(self) -> None:
        if self.step == "columns":
            self.preview()
        elif self.step == "preview":
            self.start_import()

    def go_back(self) -> None:
        if self.step == "preview":
            self._show("columns")
        elif self.step == "columns":
            self._show("choose")

    def preview(self) -> None:
        """A dry run: every row checked against the database, nothing written."""
        prepared = self.prepared
        assert prepared is not None
        settings = self.settings(dry_run=True)
        database, actor = self._database(), self.services.actor

        def job(progress: Progress) -> ImportOutcome:
            for sheet in prepared.sheets:
                # Re-read each sheet the coordinator kept, with the columns as she mapped them.
                if (
                    sheet.skipped != LEFT_OUT
                    and sheet.mapping is not None
                    and "email" in sheet.mapping.fields
                ):
                    sheet.skipped = ""
                    parse_sheet(sheet, progress, settings.framework)
            return apply_prepared(database, prepared, settings, actor=actor, progress=progress)

        self._run(job, self._previewed, "Checking every row")

    def start_import(self) -> None:
        prepared = self.prepared
        assert prepared is not None
        settings = self.settings()
        database, actor = self._database(), self.services.actor
        if self.remember_box.isChecked():
            from women_in_ddat.importing.memory import remember_mapping

            for signature, fields in settings.mappings.items():
                remember_mapping(signature, fields)
        self._show("importing")
        self._run(
            lambda progress: apply_prepared(
                database, prepared, settings, actor=actor, progress=progress
            ),
            self._imported,
            "Importing",
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.progress_label.setText("Cancelling…")
            self.task.cancel()

    def start_over(self) -> None:
        self.path = self.prepared = self.outcome = None
        self.past_question.reset()
        self.file_label.setText("")
        self.refresh()
        self._show("choose")

    def save_template(self) -> None:
        path = self.ask_save_path("Save cohort template", "cohort-template.xlsx")
        if not path:
            return
        from women_in_ddat.importing.template import save_template

        try:
            save_template(Path(path), self.services.framework.current().framework)
        except UserFacingError as exc:
            dialogs.show_problem(self, "Save cohort template", exc.message)
            return
        dialogs.inform(
            self, "Save cohort template", f"The cohort template was saved as {Path(path).name}."
        )

    def save_rejected(self) -> None:
        if self.prepared is None or self.outcome is None or not self.outcome.rejected_records:
            return
        path = self.ask_save_path(
            "Save rejected rows", f"{self.prepared.source.path.stem}-rejected.xlsx"
        )
        if not path:
            return
        from women_in_ddat.importing.rejects import save_rejected_rows

        try:
            count = save_rejected_rows(Path(path), self.prepared, self.outcome)
        except UserFacingError as exc:
            dialogs.show_problem(self, "Save rejected rows", exc.message)
            return
        dialogs.inform(
            self, "Save rejected rows", f"{count} rejected rows were saved as {Path(path).name}."
        )

    def undo_last(self) -> None:
        if self.outcome is not None and self.outcome.batch_id is not None:
            self.undo(self.outcome.batch_id)

    def selected_batch(self) -> BatchRow | None:
        row = first_selected_row(self.batches)
        model = self.history_model
        return model.row_at(row) if row is not None and row < model.rowCount() else None

    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            dialogs.inform(self, "Undo import", "Choose an import in the list first.")
        elif _was_undone(batch):
            dialogs.inform(self, "Undo import", f"Import batch {batch.id} has already been undone.")
        else:
            self.undo(batch.id)

    def undo(self, batch_id: int) -> None:
        if not dialogs.confirm(
            self,
            "Undo import",
            f"Take import batch {batch_id} back? Everyone it added is removed again and every change it "
            "made is put back, as long as nobody has edited those records since.",
            action="Undo import",
            destructive=True,
        ):
            return
        imports = self.services.imports

        def job(progress: Progress) -> str:
            progress.step(0, 1, "Undoing the import")
            return imports.undo(batch_id).summary_line()

        self._run(job, self._undone, "Undoing")

    # Seams for tests -------------------------------------------------------

    def ask_open_path(self) -> str:
        from women_in_ddat.ui.new_programme_dialog import documents_folder

        path, _ = QFileDialog.getOpenFileName(
            self, "Import a cohort spreadsheet", str(documents_folder()), FILE_FILTER
        )
        return path

    def ask_save_path(self, title: str, suggested: str) -> str:
        from women_in_ddat.ui.new_programme_dialog import documents_folder

        start = str(documents_folder() / suggested)
        path, _ = QFileDialog.getSaveFileName(self, title, start, "Excel workbook (*.xlsx)")
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path

    # Drag and drop ------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.task is None and self._dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_path(event)
        if path is not None:
            event.acceptProposedAction()
            self.load_file(path)

    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        for url in urls:
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in EXTENSION_KINDS:
                    return path
        return None

    # Background work ----------------------------------------------------------

    def _run(self, job: Any, on_success: Any, what: str) -> None:
        task = Task(job)
        self.task = task
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(f"{what}…")
        task.signals.progress.connect(self._progress)
        task.signals.succeeded.connect(on_success)
        task.signals.failed.connect(lambda message: self._failed(what, message))
        task.signals.cancelled.connect(self._cancelled)
        task.signals.finished.connect(self._finished)
        self._update_buttons()
        task.start()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if message:
            self.progress_label.setText(message)

    def _finished(self) -> None:
        self.task = None
        self._update_buttons()

    def _failed(self, what: str, message: str) -> None:
        self.file_label.setText("")
        dialogs.show_problem(self, what, message)
        if self.step == "importing":
            self._show("preview")

    def _cancelled(self) -> None:
        dialogs.inform(self, "Import", "Cancelled: nothing was imported.")
        if self.step == "importing":
            self._show("preview")

    def _database(self) -> str:
        return self.services.imports.database()

    # Results ------------------------------------------------------------------

    def _file_read(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.file_label.setText(
            f"{prepared.source.display_name}: {counted(len(prepared.records), 'row')} found."
        )
        self.notes_label.setText(
            "\n".join(prepared.notes) or "The columns below were recognised automatically."
        )
        self.sheet_list.blockSignals(True)
        self.sheet_list.clear()
        read = {s.table.name for s in prepared.sheets}
        for sheet in prepared.sheets:
            item = QListWidgetItem(
                sheet.table.name + (f" ({sheet.skipped})" if sheet.skipped else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, sheet.table.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if sheet.skipped else Qt.CheckState.Checked)
            self.sheet_list.addItem(item)
        for info in prepared.all_sheets:
            if info.name not in read:
                item = QListWidgetItem(f"{info.name} (hidden)")
                item.setData(Qt.ItemDataRole.UserRole, info.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.sheet_list.addItem(item)
        self.sheet_list.blockSignals(False)
        first_used = next((i for i, s in enumerate(prepared.sheets) if not s.skipped), 0)
        self.sheet_list.setCurrentRow(first_used)
        self._show_sheet_mapping(first_used)
        self._show("columns")

    def _show_sheet_mapping(self, row: int) -> None:
        prepared = self.prepared
        if prepared is None or not 0 <= row < len(prepared.sheets):
            self.mapping_editor.show_sheet(None)
            return
        self.mapping_editor.show_sheet(prepared.sheets[row])

    def _sheet_names_to_read(self) -> list[str] | None:
        if self.prepared is None:
            return None
        return self._chosen_sheets() or None

    def _chosen_sheets(self) -> list[str]:
        names = []
        for row in range(self.sheet_list.count()):
            item = self.sheet_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(item.data(Qt.ItemDataRole.UserRole))
        return names

    def _sheet_toggled(self, item: QListWidgetItem) -> None:
        prepared = self.prepared
        if prepared is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        known = {s.table.name: s for s in prepared.sheets}
        if (
            name not in known
            and item.checkState() == Qt.CheckState.Checked
            and self.path is not None
        ):
            self.load_file_with_sheets(self._chosen_sheets())  # a hidden sheet: read it now
            return
        if name in known:
            sheet = known[name]
            if item.checkState() == Qt.CheckState.Unchecked:
                sheet.skipped = sheet.skipped or LEFT_OUT
            elif sheet.skipped == LEFT_OUT:
                sheet.skipped = ""
        self._update_buttons()

    def load_file_with_sheets(self, sheets: list[str]) -> None:
        assert self.path is not None
        settings = self.settings()
        settings.sheets = sheets
        path = self.path
        self._run(
            lambda progress: prepare(path, settings, progress),
            self._file_read,
            "Reading the sheets",
        )

    def _mapping_edited(self) -> None:
        sheet = self.mapping_editor.sheet
        if sheet is not None and sheet.mapping is not None:
            self.edited_layouts.add(sheet.mapping.layout_signature)
        self._update_buttons()

    def _previewed(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        prepared = self.prepared
        assert prepared is not None
        self.preview_model.set_records(prepared.records, row_notes(outcome))
        would = (
            f"{outcome.created} new, {outcome.updated} updated, {outcome.unchanged} unchanged"
            + (f", {outcome.rejected} with problems" if outcome.rejected else "")
        )
        cohort = outcome.cohort
        where = (
            f" into {cohort}{' (a new cohort)' if outcome.cohort_created else ''}" if cohort else ""
        )
        advice = ""
        if outcome.rejected:
            advice = (
                " Rows with problems are shown in bold: fix them in the file and choose it again, "
                "or tick the box below to import the others."
            )
        elif not outcome.created and not outcome.updated:
            advice = " Nothing would change: everyone is already recorded as the file says."
        self.preview_label.setText(
            f"{counted(outcome.data_rows, 'row')}{where}: {would}.{advice}{warnings_line(outcome)}"
        )
        self.skip_box.setVisible(outcome.rejected > 0)
        self.past_question.ask(outcome.past_milestones, outcome.cohort, self._cohort_start(outcome))
        self._show("preview")

    def _cohort_start(self, outcome: ImportOutcome) -> date | None:
        """When the cohort being imported into started (None: a new cohort, or no date)."""
        if not outcome.cohort or outcome.cohort_created:
            return None
        try:
            return self.services.cohorts.by_name(outcome.cohort).start_date
        except UserFacingError:
            return None

    def _imported(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        self.rejected_model.set_records(outcome.rejected_records)
        lines = [outcome.summary_line(skip_hint=f'tick "{self.skip_box.text()}" in the preview')]
        if outcome.cohort_created:
            lines.append(f"The cohort {outcome.cohort} was created.")
        if outcome.matches_created:
            lines.append(
                f"{counted(outcome.matches_created, 'match was', 'matches were')} proposed: Show the proposed matches "
                "(Alt+P) to start or change them."
            )
        self.summary_label.setText(" ".join(lines) + warnings_line(outcome, listed=True))
        self.proposed_button.setVisible(bool(outcome.matches_created and outcome.cohort))
        self.save_rejected_button.setVisible(bool(outcome.rejected_records))
        self.undo_button.setVisible(outcome.batch_id is not None)
        self.undo_button.setEnabled(True)
        self._show("summary")
        if outcome.written:
            self.context.changed(self)

    def show_proposed_matches(self) -> None:
        """The Matches page, showing this cohort's proposed matches (the import's among them)."""
        from women_in_ddat.ui.pages.matches import proposed_matches_of

        outcome = self.outcome
        if outcome is None or not outcome.cohort:
            return
        name = outcome.cohort
        try:
            cohort = self.services.cohorts.by_name(name)
        except UserFacingError as exc:  # undone or renamed meanwhile
            dialogs.show_problem(self, "Cannot show the proposed matches", exc.message)
            return
        self.openRecord.emit(proposed_matches_of(int(cohort.id or 0), cohort.name))

    def _undone(self, summary: str) -> None:
        dialogs.inform(self, "Undo import", summary)
        self.undo_button.setEnabled(False)
        self._load_batches()
        self.context.changed(self)

    def _load_batches(self) -> None:
        """Every import, read on a worker thread a window at a time; the one chosen stays chosen."""
        chosen = self.selected_batch()
        keep = chosen.id if chosen is not None else None
        self.history_model.set_query(
            ImportHistoryList(self.services.db), then=lambda: self._select_batch(keep)
        )

    def _select_batch(self, batch_id: int | None) -> None:
        if batch_id is None:
            return
        # Beyond the first window (she had scrolled far back): further windows are fetched.
        self.history_model.seek(
            lambda b: b.id == batch_id,
            lambda row: select_row(self.batches, row) if row is not None else None,
        )

    def batches_loading(self) -> bool:
        """True until the latest reading of the import history is shown."""
        return self.history_model.is_loading()
