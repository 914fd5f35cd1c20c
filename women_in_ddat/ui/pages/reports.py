"""The Reports page: choose a report and what it is about, write it off the GUI thread.

The page lists what a report can be about (from the report data service,
as plain values), builds a ``ReportRequest`` and runs the core's report
job on a worker thread (ui.tasks) with progress and Cancel. When it is
done the coordinator can open the PDF or its folder. A cancelled or failed
run leaves any earlier file as it was (the core writes atomically).

A mentee is found by typing part of her name or email: at 90,000 mentees a
list of every one cost seconds and ~90 MB on the GUI thread, so the choice
holds only the few dozen places matching what was typed, asked of the
service on a worker thread at each pause in typing. Cohorts, organisations
and years are few, and listed whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.wording import counted
from women_in_ddat.errors import UserFacingError
from women_in_ddat.reports.jobs import ReportKind, ReportOutcome, ReportRequest, report_job
from women_in_ddat.services.report_data import ScopeChoice
from women_in_ddat.ui import dialogs, file_dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.base import Page, name_buttons_by_their_text
from women_in_ddat.ui.tasks import Task
from women_in_ddat.ui.widgets.progress_panel import ProgressPanel

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services

REPORT_FOLDER_SETTING = "reports/folder"
SCOPE_LABELS = {
    ReportKind.PERSON: "Mentee",
    ReportKind.CERTIFICATE: "Mentee",
    ReportKind.COHORT: "Cohort",
    ReportKind.ORGANISATION: "Organisation",
    ReportKind.BATCH: "Cohort",
    ReportKind.PROGRAMME: "Cohorts",
}
FILE_STEMS = {
    ReportKind.PERSON: "progress-summary",
    ReportKind.CERTIFICATE: "certificate",
    ReportKind.COHORT: "cohort-summary",
    ReportKind.ORGANISATION: "organisation-report",
    ReportKind.BATCH: "progress-summaries",
    ReportKind.PROGRAMME: "programme-impact-report",
}
# The programme report's form follows the file's suffix.
PROGRAMME_FILTER = "PDF (*.pdf);;Word document (*.docx);;Excel workbook (*.xlsx)"
REPORT_SUFFIXES = (".pdf", ".docx", ".xlsx")
# Reports about one mentee place: found by typing, never listed whole.
MENTEE_KINDS = (ReportKind.PERSON, ReportKind.CERTIFICATE)
# Typing pauses this long before the matches are asked for (a burst of keys costs one query).
TYPING_PAUSE_MS = 120


def open_in_system(path: Path) -> bool:
    """Open a file or folder with the system's own application (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_save_path(parent: QWidget, kind: ReportKind, combined: bool, start: Path) -> Path | None:
    """The system's save (or folder) dialog; None if the coordinator cancelled."""
    chosen: str
    if kind is ReportKind.BATCH and not combined:
        chosen = file_dialogs.folder_path(
            parent, file_dialogs.REPORT, "Folder for the summaries", start
        )
    else:
        filters = PROGRAMME_FILTER if kind is ReportKind.PROGRAMME else "PDF files (*.pdf)"
        chosen = file_dialogs.save_path(
            parent, file_dialogs.REPORT, "Save the report as", start, filters
        )
    return Path(chosen) if chosen else None


def _default_folder() -> Path:
    return file_dialogs.start_folder(file_dialogs.REPORT)


def _remember_folder(folder: Path) -> None:
    try:
        from women_in_ddat.ui.settings import app_settings

        settings = app_settings()
        settings.setValue(REPORT_FOLDER_SETTING, str(folder))
        settings.sync()
    except Exception:
        pass


def programme_years(services: Services) -> list[ScopeChoice]:
    """Every year at once, or one year's cohorts, for the programme impact report."""
    years = services.programme_report.years()
    every = ScopeChoice("all", "Every cohort run", counted(len(years), "year") if years else "")
    return [every, *(ScopeChoice(str(y), f"Cohorts that started in {y}") for y in years)]


LOADING_CHOICES = "Finding what there is to report on…"


class ReportsPage(Page):
    title = "Reports"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        services = self.services = context.services
        self.data = services.report_data
        self.outcome: ReportOutcome | None = None
        self._choices: dict[ReportKind, list[ScopeChoice]] = {}
        self._typed_path = False
        self._report_folder_parent = False
        self._matching: Task | None = None  # the query for what was typed, if one is running
        self._loading_choices: Task | None = None  # the cohorts' and organisations' choices
        self._choices_again = False  # asked to refresh while they were loading
        self._asked = ""  # the words of the newest query asked
        self.setAccessibleName("Reports")
        self._build()
        self.refresh()
        self._stale = False
        name_buttons_by_their_text(self)

    # --- layout -----------------------------------------------------------
    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 10)
        title = QLabel("Reports")
        title.setObjectName("pageTitle")
        column.addWidget(title)
        hint = QLabel(
            "Printable A4 PDFs for mentees, line managers, sponsors and the board. "
            "A name the report cannot print is listed when it is written; "
            "an earlier file is only replaced once the new one is complete."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        column.addWidget(hint)

        form = QFormLayout()
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Report")
        for kind in ReportKind:
            self.kind_box.addItem(kind.label, kind)
        form.addRow("&Report", self.kind_box)

        self.scope_box = QComboBox()
        self.scope_box.setAccessibleName("Report about")
        self.scope_box.setMinimumContentsLength(40)
        self.scope_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The completer shows the combo's own items: only the matches of what was typed.
        self.matches = QCompleter(self.scope_box.model(), self)
        self.matches.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.matches.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self._ask_matches)
        self.scope_label = QLabel("&Mentee")
        self.scope_label.setBuddy(self.scope_box)
        form.addRow(self.scope_label, self.scope_box)

        self.combined_box = QCheckBox("One com&bined PDF instead of one file per mentee")
        form.addRow("", self.combined_box)
        # A certificate waits for every required event; the coordinator may decide otherwise.
        self.override_box = QCheckBox("Write it although she m&issed a required event (noted)")
        self.override_box.setAccessibleName(
            "Write the certificate although she missed a required event"
        )
        form.addRow("", self.override_box)

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Save to")
        self.choose_button = QPushButton("Choo&se…")
        self.choose_button.setAccessibleName("Choose where to save")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        save_label = QLabel("Save &to")
        save_label.setBuddy(self.path_edit)
        form.addRow(save_label, path_row)
        column.addLayout(form)

        actions = QHBoxLayout()
        self.run_button = QPushButton("Cre&ate report")
        self.run_button.setProperty("primary", True)
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton("Ca&ncel")
        actions.addWidget(self.run_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        column.addLayout(actions)

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Report progress")
        column.addWidget(self.progress_bar)

        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        column.addWidget(self.status)

        result_row = QHBoxLayout()
        self.open_file_button = QPushButton("Open &PDF")
        self.open_folder_button = QPushButton("Open fo&lder")
        for b in (self.open_file_button, self.open_folder_button):
            b.setEnabled(False)
            result_row.addWidget(b)
        result_row.addStretch(1)
        column.addLayout(result_row)

        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName("Report warnings")
        self.notes.setVisible(False)
        self.notes.setMaximumHeight(140)
        column.addWidget(self.notes)
        column.addStretch(1)

        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.scope_box.currentIndexChanged.connect(self._suggest_path)
        self.combined_box.toggled.connect(self._suggest_path)
        self.path_edit.textEdited.connect(self._path_typed)
        self.choose_button.clicked.connect(self.choose_path)
        self.run_button.clicked.connect(self.start)
        self.runner = ProgressPanel(
            bar=self.progress_bar,
            cancel_button=self.cancel_button,
            say=self.status.setText,
            locked=(
                self.kind_box,
                self.scope_box,
                self.combined_box,
                self.override_box,
                self.path_edit,
                self.choose_button,
                self.run_button,
            ),
        )
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button.clicked.connect(self.open_folder)

    # --- choices ----------------------------------------------------------
    def refresh(self) -> None:
        """Reload what reports can be about (after data changed elsewhere), off the GUI thread:
        counting every organisation's people takes a tenth of a second at 100,000."""
        if self._loading_choices is not None:
            self._choices_again = True  # asked again when these land
            return
        data, services = self.data, self.services
        task = Task(
            lambda _progress: (
                data.cohort_choices(),
                data.organisation_choices(),
                programme_years(services),
            )
        )
        task.signals.succeeded.connect(self._choices_loaded)
        task.signals.failed.connect(self._say)
        task.signals.finished.connect(self._choices_done)
        self._loading_choices = task.start()
        self._kind_changed()  # the kind's choices so far (a mentee's are asked at once)

    def _choices_loaded(
        self, answer: tuple[list[ScopeChoice], list[ScopeChoice], list[ScopeChoice]]
    ) -> None:
        cohorts, organisations, years = answer
        self._choices = {
            ReportKind.COHORT: cohorts,
            ReportKind.ORGANISATION: organisations,
            ReportKind.BATCH: cohorts,
            ReportKind.PROGRAMME: years,
        }
        if self.status.text() == LOADING_CHOICES:
            self._say("")
        self._loading_choices = None  # the kind's choices are now the loaded ones
        if self.kind() not in MENTEE_KINDS:  # a mentee's are asked as she types: left alone
            self._kind_changed()

    def _choices_done(self) -> None:
        self._loading_choices = None
        if self._choices_again:
            self._choices_again = False
            self.refresh()

    def is_loading(self) -> bool:
        return self._loading_choices is not None or super().is_loading()

    def kind(self) -> ReportKind:
        return ReportKind(self.kind_box.currentData())

    def set_kind(self, kind: ReportKind) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))

    def scope(self) -> ScopeChoice | None:
        choice = self.scope_box.currentData()
        if not isinstance(choice, ScopeChoice):
            return None
        # Typing after choosing leaves the old choice current until a new one is made.
        if self.scope_box.isEditable() and self.scope_box.currentText() != self._text_of(choice):
            return None
        return choice

    def select_scope(self, key: str, cohort: str | None = None) -> bool:
        if self._select_shown(key, cohort):
            return True
        if self.kind() not in MENTEE_KINDS:
            return False
        # A mentee not among the matches shown: ask for her place by her email.
        try:
            found = self.data.mentee_choice(
                key, cohort, completed_only=self.kind() is ReportKind.CERTIFICATE
            )
        except UserFacingError as exc:
            self._say(exc.message)
            return False
        if found is None:
            return False
        self.scope_box.addItem(self._text_of(found), found)
        return self._select_shown(key, cohort)

    def _select_shown(self, key: str, cohort: str | None) -> bool:
        for row in range(self.scope_box.count()):
            choice = self.scope_box.itemData(row)
            if choice.key == key and (cohort is None or choice.cohort == cohort):
                self.scope_box.setCurrentIndex(row)
                return True
        return False

    def _forget_result(self) -> None:
        """The last report's line and buttons go: they would read as this report's."""
        self.outcome = None
        for b in (self.open_file_button, self.open_folder_button):
            b.setEnabled(False)
        self.notes.setVisible(False)
        self._say("")

    def _kind_changed(self) -> None:
        if not self.runner.is_running():
            self._forget_result()
        kind = self.kind()
        self.scope_label.setText(f"&{SCOPE_LABELS[kind]}")
        previous = self.scope()
        self._set_typeahead(kind in MENTEE_KINDS)
        if kind in MENTEE_KINDS:
            # Nothing typed yet: the newest few places, fetched by primary key at once.
            try:
                choices = self.data.mentee_choices_matching(
                    "", completed_only=kind is ReportKind.CERTIFICATE
                )
            except UserFacingError as exc:
                self._say(exc.message)
                choices = []
        else:
            choices = self._choices.get(kind, [])
        self._show_choices(choices, keep_typed=False)
        if previous is not None:
            self.select_scope(previous.key, previous.cohort)
        self.combined_box.setVisible(kind is ReportKind.BATCH)
        self.override_box.setVisible(kind is ReportKind.CERTIFICATE)
        if not self.scope_box.count():
            self._say(
                LOADING_CHOICES
                if self._loading_choices is not None
                else f"There is nothing to report on yet for a {kind.label.lower()}."
            )
        self._suggest_path()

    # --- finding a mentee by typing ----------------------------------------
    def _set_typeahead(self, on: bool) -> None:
        if self.scope_box.isEditable() == on:
            return
        self.typing.stop()
        self.scope_box.setEditable(on)
        if on:
            edit = self.scope_box.lineEdit()
            assert edit is not None  # an editable combo box always has one
            edit.setPlaceholderText("Type part of her name or email")
            self.scope_box.setCompleter(self.matches)
            edit.textEdited.connect(self._typed)
            edit.returnPressed.connect(self._take_first_match)

    def _typed(self, _text: str) -> None:
        self.typing.start()

    def _ask_matches(self) -> None:
        """Ask the service, off the GUI thread, for the places matching what was typed."""
        if self._matching is not None:
            self.typing.start()  # one query at a time: ask again when this one is answered
            return
        words = self.scope_box.currentText().strip()
        self._asked = words
        kind = self.kind()
        completed_only = kind is ReportKind.CERTIFICATE
        data = self.data
        task = Task(
            lambda _progress: (
                kind,
                words,
                data.mentee_choices_matching(words, completed_only=completed_only),
            )
        )
        task.signals.succeeded.connect(self._matches_found)
        task.signals.failed.connect(self._say)
        task.signals.finished.connect(self._matching_done)
        self._matching = task.start()

    def _matching_done(self) -> None:
        self._matching = None

    def _matches_found(self, answer: tuple[ReportKind, str, list[ScopeChoice]]) -> None:
        kind, words, choices = answer
        if kind is not self.kind() or words != self.scope_box.currentText().strip():
            return  # typed on, or changed report, meanwhile: a newer query is coming
        self._show_choices(choices, keep_typed=True)
        if not choices:
            self._say(f"No mentee matches '{words}'.")
            return
        self._say("")
        if self.scope_box.hasFocus():
            self.matches.setCompletionPrefix(words)
            self.matches.complete()

    def _take_first_match(self) -> None:
        """Enter with nothing highlighted takes the first match of what was typed."""
        if self.scope() is None and self.scope_box.count() and not self.typing.isActive():
            self.scope_box.setCurrentIndex(0)

    def _show_choices(self, choices: list[ScopeChoice], *, keep_typed: bool) -> None:
        typed = self.scope_box.currentText() if keep_typed else ""
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        for choice in choices:
            self.scope_box.addItem(self._text_of(choice), choice)
        if keep_typed:
            self.scope_box.setCurrentIndex(-1)
            self.scope_box.setEditText(typed)
        self.scope_box.blockSignals(False)
        if keep_typed:
            self._suggest_path()

    @staticmethod
    def _text_of(choice: ScopeChoice) -> str:
        return f"{choice.label} — {choice.detail}" if choice.detail else choice.label

    def _suggest_path(self) -> None:
        if self._typed_path and self.path_edit.text().strip():
            current = Path(self.path_edit.text().strip())
            folder = current if current.suffix.lower() not in REPORT_SUFFIXES else current.parent
        else:
            folder = _default_folder()
        self.path_edit.setText(str(self._suggested(folder)))
        self._typed_path = False

    def _suggested(self, folder: Path) -> Path:
        from women_in_ddat.reports.file_names import slug

        kind = self.kind()
        choice = self.scope()
        if kind is ReportKind.BATCH and not self.combined_box.isChecked():
            name = slug(choice.label, 60) if choice else "cohort"
            return folder / f"{name or 'cohort'}-progress-summaries"
        about = choice.label if choice else ""
        if choice and choice.cohort and kind in (ReportKind.PERSON, ReportKind.CERTIFICATE):
            about = f"{choice.label} {choice.cohort}"
        stem = "-".join(x for x in (FILE_STEMS[kind], slug(about, 60)) if x)
        return folder / f"{stem}.pdf"

    def _path_typed(self) -> None:
        self._typed_path = True

    def choose_path(self) -> None:
        current = Path(self.path_edit.text().strip() or _default_folder())
        chosen = ask_save_path(self, self.kind(), self.combined_box.isChecked(), current)
        if chosen is not None:
            wants_file = self.kind() is not ReportKind.BATCH or self.combined_box.isChecked()
            allowed = REPORT_SUFFIXES if self.kind() is ReportKind.PROGRAMME else (".pdf",)
            if wants_file and chosen.suffix.lower() not in allowed:
                chosen = chosen.with_name(chosen.name + ".pdf")
            self.path_edit.setText(str(chosen))
            self._typed_path = True

    # --- running ----------------------------------------------------------
    def request(self) -> ReportRequest | None:
        choice = self.scope()
        if choice is None:
            self._say("Choose what the report is about first.")
            return None
        kind = self.kind()
        if kind is ReportKind.PROGRAMME:
            year = int(choice.key) if choice.key.isdigit() else None
            return ReportRequest(
                kind, "programme", Path(self.path_edit.text().strip()), from_year=year, to_year=year
            )
        return ReportRequest(
            kind,
            choice.key,
            Path(self.path_edit.text().strip()),
            cohort=choice.cohort if kind in (ReportKind.PERSON, ReportKind.CERTIFICATE) else None,
            combined=kind is ReportKind.BATCH and self.combined_box.isChecked(),
            override_missed_events=kind is ReportKind.CERTIFICATE and self.override_box.isChecked(),
        )

    def is_running(self) -> bool:
        return self.runner.is_running()

    def start(self) -> None:
        if self.runner.is_running():
            return
        request = self.request()
        if request is None:
            return
        try:
            job = report_job(self.services.db, self.services.actor, request)
        except UserFacingError as exc:
            self._say(exc.message)
            return
        single_file = not request.kind.writes_folder or request.combined
        # A cohort's summaries go in a folder of their own: the next report goes beside it.
        self._report_folder_parent = not single_file
        if (
            single_file
            and request.output.exists()
            and not dialogs.confirm(
                self,
                "Replace the file?",
                f"{request.output.name} exists already. Replace it with the new report?",
                action="Replace",
            )
        ):
            return
        self._forget_result()
        self.runner.run(job, self._succeeded, on_failure=self._failed, on_cancel=self._cancelled)

    def cancel(self) -> None:
        self.runner.cancel()

    def _succeeded(self, outcome: ReportOutcome) -> None:
        self.outcome = outcome
        self._say(outcome.summary)
        self.open_file_button.setEnabled(len(outcome.files) == 1)
        self.open_folder_button.setEnabled(bool(outcome.files))
        notes = [*outcome.skipped, *outcome.warnings]
        self.notes.setPlainText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        _remember_folder(outcome.folder.parent if self._report_folder_parent else outcome.folder)

    def _failed(self, message: str) -> None:
        self._say(f"The report was not written: {message}")

    def _cancelled(self) -> None:
        self._say("Cancelled. Nothing was written; any earlier file is as it was.")

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # --- the result -------------------------------------------------------
    def open_file(self) -> None:
        if not (self.outcome and len(self.outcome.files) == 1):
            return
        path = self.outcome.files[0]
        if open_in_system(path):
            return
        # No PDF viewer is set up: say so, and offer the folder where the file is.
        if dialogs.confirm(
            self,
            "Cannot open the PDF",
            f"This computer has no program set up to open PDF files, so {path.name} could not be "
            f"opened. It is saved in {path.parent}.",
            action="Show the folder",
        ):
            self.open_folder()

    def open_folder(self) -> None:
        if self.outcome and not open_in_system(self.outcome.folder):
            dialogs.show_problem(
                self,
                "Cannot show the folder",
                f"The folder could not be opened here. The report is saved in {self.outcome.folder}.",
            )
