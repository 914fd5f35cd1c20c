"""Data protection: what is due for deletion, subject access, the audit log, backups.

The coordinator's UK GDPR duties in one place. Everything here calls the
services (personal_data, audit_log) or the storage helpers for backups;
erasure and restore run off the GUI thread with progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.audit_words import ACTION_WORDS, RECORD_WORDS
from women_in_ddat.services.audit_log import AuditList, AuditRow
from women_in_ddat.services.jobs import Progress
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.lazy import LazyRowsModel
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.new_programme_dialog import documents_folder
from women_in_ddat.ui.pages.base import (
    Page,
    button,
    name_buttons_by_their_text,
    page_layout,
    selected_rows,
    table_view,
    width_for,
)
from women_in_ddat.ui.pages.equality_settings import EqualitySettings
from women_in_ddat.ui.tasks import Task, run_with_progress
from women_in_ddat.ui.text import counted
from women_in_ddat.ui.widgets.forms import uk, uk_time
from women_in_ddat.ui.widgets.person_picker import PersonPicker, offer_text

if TYPE_CHECKING:  # ReportLab loads only when a PDF is written
    from women_in_ddat.reports.render import Rendered


def _rows_model(columns: list[Column[Any]], parent: QWidget) -> RowsModel[Any]:
    return RowsModel(columns, parent)


def _table(
    name: str, model: RowsModel[Any] | LazyRowsModel[Any], *, multi: bool = False
) -> QTableView:
    view = table_view(name, multi_select=multi, object_name=name)
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _button(text: str, name: str) -> QPushButton:
    widget = button(text, text.replace("&", "").rstrip("…").rstrip("."))
    widget.setObjectName(name)
    return widget


class PrivacyPage(Page):
    title = "Data protection"
    subjectAccessSaved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        services = self.services = context.services
        self.setObjectName("privacyPage")
        self._task: Task | None = None
        column, _header = page_layout(self, "Data protection")
        self.location_note = QLabel()
        self.location_note.setObjectName("locationWarning")
        self.location_note.setWordWrap(True)
        self.location_note.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.location_note)
        self.tabs = QTabWidget()
        column.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_due_tab(), "&Due for deletion")
        self.tabs.addTab(self._build_access_tab(), "Su&bject access")
        self.tabs.addTab(self._build_audit_tab(), "&Audit log")
        self.tabs.addTab(self._build_backup_tab(), "Bac&kups")
        self.equality = EqualitySettings(services, changed=lambda: self.context.changed(self))
        self.tabs.addTab(self.equality, "E&quality monitoring")
        self.refresh()
        self._stale = False
        name_buttons_by_their_text(self)

    # --- seams that tests replace -------------------------------------------
    def ask_save_path(self, title: str, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return path

    def ask_open_path(self, title: str, start: str, pattern: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, start, pattern)
        return path

    # --- tabs ----------------------------------------------------------------
    def _build_due_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.due_intro = QLabel()
        self.due_intro.setWordWrap(True)
        layout.addWidget(self.due_intro)
        self.due_model = _rows_model(
            [
                Column("Name", lambda d: d.display_name),
                Column("Email", lambda d: d.email),
                Column("Last cohort", lambda d: d.last_cohort or ""),
                Column(
                    "Cohort ended",
                    lambda d: uk(d.last_cohort_end),
                    sort_key=lambda d: d.last_cohort_end,
                ),
                Column(
                    "Due for deletion since",
                    lambda d: uk(d.due_since),
                    sort_key=lambda d: d.due_since,
                ),
            ],
            self,
        )
        self.due_view = _table("dueForDeletionTable", self.due_model, multi=True)
        layout.addWidget(self.due_view, 1)
        row = QHBoxLayout()
        self.erase_button = _button("E&rase selected people…", "eraseSelectedButton")
        self.erase_button.clicked.connect(self.erase_selected)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    def _build_access_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = QLabel(
            "A subject access request: everything held about one person, as a readable PDF to send to "
            "her or as a JSON file (choose the file type when saving). Equality monitoring answers are "
            "left out unless you tick the box."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        name_label = QLabel("&Name or email:")
        row.addWidget(name_label)
        self.access_email = PersonPicker(self.services.people)
        name_label.setBuddy(self.access_email)
        self.access_email.setObjectName("subjectAccessEmail")
        self.access_email.setAccessibleName("Name or email address of the person")
        row.addWidget(self.access_email, 1)
        layout.addLayout(row)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("hint")
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen_label.setWordWrap(True)
        self.access_email.textChanged.connect(lambda _text: self.chosen_label.setText(""))
        layout.addWidget(self.chosen_label)
        self.include_equality = QCheckBox("&Include equality monitoring answers")
        self.include_equality.setObjectName("includeEquality")
        layout.addWidget(self.include_equality)
        buttons = QHBoxLayout()
        self.export_button = _button("E&xport everything held…", "subjectAccessExportButton")
        self.export_button.clicked.connect(self.export_subject_access)
        buttons.addWidget(self.export_button)
        self.erase_one_button = _button("E&rase this person…", "eraseOneButton")
        self.erase_one_button.clicked.connect(self.erase_by_email)
        buttons.addWidget(self.erase_one_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return tab

    def _build_audit_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = QLabel(
            "Who did what to which record. It holds record numbers, never names or emails."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.audit_filter = QLineEdit()
        self.audit_filter.setObjectName("auditFilter")
        self.audit_filter.setAccessibleName("Find in the audit log")
        self.audit_filter.setPlaceholderText("Who, action, record, record id or detail")
        self.audit_filter.setClearButtonEnabled(True)
        layout.addWidget(self.audit_filter)
        # The whole trail, newest first, a window at a time (years of use make it long).
        self.audit_model: LazyRowsModel[AuditRow] = LazyRowsModel(
            [
                Column("When", lambda e: uk_time(e.at), sort_by="at"),
                Column("Who", lambda e: e.actor, sort_by="actor"),
                Column("Action", lambda e: e.action_said, sort_by="action"),
                Column("Record", lambda e: e.record_said, sort_by="entity"),
                Column(
                    "Record id",
                    lambda e: "" if e.entity_id is None else str(e.entity_id),
                    sort_by="entity_id",
                ),
                Column("Detail", lambda e: e.detail or "", sort_by="detail"),
            ],
            self,
        )
        self.audit_filter.textChanged.connect(self.audit_model.set_filter)
        self.audit_model.failed.connect(
            lambda message: dialogs.show_problem(self, "Cannot show the audit log", message)
        )
        self.audit_view = _table("auditTable", self.audit_model)
        # Sized once, not to every row fetched as she scrolls.
        self.audit_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((140, 140, 90, 130, 80)):
            self.audit_view.setColumnWidth(col, width)
        # The action and the record read whole, in the words the log shows them in.
        for col, words in ((2, ACTION_WORDS), (3, RECORD_WORDS)):
            self.audit_view.setColumnWidth(col, width_for(self.audit_view, words.values()))
        layout.addWidget(self.audit_view, 1)
        row = QHBoxLayout()
        self.audit_export_button = _button("E&xport audit log…", "auditExportButton")
        self.audit_export_button.clicked.connect(self.export_audit)
        row.addWidget(self.audit_export_button)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    def _build_backup_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.backup_info = QLabel()
        self.backup_info.setWordWrap(True)
        self.backup_info.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.backup_info)
        self.backup_model = _rows_model(
            [
                Column(
                    "Taken",
                    lambda b: uk_time(b.taken_at),
                    sort_key=lambda b: b.taken_at,
                ),
                Column("File", lambda b: b.path.name),
            ],
            self,
        )
        self.backup_view = _table("backupTable", self.backup_model)
        layout.addWidget(self.backup_view, 1)
        row = QHBoxLayout()
        self.backup_button = _button("Back up &now", "backupNowButton")
        self.backup_button.clicked.connect(self.backup_now)
        row.addWidget(self.backup_button)
        self.restore_button = _button("&Restore selected backup…", "restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    # --- data ---------------------------------------------------------------
    def refresh(self) -> None:
        from women_in_ddat.storage.location import location_warning

        path = self.services.db.sqlite_path
        warning = location_warning(path) if path is not None else None
        self.location_note.setText(warning or "")
        self.location_note.setVisible(bool(warning))
        due = self.services.personal_data.due_for_deletion()
        self.due_model.set_rows(due)
        self.due_intro.setText(
            f"{counted(len(due), 'person', 'people')} took part only in cohorts that ended longer ago than their programme's "
            "retention period. Erase them, or keep them if there is a reason to."
            if due
            else "Nobody is due for deletion: every person is within their programme's retention period."
        )
        self.erase_button.setEnabled(bool(due))
        self.audit_model.set_query(AuditList(self.services.db))
        self._refresh_backups()

    def _refresh_backups(self) -> None:
        from women_in_ddat.storage.backup import backup_dir_for, list_backups

        path = self.services.db.sqlite_path
        if path is None:
            self.backup_info.setText(
                "This programme lives in a shared database; it is backed up by your IT department's "
                "database backups (pg_dump), not from here."
            )
            self.backup_model.set_rows([])
            self.backup_button.setEnabled(False)
            self.restore_button.setEnabled(False)
            return
        folder = backup_dir_for(path)
        backups = list_backups(folder)
        self.backup_info.setText(
            f"Database: {path}\nBackups: {folder}\nA backup is taken automatically every day the app is used, "
            "and before an import, an erasure, a restore or a schema upgrade."
        )
        self.backup_model.set_rows(backups)

    # --- actions ------------------------------------------------------------
    def _selected(self, view: QTableView, model: RowsModel[Any]) -> list[Any]:
        return [model.row_at(r) for r in selected_rows(view)]

    def _backups_note(self, whom: str) -> str:
        """What an erasure leaves in backups: on SQLite the app keeps them; a server's are IT's."""
        if self.services.db.sqlite_path is None:
            return ""
        return (
            f"A backup is taken first. It, and the backups before it, still hold {whom} until the "
            "rotation removes them (after about six months of use).\n\n"
        )

    def erase_selected(self) -> None:
        ids = [d.person_id for d in self._selected(self.due_view, self.due_model)]
        if not ids:
            dialogs.inform(self, "Erase", "Select the people to erase first.")
            return
        if not dialogs.confirm(
            self,
            "Erase people",
            f"Erase {counted(len(ids), 'person', 'people')} and everything about them: their profile, cohort places, matches "
            "and mentoring sessions, milestones, assessments and outcomes. Past cohorts keep their "
            "counts without them, and the audit trail keeps only an anonymous reference.\n\n"
            f"{self._backups_note('them')}This cannot be undone here.",
            action=f"Erase {counted(len(ids), 'person', 'people')}",
            destructive=True,
        ):
            return
        personal = self.services.personal_data
        self._run("Erasing", lambda progress: personal.erase_many(ids, progress), self._erased)

    def erase_by_email(self) -> None:
        person = self.access_email.chosen("Erase")
        if person is None:
            return
        detail = self.context.person_detail.detail(person.id)
        self.chosen_label.setText(f"Chosen: {offer_text(person)}")
        held = ", ".join(
            counted(len(items), one, many)
            for items, one, many in (
                (detail.participations, "cohort place", "cohort places"),
                (detail.matches, "match", "matches"),
                (detail.sessions, "mentoring session", "mentoring sessions"),
                (detail.milestones, "milestone", "milestones"),
                (detail.assessments, "questionnaire", "questionnaires"),
                (detail.outcomes, "outcome", "outcomes"),
            )
        )
        name = person.display_name
        if not dialogs.confirm(
            self,
            f"Erase {name}",
            f"Erase {name} ({person.email}{', ' + person.organisation if person.organisation else ''}) "
            f"and everything about her: her profile, {held}.\n\n"
            f"{self._backups_note('her')}This cannot be undone here.",
            action=f"Erase {name}",
            destructive=True,
        ):
            return
        personal = self.services.personal_data
        self._run(
            "Erasing",
            lambda progress: [personal.erase(person.id)],
            lambda summaries: self._erased(summaries, name),
        )

    def _erased(self, summaries: object, name: str = "") -> None:
        count = len(summaries) if isinstance(summaries, list) else 0
        self.access_email.forget()
        self.refresh()
        self.context.changed(self)
        said = (
            f"{name} was erased."
            if name and count == 1
            else f"{counted(count, 'person', 'people')} erased."
        )
        dialogs.inform(self, "Erased", said)

    def export_subject_access(self) -> None:
        """Everything held about one person, as a readable PDF or as JSON (the file type decides)."""
        include = self.include_equality.isChecked()
        person = self.access_email.chosen("Subject access")
        if person is None:
            return
        email = person.email
        target = self.ask_save_path(
            "Save everything held",
            str(documents_folder() / "subject-access.pdf"),
            "PDF (*.pdf);;JSON (*.json)",
        )
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() not in (".pdf", ".json"):
            path = path.with_name(path.name + ".pdf")
        if path.suffix.lower() == ".json":
            self._save_subject_access_json(email, include, path)
            return
        personal = self.services.personal_data

        def job(progress: Progress) -> Rendered:
            from women_in_ddat.reports.subject_access import save_subject_access_pdf

            return save_subject_access_pdf(
                personal, email, path, include_equality=include, progress=progress
            )

        self._run("Writing the subject access PDF", job, self._subject_access_saved)

    def _save_subject_access_json(self, email: str, include: bool, path: Path) -> None:
        def write() -> None:
            self.services.personal_data.save_subject_access_json(
                email, path, include_equality=include
            )

        if attempt(self, "Subject access", write)[0]:
            self.refresh()
            dialogs.inform(
                self, "Subject access", f"Everything held about that person was saved to {path}."
            )

    def _subject_access_saved(self, rendered: Rendered) -> None:
        self.refresh()
        message = f"Everything held about that person was saved to {rendered.path}."
        if rendered.warnings:
            message += "\n\n" + "\n".join(rendered.warnings)
        dialogs.inform(self, "Subject access", message)
        self.subjectAccessSaved.emit(str(rendered.path))

    def export_audit(self) -> None:
        target = self.ask_save_path(
            "Export the audit log", str(documents_folder() / "audit-log.csv"), "CSV (*.csv)"
        )
        if not target:
            return
        ok, count = attempt(
            self, "Audit log", lambda: self.services.audit_log.export_csv(Path(target))
        )
        if ok:
            dialogs.inform(self, "Audit log", f"{count} events exported to {target}.")

    def backup_now(self) -> None:
        from women_in_ddat.storage.backup import automatic_backup

        path = self.services.db.sqlite_path
        if path is None:
            return
        self._run(
            "Backing up",
            lambda progress: automatic_backup(path, reason="by-hand"),
            lambda _: self._refresh_backups(),
        )

    def restore_selected(self) -> None:
        keys = [b.path for b in self._selected(self.backup_view, self.backup_model)]
        path = self.services.db.sqlite_path
        if not keys or path is None:
            dialogs.inform(self, "Restore", "Select the backup to restore first.")
            return
        backup = Path(str(keys[0]))
        if not dialogs.confirm(
            self,
            "Restore a backup",
            f"Replace the programme with the backup {backup.name}? Everything changed since it was taken "
            "is replaced. What you have now is kept as a backup first, and the backup is checked before "
            "anything changes.",
            action="Restore",
            destructive=True,
        ):
            return
        backups = self.services.backups
        # The restore records itself in the restored audit trail: if that fails, nothing changed.
        self._run("Restoring", lambda progress: backups.restore(backup), self._restored)

    def _restored(self, _kept: object) -> None:
        self.refresh()
        self.context.changed(self)
        dialogs.inform(self, "Restored", "The backup was restored.")

    def _run(
        self, label: str, job: Callable[[Progress], Any], on_success: Callable[[Any], object]
    ) -> None:
        self._task = run_with_progress(self, label, job, on_success, on_cancel=self.refresh)
