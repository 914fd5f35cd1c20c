"""Building cohorts for the matching tests, through the services as the app would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from women_in_ddat.domain.enums import ParticipantRole, ParticipationStatus
from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile
from women_in_ddat.services.context import Services
from women_in_ddat.services.people import PersonInput

ORGANISATIONS = (
    "Essex County Council",
    "Kent County Council",
    "Medway Council",
    "Thurrock Council",
)


@dataclass
class Built:
    cohort_id: int
    mentees: dict[str, int] = field(default_factory=dict)  # email -> participation id
    mentors: dict[str, int] = field(default_factory=dict)


def person(
    services: Services,
    email: str,
    *,
    organisation: str,
    line_manager: str = "",
    family: str = "",
    role: str = "",
    level: str = "",
    target_family: str = "",
    target_role: str = "",
    target_level: str = "",
    region: str = "",
    remote: bool = True,
    wants: list[str] | None = None,
    offers: list[str] | None = None,
) -> int:
    created = services.people.create(
        PersonInput(
            email=email,
            first_name=email.split("@")[0].split(".")[0].capitalize(),
            last_name="Tester",
            organisation=organisation,
            line_manager_email=line_manager,
            current_role_family=family,
            current_role=role,
            current_level=level,
            target_role_family=target_family,
            target_role=target_role,
            target_level=target_level,
            region=region,
            open_to_remote=remote,
            skills_wanted=wants,
            skills_offered=offers,
        )
    )
    return int(created.id)


def cohort(services: Services, name: str) -> int:
    start = date.today() - timedelta(days=30)
    return int(
        services.cohorts.create_cohort(
            name, start_date=start, end_date=start + timedelta(days=300)
        ).id
    )


def join(
    services: Services,
    cohort_id: int,
    person_id: int,
    role: ParticipantRole,
    *,
    capacity: int | None = None,
    status: ParticipationStatus = ParticipationStatus.ACCEPTED,
) -> int:
    return int(
        services.cohorts.add_participant(
            cohort_id, person_id, role, mentor_capacity=capacity, status=status
        ).id
    )


def mentee_profile(i: int, **overrides: object) -> MenteeProfile:
    values: dict[str, object] = dict(
        participation_id=1000 + i,
        person_id=1000 + i,
        email=f"mentee{i}@example.gov.uk",
        organisation_id=None,
        line_manager_email="",
        current_role_family="Data",
        current_role="data analyst",
        current_level="Associate",
        target_role_family="Data",
        target_role="data scientist",
        target_level="Senior",
        region="South East",
        open_to_remote=True,
        wants_to_grow=frozenset(),
        ended_with_mentor_ids=frozenset(),
    )
    values.update(overrides)
    return MenteeProfile(**values)  # type: ignore[arg-type]


def mentor_profile(j: int, **overrides: object) -> MentorProfile:
    values: dict[str, object] = dict(
        participation_id=j,
        person_id=j,
        email=f"mentor{j}@example.gov.uk",
        organisation_id=None,
        current_role_family="Data",
        current_role="data scientist",
        current_level="Principal",
        region="South East",
        open_to_remote=True,
        capacity=2,
        capacity_left=2,
        offers=frozenset(),
    )
    values.update(overrides)
    return MentorProfile(**values)  # type: ignore[arg-type]
