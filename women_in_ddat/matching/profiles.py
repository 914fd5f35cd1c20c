"""What matching knows about a mentee and a mentor.

Only working facts: role, level, skills, region, organisation and line
manager. Equality monitoring data is never part of a profile, so it cannot
influence a match.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MenteeProfile:
    participation_id: int
    person_id: int
    email: str
    organisation_id: int | None
    line_manager_email: str
    current_role_family: str
    current_role: str
    current_level: str
    target_role_family: str
    target_role: str
    target_level: str
    region: str
    open_to_remote: bool
    wants_to_grow: frozenset[str] = field(default_factory=frozenset)
    # Mentors whose match with her ended early: not suggested to her again.
    ended_with_mentor_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class MentorProfile:
    participation_id: int
    person_id: int
    email: str
    organisation_id: int | None
    current_role_family: str
    current_role: str
    current_level: str
    region: str
    open_to_remote: bool
    capacity: int
    capacity_left: int
    offers: frozenset[str] = field(default_factory=frozenset)
