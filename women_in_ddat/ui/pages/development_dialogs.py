"""Recording a mentee's confidence and DDaT skill ratings at baseline, mid-point or end.

Both dialogs ask which cohort place (when she has several), which point,
whose view and when it was completed; choosing a combination that was
answered before loads those answers, so saving corrects them in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    AssessmentPoint,
    Assessor,
    SkillLevel,
)
from women_in_ddat.services.development import SkillProfile, SkillRow
from women_in_ddat.services.person_detail import AssessmentLine, PersonDetail
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.pages.form_dialog import FormDialog
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.widgets.forms import DateField, uk

POINT_WORDING = {
    AssessmentPoint.BASELINE: "Baseline",
    AssessmentPoint.MID: "Mid-point",
    AssessmentPoint.END: "End",
}
ASSESSOR_WORDING = {Assessor.SELF: "Her own view", Assessor.MENTOR: "Her mentor's view"}
NOT_ANSWERED = 0


@dataclass(frozen=True)
class Answers:
    participation_id: int
    point: AssessmentPoint
    assessor: Assessor
    completed_on: date
    values: dict[str, Any]


class _ScoreButton(QRadioButton):
    """Tab lands on the row's chosen score, so a screen reader announces the answer given."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        group = self.group()
        chosen = group.checkedButton() if group is not None else None
        tabbed = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbed and chosen is not None and chosen is not self:
            chosen.setFocus(event.reason())
            return
        super().focusInEvent(event)


class _QuestionnaireDialog(FormDialog):
    """Which place, point, view and date; subclasses add the answers themselves."""

    record_name = "questionnaire"

    def __init__(
        self,
        context: AppContext,
        detail: PersonDetail,
        title: str,
        ok_text: str,
        parent: QWidget | None,
        *,
        participation_id: int | None,
        point: AssessmentPoint | None,
        assessor: Assessor | None,
    ) -> None:
        super().__init__(context, title, ok_text, parent)
        self.detail = detail
        self.place = QComboBox()
        for place in detail.mentee_places:
            self.place.addItem(place.cohort, place.id)
        holder = self.errors.add_row(self.form, "&Cohort", "participation", self.place)
        # One place needs no choosing (her only cohort as a mentee is named in the intro).
        self.form.setRowVisible(holder, self.place.count() > 1)
        self.point = QComboBox()
        for p, text in POINT_WORDING.items():
            self.point.addItem(text, p.value)
        self.errors.add_row(self.form, "&When", "point", self.point, name="When in the cohort")
        self.assessor = QComboBox()
        for a, text in ASSESSOR_WORDING.items():
            self.assessor.addItem(text, a.value)
        self.errors.add_row(self.form, "Whose &view", "assessor", self.assessor, name="Whose view")
        self.completed_on = DateField(date.today())
        self.errors.add_row(
            self.form, "Com&pleted on", "completed_on", self.completed_on, name="Completed on"
        )
        self.loaded = plain_label(name="hint")
        self.loaded.setWordWrap(True)
        self.form.addRow("", self.loaded)
        _choose(self.place, participation_id)
        _choose(self.point, point.value if point else None)
        _choose(self.assessor, assessor.value if assessor else None)

    def connect_choices(self) -> None:
        """Call once the answer widgets exist: each choice then loads what was answered."""
        for combo in (self.place, self.point, self.assessor):
            combo.currentIndexChanged.connect(lambda _i: self.load_choice())
        self.load_choice()

    def chosen_place(self) -> int:
        return int(self.place.currentData())

    def chosen_point(self) -> AssessmentPoint:
        return AssessmentPoint(self.point.currentData())

    def chosen_assessor(self) -> Assessor:
        return Assessor(self.assessor.currentData())

    def existing(self) -> AssessmentLine | None:
        return next(
            (
                a
                for a in self.detail.assessments
                if a.participation_id == self.chosen_place()
                and a.point == self.chosen_point().value
                and a.assessor == self.chosen_assessor().value
            ),
            None,
        )

    def load_choice(self) -> None:
        line = self.existing()
        # The questionnaire's version as shown (0: none recorded yet), so a save refuses a stale one.
        self.expected_version = line.version if line is not None else 0
        answers = self.answers_in(line)
        self.show_answers(answers)
        self.errors.clear()
        self.general.hide()
        if answers and line is not None:
            self.completed_on.set_date(line.completed_on or date.today())
            when = f" on {uk(line.completed_on)}" if line.completed_on else ""
            self.loaded.setText(f"Showing the answers recorded{when}; saving replaces them.")
        else:
            self.completed_on.set_date(date.today())
            self.loaded.setText("Nothing recorded yet for this point and view.")

    def read_common(self) -> tuple[int, AssessmentPoint, Assessor, date] | None:
        try:
            when = self.completed_on.date_value()
        except ValueError as exc:
            self.errors.show({"completed_on": str(exc)})
            return None
        if when is None:
            self.errors.show({"completed_on": "say when it was completed"})
            return None
        if when > date.today():
            self.errors.show({"completed_on": "a questionnaire cannot be completed in the future"})
            return None
        return self.chosen_place(), self.chosen_point(), self.chosen_assessor(), when

    def use_theirs(self) -> None:
        ok, detail = attempt(
            self,
            "Cannot load their version",
            lambda: self.context.person_detail.detail(self.detail.id),
        )
        if ok and detail is not None:
            self.detail = detail
            self.load_choice()

    # --- subclasses --------------------------------------------------------------
    def answers_in(self, line: AssessmentLine | None) -> dict[str, int]:
        raise NotImplementedError

    def show_answers(self, answers: dict[str, int]) -> None:
        raise NotImplementedError


class ConfidenceDialog(_QuestionnaireDialog):
    """Each statement scored 1 (strongly disagree) to 5 (strongly agree), or left unanswered."""

    def __init__(
        self,
        context: AppContext,
        detail: PersonDetail,
        parent: QWidget | None = None,
        *,
        participation_id: int | None = None,
        point: AssessmentPoint | None = None,
        assessor: Assessor | None = None,
    ) -> None:
        super().__init__(
            context,
            detail,
            "Record confidence",
            "Save answers",
            parent,
            participation_id=participation_id,
            point=point,
            assessor=assessor,
        )
        self.set_intro(
            f"{detail.display_name}'s confidence: score each statement from "
            f"{CONFIDENCE_MIN} (strongly disagree) to {CONFIDENCE_MAX} (strongly agree)."
        )
        grid_holder = QWidget()
        grid_holder.setObjectName("confidenceScores")
        grid = QGridLayout(grid_holder)
        grid.setHorizontalSpacing(14)
        scale = range(CONFIDENCE_MIN, CONFIDENCE_MAX + 1)
        for column, caption in enumerate([*map(str, scale), "Not answered"], start=1):
            heading = plain_label(caption)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(heading, 0, column)
        self.groups: dict[str, QButtonGroup] = {}
        for row, (item, statement) in enumerate(CONFIDENCE_ITEMS.items(), start=1):
            text = plain_label(statement)
            text.setWordWrap(True)
            grid.addWidget(text, row, 0)
            group = QButtonGroup(self)
            for column, score in enumerate([*scale, NOT_ANSWERED], start=1):
                radio = _ScoreButton()
                radio.setObjectName(f"score_{item}_{score}")
                spoken = "not answered" if score == NOT_ANSWERED else str(score)
                radio.setAccessibleName(f"{statement}: {spoken}")
                group.addButton(radio, score)
                grid.addWidget(radio, row, column, Qt.AlignmentFlag.AlignCenter)
            self.groups[item] = group
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(0, 300)
        self.column.addWidget(grid_holder)
        self.finish_layout()
        self.connect_choices()
        self.setMinimumWidth(720)

    def score(self, item: str) -> int:
        return max(self.groups[item].checkedId(), NOT_ANSWERED)

    def set_score(self, item: str, score: int) -> None:
        button = self.groups[item].button(score)
        if button is not None:
            button.setChecked(True)

    def answers_in(self, line: AssessmentLine | None) -> dict[str, int]:
        return dict(line.confidence) if line is not None else {}

    def show_answers(self, answers: dict[str, int]) -> None:
        for item in self.groups:
            self.set_score(item, answers.get(item, NOT_ANSWERED))

    def read(self) -> Answers | None:
        common = self.read_common()
        if common is None:
            return None
        scores = {item: self.score(item) for item in self.groups if self.score(item)}
        if not scores:
            self.show_general("Choose a score for at least one statement.")
            return None
        return Answers(*common, values=scores)

    def store(self, answers: Answers) -> str:
        self.context.services.development.record_confidence(
            answers.participation_id,
            answers.point,
            answers.values,
            assessor=answers.assessor,
            completed_on=answers.completed_on,
            expected_version=self.expected_version,
        )
        return "Confidence answers saved"


class SkillRatingsDialog(_QuestionnaireDialog):
    """The skills of her current and target roles, each rated awareness to expert."""

    def __init__(
        self,
        context: AppContext,
        detail: PersonDetail,
        parent: QWidget | None = None,
        *,
        participation_id: int | None = None,
        point: AssessmentPoint | None = None,
        assessor: Assessor | None = None,
    ) -> None:
        super().__init__(
            context,
            detail,
            "Rate skills",
            "Save ratings",
            parent,
            participation_id=participation_id,
            point=point,
            assessor=assessor,
        )
        self.set_intro(
            f"{detail.display_name}'s DDaT skills: the skills of her current and target roles. "
            "Leave a skill unrated if it was not assessed."
        )
        self.skills_form = QFormLayout()
        self.skills_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body = QWidget()
        body.setLayout(self.skills_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Skills to rate")
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumHeight(260)
        self.column.addWidget(scroll, 1)
        self.finish_layout()
        self.combos: dict[str, QComboBox] = {}
        self.profiles: dict[int, SkillProfile] = {}
        self.place.currentIndexChanged.connect(lambda _i: self._build_skill_rows())
        self._build_skill_rows()
        self.connect_choices()
        self.setMinimumWidth(640)
        self.resize(680, 640)

    def profile(self) -> SkillProfile | None:
        place = self.chosen_place()
        if place not in self.profiles:
            ok, profile = attempt(
                self,
                "Cannot show the skills",
                lambda: self.context.services.development.skill_profile(place),
            )
            if not ok or profile is None:
                return None
            self.profiles[place] = profile
        return self.profiles[place]

    def _build_skill_rows(self) -> None:
        while self.skills_form.rowCount():
            self.skills_form.removeRow(0)
        self.combos.clear()
        profile = self.profile()
        rows = profile.rows if profile is not None else []
        # Skills answered before at any point stay listed, so saving never drops them.
        extra = sorted(
            {
                skill
                for a in self.detail.assessments
                if a.participation_id == self.chosen_place()
                for skill in a.skills
            }
            - {r.skill for r in rows}
        )
        for skill, need in [*((r.skill, _need_text(r)) for r in rows), *((s, "") for s in extra)]:
            combo = QComboBox()
            combo.setObjectName(f"rating_{skill}")
            combo.addItem("Not rated", "")
            for level in SkillLevel:
                combo.addItem(level.label, level.value)
            combo.setAccessibleName(skill)
            combo.setAccessibleDescription(need)
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(combo)
            note = plain_label(need, name="hint")
            row.addWidget(note, 1)
            caption = QLabel(skill)
            caption.setTextFormat(Qt.TextFormat.PlainText)
            caption.setBuddy(combo)
            self.skills_form.addRow(caption, line)
            self.combos[skill] = combo
        if not self.combos:
            self.skills_form.addRow(
                plain_label(
                    "No DDaT role is recorded for her, so there are no skills to rate. "
                    "Add her current and target roles with Edit… on her page."
                )
            )
        self.ok_button.setEnabled(bool(self.combos))

    def answers_in(self, line: AssessmentLine | None) -> dict[str, int]:
        return dict(line.skills) if line is not None else {}

    def show_answers(self, answers: dict[str, int]) -> None:
        levels = list(SkillLevel)
        for skill, combo in self.combos.items():
            rank = answers.get(skill, 0)
            combo.setCurrentIndex(rank if 1 <= rank <= len(levels) else 0)

    def read(self) -> Answers | None:
        common = self.read_common()
        if common is None:
            return None
        ratings = {skill: c.currentData() for skill, c in self.combos.items() if c.currentData()}
        if not ratings:
            self.show_general("Rate at least one skill.")
            return None
        return Answers(*common, values=ratings)

    def store(self, answers: Answers) -> str:
        self.context.services.development.record_skill_ratings(
            answers.participation_id,
            answers.point,
            answers.values,
            assessor=answers.assessor,
            completed_on=answers.completed_on,
            expected_version=self.expected_version,
        )
        return "Skill ratings saved"


def _need_text(row: SkillRow) -> str:
    """Short enough to sit beside the choice: what her target role needs."""
    if row.required is not None:
        return f"target role needs {row.required.label.lower()}"
    return "current role" if row.in_current_role else ""


def _choose(combo: QComboBox, value: object) -> None:
    if value is None:
        return
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
