"""One person's outcomes (her dated ledger), filtered and sorted in SQL a window at a time.

Her Outcomes tab asks for how many there are and for the rows shown, the
same way as every other list: ``OutcomeLine`` rows, which the record, edit
and delete dialogs take as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import col

from women_in_ddat.domain.enums import OutcomeKind
from women_in_ddat.domain.models import Cohort, Outcome
from women_in_ddat.services.list_query import ListSpec, labels_sql, ordered, words_match
from women_in_ddat.services.person_detail import OutcomeLine
from women_in_ddat.storage.database import Database


def _role_sql() -> Any:
    """The role as the tab shows it: the level, then the role."""
    return func.trim(col(Outcome.level) + " " + col(Outcome.role))


@dataclass(frozen=True)
class OutcomeList:
    """The outcomes of one person, newest first (``ListQuery[OutcomeLine]``)."""

    db: Database
    person_id: int

    sorts = frozenset({"occurred_on", "kind", "cohort", "role", "description"})

    def count(self, spec: ListSpec) -> int:
        query = self._where(select(func.count(col(Outcome.id))), spec)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[OutcomeLine]:
        query = self._where(select(Outcome, col(Cohort.name)), spec)
        query = query.order_by(*self._order(spec)).offset(offset).limit(limit)
        with self.db.reading() as session:
            rows = session.execute(query).all()
        return [OutcomeLine.of(o, cohort) for o, cohort in rows]

    def _where(self, query: Select[*tuple[Any, ...]], spec: ListSpec) -> Select[*tuple[Any, ...]]:
        query = query.outerjoin(Cohort, col(Cohort.id) == col(Outcome.cohort_id)).where(
            col(Outcome.person_id) == self.person_id
        )
        if not spec.text.strip():
            return query
        searched = [
            labels_sql(col(Outcome.kind), OutcomeKind),
            col(Outcome.description),
            col(Cohort.name),
            col(Outcome.role_family),
            col(Outcome.role),
            col(Outcome.level),
        ]
        return query.where(words_match(self.db, spec.text, searched))

    def _order(self, spec: ListSpec) -> list[Any]:
        row_id = col(Outcome.id)
        column = {
            "occurred_on": col(Outcome.occurred_on),
            "kind": labels_sql(col(Outcome.kind), OutcomeKind),
            "cohort": func.lower(col(Cohort.name)),
            "role": func.lower(_role_sql()),
            "description": func.lower(col(Outcome.description)),
        }.get(spec.sort or "")
        if column is None:
            return [col(Outcome.occurred_on).desc(), row_id.desc()]
        return ordered(column, spec.descending, row_id)
