"""Storage failures a coordinator can act on, told in one line instead of "unexpected error".

A read-only database file and a full disk surface as driver errors
(sqlite3's "attempt to write a readonly database", "database or disk is
full") or as OSError (ENOSPC, EROFS), sometimes wrapped by SQLAlchemy or
raised while another exception was being handled. ``explain`` finds them
anywhere in that chain. The work they stopped was rolled back, so the
messages can say that nothing was changed.

Kept free of SQLAlchemy: the lean export and import paths use it too.
"""

from __future__ import annotations

import errno
import sqlite3

from women_in_ddat.errors import DatabaseReadOnly, FileProblem, UserFacingError

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def disk_full() -> FileProblem:
    return FileProblem("The disk is full, so nothing was changed. Free some space and try again.")


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc``, the driver error inside it, and what it was raised from or while handling."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop(0)
        if current is None or any(current is s for s in seen) or len(seen) > 20:
            continue
        seen.append(current)
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's
        pending += [orig if isinstance(orig, BaseException) else None]
        pending += [current.__cause__, current.__context__]
    return seen


def is_read_only(exc: BaseException) -> bool:
    for cause in _causes(exc):
        if isinstance(cause, sqlite3.Error) and (
            getattr(cause, "sqlite_errorname", "").startswith("SQLITE_READONLY")
            or "readonly database" in str(cause)
        ):
            return True
        if isinstance(cause, OSError) and cause.errno == errno.EROFS:
            return True
    return False


def is_disk_full(exc: BaseException) -> bool:
    for cause in _causes(exc):
        if isinstance(cause, sqlite3.Error) and (
            getattr(cause, "sqlite_errorname", "") == "SQLITE_FULL"
            or "database or disk is full" in str(cause)
        ):
            return True
        if isinstance(cause, OSError) and cause.errno in _FULL:
            return True
    return False


def explain(exc: BaseException, database_name: str = "") -> UserFacingError | None:
    """The one-line failure ``exc`` stands for, if it is a read-only database or a full disk."""
    if isinstance(exc, UserFacingError):
        return exc
    if is_read_only(exc):
        return DatabaseReadOnly(database_name)
    if is_disk_full(exc):
        return disk_full()
    return None
