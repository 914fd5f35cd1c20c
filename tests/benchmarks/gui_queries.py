"""Every SQL statement the GUI thread runs, with how long it took.

A statement run on the main thread holds the window for as long as it runs:
at 100,000 people a count or a scan of the milestones takes far more than a
frame. ``GuiThreadQueries`` listens on the app's engine and keeps the
statements executed on the main thread (those on workers are not recorded).

The time is SQLAlchemy's ``before_cursor_execute`` to ``after_cursor_execute``:
for SQLite that is the statement's work up to its first row (all of it for a
count, a sort or a grouping); fetching further rows of a long plain scan is
not included, which the page's open time and a profile show instead.

``steps`` counts SQLite's virtual-machine instructions run on the main thread
(fetching included), in hundreds: a measure of the GUI thread's database work
that does not depend on the machine's speed or load. A full scan grows with
the rows scanned; a bounded query (one cohort's names, a window of 200) does not.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

_STARTS = "gui_queries_started"
# SQLite calls the progress handler every this many virtual-machine instructions.
STEP = 100


@dataclass(frozen=True)
class GuiQuery:
    statement: str
    ms: float

    def opening(self, width: int = 60) -> str:
        """The statement's first ``width`` characters on one line."""
        return " ".join(self.statement.split())[:width]


class GuiThreadQueries:
    """Records the statements run on the main thread on ``engine`` while installed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.queries: list[GuiQuery] = []
        self.steps = 0  # hundreds of SQLite instructions run on the main thread
        self._counted: list[sqlite3.Connection] = []

    def __enter__(self) -> GuiThreadQueries:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)
        for raw in self._counted:
            with contextlib.suppress(sqlite3.ProgrammingError):  # closed since
                raw.set_progress_handler(None, 0)

    def mark(self) -> int:
        """A place in the record, to ask later what ran since."""
        return len(self.queries)

    def since(self, mark: int) -> list[GuiQuery]:
        return self.queries[mark:]

    @staticmethod
    def _on_gui_thread() -> bool:
        return threading.current_thread() is threading.main_thread()

    def _count_step(self) -> int:
        # Connections are pooled across threads: count only the main thread's work.
        if self._on_gui_thread():
            self.steps += 1
        return 0  # go on

    def _before(self, conn: Any, cursor: Any, _statement: str, *_args: Any) -> None:
        if self._on_gui_thread():
            conn.info.setdefault(_STARTS, []).append(time.perf_counter())
            raw = getattr(cursor, "connection", None)
            if isinstance(raw, sqlite3.Connection) and raw not in self._counted:
                raw.set_progress_handler(self._count_step, STEP)
                self._counted.append(raw)

    def _after(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self._on_gui_thread() and conn.info.get(_STARTS):
            started = conn.info[_STARTS].pop()
            self.queries.append(GuiQuery(statement, (time.perf_counter() - started) * 1000))


def longest(queries: list[GuiQuery]) -> GuiQuery | None:
    return max(queries, key=lambda q: q.ms, default=None)
