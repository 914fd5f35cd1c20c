"""A person's optional equality monitoring answers, kept apart from her profile."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from women_in_ddat.services.person_detail import PersonDetail
from women_in_ddat.services.personal_data import (
    EQUALITY_CHOICES,
    EQUALITY_QUESTIONS,
    PREFER_NOT_TO_SAY,
    EqualityStatus,
    equality_answer_label,
)
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.pages.form_dialog import FormDialog

WHY_AND_HOW = (
    "Every question is optional and “Prefer not to say” is always an answer. The answers are "
    "kept apart from her profile, are never used for matching, and are only ever reported as "
    "totals for the whole programme, with groups of fewer than five people not shown. She can "
    "ask to see them, and they are erased with her."
)


class EqualityDialog(FormDialog):
    record_name = "set of equality answers"

    def __init__(
        self,
        context: AppContext,
        detail: PersonDetail,
        status: EqualityStatus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, "Equality answers", "Save answers", parent)
        self.detail = detail
        self.expected_version = status.version
        self.set_intro(f"Equality monitoring for {detail.display_name}. {WHY_AND_HOW}")
        # What happens to the answers matters here: plain text, not the quiet hint style.
        self.intro.setObjectName("equalityExplanation")
        self.intro.style().unpolish(self.intro)
        self.intro.style().polish(self.intro)
        self.column.insertSpacing(1, 6)
        self.questions: dict[str, QComboBox] = {}
        for field, question in EQUALITY_QUESTIONS.items():
            combo = QComboBox()
            combo.setObjectName(f"equality_{field}")
            for value in EQUALITY_CHOICES[field]:
                combo.addItem(equality_answer_label(value), value)
            self.errors.add_row(self.form, question, field, combo, name=question)
            self.questions[field] = combo
        self._show(status)
        self.finish_layout()
        self.setMinimumWidth(620)

    def _show(self, status: EqualityStatus) -> None:
        given = status.answers or {}
        for field, combo in self.questions.items():
            combo.setCurrentIndex(max(combo.findData(given.get(field, PREFER_NOT_TO_SAY)), 0))

    def use_theirs(self) -> None:
        ok, status = attempt(
            self,
            "Cannot load their version",
            lambda: self.context.services.personal_data.equality_status(self.detail.id),
        )
        if ok and status is not None:
            self.expected_version = status.version
            self.errors.clear()
            self.general.hide()
            self._show(status)

    def read(self) -> dict[str, str]:
        return {field: str(combo.currentData()) for field, combo in self.questions.items()}

    def store(self, answers: dict[str, str]) -> str:
        self.context.services.personal_data.record_equality(
            self.detail.id, answers, expected_version=self.expected_version
        )
        return "Equality answers saved"
