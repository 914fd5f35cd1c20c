"""What a mentor's report and her certificate of recognition print, as plain values.

A mentor is a role model the programme exists to make visible: her report
says whom she mentored (named only when the mentee agreed to share her
progress; otherwise counted), the sessions and hours she gave, and what her
mentees went on to achieve (outcomes that belong to the cohort, by the same
rule as the outcome figures).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from women_in_ddat.domain.enums import ParticipantRole, ParticipationStatus
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MentoringSession,
    Organisation,
    Outcome,
    Participation,
    Person,
    Programme,
)
from women_in_ddat.domain.values import normalise_email
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.services.base import Service
from women_in_ddat.services.outcomes_figures import belongs_to_cohort


@dataclass(frozen=True)
class MenteeOfMentor:
    # Her name when she agreed to share her progress; "" otherwise (counted, not named).
    name: str
    organisation: str
    cohort: str
    match_status: str
    start_date: date | None
    end_date: date | None
    sessions: int
    minutes: int
    # Outcome kinds that belong to the cohort (promotion, new role, ...), with dates.
    outcomes: tuple[tuple[str, date], ...]


@dataclass(frozen=True)
class MentorPlace:
    participation_id: int
    cohort: str
    cohort_start: date | None
    cohort_end: date | None
    status: str
    # When her place ended: recorded, else the cohort's end once completed.
    ended_on: date | None


@dataclass(frozen=True)
class MentorRecord:
    programme: str
    person_id: int
    name: str
    job_title: str
    organisation: str
    places: tuple[MentorPlace, ...]
    mentees: tuple[MenteeOfMentor, ...]

    @property
    def sessions(self) -> int:
        return sum(m.sessions for m in self.mentees)

    @property
    def hours(self) -> float:
        return sum(m.minutes for m in self.mentees) / 60

    @property
    def completed_places(self) -> tuple[MentorPlace, ...]:
        return tuple(p for p in self.places if p.status == ParticipationStatus.COMPLETED.value)

    @property
    def recognised_on(self) -> date | None:
        """The date her latest completed place ended (never the print date)."""
        days = [p.ended_on for p in self.completed_places if p.ended_on]
        return max(days) if days else None


def is_mentor_only(service: Service, email: str) -> bool:
    """True when the person with ``email`` has mentor places and no mentee place."""
    with service.db.reading() as session:
        roles = set(
            session.scalars(
                select(col(Participation.role))
                .join(Person, col(Person.id) == col(Participation.person_id))
                .where(col(Person.email) == normalise_email(email))
            )
        )
    return roles == {ParticipantRole.MENTOR.value}


class MentorReportData(Service):
    def mentor_record(self, email: str) -> MentorRecord:
        with self.db.reading() as session:
            person = session.scalar(
                select(Person).where(col(Person.email) == normalise_email(email))
            )
            if person is None:
                raise NotFound("No one with that email address is recorded.")
            org = (
                session.scalar(
                    select(col(Organisation.name)).where(
                        col(Organisation.id) == person.organisation_id
                    )
                )
                if person.organisation_id
                else None
            )
            rows = session.execute(
                select(Participation, Cohort, col(Programme.name))
                .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
                .join(Programme, col(Programme.id) == col(Cohort.programme_id))
                .where(
                    col(Participation.person_id) == person.id,
                    col(Participation.role) == ParticipantRole.MENTOR.value,
                )
                .order_by(col(Cohort.start_date), col(Participation.id))
            ).all()
            if not rows:
                raise Conflict("This person is not a mentor in any cohort.")
            places = tuple(
                MentorPlace(
                    participation_id=part.id,
                    cohort=cohort.name,
                    cohort_start=cohort.start_date,
                    cohort_end=cohort.end_date,
                    status=part.status,
                    ended_on=part.ended_on
                    or (
                        cohort.end_date
                        if part.status == ParticipationStatus.COMPLETED.value
                        else None
                    ),
                )
                for part, cohort, _ in rows
            )
            mentees = _mentees(session, [p.participation_id for p in places])
            return MentorRecord(
                programme=rows[-1][2],
                person_id=person.id,
                name=person.display_name,
                job_title=person.job_title,
                organisation=org or "",
                places=places,
                mentees=mentees,
            )


def _mentees(session: Session, mentor_places: list[int]) -> tuple[MenteeOfMentor, ...]:
    mentee_part = aliased(Participation)
    mentee = aliased(Person)
    rows = session.execute(
        select(Match, mentee, col(Organisation.name), Cohort)
        .join(mentee_part, col(mentee_part.id) == col(Match.mentee_participation_id))
        .join(mentee, col(mentee.id) == col(mentee_part.person_id))
        .outerjoin(Organisation, col(Organisation.id) == col(mentee.organisation_id))
        .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
        .where(col(Match.mentor_participation_id).in_(mentor_places))
        .order_by(col(Match.start_date), col(Match.id))
    ).all()
    match_ids = [m.id for m, *_ in rows]
    stats = {
        mid: (n, int(minutes))
        for mid, n, minutes in session.execute(
            select(
                col(MentoringSession.match_id),
                func.count(col(MentoringSession.id)),
                func.coalesce(func.sum(col(MentoringSession.duration_minutes)), 0),
            )
            .where(col(MentoringSession.match_id).in_(match_ids))
            .group_by(col(MentoringSession.match_id))
        )
    }
    people = [p.id for _, p, _, _ in rows]
    outcomes: dict[int, list[Outcome]] = defaultdict(list)
    for o in session.scalars(select(Outcome).where(col(Outcome.person_id).in_(people))):
        outcomes[o.person_id].append(o)
    result = []
    for match, person, org, cohort in rows:
        n, minutes = stats.get(match.id, (0, 0))
        result.append(
            MenteeOfMentor(
                name=person.display_name if person.consent_to_share_with_sponsor else "",
                organisation=org or "",
                cohort=cohort.name,
                match_status=match.status,
                start_date=match.start_date,
                end_date=match.end_date,
                sessions=n,
                minutes=minutes,
                outcomes=tuple(
                    (o.kind, o.occurred_on)
                    for o in sorted(outcomes.get(person.id, ()), key=lambda o: o.occurred_on)
                    if belongs_to_cohort(o.cohort_id, o.occurred_on, cohort.id, cohort.start_date)
                ),
            )
        )
    return tuple(result)
