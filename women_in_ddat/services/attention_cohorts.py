"""Needs attention, cohorts: ending soon with required milestones open; outcome follow-ups due.

Outcome follow-ups fall due 6, 12 and 24 months after a cohort ends; which
one shows today is ``outcomes_figures.follow_up_showing`` (the same rule the
cohort page uses). It stays on the list for as long as a mentee who took part
has no outcome recorded since a month before it fell due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    CohortStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Cohort,
    Milestone,
    Outcome,
    Participation,
)
from women_in_ddat.domain.programme_rules import STILL_TO_DO, milestone_state_sql
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    ENDING_SOON_DAYS,
    FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS,
    AttentionGroup,
    AttentionKind,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.attention_sql import running
from women_in_ddat.services.outcomes_figures import follow_up_showing

# --- cohorts -----------------------------------------------------------------


def cohorts_ending(session: Session, today: date) -> list[AttentionGroup]:
    state = milestone_state_sql(col(Milestone.status), col(Milestone.due_date), today)
    kind = AttentionKind.COHORT_ENDING
    groups = []
    for cohort_id, name, end, open_count in session.execute(
        select(
            col(Cohort.id), col(Cohort.name), col(Cohort.end_date), func.count(col(Milestone.id))
        )
        .join(Participation, col(Participation.cohort_id) == col(Cohort.id))
        .join(Milestone, col(Milestone.participation_id) == col(Participation.id))
        .where(
            running(col(Milestone.required).is_(True)),
            col(Cohort.end_date) >= today,
            col(Cohort.end_date) <= today + timedelta(days=ENDING_SOON_DAYS),
            state.in_([s.value for s in STILL_TO_DO]),
        )
        .group_by(col(Cohort.id), col(Cohort.name), col(Cohort.end_date))
        .order_by(col(Cohort.end_date))
    ):
        assert end is not None  # the query keeps only cohorts ending soon
        days_left = (end - today).days
        groups.append(
            AttentionGroup(
                kind=kind,
                cohort_id=cohort_id,
                headline=name,
                detail=f"Ends {uk_date(end)} (in {days_left} days) with {kind.count_text(open_count)}",
                count=open_count,
                days=-days_left,
                most_urgent=(),
                # The Milestones page shows the very milestones counted (its rule for this signal).
                opens=SignalRef("milestone", cohort_id, signal=kind, cohort_name=name),
            )
        )
    return groups


def follow_ups(session: Session, today: date) -> list[AttentionGroup]:
    kind = AttentionKind.OUTCOME_FOLLOW_UP
    groups = []
    for cohort_id, name, end in session.execute(
        select(col(Cohort.id), col(Cohort.name), col(Cohort.end_date)).where(
            col(Cohort.status) != CohortStatus.CANCELLED.value,
            col(Cohort.end_date).is_not(None),
            col(Cohort.end_date) < today,
        )
    ):
        follow_up = follow_up_showing(end, today)
        if follow_up is None:
            continue
        counted_from = datetime.combine(
            follow_up.due - timedelta(days=FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS),
            time.min,
            tzinfo=UTC,
        )
        heard_from = (
            select(col(Outcome.id))
            .where(
                col(Outcome.person_id) == col(Participation.person_id),
                col(Outcome.created_at) >= counted_from,
            )
            .exists()
        )
        took_part = and_(
            col(Participation.cohort_id) == cohort_id,
            col(Participation.role) == ParticipantRole.MENTEE.value,
            col(Participation.status).in_(
                (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)
            ),
        )
        people = session.scalar(
            select(func.count(distinct(col(Participation.person_id)))).where(took_part)
        )
        pending = session.scalar(
            select(func.count(distinct(col(Participation.person_id)))).where(took_part, ~heard_from)
        )
        if not people or not pending:
            continue
        groups.append(
            AttentionGroup(
                kind=kind,
                cohort_id=cohort_id,
                headline=f"{name}: {follow_up.months}-month follow-up",
                detail=f"Due {uk_date(follow_up.due)} · {pending} of {people} mentees have no "
                "outcome recorded since",
                count=pending,
                days=(today - follow_up.due).days,
                most_urgent=(),
                opens=RecordRef("cohort", cohort_id),
            )
        )
    return by_urgency(groups)
