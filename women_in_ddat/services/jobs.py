"""Long work (import, batch PDFs, backups) reports progress and can be cancelled.

A job is an ordinary function that takes a ``Progress`` and calls
``progress.step(done, total, message)`` as it goes; ``step`` raises
``Cancelled`` once the user has asked to stop, so the job unwinds (rolling
back its transaction, removing its temporary files) at a safe point. The
same job runs synchronously in the command line and in tests, and on a
worker thread in the app (women_in_ddat.ui.tasks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled; whatever the job was doing has been undone."""


class Progress:
    def __init__(self, on_step: Callable[[int, int, str], None] | None = None) -> None:
        self._on_step = on_step
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, message: str = "") -> None:
        self.check()
        if self._on_step is not None:
            self._on_step(done, total, message)


NO_PROGRESS = Progress()
