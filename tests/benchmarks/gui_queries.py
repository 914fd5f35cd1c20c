"""Every SQL statement the GUI thread runs, with how long it took.

A statement run on the main thread holds the window for as long as it runs:
at 100,000 people a count or a scan of the milestones takes far more than a
frame. ``GuiThreadQueries`` listens on the app's engine and keeps the
statements executed on the main thread (those on workers are not recorded).

The time is SQLAlchemy's ``before_cursor_execute`` to ``after_cursor_execute``:
for SQLite that is the statement's work up to its first row (all of it for a
count, a sort or a grouping); fetching further rows of a long plain scan is
not included, which the page's open time and a profile show instead.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

_STARTS = "gui_queries_started"


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

    def __enter__(self) -> GuiThreadQueries:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def mark(self) -> int:
        """A place in the record, to ask later what ran since."""
        return len(self.queries)

    def since(self, mark: int) -> list[GuiQuery]:
        return self.queries[mark:]

    @staticmethod
    def _on_gui_thread() -> bool:
        return threading.current_thread() is threading.main_thread()

    def _before(self, conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
        if self._on_gui_thread():
            conn.info.setdefault(_STARTS, []).append(time.perf_counter())

    def _after(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self._on_gui_thread() and conn.info.get(_STARTS):
            started = conn.info[_STARTS].pop()
            self.queries.append(GuiQuery(statement, (time.perf_counter() - started) * 1000))


def longest(queries: list[GuiQuery]) -> GuiQuery | None:
    return max(queries, key=lambda q: q.ms, default=None)
