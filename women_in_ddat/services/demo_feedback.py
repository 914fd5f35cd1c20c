"""The demo programme's feedback: what participants said, as Microsoft Forms returned it.

Collected through QuestionnaireService exactly as a Forms export is (matched by email,
checked, saved as one collection that can be undone), so the cohort page, the cohort
summary, the sponsor and programme reports show satisfaction, the Net Promoter Score
and quotes, each quote only as its author agreed, and one whose consent was withdrawn
never printed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from women_in_ddat.domain.enums import AssessmentPoint, ParticipationStatus
from women_in_ddat.domain.questionnaire_items import QUOTE_CONSENT_LABELS
from women_in_ddat.services.questionnaires import ReturnedAnswers

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services

# (quote, consent) by place among those who answered; the rest leave the quote blank.
QUOTES: tuple[tuple[str, str], ...] = (
    ("Having a mentor from another council gave me the nerve to apply for a lead role.", "name"),
    ("I stopped waiting to be asked and put myself forward to present to our directors.", "role"),
    ("The shadowing day showed me what a data architect actually does all week.", "anonymous"),
    ("My mentor opened doors I did not know were there.", "none"),
    ("It changed how I talk about my own work.", "name"),
)
# Her consent given, then withdrawn: the quote is kept on her record and never printed.
WITHDRAWN_QUOTE = 4
WHAT_CHANGED = (
    "I lead our team's stand-ups and I asked for a stretch project.",
    "I have a development plan I actually use, and a network outside my council.",
    "More confident speaking up in meetings with senior colleagues.",
)
WHAT_SHOULD_CHANGE = (
    "More time for the training days, fewer slides.",
    "Match us sooner after the kick-off.",
    "",
)


def record_demo_feedback(
    services: Services, cohort_name: str, point: AssessmentPoint, answered_on: date
) -> None:
    cohort = services.cohorts.by_name(cohort_name)
    taking_part = [
        m
        for m in services.cohorts.members(int(cohort.id))
        if m.status != ParticipationStatus.WITHDRAWN.value
    ]
    returned = []
    for i, member in enumerate(taking_part):
        answers: dict[str, object] = {
            "feedback:satisfaction": 5 - i % 3 // 2,
            "feedback:recommend": 10 - i % 4,
            "feedback:what_changed": WHAT_CHANGED[i % len(WHAT_CHANGED)],
            "feedback:what_should_change": WHAT_SHOULD_CHANGE[i % len(WHAT_SHOULD_CHANGE)],
        }
        if i < len(QUOTES):
            quote, consent = QUOTES[i]
            answers["feedback:quote"] = quote
            answers["feedback:quote_consent"] = QUOTE_CONSENT_LABELS[consent]
        returned.append(
            ReturnedAnswers(
                source=f"{cohort_name} {point.value} feedback (Microsoft Forms).xlsx",
                answers=answers,
                email=member.email,
                completed_on=answered_on - timedelta(days=i % 5),
            )
        )
    questionnaires = services.questionnaires
    preview = questionnaires.preview(returned, point=point, cohort_id=int(cohort.id))
    questionnaires.collect(preview, source_name=f"{cohort_name} {point.value} feedback")
    if len(taking_part) > WITHDRAWN_QUOTE:
        questionnaires.withdraw_quote_consent(taking_part[WITHDRAWN_QUOTE].participation_id, point)
