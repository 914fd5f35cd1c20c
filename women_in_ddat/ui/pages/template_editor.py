"""A cohort's milestone template, edited: add, rename, required or optional, timing, order, retire.

Every change goes through the TemplateService (the cohort gets its own copy
of its programme's template the first time it is edited there). A change of
timing says how many open milestones would move before it is saved, and
moves them only if she leaves "apply" ticked; a date typed by hand stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.enums import MilestoneAnchor, MilestoneCategory
from women_in_ddat.ui import dialogs
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import button, first_selected_row, select_row, table_view
from women_in_ddat.ui.pages.form_dialog import FormDialog
from women_in_ddat.ui.text import plain_label

ANCHOR_WORDS = {
    MilestoneAnchor.COHORT_START.value: "the cohort starts",
    MilestoneAnchor.MENTEE_START.value: "her own start",
    MilestoneAnchor.MATCH_START.value: "her match starts",
}
LONGEST_OFFSET = 3 * 365


def timing_text(anchor: str, offset_days: int) -> str:
    return f"{offset_days} days after {ANCHOR_WORDS.get(anchor, anchor)}"


TEMPLATE_COLUMNS: list[Column[Any]] = [
    Column[Any]("Milestone", lambda t: t.title),
    Column[Any]("Due", lambda t: timing_text(t.anchor, t.due_offset_days)),
    Column[Any]("Required", lambda t: "Yes" if t.required else "No"),
    Column[Any](
        "Open now",
        lambda t: str(t.open_milestones),
        tooltip=lambda t: "Open milestones of current mentees made from this line",
        right_aligned=True,
    ),
]


def anchor_box() -> QComboBox:
    box = QComboBox()
    for anchor in MilestoneAnchor:
        box.addItem(f"after {ANCHOR_WORDS[anchor.value]}", anchor.value)
    return box


def offset_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, LONGEST_OFFSET)
    box.setSuffix(" days")
    return box


@dataclass(frozen=True)
class NewLine:
    title: str
    anchor: MilestoneAnchor
    offset_days: int
    required: bool
    apply_to_members: bool


class AddTemplateLineDialog(FormDialog):
    def __init__(
        self,
        context: AppContext,
        cohort_id: int | None,
        parent: QWidget | None = None,
        *,
        programme_id: int | None = None,
    ) -> None:
        super().__init__(context, "Add a milestone to the template", "&Add milestone", parent)
        # A cohort's own template, or (cohort_id None) the programme's.
        self.cohort_id = cohort_id
        self.programme_id = None if cohort_id is not None else programme_id
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.errors.add_row(self.form, "&Milestone *", "title", self.title_edit, name="Milestone")
        self.anchor = anchor_box()
        self.errors.add_row(self.form, "&Counted from", "anchor", self.anchor, name="Counted from")
        self.offset = offset_box()
        self.offset.setValue(30)
        self.errors.add_row(self.form, "&Due", "offset_days", self.offset, name="Due after")
        self.required = QCheckBox("&Required of every mentee")
        self.required.setAccessibleName("Required of every mentee")
        self.required.setChecked(True)
        self.form.addRow("", self.required)
        whose = "the cohort's" if cohort_id is not None else "its cohorts'"
        self.apply = QCheckBox(f"Give it to {whose} current mentees &too")
        self.apply.setAccessibleName(f"Give it to {whose} current mentees too")
        self.apply.setChecked(True)
        self.form.addRow("", self.apply)
        self.finish_layout()
        self.setMinimumWidth(480)

    def read(self) -> NewLine | None:
        return NewLine(
            title=self.title_edit.text(),
            anchor=MilestoneAnchor(self.anchor.currentData()),
            offset_days=self.offset.value(),
            required=self.required.isChecked(),
            apply_to_members=self.apply.isChecked(),
        )

    def store(self, values: NewLine) -> str:
        self.context.services.templates.add(
            self.cohort_id,
            values.title,
            programme_id=self.programme_id,
            category=MilestoneCategory.OTHER,
            anchor=values.anchor,
            offset_days=values.offset_days,
            required=values.required,
            apply_to_members=values.apply_to_members,
        )
        return f"{values.title.strip()} added to the template"


class RenameTemplateLineDialog(FormDialog):
    def __init__(
        self, context: AppContext, cohort_id: int | None, line: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Rename a milestone", "&Rename", parent)
        self.cohort_id = cohort_id
        self.line = line
        self.set_intro("Her open and done milestones made from it take the new name too.")
        self.title_edit = QLineEdit(line.title)
        self.title_edit.setMaxLength(200)
        self.errors.add_row(self.form, "&Milestone *", "title", self.title_edit, name="Milestone")
        self.finish_layout()
        self.setMinimumWidth(440)

    def read(self) -> str | None:
        return self.title_edit.text()

    def store(self, values: str) -> str:
        self.context.services.templates.rename(self.line.id, values, cohort_id=self.cohort_id)
        return "Milestone renamed"


@dataclass(frozen=True)
class Timing:
    anchor: MilestoneAnchor
    offset_days: int
    apply_to_open: bool


class TimingDialog(FormDialog):
    """When a milestone falls due; says how many open milestones the change would move."""

    def __init__(
        self, context: AppContext, cohort_id: int | None, line: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, f"When is {line.title} due?", "&Save timing", parent)
        self.cohort_id = cohort_id
        self.line = line
        self.anchor = anchor_box()
        self.anchor.setCurrentIndex(max(self.anchor.findData(line.anchor), 0))
        self.errors.add_row(self.form, "&Counted from", "anchor", self.anchor, name="Counted from")
        self.offset = offset_box()
        self.offset.setValue(line.due_offset_days)
        self.errors.add_row(self.form, "&Due", "offset_days", self.offset, name="Due after")
        self.apply = QCheckBox()
        self.apply.setChecked(True)
        self.form.addRow("", self.apply)
        self.preview_label = plain_label(name="hint")
        self.preview_label.setWordWrap(True)
        self.form.addRow("", self.preview_label)
        self.finish_layout()
        self.anchor.currentIndexChanged.connect(lambda _i: self.show_preview())
        self.offset.valueChanged.connect(lambda _v: self.show_preview())
        self.show_preview()
        self.setMinimumWidth(520)

    def show_preview(self) -> None:
        preview = self.context.services.templates.preview_timing(
            self.line.id,
            MilestoneAnchor(self.anchor.currentData()),
            self.offset.value(),
            cohort_id=self.cohort_id,
        )
        self.would_move = preview.would_move
        noun = "milestone" if preview.would_move == 1 else "milestones"
        self.apply.setText(f"&Apply to the {preview.would_move} open {noun} this moves")
        self.apply.setAccessibleName(self.apply.text().replace("&", ""))
        self.apply.setEnabled(preview.would_move > 0)
        kept = (
            f" {preview.typed_by_hand} with a date typed by hand stay as they are."
            if preview.typed_by_hand
            else ""
        )
        self.preview_label.setText(
            f"{preview.open_milestones} open milestones are made from this line; "
            f"{preview.would_move} would move to the new date.{kept} "
            "Done milestones never move; new mentees get the new timing either way."
        )

    def read(self) -> Timing | None:
        return Timing(
            MilestoneAnchor(self.anchor.currentData()),
            self.offset.value(),
            self.apply.isEnabled() and self.apply.isChecked(),
        )

    def store(self, values: Timing) -> str:
        moved = self.context.services.templates.set_timing(
            self.line.id,
            values.anchor,
            values.offset_days,
            apply_to_open=values.apply_to_open,
            cohort_id=self.cohort_id,
        )
        if not values.apply_to_open:
            return "Timing saved; open milestones kept their dates"
        return f"Timing saved; {moved} open milestone{'s' if moved != 1 else ''} moved"


class TemplateEditorDialog(QDialog):
    """The cohort's template, one line at a time; every change saved as it is made."""

    changed = Signal()

    def __init__(
        self,
        context: AppContext,
        cohort_id: int | None,
        cohort_name: str,
        parent: QWidget | None = None,
        *,
        programme_id: int | None = None,
    ) -> None:
        """A cohort's own template, or with ``cohort_id`` None the programme's (``cohort_name``
        is then the programme's name)."""
        super().__init__(parent)
        self.context = context
        self.cohort_id = cohort_id
        self.programme_id = programme_id
        self.setWindowTitle(f"Milestone template of {cohort_name} — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Milestone template")
        self.dialog: QDialog | None = None
        column = QVBoxLayout(self)
        if cohort_id is None:
            hint = (
                f"What every mentee of {cohort_name}'s cohorts is asked to do, and when. Changes "
                "here reach the cohorts that use the programme's template; a cohort whose "
                "template was changed on its own keeps its own."
            )
        else:
            hint = (
                f"What every mentee of {cohort_name} is asked to do, and when. Changes here are "
                "this cohort's own; other cohorts keep theirs."
            )
        intro = plain_label(hint, name="hint")
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.model: RowsModel[Any] = RowsModel(TEMPLATE_COLUMNS, self)
        self.table = table_view("Milestones of the template", sortable=False)
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 230)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        column.addWidget(self.table, 1)
        grid = QGridLayout()
        self.add_button = button("&Add…", "Add a milestone")
        self.rename_button = button("Re&name…", "Rename the milestone")
        self.required_button = button("Make &optional", "Required or optional")
        self.timing_button = button("&Timing…", "When it is due")
        self.up_button = button("Move &up", "Move up")
        self.down_button = button("Move do&wn", "Move down")
        self.retire_button = button("R&etire…", "Retire the milestone")
        actions = (
            (self.add_button, self.add_line),
            (self.rename_button, self.rename_line),
            (self.required_button, self.toggle_required),
            (self.timing_button, self.change_timing),
            (self.up_button, lambda: self.move_selected(-1)),
            (self.down_button, lambda: self.move_selected(1)),
            (self.retire_button, self.retire_line),
        )
        for i, (widget, slot) in enumerate(actions):
            widget.clicked.connect(slot)
            grid.addWidget(widget, i // 4, i % 4)
        column.addLayout(grid)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        column.addWidget(close)
        self.resize(760, 520)
        self.reload()

    # --- loading ---------------------------------------------------------------
    def reload(self, select_id: int | None = None, select_title: str | None = None) -> None:
        keep = self.selected()
        templates = self.context.services.templates
        if self.cohort_id is None:
            rows = templates.list_for_programme(int(self.programme_id or 0))
        else:
            rows = templates.list(self.cohort_id)
        self.model.set_rows(rows)
        # A line just added or renamed is shown selected, else the one selected before.
        wanted = (
            select_id if select_id is not None else (keep.id if keep and not select_title else None)
        )
        row = self.model.find(lambda t: t.id == wanted) if wanted is not None else None
        if row is None and (select_title or keep):
            # The cohort's own copy was made by this change: the same line has a new id.
            title = select_title or (keep.title if keep else "")
            row = self.model.find(lambda t: t.title == title)
        if row is None and rows:
            row = 0
        if row is not None:
            select_row(self.table, row)
        self._update_buttons()

    def selected(self) -> Any | None:
        row = first_selected_row(self.table)
        return self.model.row_at(row) if row is not None and row < self.model.rowCount() else None

    def _update_buttons(self) -> None:
        line = self.selected()
        for widget in (self.rename_button, self.required_button, self.timing_button):
            widget.setEnabled(line is not None)
        self.retire_button.setEnabled(line is not None)
        row = first_selected_row(self.table)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < self.model.rowCount() - 1)
        if line is not None:
            self.required_button.setText("Make &optional" if line.required else "Make &required")

    def _changed(self, message: str, select_title: str | None = None) -> None:
        self.reload(select_title=select_title)
        if message:
            self.context.statusMessage.emit(message)
        self.changed.emit()

    # --- changes -----------------------------------------------------------------
    def _open(self, dialog: FormDialog, select_title: str | None = None) -> None:
        dialog.saved.connect(lambda: self._changed("", select_title))
        dialog.open()
        self.dialog = dialog

    def add_line(self) -> None:
        dialog = AddTemplateLineDialog(
            self.context, self.cohort_id, self, programme_id=self.programme_id
        )
        dialog.saved.connect(lambda: self._changed("", dialog.title_edit.text().strip()))
        dialog.open()
        self.dialog = dialog

    def rename_line(self) -> None:
        line = self.selected()
        if line is None:
            return
        dialog = RenameTemplateLineDialog(self.context, self.cohort_id, line, self)
        dialog.saved.connect(lambda: self._changed("", dialog.title_edit.text().strip()))
        dialog.open()
        self.dialog = dialog

    def change_timing(self) -> None:
        line = self.selected()
        if line is not None:
            self._open(TimingDialog(self.context, self.cohort_id, line, self), line.title)

    def toggle_required(self) -> None:
        line = self.selected()
        if line is None:
            return
        required = not line.required
        ok, _ = self.context.act(
            self,
            "Cannot change the milestone",
            lambda: self.context.services.templates.set_required(
                line.id, required, cohort_id=self.cohort_id
            ),
            done=f"{line.title} is now {'required' if required else 'optional'}",
        )
        if ok:
            self._changed("", line.title)

    def move_selected(self, step: int) -> None:
        row = first_selected_row(self.table)
        if row is None or not 0 <= row + step < self.model.rowCount():
            return
        line = self.model.row_at(row)
        order = [t.id for t in self.model.rows]
        order[row], order[row + step] = order[row + step], order[row]
        ok, _ = self.context.act(
            self,
            "Cannot reorder the template",
            lambda: self.context.services.templates.reorder(order, cohort_id=self.cohort_id),
            done="Template reordered",
        )
        if ok:
            self._changed("", line.title)
            self.table.setFocus()

    def retire_line(self) -> None:
        line = self.selected()
        if line is None:
            return
        if not dialogs.confirm(
            self,
            "Retire a milestone",
            f"Retire {line.title}? New mentees will not get it. The {line.open_milestones} open "
            "milestones made from it stay as they are, and so does everything done.",
            action="Retire",
        ):
            return
        ok, _ = self.context.act(
            self,
            "Cannot retire the milestone",
            lambda: self.context.services.templates.retire(line.id, cohort_id=self.cohort_id),
            done=f"{line.title} retired",
        )
        if ok:
            self._changed("")
