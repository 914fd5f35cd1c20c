"""The programme's rules for milestones, applied inside the caller's transaction.

Every service that changes a fact a milestone depends on (a match starts or
moves, a session is logged, an outcome recorded, a place ends, a start date
changes) calls one of these, so a milestone can never disagree with the fact
it stands for. None of them commits; each returns the milestones it changed
as ``(id, what happened)`` for the caller's audit trail.

- Due dates follow anchors: an open milestone whose due date was not typed by
  hand is due ``offset`` days after its anchor: the cohort start, her own
  start (else the cohort's), or the start of her current started match. No
  anchor yet: no due date ("waiting", never overdue). Until her first match
  starts, every anchor is missing: she is one "not matched" signal, not a
  list of overdue milestones. Once it has started, a milestone anchored on
  the cohort's start keeps the cohort's calendar (an import's "already due"
  ones are overdue then, as the import said: --past-milestones).
  While her match is on hold her milestones are paused: no due date, so
  never overdue nor chased; they take their dates again when it resumes.
- First session: logging her first session completes "First mentoring
  session" (dated the earliest session) unless it was marked by hand;
  deleting the last session undoes what the rule did.
- Career move: a promotion or new-role outcome credited to a cohort completes
  that place's career-move milestone, linked to it; without such an outcome
  a milestone the rule completed is open again.
- A place that ends closes her open milestones (withdrawn / closed); a place
  reopened reopens them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    MatchStatus,
    MilestoneAnchor,
    MilestoneCategory,
    MilestoneStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MentoringSession,
    Milestone,
    MilestoneTemplate,
    Outcome,
    Participation,
)
from women_in_ddat.domain.programme_rules import OPEN_STATUSES
from women_in_ddat.services.base import touch

RuleChanges = list[tuple[int, str]]

# A match whose start anchors her match milestones: it has begun and not been broken off.
ANCHORING_MATCH_STATUSES = (
    MatchStatus.ACTIVE.value,
    MatchStatus.ON_HOLD.value,
    MatchStatus.COMPLETED.value,
)
# Places whose milestones a completion rate counts: those that took part and did not
# withdraw (a completed place's done milestones count; its closed ones are left out).
RUNNING_PLACE_STATUSES = (
    ParticipationStatus.ACCEPTED.value,
    ParticipationStatus.ACTIVE.value,
    ParticipationStatus.COMPLETED.value,
)
CAREER_OUTCOMES = (OutcomeKind.PROMOTION.value, OutcomeKind.NEW_ROLE.value)
SESSION_EVIDENCE = "Session logged"
OUTCOME_EVIDENCE = "Outcome recorded"


def match_anchor(session: Session, participation_id: int) -> date | None:
    """The start of her current started match (the latest), or None while none has started."""
    session.flush()
    return session.scalar(
        select(col(Match.start_date))
        .where(
            col(Match.mentee_participation_id) == participation_id,
            col(Match.status).in_(ANCHORING_MATCH_STATUSES),
            col(Match.start_date).is_not(None),
        )
        .order_by(col(Match.start_date).desc(), col(Match.id).desc())
        .limit(1)
    )


def ever_started_match(session: Session, participation_id: int) -> bool:
    """Has any match of hers started (even one that has ended since)? A proposed one has not."""
    session.flush()
    return (
        session.scalar(
            select(col(Match.id))
            .where(
                col(Match.mentee_participation_id) == participation_id,
                col(Match.status) != MatchStatus.PROPOSED.value,
                col(Match.start_date).is_not(None),
            )
            .limit(1)
        )
        is not None
    )


def on_hold(session: Session, participation_id: int) -> bool:
    """Is her current match on hold (her milestones paused)?"""
    session.flush()
    return (
        session.scalar(
            select(col(Match.id))
            .where(
                col(Match.mentee_participation_id) == participation_id,
                col(Match.status) == MatchStatus.ON_HOLD.value,
            )
            .limit(1)
        )
        is not None
    )


def anchor_dates(session: Session, part: Participation) -> dict[str, date | None]:
    """What each anchor's date is for this place now.

    Until her first match starts every anchor is missing: all her open
    milestones wait (never overdue), because not being matched yet is the
    programme's delay, one "not matched" signal, not a list of overdue rows.
    While her match is on hold they are missing too: her milestones are paused.
    """
    part_id = int(part.id or 0)
    if not ever_started_match(session, part_id) or on_hold(session, part_id):
        return {anchor.value: None for anchor in MilestoneAnchor}
    cohort = session.get(Cohort, part.cohort_id)
    cohort_start = cohort.start_date if cohort is not None else None
    return {
        MilestoneAnchor.COHORT_START.value: cohort_start,
        MilestoneAnchor.MENTEE_START.value: part.start_date or cohort_start,
        MilestoneAnchor.MATCH_START.value: match_anchor(session, part_id),
    }


def due_from(anchors: dict[str, date | None], anchor: str, offset: int | None) -> date | None:
    start = anchors.get(anchor)
    return None if start is None or offset is None else start + timedelta(days=offset)


def follow_anchors(session: Session, participation_ids: Iterable[int]) -> RuleChanges:
    """Move the due dates of open, rule-dated milestones to where their anchors say."""
    changes: RuleChanges = []
    for part_id in set(participation_ids):
        part = session.get(Participation, part_id)
        if part is None or part.role != ParticipantRole.MENTEE.value:
            continue
        anchors = anchor_dates(session, part)
        for m in _milestones(session, part_id):
            if m.status not in OPEN_STATUSES or m.due_date_manual or m.due_offset_days is None:
                continue
            due = due_from(anchors, m.anchor, m.due_offset_days)
            if due != m.due_date:
                m.due_date = due
                touch(m)
                changes.append((int(m.id or 0), "due date follows its anchor"))
    return changes


def follow_cohort_anchors(session: Session, cohort_id: int) -> RuleChanges:
    """The cohort's start moved: its open milestones anchored on it (or on a mentee's own
    start, which defaults to it) follow, in one pass over the cohort, not a query per mentee."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        return []
    rows = session.execute(
        select(Milestone, col(Participation.start_date))
        .join(Participation, col(Participation.id) == col(Milestone.participation_id))
        .where(
            col(Participation.cohort_id) == cohort_id,
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Milestone.status).in_(OPEN_STATUSES),
            col(Milestone.due_date_manual).is_(False),
            col(Milestone.due_offset_days).is_not(None),
            col(Milestone.anchor).in_(
                (MilestoneAnchor.COHORT_START.value, MilestoneAnchor.MENTEE_START.value)
            ),
        )
    ).all()
    started = {
        part_id
        for (part_id,) in session.execute(
            select(col(Match.mentee_participation_id)).where(
                col(Match.cohort_id) == cohort_id,
                col(Match.status) != MatchStatus.PROPOSED.value,
                col(Match.start_date).is_not(None),
            )
        )
    }
    paused = set(
        session.scalars(
            select(col(Match.mentee_participation_id)).where(
                col(Match.cohort_id) == cohort_id, col(Match.status) == MatchStatus.ON_HOLD.value
            )
        )
    )
    changes: RuleChanges = []
    for m, own_start in rows:
        if m.participation_id not in started or m.participation_id in paused:
            continue  # waiting for her first match, or paused: no due date moves
        anchors = {
            MilestoneAnchor.COHORT_START.value: cohort.start_date,
            MilestoneAnchor.MENTEE_START.value: own_start or cohort.start_date,
        }
        due = due_from(anchors, m.anchor, m.due_offset_days)
        if due != m.due_date:
            m.due_date = due
            touch(m)
            changes.append((int(m.id or 0), "due date follows its anchor"))
    return changes


def milestone_from_template(
    template: MilestoneTemplate, part: Participation, anchors: dict[str, date | None]
) -> Milestone:
    return Milestone(
        participation_id=part.id,
        template_id=template.id,
        title=template.title,
        category=template.category,
        required=template.required,
        anchor=template.anchor,
        due_offset_days=template.due_offset_days,
        due_date=due_from(anchors, template.anchor, template.due_offset_days),
        status=_status_for_new_milestone(part),
    )


def _status_for_new_milestone(part: Participation) -> str:
    if part.status == ParticipationStatus.WITHDRAWN.value:
        return MilestoneStatus.WITHDRAWN.value
    if part.status == ParticipationStatus.COMPLETED.value:
        return MilestoneStatus.CLOSED.value
    return MilestoneStatus.NOT_STARTED.value


def _milestones(session: Session, part_id: int, category: str | None = None) -> list[Milestone]:
    query = select(Milestone).where(col(Milestone.participation_id) == part_id)
    if category is not None:
        query = query.where(col(Milestone.category) == category)
    return list(session.scalars(query.order_by(col(Milestone.id))))


# --- first session -------------------------------------------------------


def follow_sessions(session: Session, mentee_participation_id: int) -> RuleChanges:
    """Make "First mentoring session" say what her logged sessions say."""
    session.flush()
    first = session.scalar(
        select(col(MentoringSession.held_on))
        .join(Match, col(Match.id) == col(MentoringSession.match_id))
        .where(col(Match.mentee_participation_id) == mentee_participation_id)
        .order_by(col(MentoringSession.held_on))
        .limit(1)
    )
    changes: RuleChanges = []
    for m in _milestones(session, mentee_participation_id, MilestoneCategory.FIRST_SESSION.value):
        # A session is a fact: it completes the milestone even after her place closed it.
        if first is not None and m.status in (*OPEN_STATUSES, *_ENDED_PLACE_STATUSES):
            m.status = MilestoneStatus.DONE.value
            m.completed_on = first
            m.evidence_note = m.evidence_note or SESSION_EVIDENCE
            m.done_by_rule = True
            touch(m)
            changes.append((int(m.id or 0), "completed: session logged"))
        elif first is not None and m.done_by_rule and m.completed_on != first:
            m.completed_on = first
            touch(m)
            changes.append((int(m.id or 0), "dated the first session"))
        elif first is None and m.done_by_rule and m.status == MilestoneStatus.DONE.value:
            _reopen(session, m)
            changes.append((int(m.id or 0), "reopened: no session logged"))
    return changes


_ENDED_PLACE_STATUSES = (MilestoneStatus.WITHDRAWN.value, MilestoneStatus.CLOSED.value)


def _reopen(session: Session, m: Milestone) -> None:
    m.status = MilestoneStatus.NOT_STARTED.value
    m.completed_on = None
    if m.evidence_note in (SESSION_EVIDENCE, OUTCOME_EVIDENCE):
        m.evidence_note = ""
    m.done_by_rule = False
    m.outcome_id = None
    part = session.get(Participation, m.participation_id)
    if part is not None:
        m.status = _status_for_new_milestone(part)
        if not m.due_date_manual and m.due_offset_days is not None:
            m.due_date = due_from(anchor_dates(session, part), m.anchor, m.due_offset_days)
    touch(m)


# --- career move ---------------------------------------------------------


def follow_outcomes(session: Session, person_id: int) -> RuleChanges:
    """Make each of her career-move milestones say what her outcomes say.

    A promotion or new role credited to a cohort completes her career-move
    milestone there (one per place, linked to the earliest such outcome); a
    milestone linked to an outcome that no longer qualifies opens again.
    """
    session.flush()
    outcomes: dict[int, list[Outcome]] = {}
    for outcome in session.scalars(
        select(Outcome)
        .where(
            col(Outcome.person_id) == person_id,
            col(Outcome.cohort_id).is_not(None),
            col(Outcome.kind).in_(CAREER_OUTCOMES),
        )
        .order_by(col(Outcome.occurred_on), col(Outcome.id))
    ):
        outcomes.setdefault(int(outcome.cohort_id or 0), []).append(outcome)
    changes: RuleChanges = []
    places = session.scalars(
        select(Participation).where(
            col(Participation.person_id) == person_id,
            col(Participation.role) == ParticipantRole.MENTEE.value,
        )
    ).all()
    for part in places:
        milestones = _milestones(session, int(part.id or 0), MilestoneCategory.CAREER_MOVE.value)
        if not milestones:
            continue
        found = outcomes.get(part.cohort_id, [])
        valid_ids = {o.id for o in found}
        linked = [m for m in milestones if m.outcome_id in valid_ids]
        dates = {o.id: o.occurred_on for o in found}
        for m in milestones:
            if m.outcome_id is not None and m.outcome_id not in valid_ids:
                _reopen(session, m)
                changes.append((int(m.id or 0), "reopened: its outcome is gone"))
            elif m.outcome_id is not None and m.completed_on != dates[m.outcome_id]:
                m.completed_on = dates[m.outcome_id]  # the milestone is dated as its outcome
                touch(m)
                changes.append((int(m.id or 0), "dated as its outcome"))
        if found and not linked:
            chosen = next(
                (m for m in milestones if m.status == MilestoneStatus.DONE.value), milestones[0]
            )
            outcome = found[0]
            if chosen.status != MilestoneStatus.DONE.value:
                chosen.completed_on = outcome.occurred_on
            chosen.status = MilestoneStatus.DONE.value
            chosen.outcome_id = outcome.id
            chosen.evidence_note = chosen.evidence_note or OUTCOME_EVIDENCE
            touch(chosen)
            changes.append((int(chosen.id or 0), "completed: outcome recorded"))
    return changes


def release_outcome(session: Session, outcome_id: int) -> RuleChanges:
    """An outcome is about to be deleted: the milestone that stood for it opens again."""
    changes: RuleChanges = []
    for m in session.scalars(select(Milestone).where(col(Milestone.outcome_id) == outcome_id)):
        _reopen(session, m)
        changes.append((int(m.id or 0), "reopened: its outcome was deleted"))
    session.flush()
    return changes


# --- places ending -------------------------------------------------------


def close_open_milestones(session: Session, participation_id: int, as_status: str) -> RuleChanges:
    """Her place ended: what was still open is withdrawn / closed, never overdue."""
    changes: RuleChanges = []
    for m in _milestones(session, participation_id):
        if m.status in OPEN_STATUSES:
            m.status = as_status
            touch(m)
            changes.append((int(m.id or 0), f"status {as_status}: her place ended"))
    return changes


def reopen_closed_milestones(session: Session, participation_id: int) -> RuleChanges:
    """Her place runs again: what her ending had closed is open again, dated by its anchor."""
    closed = (MilestoneStatus.WITHDRAWN.value, MilestoneStatus.CLOSED.value)
    changes: RuleChanges = []
    for m in _milestones(session, participation_id):
        if m.status in closed:
            m.status = MilestoneStatus.NOT_STARTED.value
            touch(m)
            changes.append((int(m.id or 0), "reopened: her place runs again"))
    changes += follow_anchors(session, [participation_id])
    # What happened meanwhile still stands: a session logged, an outcome recorded.
    changes += follow_sessions(session, participation_id)
    part = session.get(Participation, participation_id)
    if part is not None:
        changes += follow_outcomes(session, part.person_id)
    return changes
