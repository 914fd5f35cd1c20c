"""The programme's rules: what a milestone's state is today, in Python and in SQL.

One definition, used by every page, report, export and the dashboard, so no
two of them can disagree about what is overdue or waiting.

A milestone stores a *status* (what the coordinator or a rule recorded) and a
*due date* (derived from its anchor, or typed by hand). Its *state* is read
from both and today's date:

- ``done`` / ``not_applicable``: as recorded;
- ``withdrawn`` / ``closed``: her place ended (she withdrew, or her place was
  completed) while the milestone was open; never overdue, left out of rates;
- ``waiting``: open, but its anchor does not exist yet (no match started, no
  start date), so it has no due date and can never be overdue;
- ``overdue``: open and its due date has passed;
- ``open``: open and due today or later.

Stored statuses ``not_started`` and ``in_progress`` are both "open".

A mentoring session is logged against a match (``session_logging``): never
once the match ended early; only after she confirms while it is on hold, or
for a day after a completed match ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from women_in_ddat.domain.enums import MatchStatus, MilestoneStatus

if TYPE_CHECKING:
    # SQLAlchemy only for the SQL form: the lean export reads states without loading it.
    from sqlalchemy.sql.elements import ColumnElement


class MilestoneState(StrEnum):
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"
    WAITING = "waiting"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            MilestoneState.OPEN: "Open",
            MilestoneState.DONE: "Done",
            MilestoneState.OVERDUE: "Overdue",
            MilestoneState.WAITING: "Waiting for match",
            MilestoneState.WITHDRAWN: "Withdrawn",
            MilestoneState.CLOSED: "Closed",
            MilestoneState.NOT_APPLICABLE: "Not applicable",
        }[self]


# Stored statuses that mean "still to do".
OPEN_STATUSES = (MilestoneStatus.NOT_STARTED.value, MilestoneStatus.IN_PROGRESS.value)
# States a completion rate counts (its denominator); everything else is left out.
COUNTED_STATES = frozenset(
    {MilestoneState.OPEN, MilestoneState.OVERDUE, MilestoneState.DONE, MilestoneState.WAITING}
)
# States that still ask something of the mentee.
STILL_TO_DO = frozenset({MilestoneState.OPEN, MilestoneState.OVERDUE, MilestoneState.WAITING})

_RECORDED = {
    MilestoneStatus.DONE.value: MilestoneState.DONE,
    MilestoneStatus.NOT_APPLICABLE.value: MilestoneState.NOT_APPLICABLE,
    MilestoneStatus.WITHDRAWN.value: MilestoneState.WITHDRAWN,
    MilestoneStatus.CLOSED.value: MilestoneState.CLOSED,
}


def milestone_state(status: str, due_date: date | None, today: date) -> MilestoneState:
    """A milestone's state today, from its stored status and due date."""
    recorded = _RECORDED.get(status)
    if recorded is not None:
        return recorded
    if due_date is None:
        return MilestoneState.WAITING
    if due_date < today:
        return MilestoneState.OVERDUE
    return MilestoneState.OPEN


def milestone_state_sql(status: Any, due_date: Any, today: date) -> ColumnElement[str]:
    """The same rule as ``milestone_state``, as a SQL expression over two columns.

    For aggregates (the dashboard at 100,000 people) and filtered, sorted
    list pages: the database computes the state, no row is loaded to do it.
    """
    from sqlalchemy import case, literal

    return case(
        *((status == stored, literal(state.value)) for stored, state in _RECORDED.items()),
        (due_date.is_(None), literal(MilestoneState.WAITING.value)),
        (due_date < today, literal(MilestoneState.OVERDUE.value)),
        else_=literal(MilestoneState.OPEN.value),
    )


@dataclass(frozen=True)
class SessionLogging:
    """Whether a session may be logged against a match, and what she confirms first."""

    refused: str = ""  # why it may not ("" when it may)
    confirm_first: str = ""  # what to put to her before logging it ("" when nothing)


def session_logging(
    status: str, held_on: date, *, since: date | None = None, ended_on: date | None = None
) -> SessionLogging:
    """The rule for logging a session held on ``held_on`` against a match in ``status``.

    ``since`` is the day an on-hold match was put on hold; ``ended_on`` the
    day a match ended. A session held before the hold (or before a completed
    match ended) is history caught up on: it asks nothing.
    """
    if status == MatchStatus.ENDED_EARLY.value:
        return SessionLogging(
            refused="This match has ended; sessions can no longer be logged against it."
        )
    if status == MatchStatus.ON_HOLD.value and (since is None or held_on >= since):
        when = f" since {since:%d/%m/%Y}" if since else ""
        return SessionLogging(confirm_first=f"This match is on hold{when}")
    if status == MatchStatus.COMPLETED.value and ended_on is not None and held_on > ended_on:
        return SessionLogging(confirm_first=f"This match was completed on {ended_on:%d/%m/%Y}")
    return SessionLogging()
