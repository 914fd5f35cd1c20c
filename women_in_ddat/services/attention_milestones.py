"""Needs attention, milestones: each running cohort's overdue ones, and each past-dated import's.

A milestone is overdue when ``milestone_state_sql`` says so (waiting,
withdrawn and closed milestones never are), its mentee is still taking part
(accepted or active) and her cohort is running (neither completed nor
cancelled). Those an import created already due (the import ran after their
due date) are one group per import instead, not one per milestone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, false, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from women_in_ddat.domain.enums import ImportStatus
from women_in_ddat.domain.models import (
    Cohort,
    ImportBatch,
    ImportCreated,
    Milestone,
    Participation,
    Person,
)
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state_sql
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.attention_sql import (
    FINISHED_COHORT,
    MostUrgent,
    ago,
    as_date,
    display,
    group_of,
    running,
)
from women_in_ddat.services.milestone_counts import StateCounts

# --- milestones --------------------------------------------------------------


@dataclass(frozen=True)
class _Import:
    """An import into a running cohort: the places it created, and the day it ran."""

    batch_id: int
    cohort_id: int
    cohort: str
    source_name: str
    imported_on: date
    participation_runs: tuple[tuple[int, int], ...]

    def created_already_due(self) -> ColumnElement[bool]:
        """Its mentees' milestones that were due before it ran."""
        return and_(
            or_(
                *(col(Milestone.participation_id).between(a, b) for a, b in self.participation_runs)
            ),
            col(Milestone.due_date) < self.imported_on,
        )


def past_dated_imports(session: Session, today: date) -> list[_Import]:
    """Imports into running cohorts that created places (a handful of rows, not one per record)."""
    runs: dict[int, list[tuple[int, int]]] = {}
    batches: dict[int, tuple[int, str, str, date]] = {}
    for batch_id, cohort_id, cohort, source, imported_at, first, last in session.execute(
        select(
            col(ImportBatch.id),
            col(Cohort.id),
            col(Cohort.name),
            col(ImportBatch.source_name),
            col(ImportBatch.imported_at),
            col(ImportCreated.first_id),
            col(ImportCreated.last_id),
        )
        .join(Cohort, col(Cohort.id) == col(ImportBatch.cohort_id))
        .join(ImportCreated, col(ImportCreated.batch_id) == col(ImportBatch.id))
        .where(
            col(ImportBatch.status) == ImportStatus.APPLIED.value,
            col(ImportCreated.entity) == "participation",
            col(Cohort.status).not_in(FINISHED_COHORT),
            col(Cohort.start_date) < today,
        )
        .order_by(col(ImportBatch.id), col(ImportCreated.first_id))
    ):
        runs.setdefault(batch_id, []).append((first, last))
        batches[batch_id] = (cohort_id, cohort, source, as_date(imported_at) or today)
    return [
        _Import(batch_id, cohort_id, cohort, source, imported_on, tuple(runs[batch_id]))
        for batch_id, (cohort_id, cohort, source, imported_on) in batches.items()
    ]


def _overdue_query(today: date, *columns: Any) -> Select[Any]:
    overdue = milestone_state_sql(col(Milestone.status), col(Milestone.due_date), today)
    return (
        select(*columns)
        .select_from(Milestone)
        .join(Participation, col(Participation.id) == col(Milestone.participation_id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(running(overdue == MilestoneState.OVERDUE.value))
    )


class _MostOverdue:
    """The most overdue milestones that match ``where`` (which may hold bound parameters)."""

    def __init__(self, today: date, where: ColumnElement[bool]) -> None:
        self.today = today
        self.finder = MostUrgent(
            _overdue_query(
                today,
                col(Milestone.id),
                col(Milestone.title),
                col(Milestone.due_date),
                col(Milestone.required),
                col(Person.id),
                col(Person.first_name),
                col(Person.preferred_name),
                col(Person.last_name),
                col(Cohort.id),
            )
            .join(Person, col(Person.id) == col(Participation.person_id))
            .where(where),
            col(Milestone.due_date),
            col(Milestone.id),
        )

    def items(
        self, session: Session, count: int, oldest: date | None, **params: Any
    ) -> list[AttentionItem]:
        today = self.today
        rows = self.finder.rows(session, count, oldest, **params)
        return [
            AttentionItem(
                kind=AttentionKind.MILESTONE_OVERDUE,
                headline=f"{display(first, preferred, last)}: {title}",
                detail=f"{'Required, d' if required else 'D'}ue {uk_date(due)} ({ago((today - due).days)})",
                since=due,
                days=(today - due).days,
                cohort_id=cohort_id,
                opens=RecordRef("milestone", milestone_id, person_id),
            )
            for milestone_id, title, due, required, person_id, first, preferred, last, cohort_id in sorted(
                rows, key=lambda row: (row[2], row[0])
            )
        ]


def overdue_milestones(
    session: Session,
    today: date,
    counts: dict[int, StateCounts],
    imports: list[_Import],
    imported: list[AttentionGroup],
) -> list[AttentionGroup]:
    """Each running cohort's overdue milestones, less those its past-dated imports brought."""
    not_imported_due = ~or_(false(), *(i.created_already_due() for i in imports))
    already_grouped: dict[int, int] = {}
    for group in imported:
        if group.cohort_id is not None:
            already_grouped[group.cohort_id] = already_grouped.get(group.cohort_id, 0) + group.count
    running_cohorts = dict(
        session.execute(
            select(col(Cohort.id), col(Cohort.name)).where(
                col(Cohort.status).not_in(FINISHED_COHORT)
            )
        ).all()
    )
    most_overdue = _MostOverdue(
        today, and_(col(Cohort.id) == bindparam("cohort_id"), not_imported_due)
    )
    kind = AttentionKind.MILESTONE_OVERDUE
    groups = []
    for cohort_id, cohort in running_cohorts.items():
        state = counts.get(cohort_id)
        count = (state.overdue if state else 0) - already_grouped.get(cohort_id, 0)
        if count <= 0 or state is None or state.oldest_overdue is None:
            continue
        items = most_overdue.items(session, count, state.oldest_overdue, cohort_id=cohort_id)
        groups.append(
            group_of(
                kind,
                cohort_id,
                cohort,
                count,
                items,
                SignalRef("milestone", cohort_id, signal=kind, cohort_name=cohort),
                worst=f"the oldest due {uk_date(items[0].since)}" if items else "",
            )
        )
    return by_urgency(groups)


def imports_already_due(
    session: Session, today: date, imports: list[_Import]
) -> list[AttentionGroup]:
    kind = AttentionKind.IMPORT_PAST_DUE
    groups = []
    for batch in imports:
        count, oldest = session.execute(
            _overdue_query(today, func.count(), func.min(col(Milestone.due_date))).where(
                batch.created_already_due()
            )
        ).one()
        if not count:
            continue
        items = _MostOverdue(today, batch.created_already_due()).items(session, count, oldest)
        groups.append(
            group_of(
                kind,
                batch.cohort_id,
                batch.cohort,
                count,
                items,
                SignalRef(
                    "milestone",
                    batch.cohort_id,
                    signal=kind,
                    cohort_name=batch.cohort,
                    participation_runs=batch.participation_runs,
                    imported_on=batch.imported_on,
                    source_name=batch.source_name,
                ),
                headline=f"{batch.cohort}: {batch.source_name}, imported {uk_date(batch.imported_on)}",
                worst="still open",
            )
        )
    return by_urgency(groups)
