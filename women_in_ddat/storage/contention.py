"""Two coordinators writing at the same moment: when the loser should just try again.

SQLite queues writers on the file's lock for up to its busy timeout, then
says "database is locked"; PostgreSQL reports a serialisation failure or
a deadlock. Nothing was written in either case, and the same action
would succeed a moment later, so the coordinator is told exactly that.

PostgreSQL also reports a unique violation when two coordinators add the
same first record at once (a questionnaire, a place in a cohort): each
service checks for it before adding it, but under read committed both
checks can pass, and the second insert meets the first at the unique
index. Tried again, the check finds the first one's record. (SQLite's
writing transactions hold the lock from their start, so its checks never
race; its unique errors are not treated as lost races.)

Kept free of SQLAlchemy: imports use the driver's own connection.
"""

from __future__ import annotations

import sqlite3

from women_in_ddat.errors import Conflict

# PostgreSQL SQLSTATEs: serialization_failure, deadlock_detected, unique_violation.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "23505"})


def lost_a_race(exc: BaseException) -> bool:
    """True if ``exc`` (driver or SQLAlchemy error) means: busy now, retrying would succeed."""
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if getattr(cause, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    if isinstance(cause, sqlite3.OperationalError):
        text = str(cause).lower()
        return "database is locked" in text or "database is busy" in text
    return False


def try_again() -> Conflict:
    return Conflict(
        "Someone else was changing the programme at the same moment; nothing was saved. Try again."
    )
