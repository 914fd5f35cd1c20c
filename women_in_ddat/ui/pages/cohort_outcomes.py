"""A cohort's development and outcomes: does the programme work for this cohort?

Confidence change is paired person by person (each mentee compared with
herself, baseline against the end-of-programme questionnaire, or against
the mid-point while no end questionnaire is in); the outcome figures are
those of ``OutcomeFiguresService``: promotion rate, time to promotion,
retention in public-sector DDaT and alumni who became mentors, and the 6,
12 and 24-month follow-ups the dashboard lists when they fall due.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFrame, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from women_in_ddat.domain.enums import AssessmentPoint
from women_in_ddat.services.context import Services
from women_in_ddat.services.development import CohortConfidence, PairedChange
from women_in_ddat.services.outcomes_figures import CohortFigures, Share, follow_up_showing
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import section_title, table_view
from women_in_ddat.ui.text import counted, plain_label
from women_in_ddat.ui.widgets.forms import uk


def signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


def mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


CONFIDENCE_COLUMNS = [
    Column[PairedChange]("Statement", lambda c: c.label),
    Column[PairedChange](
        "People paired", lambda c: str(c.people), sort_key=lambda c: c.people, right_aligned=True
    ),
    Column[PairedChange]("Before", lambda c: mean(c.mean_before), right_aligned=True),
    Column[PairedChange]("After", lambda c: mean(c.mean_after), right_aligned=True),
    Column[PairedChange](
        "Mean change",
        lambda c: signed(c.mean_change),
        sort_key=lambda c: c.mean_change if c.mean_change is not None else -99.0,
        right_aligned=True,
    ),
    Column[PairedChange](
        "Higher / same / lower", lambda c: f"{c.improved} / {c.unchanged} / {c.declined}"
    ),
]


def _time_detail(days: tuple[int, ...], shortest: float | None, longest: float | None) -> str:
    if not days or shortest is None or longest is None:
        return "No promotions recorded yet"
    counted = f"From the cohort's start, over {len(days)} promotion{'s' if len(days) != 1 else ''}"
    if f"{shortest:.1f}" == f"{longest:.1f}":
        return counted
    return f"{counted}; shortest {shortest:.1f}, longest {longest:.1f} months"


def _percent(share: Share) -> str:
    return f"{share.rate:.0%}" if share.rate is not None else "–"


class FigureCard(QFrame):
    """One headline figure: a big number, what it is, and how it was counted."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 10)
        column.setSpacing(2)
        self.value = plain_label(name="bigNumber")
        self.caption = plain_label(caption)
        self.detail = plain_label(name="hint")
        self.detail.setWordWrap(True)
        for label in (self.value, self.caption, self.detail):
            column.addWidget(label)
        self.setAccessibleName(caption)

    def show_figure(self, value: str, detail: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{value}. {detail}")


class CohortOutcomesPanel(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName("Development and outcomes")
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 4, 8)
        self.heading = section_title("")
        self.heading.setObjectName("personName")
        column.addWidget(self.heading)
        self.counted = plain_label(name="subtitle")
        self.counted.setWordWrap(True)
        column.addWidget(self.counted)

        column.addWidget(section_title("Confidence, paired person by person"))
        self.confidence_note = plain_label()
        self.confidence_note.setObjectName("confidenceNote")
        self.confidence_note.setWordWrap(True)
        column.addWidget(self.confidence_note)
        self.confidence_model: RowsModel[PairedChange] = RowsModel(CONFIDENCE_COLUMNS, self)
        self.confidence_table = table_view("Confidence change by statement")
        self.confidence_table.setModel(self.confidence_model)
        self.confidence_table.setColumnWidth(0, 330)
        column.addWidget(self.confidence_table)

        column.addWidget(section_title("Outcomes"))
        self.outcomes_note = plain_label(name="hint")
        self.outcomes_note.setWordWrap(True)
        column.addWidget(self.outcomes_note)
        cards = QGridLayout()
        cards.setSpacing(10)
        self.promotion_card = FigureCard("Promotion rate")
        self.time_card = FigureCard("Median time to promotion")
        self.retention_card = FigureCard("Retained in public-sector DDaT")
        self.mentors_card = FigureCard("Alumni who became mentors")
        for i, card in enumerate(
            (self.promotion_card, self.time_card, self.retention_card, self.mentors_card)
        ):
            cards.addWidget(card, i // 2, i % 2)
        column.addLayout(cards)

        column.addWidget(section_title("Follow-ups"))
        self.follow_ups = plain_label()
        self.follow_ups.setObjectName("followUps")
        self.follow_ups.setWordWrap(True)
        column.addWidget(self.follow_ups)
        column.addStretch(1)
        self.cohort_id: int | None = None

    def show_cohort(self, cohort_id: int | None, today: date | None = None) -> None:
        self.cohort_id = cohort_id
        if cohort_id is None:
            self.heading.setText("No cohort selected")
            self.counted.setText("")
            self.confidence_note.setText("")
            self._set_confidence_rows([])
            self.outcomes_note.setText("")
            for card in self._cards():
                card.show_figure("–", "")
            self.follow_ups.setText("")
            return
        figures = self.services.outcomes.cohort_figures(cohort_id)
        self.heading.setText(figures.cohort)
        withdrew = f"; {figures.withdrew} withdrew and are not counted" if figures.withdrew else ""
        self.counted.setText(
            f"Counted over the {counted(figures.took_part, 'mentee')} who took part{withdrew}."
            if figures.took_part
            else "No mentees have taken part yet: the figures start once mentees are active."
        )
        self._show_confidence(cohort_id)
        self._show_outcomes(figures)
        self._show_follow_ups(figures, today or date.today())

    def _cards(self) -> tuple[FigureCard, ...]:
        return (self.promotion_card, self.time_card, self.retention_card, self.mentors_card)

    # --- confidence ---------------------------------------------------------
    def _show_confidence(self, cohort_id: int) -> None:
        development = self.services.development
        end = development.cohort_confidence(cohort_id, later=AssessmentPoint.END)
        if end.overall.people:
            self._confidence_rows(end, "Baseline against the end-of-programme questionnaire")
            return
        mid = development.cohort_confidence(cohort_id, later=AssessmentPoint.MID)
        if mid.overall.people:
            self._confidence_rows(
                mid,
                "No end-of-programme questionnaires yet. Meanwhile: baseline against the "
                "mid-point questionnaire",
            )
            return
        self._set_confidence_rows([])
        self.confidence_note.setText(
            "No end-of-programme questionnaires yet."
            + (
                f" {counted(end.awaiting_later, 'mentee has', 'mentees have')} answered the baseline questionnaire."
                if end.awaiting_later
                else " No baseline questionnaires either."
            )
        )

    def _confidence_rows(self, result: CohortConfidence, what: str) -> None:
        overall = result.overall
        waiting = (
            f" {result.awaiting_later} more with a baseline have not answered it yet."
            if result.awaiting_later
            else ""
        )
        self.confidence_note.setText(
            f"{what}, each mentee compared with herself (1 = low, 5 = high). Across all "
            f"statements: {signed(overall.mean_change)} on average over {overall.people} "
            f"mentees ({overall.improved} higher, {overall.unchanged} the same, "
            f"{overall.declined} lower).{waiting}"
        )
        self._set_confidence_rows(result.items)

    def _set_confidence_rows(self, rows: list[PairedChange]) -> None:
        """The table shows every row without scrolling, and only when there are rows."""
        self.confidence_model.set_rows(rows)
        self.confidence_table.setVisible(bool(rows))
        view = self.confidence_table
        height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        height += sum(view.rowHeight(r) for r in range(len(rows)))
        view.setFixedHeight(height + 2)

    # --- outcomes -----------------------------------------------------------
    def _show_outcomes(self, figures: CohortFigures) -> None:
        if not figures.took_part:
            self.outcomes_note.setText("No outcomes to count yet.")
            for card in self._cards():
                card.show_figure("–", "No mentees have taken part yet")
            return
        self.outcomes_note.setText(
            "From the outcomes recorded for mentees who took part: those credited to this "
            "cohort, or to no cohort and dated after it started."
        )
        n = figures.took_part
        self.promotion_card.show_figure(
            _percent(figures.promoted),
            f"{figures.promoted.count} of {counted(n, 'mentee')} promoted"
            if figures.promoted.count
            else "No promotions recorded yet",
        )
        time = figures.time_to_promotion
        self.time_card.show_figure(
            f"{time.median_months:.1f} months" if time.median_months is not None else "–",
            _time_detail(time.days, time.shortest_months, time.longest_months),
        )
        moved = (
            f"; {figures.left_organisation} moved organisation (still counted as retained)"
            if figures.left_organisation
            else ""
        )
        if figures.sector_known:  # the cohort summary's rule: no follow-up answers, no figure
            self.retention_card.show_figure(
                _percent(figures.retained_in_sector),
                f"{figures.retained_in_sector.count} of {n}; {figures.left_sector} left the sector"
                + moved,
            )
        else:
            self.retention_card.show_figure(
                "Not yet", "Known once mentees are heard from at their follow-ups"
            )
        self.mentors_card.show_figure(
            _percent(figures.became_mentors),
            f"{figures.became_mentors.count} of {n} went on to mentor"
            if figures.became_mentors.count
            else "No alumni mentoring yet",
        )

    def _show_follow_ups(self, figures: CohortFigures, today: date) -> None:
        if not figures.follow_ups:
            self.follow_ups.setText(
                "Give the cohort an end date to schedule its 6, 12 and 24-month follow-ups."
            )
            return
        showing = follow_up_showing(figures.end_date, today)
        lines = []
        for follow_up in figures.follow_ups:
            state = ""
            if showing == follow_up:
                state = " — due now: on the dashboard's list"
            elif follow_up.due < today:
                state = " — past"
            lines.append(f"{follow_up.label().capitalize()}: {uk(follow_up.due)}{state}")
        since = (
            "since the cohort ended"
            if figures.end_date is not None and figures.end_date < today
            else "once the cohort has ended"
        )
        self.follow_ups.setText(
            f"Ask every mentee who took part what has changed {since} (record it as an "
            "outcome). Each follow-up shows on the dashboard's list from two weeks before it "
            "is due.\n" + "\n".join(lines)
        )
