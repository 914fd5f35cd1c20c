"""Ticking off milestones: a date (today unless said otherwise) and an evidence note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat import APP_DISPLAY_NAME
from women_in_ddat.domain.enums import MilestoneStatus
from women_in_ddat.services.progress import MilestoneChange, MilestoneRow
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import DateField, FormErrors


class CompleteMilestonesDialog(QDialog):
    """Asks when and on what evidence; with ``titles``, also which milestone."""

    def __init__(
        self,
        summary: str,
        parent: QWidget | None = None,
        *,
        titles: list[str] | None = None,
        save: Callable[[date, str], bool] | None = None,
    ) -> None:
        """``save(when, evidence)`` stores the answer; the dialog closes only if it returns True,
        so a refusal or a failure leaves what she typed on screen to try again."""
        super().__init__(parent)
        self.save = save
        self.setWindowTitle(f"Mark milestones done — {APP_DISPLAY_NAME}")
        self.setAccessibleName("Mark milestones done")
        column = QVBoxLayout(self)
        self.summary = plain_label(summary)
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        form = QFormLayout()
        self.errors = FormErrors()
        self.title_choice: QComboBox | None = None
        if titles is not None:
            self.title_choice = QComboBox()
            self.title_choice.addItems(titles)
            self.errors.add_row(form, "&Milestone", "title", self.title_choice, name="Milestone")
        self.completed_on = DateField(date.today())
        self.errors.add_row(
            form, "&Completed on", "completed_on", self.completed_on, name="Completed on"
        )
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("e.g. Certificate on file, confirmed by mentor")
        self.errors.add_row(
            form, "&Evidence note", "evidence_note", self.evidence, name="Evidence note"
        )
        column.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Mark done")
        self.ok_button.setAccessibleName("Mark done")
        self.ok_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.when: date | None = None
        self.resize(480, self.sizeHint().height())

    def chosen_title(self) -> str:
        return self.title_choice.currentText() if self.title_choice is not None else ""

    def _check(self) -> None:
        try:
            when = self.completed_on.date_value()
        except ValueError as exc:
            self.errors.show({"completed_on": str(exc)})
            return
        if when is None:
            self.errors.show({"completed_on": "say when it was done"})
            return
        if when > date.today():
            self.errors.show({"completed_on": "a milestone cannot be completed in the future"})
            return
        self.when = when
        if self.save is not None and not self.save(when, self.evidence.text()):
            return
        self.accept()


def complete_milestones(
    context: AppContext, parent: QWidget, rows: list[MilestoneRow], when: date, evidence: str
) -> bool:
    """Tick off ``rows`` in one action, offering Ctrl+Z to put them back as they were."""
    progress = context.services.progress
    ids = [r.id for r in rows]

    def reverse(_count: int) -> Callable[[], None]:
        def undo() -> None:
            progress.set_milestones(
                [
                    MilestoneChange(
                        r.id,
                        MilestoneStatus(r.status),
                        completed_on=r.completed_on,
                        evidence_note=r.evidence_note,
                        expected_version=r.version + 1,
                    )
                    for r in rows
                ]
            )

        return undo

    n = len(ids)
    ok, _ = context.act(
        parent,
        "Cannot mark the milestones done",
        lambda: progress.complete_milestones(ids, on=when, evidence_note=evidence),
        done=f"{n} milestone{'s' if n != 1 else ''} marked done",
        undo=reverse,
        undo_label=f"Undo marking {n} milestone{'s' if n != 1 else ''} done",
    )
    return ok
