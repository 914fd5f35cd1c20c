"""Quotes from the programme's feedback that may be printed: only with her consent to
their publication, with the date of that consent, attributed as she chose, and never
after she withdrew it. One rule for the programme report and the sponsor report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import Cohort, Feedback, Participation, Person

# The consents that allow publication (domain.questionnaire_items.QUOTE_CONSENT_LABELS).
PUBLISHABLE = ("name", "role", "anonymous")


@dataclass(frozen=True)
class Quote:
    text: str
    # As she consented: her name, her job title only, or "A mentee" / "A mentor".
    name: str
    consent_given_on: date


def consented_quotes(session: Session, *where: Any) -> tuple[Quote, ...]:
    """The publishable quotes of the places ``where`` selects (conditions on
    Participation or Person), oldest cohort first, then by the date of consent."""
    rows = session.execute(
        select(Feedback, Person, Participation.role)
        .join(Participation, Participation.id == Feedback.participation_id)
        .join(Person, Person.id == Participation.person_id)
        .join(Cohort, Cohort.id == Participation.cohort_id)
        .where(
            *where,
            Feedback.quote != "",
            Feedback.quote_consent.in_(PUBLISHABLE),
            Feedback.consent_on.is_not(None),
            Feedback.consent_withdrawn_on.is_(None),
        )
        .order_by(Cohort.start_date, Feedback.consent_on, Feedback.id)
    ).all()
    return tuple(
        Quote(fb.quote, attribution(fb.quote_consent, person, role), fb.consent_on)
        for fb, person, role in rows
    )


def attribution(consent: str, person: Person, role: str) -> str:
    """Who said it, as far as she agreed to be named."""
    noun = "mentor" if role == ParticipantRole.MENTOR.value else "mentee"
    if consent == "name":
        name = f"{person.preferred_name or person.first_name} {person.last_name}".strip()
        return f"{name}, {noun}"
    if consent == "role" and person.job_title:
        return f"{person.job_title}, {noun}"
    return f"A {noun}"
