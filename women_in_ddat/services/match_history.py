"""A match's life as it really was: proposed, active (since), on hold (since, why), ended.

Every change of a match's status goes through ``transition`` (inside the
caller's transaction): it checks the move is allowed, keeps the step in
``match_status_change`` and lets her milestones follow the new anchor. A
mentor replaced is a new match beside the ended one, so the history of a
mentee is the list of her matches, each with its steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    MATCH_STATUSES_USING_CAPACITY,
    MATCH_TRANSITIONS,
    AuditAction,
    MatchStatus,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    AuditEvent,
    Cohort,
    Match,
    MatchStatusChange,
    Participation,
    Person,
    utcnow,
)
from women_in_ddat.domain.values import clean_text
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services import milestone_rules
from women_in_ddat.services.actor import current_actor
from women_in_ddat.services.base import touch

# "Her mentor" is the mentor of a match in one of these.
CURRENT_MATCH_STATUSES = tuple(s.value for s in MATCH_STATUSES_USING_CAPACITY)
NEEDS_A_REASON = (MatchStatus.ON_HOLD, MatchStatus.ENDED_EARLY)


def record_step(
    session: Session,
    match: Match,
    from_status: str,
    to_status: str,
    *,
    on: date | None,
    reason: str = "",
    by: str = "",
) -> None:
    session.add(
        MatchStatusChange(
            match_id=match.id,
            from_status=from_status,
            to_status=to_status,
            on_date=on,
            reason=reason,
            changed_by=by[:100],
        )
    )


def transition(
    session: Session,
    match: Match,
    status: MatchStatus,
    *,
    on: date | None = None,
    reason: str = "",
    by: str,
) -> milestone_rules.RuleChanges:
    """Move a match to ``status`` from ``on`` (default today); returns what her milestones did."""
    reason = clean_text(reason)
    on = on or date.today()
    current = MatchStatus(match.status)
    if status == current:
        return []
    if status not in MATCH_TRANSITIONS[current]:
        raise Conflict(f"A match cannot go from {current.label.lower()} to {status.label.lower()}.")
    if status in NEEDS_A_REASON and not reason:
        raise InvalidInput("Say why.", {"reason": "a reason is required"})
    if on > date.today():
        raise InvalidInput(
            "A match's status cannot change on a future date.", {"on": "in the future"}
        )
    if (
        status == MatchStatus.ACTIVE
        and current == MatchStatus.PROPOSED
        or status == MatchStatus.ACTIVE
        and match.start_date is None
    ):
        match.start_date = on
    if status in (MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY):
        if match.start_date is not None and on < match.start_date:
            raise InvalidInput(
                "A match cannot end before it started.", {"on": "before the match started"}
            )
        match.end_date = on
    match.status = status.value
    match.status_reason = reason
    match.status_changed_by = by[:100]
    match.status_changed_at = utcnow()
    touch(match)
    record_step(session, match, current.value, status.value, on=on, reason=reason, by=by)
    places_follow_match(session, match, by=by)
    return milestone_rules.follow_anchors(session, [match.mentee_participation_id])


# Places a started match makes active: she was only waiting to take part.
NOT_YET_TAKING_PART = (ParticipationStatus.APPLIED.value, ParticipationStatus.ACCEPTED.value)


def places_follow_match(session: Session, match: Match, *, by: str) -> None:
    """A match that is active makes both its places active: one fact, one record.

    Every count of "active" (the dashboard, the Cohorts page, the reports)
    reads the place's status, so the place must say what the match says the
    moment it starts, whichever way it started (a page, the CLI, a logged
    session, an import). A place that ended keeps its status.
    """
    if match.status != MatchStatus.ACTIVE.value:
        return
    for part_id in (match.mentee_participation_id, match.mentor_participation_id):
        part = session.get(Participation, part_id)
        if part is None or part.status not in NOT_YET_TAKING_PART:
            continue
        part.status = ParticipationStatus.ACTIVE.value
        touch(part)
        session.add(
            AuditEvent(
                actor=(by or current_actor())[:100],
                action=AuditAction.UPDATE.value,
                entity="participation",
                entity_id=str(part.id),
                detail="rule: status active: her match started",
            )
        )


@dataclass(frozen=True)
class MatchStep:
    """One step of a match's history."""

    from_status: str
    to_status: str
    on: date | None
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class MatchHistory:
    """One match of a mentee's, with its dates and reasons."""

    match_id: int
    cohort_id: int
    cohort: str
    mentee_participation_id: int
    mentee_person_id: int
    mentee_name: str
    mentor_participation_id: int
    mentor_person_id: int
    mentor_name: str
    mentor_email: str
    status: str
    is_current: bool
    proposed_on: date | None
    started_on: date | None
    on_hold_since: date | None
    hold_reason: str
    ended_on: date | None
    end_reason: str
    ended_by: str
    steps: tuple[MatchStep, ...]

    @property
    def status_label(self) -> str:
        return MatchStatus(self.status).label

    def describe(self) -> str:
        """One line a coordinator reads: "Active since 3 Feb 2026", "Ended early 4 May 2026: why"."""
        status = MatchStatus(self.status)
        if status == MatchStatus.PROPOSED:
            return "Proposed, not started"
        if status == MatchStatus.ACTIVE:
            return f"Active since {_day(self.started_on)}"
        if status == MatchStatus.ON_HOLD:
            return f"On hold since {_day(self.on_hold_since)}: {self.hold_reason}".rstrip(": ")
        label = "Ended early" if status == MatchStatus.ENDED_EARLY else "Completed"
        since = f"{_day(self.started_on)} to " if self.started_on else ""
        text = f"{label} ({since}{_day(self.ended_on)})"
        return f"{text}: {self.end_reason}" if self.end_reason else text


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value is not None else "an unknown date"


def histories(
    session: Session, mentee_participation_ids: Sequence[int]
) -> dict[int, list[MatchHistory]]:
    """Every match of these mentee places, oldest first, with its steps."""
    if not mentee_participation_ids:
        return {}
    from sqlalchemy.orm import aliased

    mentee_p, mentor_p = aliased(Participation), aliased(Participation)
    mentee, mentor = aliased(Person), aliased(Person)
    rows = session.execute(
        select(Match, col(Cohort.name), mentee, col(mentor_p.id), mentor)
        .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
        .join(mentee_p, col(mentee_p.id) == col(Match.mentee_participation_id))
        .join(mentee, col(mentee.id) == col(mentee_p.person_id))
        .join(mentor_p, col(mentor_p.id) == col(Match.mentor_participation_id))
        .join(mentor, col(mentor.id) == col(mentor_p.person_id))
        .where(col(Match.mentee_participation_id).in_(list(mentee_participation_ids)))
        .order_by(col(Match.id))
    ).all()
    match_ids = [m.id for m, *_ in rows]
    steps: dict[int, list[MatchStep]] = {}
    if match_ids:
        for change in session.scalars(
            select(MatchStatusChange)
            .where(col(MatchStatusChange.match_id).in_(match_ids))
            .order_by(col(MatchStatusChange.at), col(MatchStatusChange.id))
        ):
            steps.setdefault(change.match_id, []).append(
                MatchStep(
                    change.from_status,
                    change.to_status,
                    change.on_date,
                    change.reason,
                    change.changed_by,
                    change.at,
                )
            )
    result: dict[int, list[MatchHistory]] = {}
    for match, cohort_name, mentee_person, mentor_part_id, mentor_person in rows:
        own = steps.get(match.id, [])
        last_hold = next((s for s in reversed(own) if s.to_status == MatchStatus.ON_HOLD), None)
        ended = match.status in (MatchStatus.ENDED_EARLY.value, MatchStatus.COMPLETED.value)
        last_end = next((s for s in reversed(own) if s.to_status == match.status), None)
        on_hold = match.status == MatchStatus.ON_HOLD.value
        result.setdefault(match.mentee_participation_id, []).append(
            MatchHistory(
                match_id=match.id,
                cohort_id=match.cohort_id,
                cohort=cohort_name,
                mentee_participation_id=match.mentee_participation_id,
                mentee_person_id=mentee_person.id,
                mentee_name=mentee_person.display_name,
                mentor_participation_id=mentor_part_id,
                mentor_person_id=mentor_person.id,
                mentor_name=mentor_person.display_name,
                mentor_email=mentor_person.email,
                status=match.status,
                is_current=match.status in CURRENT_MATCH_STATUSES,
                proposed_on=match.created_at.date() if match.created_at else None,
                started_on=match.start_date,
                on_hold_since=(last_hold.on if last_hold else None) if on_hold else None,
                hold_reason=match.status_reason if on_hold else "",
                ended_on=match.end_date if ended else None,
                end_reason=match.status_reason if ended else "",
                ended_by=(last_end.by if last_end else match.status_changed_by) if ended else "",
                steps=tuple(own),
            )
        )
    return result
