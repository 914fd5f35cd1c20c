"""Needs attention, mentees and matches: not matched, quiet, on hold, ended early.

- a mentee taking part in a running cohort is not matched when she has
  never had a match and her place (or her cohort) started at least
  ``NOT_MATCHED_DAYS`` ago: one signal for her, not one per milestone that
  waits for the match;
- an active match is quiet when no session has been logged for
  ``QUIET_DAYS`` days, counting from its last session, else from its start;
- a match on hold, and a match that ended early with no new match for the
  mentee since, are risks while she is still taking part.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select
from sqlmodel import col

from women_in_ddat.domain.enums import (
    MatchStatus,
    ParticipantRole,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MatchStatusChange,
    MentoringSession,
    Participation,
    Person,
)
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    NOT_MATCHED_DAYS,
    QUIET_DAYS,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.attention_sql import (
    MostUrgent,
    as_date,
    by_cohort,
    day_or_time,
    display,
    group_of,
    running,
)

HAS_A_MENTOR = (
    MatchStatus.PROPOSED.value,
    MatchStatus.ACTIVE.value,
    MatchStatus.ON_HOLD.value,
    MatchStatus.COMPLETED.value,
)


def _not_matched_rule(today: date) -> tuple[Any, Any]:
    """When her place started, and the filter for a mentee not matched (over Participation, Cohort)."""
    started = func.coalesce(col(Participation.start_date), col(Cohort.start_date))
    ever_matched = (
        select(col(Match.id))
        .where(col(Match.mentee_participation_id) == col(Participation.id))
        .exists()
    )
    where = running(
        and_(
            col(Participation.role) == ParticipantRole.MENTEE.value,
            ~ever_matched,
            started <= today - timedelta(days=NOT_MATCHED_DAYS),
        )
    )
    return started, where


def not_matched_places(session: Session, cohort_id: int, today: date) -> list[tuple[int, int]]:
    """(place, person) of each mentee of the cohort not matched: the dashboard's group, all of it."""
    started, where = _not_matched_rule(today)
    rows = session.execute(
        select(col(Participation.id), col(Participation.person_id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(where, col(Participation.cohort_id) == cohort_id)
        .order_by(started, col(Participation.person_id))
    )
    return [(int(part_id), int(person_id)) for part_id, person_id in rows]


def not_matched(session: Session, today: date) -> list[AttentionGroup]:
    started, where = _not_matched_rule(today)

    def base(*columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(Participation)
            .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
            .where(where)
        )

    finder = MostUrgent(
        base(
            col(Person.id),
            col(Person.first_name),
            col(Person.preferred_name),
            col(Person.last_name),
            started,
        )
        .join(Person, col(Person.id) == col(Participation.person_id))
        .where(col(Participation.cohort_id) == bindparam("cohort_id")),
        started,
        col(Person.id),
    )

    def urgent(cohort_id: int, oldest: Any, count: int) -> list[AttentionItem]:
        rows = finder.rows(session, count, oldest, cohort_id=cohort_id)
        return [
            AttentionItem(
                kind=AttentionKind.MENTEE_UNMATCHED,
                headline=display(first, preferred, last),
                detail=f"No mentor {(today - since).days} days after starting on {uk_date(since)}",
                since=since,
                days=(today - since).days,
                cohort_id=cohort_id,
                opens=RecordRef("person", person_id, person_id),
            )
            for person_id, first, preferred, last, since in sorted(
                rows, key=lambda row: (row[4], row[0])
            )
        ]

    return by_cohort(
        session,
        AttentionKind.MENTEE_UNMATCHED,
        base(col(Cohort.id), col(Cohort.name), func.count(), func.min(started)).group_by(
            col(Cohort.id), col(Cohort.name)
        ),
        urgent,
        "cohort",
        lambda items: f"the longest waiting since {uk_date(items[0].since)}",
    )


_mentee_p, _mentor_p = aliased(Participation), aliased(Participation)
_mentee, _mentor = aliased(Person), aliased(Person)


def _match_query(*columns: Any) -> Select[Any]:
    """Matches whose mentee is still taking part in a running cohort."""
    return (
        select(*columns)
        .select_from(Match)
        .join(Participation, col(Participation.id) == col(Match.mentee_participation_id))
        .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
        .where(running(col(Participation.role) == ParticipantRole.MENTEE.value))
    )


class _MatchItems:
    """The most urgent rows of ``query`` (match id, cohort id, since, extra) as named items.

    ``query`` may hold bound parameters, filled in by each ``items`` call.
    """

    def __init__(
        self,
        kind: AttentionKind,
        query: Select[Any],
        urgency: Any,
        describe: Callable[[date, Any], str],
        today: date,
    ) -> None:
        self.kind, self.describe, self.today = kind, describe, today
        self.finder = MostUrgent(
            query.join(_mentor_p, col(_mentor_p.id) == col(Match.mentor_participation_id))
            .join(_mentee, col(_mentee.id) == col(Participation.person_id))
            .join(_mentor, col(_mentor.id) == col(_mentor_p.person_id))
            .add_columns(
                col(_mentee.id),
                col(_mentee.first_name),
                col(_mentee.preferred_name),
                col(_mentee.last_name),
                col(_mentor.first_name),
                col(_mentor.preferred_name),
                col(_mentor.last_name),
            ),
            urgency,
            col(Match.id),
        )

    def items(
        self, session: Session, count: int, oldest: Any, **params: Any
    ) -> list[AttentionItem]:
        today = self.today
        items = []
        for (
            match_id,
            cohort_id,
            since,
            extra,
            mentee_id,
            mf,
            mp,
            ml,
            of,
            op,
            ol,
        ) in self.finder.rows(session, count, oldest, **params):
            since = as_date(since) or today
            items.append(
                AttentionItem(
                    kind=self.kind,
                    headline=f"{display(mf, mp, ml)} with {display(of, op, ol)}",
                    detail=self.describe(since, extra),
                    since=since,
                    days=(today - since).days,
                    cohort_id=cohort_id,
                    opens=RecordRef("match", match_id, mentee_id),
                )
            )
        return sorted(items, key=lambda i: (-i.days, i.opens.id))


def quiet_matches(session: Session, today: date) -> list[AttentionGroup]:
    last_session = (
        select(func.max(col(MentoringSession.held_on)))
        .where(col(MentoringSession.match_id) == col(Match.id))
        .scalar_subquery()
    )
    # Its last session, else its start, else (neither) the day it was made.
    since = day_or_time(last_session, col(Match.start_date), col(Match.created_at))
    # "since" on or before the cutoff day; as one comparison (dates typed as dates),
    # so a made-at time of day on the cutoff day still counts.
    where = and_(
        col(Match.status) == MatchStatus.ACTIVE.value,
        func.coalesce(last_session, col(Match.start_date), col(Match.created_at))
        < today - timedelta(days=QUIET_DAYS - 1),
    )
    kind = AttentionKind.MATCH_QUIET

    quietest = _MatchItems(
        kind,
        _match_query(col(Match.id), col(Cohort.id), since, last_session).where(
            where, col(Match.cohort_id) == bindparam("cohort_id")
        ),
        since,
        lambda on, last: (
            f"{(today - on).days} days without a session ("
            + (
                f"last session {uk_date(last)})"
                if last
                else f"none since the match began {uk_date(on)})"
            )
        ),
        today,
    )

    return by_cohort(
        session,
        kind,
        _match_query(col(Cohort.id), col(Cohort.name), func.count(), func.min(since))
        .where(where)
        .group_by(col(Cohort.id), col(Cohort.name)),
        lambda cohort_id, oldest, count: quietest.items(
            session, count, oldest, cohort_id=cohort_id
        ),
        "match",
        lambda items: f"the quietest {items[0].days} days",
    )


def matches_on_hold(session: Session, today: date) -> list[AttentionGroup]:
    where = col(Match.status) == MatchStatus.ON_HOLD.value
    kind = AttentionKind.MATCH_ON_HOLD
    # The day this hold took effect, as the coordinator gave it (the latest step of
    # the match's history into "on hold"), else when the status was changed.
    held_on = (
        select(col(MatchStatusChange.on_date))
        .where(
            col(MatchStatusChange.match_id) == col(Match.id),
            col(MatchStatusChange.to_status) == MatchStatus.ON_HOLD.value,
        )
        .order_by(col(MatchStatusChange.id).desc())
        .limit(1)
        .scalar_subquery()
    )
    since = day_or_time(held_on, col(Match.status_changed_at), col(Match.updated_at))

    longest = _MatchItems(
        kind,
        _match_query(col(Match.id), col(Cohort.id), since, col(Match.status_reason)).where(
            where, col(Match.cohort_id) == bindparam("cohort_id")
        ),
        since,
        lambda on, reason: f"On hold since {uk_date(on)}" + (f": {reason}" if reason else ""),
        today,
    )

    return by_cohort(
        session,
        kind,
        _match_query(col(Cohort.id), col(Cohort.name), func.count(), func.min(since))
        .where(where)
        .group_by(col(Cohort.id), col(Cohort.name)),
        lambda cohort_id, oldest, count: longest.items(session, count, oldest, cohort_id=cohort_id),
        "match",
        lambda items: f"the longest since {uk_date(items[0].since)}",
    )


def matches_ended_early(session: Session, today: date) -> list[AttentionGroup]:
    later = aliased(Match)
    rematched = (
        select(col(later.id))
        .where(
            col(later.mentee_participation_id) == col(Match.mentee_participation_id),
            col(later.status).in_(HAS_A_MENTOR),
        )
        .exists()
    )
    kind = AttentionKind.MATCH_ENDED_EARLY
    ended = day_or_time(col(Match.end_date), col(Match.status_changed_at), col(Match.updated_at))
    # One per mentee (her latest ended match), however many of hers ended. The
    # Matches page cannot tell from a row whether she has a new mentor since,
    # so each group names its matches by id: one a mentee, a handful a cohort.
    latest: dict[int, tuple[str, set[int]]] = {}
    for cohort_id, cohort, match_id in session.execute(
        _match_query(col(Match.cohort_id), col(Cohort.name), func.max(col(Match.id)))
        .where(col(Match.status) == MatchStatus.ENDED_EARLY.value, ~rematched)
        .group_by(col(Match.cohort_id), col(Cohort.name), col(Match.mentee_participation_id))
    ):
        latest.setdefault(cohort_id, (cohort, set()))[1].add(match_id)
    longest = _MatchItems(
        kind,
        _match_query(col(Match.id), col(Cohort.id), ended, col(Match.status_reason)).where(
            col(Match.id).in_(bindparam("ids", expanding=True))
        ),
        ended,
        lambda on, reason: (
            f"Ended {uk_date(on)}" + (f": {reason}" if reason else "") + "; no new mentor yet"
        ),
        today,
    )
    groups = []
    for cohort_id, (cohort, ids) in latest.items():
        items = longest.items(session, len(ids), None, ids=sorted(ids))
        groups.append(
            group_of(
                kind,
                cohort_id,
                cohort,
                len(ids),
                items,
                SignalRef(
                    "match", cohort_id, signal=kind, cohort_name=cohort, record_ids=frozenset(ids)
                ),
                worst=f"the longest without a mentor since {uk_date(items[0].since)}"
                if items
                else "",
            )
        )
    return by_urgency(groups)
