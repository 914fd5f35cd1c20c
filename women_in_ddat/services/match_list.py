"""The Matches page's rows, filtered and sorted in SQL, one window at a time.

At 90,000 mentees there are 90,000 matches and several sessions each: the
page asks how many match what it shows (a cohort, current ones, a dashboard
group, the names typed) and for the rows of one window, with each row's
session count and last session read by index for those rows only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from women_in_ddat.domain.enums import MatchStatus
from women_in_ddat.domain.models import Cohort, Match, MentoringSession, Participation, Person
from women_in_ddat.services.attention import QUIET_DAYS, AttentionKind, SignalRef
from women_in_ddat.services.cohorts import CURRENT_STATUSES
from women_in_ddat.services.list_query import ListSpec, words_match
from women_in_ddat.services.matches import MatchRow
from women_in_ddat.services.milestone_list import display_name_sql
from women_in_ddat.storage.database import Database

_MENTEE_PLACE = aliased(Participation)
_MENTOR_PLACE = aliased(Participation)
_MENTEE = aliased(Person)
_MENTOR = aliased(Person)


def _sessions_held() -> Any:
    return (
        select(func.count(col(MentoringSession.id)))
        .where(col(MentoringSession.match_id) == col(Match.id))
        .scalar_subquery()
    )


def _last_session() -> Any:
    return (
        select(func.max(col(MentoringSession.held_on)))
        .where(col(MentoringSession.match_id) == col(Match.id))
        .scalar_subquery()
    )


@dataclass(frozen=True)
class MatchList:
    """The matches one view of the page stands over (``ListQuery[MatchRow]``)."""

    db: Database
    cohort_id: int | None = None
    current_only: bool = False
    # A narrower view opened from elsewhere: one status, quiet ones, or named matches.
    status: str | None = None
    quiet: bool = False
    ids: frozenset[int] | None = None
    # Shown whatever the filters say (the match she has selected).
    keep_id: int | None = None
    today: date = field(default_factory=date.today)

    sorts = frozenset({"mentee", "mentor", "cohort", "status", "since", "sessions", "last"})

    @classmethod
    def for_signal(cls, db: Database, ref: SignalRef) -> MatchList:
        """The matches a dashboard group names (its cohort's, by its rule)."""
        if ref.signal is AttentionKind.MATCH_QUIET:
            return cls(db, cohort_id=ref.cohort_id, status=MatchStatus.ACTIVE.value, quiet=True)
        if ref.signal is AttentionKind.MATCH_ON_HOLD:
            return cls(db, cohort_id=ref.cohort_id, status=MatchStatus.ON_HOLD.value)
        if ref.signal is AttentionKind.MATCH_ENDED_EARLY:
            return cls(db, cohort_id=ref.cohort_id, ids=ref.record_ids)
        return cls(db, cohort_id=ref.cohort_id)

    def cohort_of(self, match_id: int) -> int | None:
        """The cohort of one match (where the page looks for it), if it exists."""
        with self.db.reading() as session:
            found = session.execute(select(col(Match.cohort_id)).where(col(Match.id) == match_id))
            return found.scalar_one_or_none()

    def count(self, spec: ListSpec) -> int:
        query = self._where(select(func.count(col(Match.id))).select_from(Match), spec)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[MatchRow]:
        held, last = _sessions_held().label("held"), _last_session().label("last")
        query = (
            select(
                Match,
                col(Cohort.name),
                col(_MENTEE_PLACE.person_id),
                display_name_sql(_MENTEE),
                col(_MENTEE.email),
                col(_MENTOR_PLACE.person_id),
                display_name_sql(_MENTOR),
                col(_MENTOR.email),
                held,
                last,
            )
            .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
            .join(_MENTEE_PLACE, col(_MENTEE_PLACE.id) == col(Match.mentee_participation_id))
            .join(_MENTEE, col(_MENTEE.id) == col(_MENTEE_PLACE.person_id))
            .join(_MENTOR_PLACE, col(_MENTOR_PLACE.id) == col(Match.mentor_participation_id))
            .join(_MENTOR, col(_MENTOR.id) == col(_MENTOR_PLACE.person_id))
        )
        query = self._where(query, spec).order_by(*self._order(spec, held, last))
        with self.db.reading() as session:
            rows = session.execute(query.offset(offset).limit(limit)).all()
        ending = (MatchStatus.ENDED_EARLY.value, MatchStatus.COMPLETED.value)
        return [
            MatchRow(
                id=m.id,
                cohort_id=m.cohort_id,
                cohort=cohort_name,
                mentee_participation_id=m.mentee_participation_id,
                mentee_person_id=mentee_id,
                mentee_name=mentee_name,
                mentee_email=mentee_email,
                mentor_participation_id=m.mentor_participation_id,
                mentor_person_id=mentor_id,
                mentor_name=mentor_name,
                mentor_email=mentor_email,
                status=m.status,
                start_date=m.start_date,
                end_date=m.end_date,
                rationale=m.rationale,
                status_reason=m.status_reason,
                ended_by=m.status_changed_by if m.status in ending else "",
                sessions=n or 0,
                last_session=last_held,
                version=m.version,
            )
            for (
                m,
                cohort_name,
                mentee_id,
                mentee_name,
                mentee_email,
                mentor_id,
                mentor_name,
                mentor_email,
                n,
                last_held,
            ) in rows
        ]

    def _where(self, query: Select[Any], spec: ListSpec) -> Select[Any]:
        if self.cohort_id is not None:
            query = query.where(col(Match.cohort_id) == self.cohort_id)
        if self.status is not None:
            query = query.where(col(Match.status) == self.status)
        if self.ids is not None:
            query = query.where(col(Match.id).in_(sorted(self.ids)))
        if self.quiet:
            # No session (else no start) in the last QUIET_DAYS days.
            since = func.coalesce(_last_session(), col(Match.start_date))
            query = query.where(since <= self.today - timedelta(days=QUIET_DAYS))
        if self.current_only:
            current = col(Match.status).in_(CURRENT_STATUSES)
            query = query.where(
                current if self.keep_id is None else current | (col(Match.id) == self.keep_id)
            )
        if spec.text.strip():
            # The people named first (one pass over them), then their matches by index.
            named = select(col(Person.id)).where(
                words_match(self.db, spec.text, [display_name_sql()])
            )
            places = (
                select(col(Participation.id))
                .where(col(Participation.person_id).in_(named))
                .cte("named_places")
                .prefix_with("MATERIALIZED")
            )
            place_ids = select(places.c.id)
            query = query.where(
                or_(
                    col(Match.mentee_participation_id).in_(place_ids),
                    col(Match.mentor_participation_id).in_(place_ids),
                )
            )
        return query

    def _order(self, spec: ListSpec, held: Any, last: Any) -> list[Any]:
        column = {
            "mentee": func.lower(display_name_sql(_MENTEE)),
            "mentor": func.lower(display_name_sql(_MENTOR)),
            "cohort": func.lower(col(Cohort.name)),
            "status": col(Match.status),
            "since": col(Match.start_date),
            "sessions": held,
            "last": last,
        }.get(spec.sort or "")
        if column is None:
            # The page's own order: by cohort, then mentee.
            return [
                col(Cohort.name),
                col(_MENTEE.last_name),
                col(_MENTEE.first_name),
                col(Match.id),
            ]
        ordered = column.desc() if spec.descending else column
        return [
            column.is_(None),
            ordered,
            col(Match.id).desc() if spec.descending else col(Match.id),
        ]
