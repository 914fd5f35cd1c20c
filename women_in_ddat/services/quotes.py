"""Quotes from the programme's feedback that may be printed: only with her consent to
their publication, with the date of that consent, attributed as she chose, and never
after she withdrew it. The same words given again at the end are one quote (her
mid-point one). One rule for the cohort summary, the sponsor report, the programme
report and the cohort page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import Cohort, Feedback, Participation, Person
from women_in_ddat.domain.questionnaire_items import normalised

# The consents that allow publication (domain.questionnaire_items.QUOTE_CONSENT_LABELS).
PUBLISHABLE = ("name", "role", "anonymous")


@dataclass(frozen=True)
class Quote:
    text: str
    # As she consented: her name, her job title only, or "A mentee" / "A mentor".
    name: str
    consent_given_on: date
    cohort_id: int
    point: str


def consented_quotes(session: Session, *where: Any) -> tuple[Quote, ...]:
    """The publishable quotes of the places ``where`` selects (conditions on
    Participation or Person), oldest cohort first, each cohort's mid-point before its end."""
    rows = session.execute(
        select(Feedback, Person, col(Participation.cohort_id))
        .join(Participation, col(Participation.id) == col(Feedback.participation_id))
        .join(Person, col(Person.id) == col(Participation.person_id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(
            *where,
            col(Feedback.quote) != "",
            col(Feedback.quote_consent).in_(PUBLISHABLE),
            col(Feedback.consent_on).is_not(None),
            col(Feedback.consent_withdrawn_on).is_(None),
        )
        # "mid" sorts after "end": descending puts her mid-point answer first.
        .order_by(
            col(Cohort.start_date), col(Cohort.id), col(Feedback.point).desc(), col(Feedback.id)
        )
    ).all()
    quotes: list[Quote] = []
    seen: set[tuple[int, str]] = set()
    for fb, person, cohort_id in rows:
        said = (int(person.id or 0), normalised(fb.quote))
        if fb.consent_on is None or said in seen:
            continue
        seen.add(said)
        quotes.append(
            Quote(
                fb.quote,
                attribution(fb.quote_consent, fb.role, person),
                fb.consent_on,
                int(cohort_id),
                fb.point,
            )
        )
    return tuple(quotes)


def attribution(consent: str, role: str, person: Person) -> str:
    """Who said it, as far as she agreed to be named."""
    who = "a mentor" if role == ParticipantRole.MENTOR.value else "a mentee"
    job = (person.job_title or person.current_role).strip()
    if consent == "name":
        return ", ".join(x for x in (person.display_name, job or who.removeprefix("a ")) if x)
    if consent == "role":
        return f"{job}, {who}" if job else who.capitalize()
    return who.capitalize()
