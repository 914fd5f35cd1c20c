"""Mentoring sessions, of one match or one person, filtered and sorted in SQL a window at a time.

Three sessions a match over 90,000 matches is a quarter of a million rows:
the Matches page's sessions pane and her page's Sessions tab ask for how
many there are and for the rows shown, never for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from women_in_ddat.domain.enums import SessionFormat
from women_in_ddat.domain.models import Match, MentoringSession, Participation, Person
from women_in_ddat.services.list_query import ListSpec, labels_sql, ordered, words_match
from women_in_ddat.services.milestone_list import display_name_sql
from women_in_ddat.storage.database import Database


@dataclass(frozen=True)
class SessionRow:
    """One mentoring session as a list shows it."""

    id: int
    match_id: int
    held_on: date
    duration_minutes: int
    format: str
    note: str
    # The other side of the match, seen from the person the list is of ("" for a match's list).
    partner_name: str = ""


_MENTEE_PLACE = aliased(Participation)
_MENTOR_PLACE = aliased(Participation)
_MENTEE = aliased(Person)
_MENTOR = aliased(Person)


@dataclass(frozen=True)
class SessionList:
    """The sessions of one match, or of every match one person is in (``ListQuery[SessionRow]``)."""

    db: Database
    match_id: int | None = None
    person_id: int | None = None

    sorts = frozenset({"held_on", "with", "minutes", "format", "note"})

    def count(self, spec: ListSpec) -> int:
        query = self._where(select(func.count(col(MentoringSession.id))), spec)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[SessionRow]:
        query = self._where(select(MentoringSession, self._partner()), spec)
        query = query.order_by(*self._order(spec)).offset(offset).limit(limit)
        with self.db.reading() as session:
            rows = session.execute(query).all()
        return [
            SessionRow(
                id=s.id,
                match_id=s.match_id,
                held_on=s.held_on,
                duration_minutes=s.duration_minutes,
                format=s.format,
                note=s.note,
                partner_name=partner or "",
            )
            for s, partner in rows
        ]

    def _partner(self) -> Any:
        """Her partner's name in each session (the mentor's if she was the mentee, else the mentee's)."""
        if self.person_id is None:
            return literal("")
        return case(
            (
                col(_MENTEE_PLACE.person_id) == self.person_id,
                display_name_sql(_MENTOR),
            ),
            else_=display_name_sql(_MENTEE),
        )

    @staticmethod
    def _her_matches(person_id: int) -> Any:
        """Her matches, either side, found from her places by index (not by a pass over all)."""
        places = select(col(Participation.id)).where(col(Participation.person_id) == person_id)
        return select(col(Match.id)).where(
            or_(
                col(Match.mentee_participation_id).in_(places),
                col(Match.mentor_participation_id).in_(places),
            )
        )

    def _where(self, query: Select[*tuple[Any, ...]], spec: ListSpec) -> Select[*tuple[Any, ...]]:
        if self.match_id is not None:
            query = query.where(col(MentoringSession.match_id) == self.match_id)
        if self.person_id is not None:
            query = (
                query.join(Match, col(Match.id) == col(MentoringSession.match_id))
                .join(_MENTEE_PLACE, col(_MENTEE_PLACE.id) == col(Match.mentee_participation_id))
                .join(_MENTOR_PLACE, col(_MENTOR_PLACE.id) == col(Match.mentor_participation_id))
                .join(_MENTEE, col(_MENTEE.id) == col(_MENTEE_PLACE.person_id))
                .join(_MENTOR, col(_MENTOR.id) == col(_MENTOR_PLACE.person_id))
                .where(col(MentoringSession.match_id).in_(self._her_matches(self.person_id)))
            )
        if spec.text.strip():
            searched = [
                col(MentoringSession.note),
                labels_sql(col(MentoringSession.format), SessionFormat),
            ]
            if self.person_id is not None:
                searched.append(self._partner())
            query = query.where(words_match(self.db, spec.text, searched))
        return query

    def _order(self, spec: ListSpec) -> list[Any]:
        row_id = col(MentoringSession.id)
        column = {
            "held_on": col(MentoringSession.held_on),
            "with": func.lower(self._partner()),
            "minutes": col(MentoringSession.duration_minutes),
            "format": labels_sql(col(MentoringSession.format), SessionFormat),
            "note": func.lower(col(MentoringSession.note)),
        }.get(spec.sort or "")
        if column is None:
            # The pages' own order: the latest session first.
            return [col(MentoringSession.held_on).desc(), row_id.desc()]
        return ordered(column, spec.descending, row_id)
