"""The Milestones page's rows, filtered and sorted in SQL, one window at a time.

At 90,000 mentees there are some 600,000 milestones: the page asks for how
many match and for the 200 it shows, never for all of them. The rules are
the ones the page used to apply in memory: open only, overdue only, a
dashboard group (``SignalRef``), a person's name typed, one cohort or person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlmodel import col

from women_in_ddat.domain.models import Cohort, Milestone, Participation, Person
from women_in_ddat.domain.programme_rules import (
    OPEN_STATUSES,
    milestone_state_sql,
)
from women_in_ddat.services.attention import AttentionKind, SignalRef
from women_in_ddat.services.attention_sql import TAKING_PART
from women_in_ddat.services.list_query import ListSpec, words_match
from women_in_ddat.services.progress import MilestoneRow
from women_in_ddat.storage.database import Database


def display_name_sql(person: Any = Person) -> Any:
    """``Person.display_name`` as SQL: the preferred name, else the first, then the surname."""
    first = case((person.preferred_name != "", person.preferred_name), else_=person.first_name)
    return func.trim(first + " " + person.last_name)


@dataclass(frozen=True)
class MilestoneList:
    """The milestones one view of the page stands over (``ListQuery[MilestoneRow]``)."""

    db: Database
    cohort_id: int | None = None
    person_id: int | None = None
    open_only: bool = False
    overdue_only: bool = False
    signal: SignalRef | None = None
    today: date = field(default_factory=date.today)

    sorts = frozenset(
        {"person", "cohort", "title", "required", "due", "status", "completed", "evidence"}
    )

    def count(self, spec: ListSpec) -> int:
        query = self._where(
            select(func.count(col(Milestone.id))).join(
                Participation, col(Participation.id) == col(Milestone.participation_id)
            ),
            spec,
        )
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def person_ids(self, spec: ListSpec) -> list[int]:
        """Everyone with a milestone in the list (whom a message to "all shown" reaches)."""
        query = self._where(
            select(col(Participation.person_id))
            .distinct()
            .join(Milestone, col(Milestone.participation_id) == col(Participation.id)),
            spec,
        )
        with self.db.reading() as session:
            return list(session.execute(query.order_by(col(Participation.person_id))).scalars())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[MilestoneRow]:
        query = self._where(
            select(
                Milestone,
                col(Participation.cohort_id),
                col(Person.id),
                col(Person.first_name),
                col(Person.preferred_name),
                col(Person.last_name),
                col(Person.email),
                col(Cohort.name),
            )
            .join(Participation, col(Participation.id) == col(Milestone.participation_id))
            .join(Person, col(Person.id) == col(Participation.person_id))
            .join(Cohort, col(Cohort.id) == col(Participation.cohort_id)),
            spec,
        )
        query = query.order_by(*self._order(spec)).offset(offset).limit(limit)
        with self.db.reading() as session:
            rows = session.execute(query).all()
        return [
            MilestoneRow.of(
                m,
                person_id=person_id,
                person_name=f"{preferred or first} {last}".strip(),
                email=email,
                cohort_id=cohort_id,
                cohort=cohort_name,
                today=self.today,
            )
            for m, cohort_id, person_id, first, preferred, last, email, cohort_name in rows
        ]

    def _where(self, query: Select[*tuple[Any, ...]], spec: ListSpec) -> Select[*tuple[Any, ...]]:
        if self.cohort_id is not None:
            query = query.where(col(Participation.cohort_id) == self.cohort_id)
        if self.person_id is not None:
            query = query.where(col(Participation.person_id) == self.person_id)
        if self.open_only or self.overdue_only or self.signal is not None:
            # Still to do: open, overdue or waiting (a recorded status is never to do).
            query = query.where(col(Milestone.status).in_(OPEN_STATUSES))
        if self.overdue_only or (
            self.signal is not None and self.signal.signal is not AttentionKind.COHORT_ENDING
        ):
            query = query.where(col(Milestone.due_date) < self.today)
        if self.signal is not None:
            query = query.where(col(Participation.cohort_id) == self.signal.cohort_id)
            query = query.where(*self._signal_rule(self.signal))
        if spec.text.strip():
            # The people first (one pass over them), then their milestones by index.
            named = select(col(Person.id)).where(
                words_match(self.db, spec.text, [display_name_sql()])
            )
            query = query.where(col(Participation.person_id).in_(named))
        return query

    @staticmethod
    def _signal_rule(signal: SignalRef) -> list[Any]:
        if signal.signal is AttentionKind.COHORT_ENDING:
            # What the dashboard counts: required ones still to do, of mentees taking part.
            return [
                col(Milestone.required).is_(True),
                col(Participation.status).in_(TAKING_PART),
            ]
        if signal.signal is not AttentionKind.IMPORT_PAST_DUE:
            return []
        if signal.imported_on is None or not signal.participation_runs:
            return [col(Milestone.id).is_(None)]  # nothing belongs to it
        return [
            col(Milestone.due_date) < signal.imported_on,
            or_(
                *(
                    col(Milestone.participation_id).between(first, last)
                    for first, last in signal.participation_runs
                )
            ),
        ]

    def _order(self, spec: ListSpec) -> list[Any]:
        last = col(Milestone.id).desc() if spec.descending else col(Milestone.id)
        column = {
            "person": func.lower(display_name_sql()),
            "cohort": func.lower(col(Cohort.name)),
            "title": func.lower(col(Milestone.title)),
            "required": col(Milestone.required),
            "due": col(Milestone.due_date),
            "status": milestone_state_sql(
                col(Milestone.status), col(Milestone.due_date), self.today
            ),
            "completed": col(Milestone.completed_on),
            "evidence": func.lower(col(Milestone.evidence_note)),
        }.get(spec.sort or "")
        if column is None:
            # The page's own order: soonest due first, waiting ones (no date yet) last.
            return [
                col(Milestone.due_date).is_(None),
                col(Milestone.due_date),
                col(Person.last_name),
                col(Milestone.id),
            ]
        # Blanks last either way, as the in-memory sort did.
        blank = column.is_(None)
        return [blank, column.desc() if spec.descending else column, last]
