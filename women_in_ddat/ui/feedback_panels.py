"""Participants' feedback in the app: hers on the person page, a summary on the cohort page.

Each panel reads from the questionnaire service when it is shown, so
browsing people or cohorts never pays for it. On her page she can be
recorded as withdrawing her consent to publish a quote (dated today): the
quote then leaves every report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from women_in_ddat.ui import dialogs
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.models.rows import Column, RowsModel
from women_in_ddat.ui.pages.base import section_title, table_view
from women_in_ddat.ui.text import counted, plain_label
from women_in_ddat.ui.widgets.forms import uk

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.questionnaires import (
        FeedbackRow,
        FeedbackSummary,
        PublishableQuote,
        QuestionnaireService,
    )
    from women_in_ddat.ui.context import AppContext

CONSENT_WORDING = {
    "name": "With her name",
    "role": "With her role only",
    "anonymous": "Anonymously",
    "none": "Not to be published",
}


def _consent(row: FeedbackRow) -> str:
    if row.consent_withdrawn_on is not None:
        return f"Withdrawn {uk(row.consent_withdrawn_on)}"
    return CONSENT_WORDING.get(row.quote_consent, row.quote_consent) if row.quote else ""


def _number(value: int | None, out_of: int) -> str:
    return "" if value is None else f"{value} of {out_of}"


FEEDBACK_COLUMNS: list[Column[FeedbackRow]] = [
    Column("Cohort", lambda r: r.cohort),
    Column("Point", lambda r: r.point),
    Column("Satisfaction", lambda r: _number(r.satisfaction, 5)),
    Column("Recommend", lambda r: _number(r.recommend, 10)),
    Column("What changed", lambda r: r.what_changed, tooltip=lambda r: r.what_changed),
    Column(
        "What should change", lambda r: r.what_should_change, tooltip=lambda r: r.what_should_change
    ),
    Column("Quote", lambda r: r.quote, tooltip=lambda r: r.quote),
    Column("Publish quote", _consent),
]


class _Lazy(QWidget):
    """Loads when shown after a change (see ``stale``)."""

    def __init__(self, services: Services | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale and self.services is not None:
            self.stale = False
            attempt(self, "Cannot show the feedback", self.load)

    def changed(self) -> None:
        self.stale = True
        if self.isVisible() and self.services is not None:
            self.stale = False
            attempt(self, "Cannot show the feedback", self.load)

    def load(self) -> None:
        raise NotImplementedError

    def _service(self) -> QuestionnaireService:

        assert self.services is not None
        return self.services.questionnaires


class PersonFeedbackPanel(_Lazy):
    """Her mid-point and end feedback, each cohort she took part in."""

    def __init__(
        self,
        services: Services | None,
        parent: QWidget | None = None,
        context: AppContext | None = None,
    ) -> None:
        from women_in_ddat.ui.pages.base import button

        super().__init__(services, parent)
        self.context = context
        self.setAccessibleName("Feedback")
        self.person_id: int | None = None
        column = QVBoxLayout(self)
        column.addWidget(section_title("Feedback"))
        self.note = plain_label(name="hint")
        self.note.setWordWrap(True)
        column.addWidget(self.note)
        self.model: RowsModel[FeedbackRow] = RowsModel(FEEDBACK_COLUMNS, self)
        self.table = table_view("Feedback of this person")
        self.table.setModel(self.model)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.withdraw_button = button("&Withdraw consent to publish…", "withdrawQuoteConsent")
        self.withdraw_button.setToolTip(
            "She no longer agrees to the selected quote being published: recorded with "
            "today's date, and the quote leaves every report"
        )
        self.withdraw_button.clicked.connect(lambda _checked=False: self.withdraw_consent())
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        column.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def selected(self) -> FeedbackRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _enable(self) -> None:
        row = self.selected()
        self.withdraw_button.setEnabled(row is not None and row.publishable_as != "none")

    def withdraw_consent(self) -> None:
        from women_in_ddat.domain.enums import AssessmentPoint
        from women_in_ddat.domain.questionnaire_items import POINT_TITLES

        row = self.selected()
        if row is None or row.publishable_as == "none":
            return
        if not dialogs.confirm(
            self,
            "Withdraw consent to publish",
            f"Record that she withdrew, today, her consent to publish her "
            f"{POINT_TITLES.get(row.point, row.point)} quote from {row.cohort}? The quote "
            "stays in her feedback but leaves every report.",
            action="Withdraw consent",
        ):
            return
        service = self._service()
        ok, _ = attempt(
            self,
            "Cannot withdraw the consent",
            lambda: service.withdraw_quote_consent(
                row.participation_id, AssessmentPoint(row.point)
            ),
        )
        if ok:
            if self.context is not None:
                self.context.changed(self, "Consent to publish her quote withdrawn")
            attempt(self, "Cannot show the feedback", self.load)

    def show_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.changed()

    def load(self) -> None:
        rows = self._service().feedback_of_person(self.person_id) if self.person_id else []
        self.model.set_rows(rows)
        self._enable()
        self.note.setText(
            ""
            if rows
            else "No feedback yet: it comes back with the mid-point and end questionnaires."
        )


class CohortFeedbackPanel(_Lazy):
    """The cohort's feedback: mean satisfaction, a Net Promoter-like score, quotes that may be used."""

    def __init__(self, services: Services | None, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setAccessibleName("Feedback")
        self.cohort_id: int | None = None
        column = QVBoxLayout(self)
        column.addWidget(section_title("Feedback"))
        self.figures = QLabel()
        self.figures.setObjectName("feedbackFigures")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.PlainText)  # quotes are her words, not markup
        column.addWidget(self.figures)
        column.addStretch(1)

    def show_cohort(self, cohort_id: int | None) -> None:
        self.cohort_id = cohort_id
        self.changed()

    def load(self) -> None:
        if self.cohort_id is None:
            self.figures.setText("Choose a cohort.")
            return
        service = self._service()
        quotes = service.publishable_quotes([self.cohort_id])
        self.figures.setText(
            "\n".join(
                [summary_text(service.feedback_summary(self.cohort_id)), *map(quoted, quotes)]
            )
        )


def quoted(quote: PublishableQuote) -> str:
    """A quote as the reports print it, attributed as she agreed."""
    return f"“{quote.text}” – {quote.attribution} ({quote.point})"


def summary_text(summary: FeedbackSummary) -> str:
    if not summary.responses:
        return "No feedback yet: it comes back with the mid-point and end questionnaires."
    who = counted(summary.responses, "person", "people")
    lines = [f"{who} gave feedback (each counted once, her latest)."]
    if summary.mean_satisfaction is not None:
        lines.append(f"Mean satisfaction: {summary.mean_satisfaction:.1f} of 5.")
    if summary.nps is not None:
        lines.append(
            f"Would recommend (Net Promoter Score): {summary.nps:+.0f}, from "
            f"{counted(summary.promoters, 'promoter')} (9-10) and "
            f"{counted(summary.detractors, 'detractor')} (0-6) "
            f"of {counted(summary.recommend_answers, 'answer')}."
        )
    lines.append(f"Quotes that may be published: {summary.quotes_publishable}.")
    return "\n".join(lines)
