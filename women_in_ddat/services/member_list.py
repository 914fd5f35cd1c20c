"""A cohort's mentees or mentors for the Cohorts page, filtered and sorted in SQL, a window at a time.

A cohort of an imported programme may hold thousands of mentees; the page
asks for how many there are and for the rows of one window (``ListQuery``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import col

from women_in_ddat.domain.models import Participation, Person
from women_in_ddat.services.cohorts import MemberRow
from women_in_ddat.services.list_query import ListSpec, words_match
from women_in_ddat.services.milestone_list import display_name_sql
from women_in_ddat.storage.database import Database


@dataclass(frozen=True)
class MemberList:
    """The people of one role in one cohort (``ListQuery[MemberRow]``)."""

    db: Database
    cohort_id: int
    role: str

    sorts = frozenset({"name", "status", "capacity", "email"})

    def count(self, spec: ListSpec) -> int:
        query = self._where(select(func.count(col(Participation.id))), spec)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[MemberRow]:
        query = self._where(
            select(
                col(Participation.id),
                col(Person.id),
                display_name_sql(),
                col(Person.email),
                col(Participation.role),
                col(Participation.status),
                col(Participation.mentor_capacity),
            ),
            spec,
        ).order_by(*self._order(spec))
        with self.db.reading() as session:
            rows = session.execute(query.offset(offset).limit(limit)).all()
        return [MemberRow(*row) for row in rows]

    def _where(self, query: Select[Any], spec: ListSpec) -> Select[Any]:
        query = query.join(Person, col(Person.id) == col(Participation.person_id)).where(
            col(Participation.cohort_id) == self.cohort_id, col(Participation.role) == self.role
        )
        if spec.text.strip():
            query = query.where(
                words_match(self.db, spec.text, [display_name_sql(), col(Person.email)])
            )
        return query

    def _order(self, spec: ListSpec) -> list[Any]:
        column = {
            "name": func.lower(display_name_sql()),
            "status": col(Participation.status),
            "capacity": col(Participation.mentor_capacity),
            "email": col(Person.email),
        }.get(spec.sort or "")
        if column is None:
            # The page's own order: by surname.
            return [col(Person.last_name), col(Person.first_name), col(Participation.id)]
        last = col(Participation.id).desc() if spec.descending else col(Participation.id)
        return [column.desc() if spec.descending else column, last]
