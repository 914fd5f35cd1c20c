"""Hand-made report data and database set-ups for the report tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from women_in_ddat.domain.enums import (
    AssessmentPoint,
    MatchStatus,
    MilestoneStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.report_data import (
    MentorLine,
    MilestoneLine,
    PersonProgress,
    ScoreSeries,
    SessionStats,
)

TODAY = date(2026, 3, 1)


def progress(**overrides: Any) -> PersonProgress:
    """A plausible mentee, changed by ``overrides``."""
    base = PersonProgress(
        programme="Women in DDaT",
        participation_id=1,
        person_id=1,
        first_name="Grace",
        last_name="Okafor",
        preferred_name="",
        pronouns="she/her",
        organisation="Essex County Council",
        organisation_id=1,
        job_title="Data analyst",
        current_role_family="Data",
        current_role="data analyst",
        current_level="Associate",
        target_role_family="Data",
        target_role="data scientist",
        target_level="Practitioner",
        consent_to_share_with_sponsor=True,
        cohort_id=1,
        cohort="Essex 2026",
        cohort_place="Chelmsford",
        cohort_start=date(2025, 9, 1),
        cohort_end=date(2026, 8, 31),
        cohort_status="in_progress",
        status=ParticipationStatus.ACTIVE.value,
        goals="1. Lead a project.",
        mentors=(
            MentorLine(
                "Helen Carter",
                "Kent County Council",
                "Head of data",
                "active",
                date(2025, 9, 15),
                None,
            ),
        ),
        milestones=(
            MilestoneLine("First session", True, date(2025, 9, 29), date(2025, 9, 20), "done", ""),
            MilestoneLine("Course", True, date(2026, 1, 1), None, "in_progress", ""),
            MilestoneLine("Shadowing", False, date(2026, 6, 1), None, "not_applicable", ""),
        ),
        sessions=SessionStats(4, 240, date(2026, 2, 1)),
        confidence=(
            ScoreSeries("ddat_skills", "I am confident in my DDaT skills", 2, 3, None),
            ScoreSeries("network", "I have a professional network I can draw on", 3, None, None),
        ),
        skills=(ScoreSeries("Data modelling", "Data modelling", 1, 2, None),),
        outcomes=(),
    )
    return replace(base, **overrides)


def add_mentee(
    services: Any,
    cohort_id: int,
    first: str,
    last: str,
    *,
    email: str,
    organisation: str = "Essex County Council",
    mentor_participation_id: int | None = None,
    status: ParticipationStatus = ParticipationStatus.ACTIVE,
) -> tuple[int, int]:
    """A mentee in the cohort, matched if a mentor is given; (person id, participation id)."""
    person = services.people.create(
        PersonInput(
            email=email,
            first_name=first,
            last_name=last,
            organisation=organisation,
            consent_to_store=True,
            consent_to_share_with_sponsor=True,
        )
    )
    part = services.cohorts.add_participant(
        cohort_id, person.id, ParticipantRole.MENTEE, status=status, goals="1. Grow."
    )
    if mentor_participation_id is not None:
        services.matches.create_match(part.id, mentor_participation_id, status=MatchStatus.ACTIVE)
    return person.id, part.id


def scored(services: Any, participation_id: int, baseline: int, latest: int) -> None:
    """Every confidence statement at ``baseline``, then at ``latest`` at the mid-point."""
    from women_in_ddat.domain.enums import CONFIDENCE_ITEMS

    start = date.today() - timedelta(days=100)
    services.development.record_confidence(
        participation_id,
        AssessmentPoint.BASELINE,
        dict.fromkeys(CONFIDENCE_ITEMS, baseline),
        completed_on=start,
    )
    services.development.record_confidence(
        participation_id,
        AssessmentPoint.MID,
        dict.fromkeys(CONFIDENCE_ITEMS, latest),
        completed_on=start + timedelta(days=50),
    )


__all__ = ["TODAY", "MilestoneStatus", "add_mentee", "progress", "scored"]
