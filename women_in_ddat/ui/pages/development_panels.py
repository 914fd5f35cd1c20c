"""The Questionnaires and Skills tabs of a person's page.

Each shows one of her places as a mentee (a chooser appears when she has
several) and loads its figures from the development service when the tab
is first shown after a change, so browsing people never pays for them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from women_in_ddat.domain.enums import AssessmentPoint, Assessor
from women_in_ddat.domain.reference import role_at_level
from women_in_ddat.services.development import (
    LATER_POINTS,
    ConfidenceItemRow,
    ConfidenceRecord,
    SkillProfile,
    SkillRow,
)
from women_in_ddat.services.person_detail import AssessmentLine, PersonDetail
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import button, fit_columns, section_title, table_view
from women_in_ddat.ui.pages.development_dialogs import ConfidenceDialog, SkillRatingsDialog
from women_in_ddat.ui.text import plain_label
from women_in_ddat.ui.theme import Tone

POINTS = [p.value for p in AssessmentPoint]


def _signed(change: int | None) -> str:
    if change is None:
        return ""
    return f"+{change}" if change > 0 else "0" if change == 0 else f"−{-change}"


def _change_tone(change: int | None) -> Tone | None:
    if change is None or change == 0:
        return None
    return Tone.GOOD if change > 0 else Tone.BAD


def _mentor_text(scores: dict[str, int]) -> str:
    """The mentor's baseline and latest later score, e.g. "2 → 4"."""
    before = scores.get(AssessmentPoint.BASELINE.value)
    after = next((scores[p] for p in LATER_POINTS if p in scores), None)
    if before is None and after is None:
        return ""
    return " → ".join(str(x) for x in (before, after) if x is not None)


def _score(point: str) -> Callable[[ConfidenceItemRow], str]:
    def text(row: ConfidenceItemRow) -> str:
        value = row.self_scores.get(point)
        return "" if value is None else str(value)

    return text


CONFIDENCE_COLUMNS = [
    Column[ConfidenceItemRow]("Statement", lambda r: r.label, tooltip=lambda r: r.label),
    *(
        Column[ConfidenceItemRow](title, _score(point), right_aligned=True)
        for title, point in zip(("Baseline", "Mid-point", "End"), POINTS, strict=True)
    ),
    Column[ConfidenceItemRow](
        "Change",
        lambda r: _signed(r.change),
        sort_key=lambda r: r.change if r.change is not None else -99,
        tone=lambda r: _change_tone(r.change),
        bold=lambda r: bool(r.change),
        right_aligned=True,
        tooltip=lambda r: "Her own latest answer minus her own baseline",
    ),
    Column[ConfidenceItemRow](
        "Mentor's view",
        lambda r: _mentor_text(r.mentor_scores),
        tooltip=lambda r: "Her mentor's baseline → latest answer",
    ),
]


def _rating(point: str, *, mentor: bool = False) -> Callable[[SkillRow], str]:
    def text(row: SkillRow) -> str:
        level = (row.mentor_ratings if mentor else row.ratings).get(point)
        return level.label if level is not None else ""

    return text


def _role_of(row: SkillRow) -> str:
    if row.in_current_role and row.in_target_role:
        return "Current, target"
    if row.in_target_role:
        return "Target"
    return "Current" if row.in_current_role else "Rated before"


def _mentor_latest(row: SkillRow) -> str:
    latest = next(
        (row.mentor_ratings[p] for p in reversed(POINTS) if p in row.mentor_ratings), None
    )
    return latest.label if latest is not None else ""


SKILL_COLUMNS = [
    Column[SkillRow]("Skill", lambda r: r.skill),
    Column[SkillRow]("Role", _role_of),
    *(
        Column[SkillRow](title, _rating(point))
        for title, point in zip(("Baseline", "Mid-point", "End"), POINTS, strict=True)
    ),
    Column[SkillRow](
        "Target needs",
        lambda r: r.required.label if r.required is not None else "",
        tooltip=lambda r: (
            "Assumed: the framework in use does not say" if r.required_source == "assumed" else ""
        ),
    ),
    Column[SkillRow](
        "Gap",
        lambda r: "" if r.gap is None else str(r.gap),
        sort_key=lambda r: r.gap if r.gap is not None else -1,
        tone=lambda r: Tone.GOOD if r.gap == 0 else Tone.WARN if r.gap else None,
        bold=lambda r: bool(r.gap),
        right_aligned=True,
        tooltip=lambda r: (
            "Levels still to climb to what her target role needs" if r.in_target_role else ""
        ),
    ),
    Column[SkillRow]("Mentor's latest", _mentor_latest),
]


class _PlacePanel(QWidget):
    """One of her mentee places at a time, loaded when the tab is shown."""

    recordsChanged = Signal()

    def __init__(self, context: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: PersonDetail | None = None
        self._stale = False
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.place_caption = QLabel("&Cohort:")
        top.addWidget(self.place_caption)
        self.place = QComboBox()
        self.place.setAccessibleName("Cohort")
        self.place_caption.setBuddy(self.place)
        self.place.currentIndexChanged.connect(lambda _i: self._place_changed())
        top.addWidget(self.place)
        top.addStretch(1)
        self.top = top
        self.column.addLayout(top)
        self.message = plain_label(name="hint")
        self.message.setWordWrap(True)
        self.column.addWidget(self.message)

    def set_detail(self, detail: PersonDetail | None) -> None:
        keep = self.place.currentData()
        self.detail = detail
        places = detail.mentee_places if detail is not None else ()
        self.place.blockSignals(True)
        self.place.clear()
        for place in places:
            self.place.addItem(place.cohort, place.id)
        index = self.place.findData(keep)
        self.place.setCurrentIndex(index if index >= 0 else 0)
        self.place.blockSignals(False)
        self.place_caption.setVisible(len(places) > 1)
        self.place.setVisible(len(places) > 1)
        self._stale = True
        if self.isVisible():
            self.load()

    def place_id(self) -> int | None:
        data = self.place.currentData()
        return int(data) if data is not None else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def _place_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.load()

    def load(self) -> None:
        self._stale = False
        self.show_place(self.place_id())

    def show_place(self, place_id: int | None) -> None:
        raise NotImplementedError

    def no_place_text(self) -> str:
        if self.detail is None:
            return ""
        return (
            f"{self.detail.display_name} has no place as a mentee in any cohort, so there is "
            "nothing to record here. Questionnaires and skills are for mentees."
        )


class ConfidencePanel(_PlacePanel):
    """Each statement at baseline, mid-point and end, and her own change; every questionnaire."""

    def __init__(
        self,
        context: AppContext | None,
        assessments: RowsModel[AssessmentLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.setAccessibleName("Questionnaires")
        self.record_button = button("&Record confidence…", "Record confidence")
        self.record_button.clicked.connect(lambda: self.open_dialog())
        self.top.addWidget(self.record_button)
        self.model: RowsModel[ConfidenceItemRow] = RowsModel(CONFIDENCE_COLUMNS, self)
        self.table = table_view("Confidence statements", sortable=False)
        self.table.setModel(self.model)
        self.column.addWidget(self.table)
        self.summary = plain_label(name="hint")
        self.summary.setWordWrap(True)
        self.column.addWidget(self.summary)
        self.list_title = section_title("Questionnaires recorded")
        self.column.addWidget(self.list_title)
        self.assessments = assessments
        self.list = table_view("Questionnaires of this person")
        self.list.setModel(assessments)
        self.list.setToolTip("Enter or double-click to change a questionnaire's confidence answers")
        self.list.activated.connect(lambda index: self._edit(assessments.row_at(index)))
        self.column.addWidget(self.list, 1)
        # Keeps the message at the top when the tables are hidden (she is not a mentee).
        self.column.addStretch(0)
        self.dialog: ConfidenceDialog | None = None
        self.record_button.setEnabled(False)

    def show_place(self, place_id: int | None) -> None:
        fit_columns(self.list)
        can_record = place_id is not None and self.context is not None
        self.record_button.setEnabled(can_record)
        for widget in (self.table, self.summary, self.list_title, self.list):
            widget.setVisible(place_id is not None)
        if place_id is None or self.context is None:
            self.model.set_rows([])
            self.message.setText(self.no_place_text())
            self.message.setVisible(bool(self.message.text()))
            self.summary.clear()
            return
        development = self.context.services.development
        ok, record = attempt(
            self, "Cannot show her confidence", lambda: development.confidence(place_id)
        )
        rows = record.rows if ok and isinstance(record, ConfidenceRecord) else []
        self.model.set_rows(rows)
        fit_columns(self.table, widest=420)
        fit_height(self.table)
        answered = [r for r in rows if r.self_scores]
        self.message.setVisible(not answered)
        self.message.setText(
            "" if answered else "No confidence answers yet. Use Record confidence… to add them."
        )
        self.summary.setText(_confidence_summary(rows))

    def open_dialog(
        self, *, point: AssessmentPoint | None = None, assessor: Assessor | None = None
    ) -> None:
        if self.detail is None or self.context is None or self.place_id() is None:
            return
        dialog = ConfidenceDialog(
            self.context,
            self.detail,
            self,
            participation_id=self.place_id(),
            point=point or _next_point(self.detail, self.place_id()),
            assessor=assessor,
        )
        dialog.saved.connect(self.recordsChanged.emit)
        dialog.open()
        self.dialog = dialog

    def _edit(self, line: AssessmentLine) -> None:
        index = self.place.findData(line.participation_id)
        if index >= 0:
            self.place.setCurrentIndex(index)
        self.open_dialog(point=AssessmentPoint(line.point), assessor=Assessor(line.assessor))


def fit_height(view: QTableView) -> None:
    """As tall as its rows, so a short fixed list leaves no empty box under it."""
    rows = view.model().rowCount() if view.model() is not None else 0
    height = view.horizontalHeader().height() + 2 * view.frameWidth()
    height += rows * view.verticalHeader().defaultSectionSize()
    if view.horizontalScrollBar().isVisible():
        height += view.horizontalScrollBar().height()
    view.setFixedHeight(height + 2)


def _confidence_summary(rows: list[ConfidenceItemRow]) -> str:
    changes = [r.change for r in rows if r.change is not None]
    if not changes:
        return "Change shows once she has answered at baseline and at a later point."
    mean = sum(changes) / len(changes)
    up = sum(1 for c in changes if c > 0)
    return (
        f"Her own view, baseline to latest: {up} of {len(changes)} statements up, "
        f"mean change {mean:+.1f}. Each statement compares her with herself."
    )


def _next_point(detail: PersonDetail, place_id: int | None) -> AssessmentPoint:
    """The first point she has no own answers for (else the end)."""
    done = {
        a.point
        for a in detail.assessments
        if a.participation_id == place_id and a.assessor == Assessor.SELF.value and a.confidence
    }
    return next(
        (p for p in AssessmentPoint if p.value not in done),
        AssessmentPoint.END,
    )


class SkillsPanel(_PlacePanel):
    """Her current and target role's skills, ratings per point and the gap to the target."""

    def __init__(self, context: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setAccessibleName("Skills")
        self.rate_button = button("R&ate skills…", "Rate skills")
        self.rate_button.clicked.connect(lambda: self.open_dialog())
        self.top.addWidget(self.rate_button)
        self.roles = plain_label()
        self.roles.setWordWrap(True)
        self.column.insertWidget(1, self.roles)
        self.model: RowsModel[SkillRow] = RowsModel(SKILL_COLUMNS, self)
        self.table = table_view("Skills of this person")
        self.table.setModel(self.model)
        self.column.addWidget(self.table, 1)
        self.total = plain_label(name="skillGapTotal")
        self.total.setWordWrap(True)
        bold = self.total.font()
        bold.setBold(True)
        self.total.setFont(bold)
        self.column.addWidget(self.total)
        self.notes = plain_label(name="hint")
        self.notes.setWordWrap(True)
        self.column.addWidget(self.notes)
        self.column.addStretch(0)
        self.dialog: SkillRatingsDialog | None = None
        self.profile: SkillProfile | None = None
        self.rate_button.setEnabled(False)

    def show_place(self, place_id: int | None) -> None:
        self.profile = None
        for widget in (self.roles, self.table, self.total, self.notes):
            widget.setVisible(place_id is not None)
        if place_id is None or self.context is None:
            self.rate_button.setEnabled(False)
            self.model.set_rows([])
            self.roles.clear()
            self.total.clear()
            self.notes.clear()
            self.message.setText(self.no_place_text())
            self.message.setVisible(bool(self.message.text()))
            return
        development = self.context.services.development
        ok, profile = attempt(
            self, "Cannot show her skills", lambda: development.skill_profile(place_id)
        )
        if not ok or not isinstance(profile, SkillProfile):
            return
        self.profile = profile
        self.model.set_rows(profile.rows)
        mentor_column = len(SKILL_COLUMNS) - 1
        self.table.setColumnHidden(mentor_column, not any(r.mentor_ratings for r in profile.rows))
        fit_columns(self.table, widest=280)
        self.rate_button.setEnabled(bool(profile.rows))
        self.roles.setText(_roles_text(profile))
        has_target = any(r.in_target_role for r in profile.rows)
        if not profile.rows:
            self.message.setText(
                "No DDaT role is recorded for her, so there are no skills to rate. Use Edit… "
                "at the top of her page to add her current role and the role she is aiming for."
            )
        elif not has_target:
            self.message.setText(
                "No target role is recorded for her, so there is no gap to show. Use Edit… at "
                "the top of her page to add the role she is aiming for."
            )
        else:
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        self.total.setText(_total_text(profile) if has_target else "")
        self.total.setVisible(has_target)
        notes = [n for n in profile.notes if "No target role" not in n]
        self.notes.setText(" ".join([*notes, f"Framework: {profile.framework}."]))

    def open_dialog(self) -> None:
        if self.detail is None or self.context is None or self.place_id() is None:
            return
        dialog = SkillRatingsDialog(
            self.context,
            self.detail,
            self,
            participation_id=self.place_id(),
            point=_next_skill_point(self.detail, self.place_id()),
        )
        dialog.saved.connect(self.recordsChanged.emit)
        dialog.open()
        self.dialog = dialog


def _next_skill_point(detail: PersonDetail, place_id: int | None) -> AssessmentPoint:
    done = {
        a.point
        for a in detail.assessments
        if a.participation_id == place_id and a.assessor == Assessor.SELF.value and a.skills
    }
    return next((p for p in AssessmentPoint if p.value not in done), AssessmentPoint.END)


def _role(level: str, role: str) -> str:
    return role_at_level(level, role) or "not recorded"


def _roles_text(profile: SkillProfile) -> str:
    return (
        f"Current role: {_role(profile.current_level, profile.current_role)}.   "
        f"Aiming for: {_role(profile.target_level, profile.target_role)}."
    )


def _total_text(profile: SkillProfile) -> str:
    target = [r for r in profile.rows if r.in_target_role]
    rated = [r for r in target if r.latest is not None]
    short = sum(1 for r in rated if r.gap)
    total = profile.total_gap
    text = (
        f"Gap to the target role: {total} level{'s' if total != 1 else ''} "
        f"({short} of {len(rated)} rated skills short of what it needs)."
    )
    if len(rated) < len(target):
        text += f" Not rated yet: {len(target) - len(rated)} of its {len(target)} skills."
    return text
