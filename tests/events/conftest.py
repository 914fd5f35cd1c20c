"""A cohort with three mentees and a mentor, and a two-day required training event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.services.events import EventInput, days_between
from women_in_ddat.services.people import PersonInput

TRAINING = EventInput(
    title="Top Talent training",
    days=days_between(date(2026, 6, 24), date(2026, 6, 25)),
    venue="County Hall, Chelmsford",
    required=True,
)


@dataclass(frozen=True)
class Cohort:
    id: int
    event_id: int
    people: dict[str, int]
    places: dict[str, int]


@pytest.fixture
def cohort(services) -> Cohort:  # type: ignore[no-untyped-def]
    return build_cohort(services)


def build_cohort(services) -> Cohort:  # type: ignore[no-untyped-def]
    made = services.cohorts.create_cohort(
        "Essex 2026", start_date=date(2026, 6, 1), end_date=date(2027, 3, 31)
    )
    people, places = {}, {}
    for key, first, last, email, role in (
        ("sian", "Siân", "Jones", "sian.jones@kent.gov.uk", ParticipantRole.MENTEE),
        ("amy", "Amy", "Lee", "amy.lee@kent.gov.uk", ParticipantRole.MENTEE),
        ("zoe", "Zoë", "Brown", "zoe.brown@thurrock.gov.uk", ParticipantRole.MENTEE),
        ("ruth", "Ruth", "Ode", "ruth.ode@essex.gov.uk", ParticipantRole.MENTOR),
    ):
        person = services.people.create(PersonInput(email=email, first_name=first, last_name=last))
        people[key] = person.id
        places[key] = services.cohorts.add_participant(
            made.id, person.id, role, mentor_capacity=2 if role == ParticipantRole.MENTOR else 0
        ).id
    event = services.events.plan(made.id, TRAINING)
    return Cohort(made.id, event.id, people, places)
