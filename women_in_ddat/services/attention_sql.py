"""What every needs-attention query shares: the places that count, a group, the worst few."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.types import NullType
from sqlmodel import col

from women_in_ddat.domain.enums import CohortStatus, ParticipationStatus
from women_in_ddat.domain.models import (
    Cohort,
    Participation,
)
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    MOST_URGENT,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    SignalRef,
    by_urgency,
)

FINISHED_COHORT = (CohortStatus.COMPLETED.value, CohortStatus.CANCELLED.value)
# Places still taking part: a signal is about what can still be done. (Completion
# rates count RUNNING_PLACE_STATUSES, which also holds completed places.)
TAKING_PART = (ParticipationStatus.ACCEPTED.value, ParticipationStatus.ACTIVE.value)


def display(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}".strip()


def as_date(value: date | datetime | str | None) -> date | None:
    """A day from a date, a timestamp, or (SQLite) the text of either."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def day_or_time(*columns: Any) -> Any:
    """COALESCE over date and timestamp columns, its value read back as stored.

    SQLite keeps both as text and the result would be read as the first
    column's type (a date), which a timestamp's text is not; the raw value
    is compared and ordered as the database does, and ``as_date`` reads it.
    """
    return type_coerce(func.coalesce(*columns), NullType())


def ago(days: int) -> str:
    return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"


def running(where: Any) -> Any:
    """A filter: the place is still taking part and her cohort is running."""
    return and_(
        where,
        col(Participation.status).in_(TAKING_PART),
        col(Cohort.status).not_in(FINISHED_COHORT),
    )


def group_of(
    kind: AttentionKind,
    cohort_id: int,
    cohort: str,
    count: int,
    items: list[AttentionItem],
    opens: RecordRef,
    *,
    headline: str | None = None,
    worst: str = "",
) -> AttentionGroup:
    return AttentionGroup(
        kind=kind,
        cohort_id=cohort_id,
        headline=headline or cohort,
        detail=kind.count_text(count) + (f", {worst}" if worst else ""),
        count=count,
        days=items[0].days if items else 0,
        most_urgent=tuple(items),
        opens=opens,
    )


class MostUrgent:
    """The ``MOST_URGENT`` rows of a query, oldest ``urgency`` first, without sorting them all.

    Sorting a cohort's every overdue record to name three reads and orders
    thousands. The group's count already found the oldest value, and many
    records usually share it (a template falls due on one day for a whole
    cohort), so those are asked for first and the query stops at three; only
    when fewer share it are all of them sorted.

    Built once per signal, with bound parameters (the cohort, say) that each
    ``rows`` call fills in: building a statement costs more than running it.
    """

    def __init__(self, query: Select[Any], urgency: Any, tie_break: Any) -> None:
        # A raw urgency (``day_or_time``) takes its oldest value back as the driver gave
        # it, untyped; a typed one (a date column) through its type.
        raw = isinstance(urgency.type, NullType)
        oldest = bindparam("oldest", type_=None if raw else urgency.type)
        self._sharing_oldest = query.where(urgency == oldest).limit(MOST_URGENT)
        self._sorted = query.order_by(urgency, tie_break).limit(MOST_URGENT)

    def rows(self, session: Session, count: int, oldest: Any, **params: Any) -> Sequence[Any]:
        wanted = min(MOST_URGENT, count)
        rows: Sequence[Any] = []
        if oldest is not None:
            rows = session.execute(self._sharing_oldest, {**params, "oldest": oldest}).all()
        if len(rows) < wanted:
            rows = session.execute(self._sorted, params).all()
        return rows


def by_cohort(
    session: Session,
    kind: AttentionKind,
    counted: Select[Any],
    urgent: Callable[[int, Any, int], list[AttentionItem]],
    opens_kind: str,
    worst: Callable[[list[AttentionItem]], str],
) -> list[AttentionGroup]:
    """One group per cohort from ``counted`` (rows of cohort id, name, count, oldest urgency)."""
    groups = []
    for cohort_id, cohort, count, oldest in session.execute(counted):
        items = urgent(cohort_id, oldest, count)
        groups.append(
            group_of(
                kind,
                cohort_id,
                cohort,
                count,
                items,
                SignalRef(opens_kind, cohort_id, signal=kind, cohort_name=cohort),
                worst=worst(items) if items else "",
            )
        )
    return by_urgency(groups)
