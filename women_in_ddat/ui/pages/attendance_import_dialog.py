"""Importing attendance: a Teams attendance report or a register, shown before anything is recorded.

The preview lists every row: whom it matched (by email or by name) and
what would be recorded, or why it cannot be used. Recording is strict
unless "Skip the rows that cannot be used" is ticked, like the cohort
import; the page offers undo afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.enums import AttendanceStatus
from women_in_ddat.errors import UserFacingError
from women_in_ddat.services.event_attendance import (
    AttendanceApplied,
    AttendancePreview,
    PreviewLine,
)
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import fit_columns, table_view
from women_in_ddat.ui.text import counted, plain_label
from women_in_ddat.ui.theme import Tone
from women_in_ddat.ui.widgets.forms import uk

PREVIEW_COLUMNS: list[Column[PreviewLine]] = [
    Column("Row", lambda r: str(r.row_number), sort_key=lambda r: r.row_number),
    Column("In the file", lambda r: r.name or r.email or "(no name)"),
    Column("Email", lambda r: r.email),
    Column("Matched", lambda r: r.person_name + (f" (by {r.matched_by})" if r.matched_by else "")),
    Column("Minutes", lambda r: "" if r.minutes is None else str(r.minutes)),
    Column(
        "Will record",
        lambda r: AttendanceStatus(r.status).label if r.status else r.problem,
        tone=lambda r: Tone.BAD if r.problem else None,
    ),
]


class AttendanceImportDialog(QDialog):
    """The preview of one file for one day; Record applies it."""

    def __init__(
        self,
        context: AppContext,
        event_id: int,
        path: Path,
        shown_day: date | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.event_id, self.path = context, event_id, Path(path)
        # The register's day on the page: used unless the file (a Teams report) says its own.
        self.shown_day = shown_day
        self.applied: AttendanceApplied | None = None
        self.preview: AttendancePreview | None = None
        self.setWindowTitle(f"Import attendance — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Import attendance")
        column = QVBoxLayout(self)
        self.summary = plain_label(name="summary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        form = QFormLayout()
        self.minimum = QSpinBox()
        self.minimum.setRange(1, 100)
        self.minimum.setValue(50)
        self.minimum.setSuffix("% of the meeting")
        self.minimum.setAccessibleName("Minimum time in the meeting that counts as attended")
        self.minimum.valueChanged.connect(self.reload)
        form.addRow("&Attended from:", self.minimum)
        column.addLayout(form)
        self.model: RowsModel[PreviewLine] = RowsModel(PREVIEW_COLUMNS, self)
        self.table = table_view("Rows of the file")
        self.table.setModel(self.model)
        column.addWidget(self.table, 1)
        self.skip = QCheckBox("&Skip the rows that cannot be used")
        column.addWidget(self.skip)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.record_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.record_button.setText("&Record")
        self.record_button.setAccessibleName("Record")
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.resize(820, 480)

    def reload(self) -> bool:
        """Read the file again and match its rows; False (after saying why) if it cannot be read."""
        from women_in_ddat.importing.attendance_files import preview_attendance

        try:
            self.preview = preview_attendance(
                self.context.services.event_attendance,
                self.event_id,
                self.path,
                minimum_share=self.minimum.value() / 100,
                default_day=self.shown_day,
            )
        except UserFacingError as exc:
            dialogs.show_problem(self, "Cannot import attendance", exc.message)
            return False
        preview = self.preview
        self.model.set_rows(list(preview.lines))
        fit_columns(self.table)
        self.minimum.setEnabled(preview.meeting_minutes is not None)
        counts: dict[str, int] = {}
        for line in preview.usable:
            counts[line.status] = counts.get(line.status, 0) + 1
        parts = [f"{n} {AttendanceStatus(s).label.lower()}" for s, n in sorted(counts.items())]
        meeting = (
            f" A {preview.meeting_minutes}-minute Teams meeting: {preview.minimum_minutes} minutes "
            "or more counts as attended, less as left early."
            if preview.meeting_minutes
            else ""
        )
        self.summary.setText(
            f"{preview.source_name} for {uk(preview.day)}: "
            f"{counted(len(preview.usable), 'row')} to record ({', '.join(parts) or 'none'}), "
            f"{len(preview.problems)} cannot be used.{meeting}"
        )
        self.skip.setVisible(bool(preview.problems))
        return True

    def record(self) -> None:
        preview = self.preview
        if preview is None:
            return

        def apply() -> AttendanceApplied:
            return self.context.services.event_attendance.apply(
                preview, skip_invalid=self.skip.isChecked()
            )

        def undo(done: AttendanceApplied) -> Callable[[], object]:
            return lambda: self.context.services.event_attendance.undo(done.import_id)

        # Not unpacked in the same statement: mypy then reads the undo's
        # argument as possibly None.
        acted = self.context.act(
            self,
            "Import attendance",
            apply,
            done="Attendance recorded.",
            undo=undo,
            undo_label="Import attendance",
        )
        ok, applied = acted
        if ok:
            self.applied = applied
            self.accept()
