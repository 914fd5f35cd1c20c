"""The preview's question when the cohort started in the past: what becomes of milestones already due.

Without it a cohort imported months after it started arrives with every early
milestone overdue at once. The import itself does what is chosen
(``ImportSettings.past_milestones``) and its summary says how many.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QButtonGroup, QGroupBox, QRadioButton, QVBoxLayout, QWidget

from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import uk

CHOICES = (
    ("open", "Leave them &open: she still has to do them (overdue once her match starts)"),
    ("done", "Mark them &done, dated the day each was due (it happened before the import)"),
    ("not_applicable", "Mark them &not applicable (they do not apply to this cohort)"),
)


class PastMilestonesQuestion(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Milestones already due", parent)
        self.setAccessibleName("Milestones already due")
        column = QVBoxLayout(self)
        self.question = plain_label()
        self.question.setWordWrap(True)
        column.addWidget(self.question)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for value, text in CHOICES:
            radio = QRadioButton(text)
            radio.setAccessibleName(text.replace("&", ""))
            self.group.addButton(radio)
            self.buttons[value] = radio
            column.addWidget(radio)
        self.buttons["open"].setChecked(True)
        self.hide()

    def ask(self, already_due: int, cohort: str | None, started: date | None) -> None:
        """Shown when the cohort started before today (or the preview counted milestones due)."""
        if already_due <= 0 and (started is None or started >= date.today()):
            self.hide()
            return
        name = cohort or "this cohort"
        if already_due > 0:
            noun = "milestone is" if already_due == 1 else "milestones are"
            text = f"{already_due} {noun} already due: {name} started before today."
        else:
            text = f"{name} started on {uk(started)}, so some of its milestones are already due."
        self.question.setText(f"{text} What should they be?")
        self.show()

    def reset(self) -> None:
        """A new file: the question waits for its preview, the answer back to "open"."""
        self.buttons["open"].setChecked(True)
        self.hide()

    def choice(self) -> str:
        if self.isHidden():
            return "open"
        return next(value for value, radio in self.buttons.items() if radio.isChecked())
