"""The choices offered when making a match: who still needs a mentor, and who may mentor her.

Only mentors the hard rules allow are offered (capacity left, never the
mentee's own organisation, never her line manager, nobody withdrawn), so a
coordinator cannot pick a pairing the service would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import col

from women_in_ddat.domain.enums import ParticipantRole, ParticipationStatus
from women_in_ddat.domain.models import Match, Organisation, Participation, Person
from women_in_ddat.services.base import Service, get_or_404
from women_in_ddat.services.cohorts import CURRENT_STATUSES, mentor_load
from women_in_ddat.services.matches import hard_rule_violations

_MENTEE_ALREADY_MATCHED = "the mentee already has a current match"


@dataclass(frozen=True)
class MenteeChoice:
    participation_id: int
    person_id: int
    name: str
    organisation: str
    status: str


@dataclass(frozen=True)
class MentorChoice:
    participation_id: int
    person_id: int
    name: str
    organisation: str
    job_title: str
    load: int
    capacity: int

    @property
    def places_left(self) -> int:
        return self.capacity - self.load


class MatchChoicesService(Service):
    def mentees_without_match(self, cohort_id: int) -> list[MenteeChoice]:
        """Mentees taking part in the cohort who have no current match."""
        has_current = (
            select(col(Match.id))
            .where(
                col(Match.mentee_participation_id) == col(Participation.id),
                col(Match.status).in_(CURRENT_STATUSES),
            )
            .exists()
        )
        with self.db.reading() as session:
            rows = session.execute(
                select(
                    col(Participation.id),
                    Person,
                    func.coalesce(col(Organisation.name), ""),
                    col(Participation.status),
                )
                .join(Person, col(Person.id) == col(Participation.person_id))
                .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
                .where(
                    col(Participation.cohort_id) == cohort_id,
                    col(Participation.role) == ParticipantRole.MENTEE.value,
                    col(Participation.status).in_(
                        (ParticipationStatus.ACCEPTED.value, ParticipationStatus.ACTIVE.value)
                    ),
                    ~has_current,
                )
                .order_by(col(Person.last_name), col(Person.first_name))
            ).all()
        return [
            MenteeChoice(part_id, person.id, person.display_name, org, status)
            for part_id, person, org, status in rows
        ]

    def mentors_for(self, mentee_participation_id: int) -> list[MentorChoice]:
        """Mentors of the mentee's cohort whom every hard rule allows, most room first."""
        with self.db.reading() as session:
            mentee_part = get_or_404(
                session, Participation, mentee_participation_id, "participation"
            )
            candidates = session.execute(
                select(Participation, Person, func.coalesce(col(Organisation.name), ""))
                .join(Person, col(Person.id) == col(Participation.person_id))
                .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
                .where(
                    col(Participation.cohort_id) == mentee_part.cohort_id,
                    col(Participation.role) == ParticipantRole.MENTOR.value,
                )
                .order_by(col(Person.last_name), col(Person.first_name))
            ).all()
            choices = []
            for part, person, org in candidates:
                problems = [
                    p
                    for p in hard_rule_violations(session, mentee_part, part)
                    if p != _MENTEE_ALREADY_MATCHED
                ]
                if problems:
                    continue
                choices.append(
                    MentorChoice(
                        participation_id=part.id,
                        person_id=person.id,
                        name=person.display_name,
                        organisation=org,
                        job_title=person.job_title,
                        load=mentor_load(session, part.id),
                        capacity=part.mentor_capacity,
                    )
                )
        return sorted(choices, key=lambda c: -c.places_left)
