"""A long job run inside a page or dialog, its progress shown there rather than in a modal dialog.

The Reports page and the Messages dialog keep their window usable while a report is written or a
mailing goes out: a progress bar, a status line that says what happens, a Cancel button, and the
controls that would change the job locked until it ends. This is that wiring, once, over
``ui.tasks.run_with_progress``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QProgressBar, QWidget

from women_in_ddat.services.jobs import Progress
from women_in_ddat.ui.tasks import Task, run_with_progress


class ProgressPanel:
    """Runs one job at a time, shown by ``bar``, ``say`` and ``cancel_button``.

    It holds the window's widgets, never the window: a page or dialog that keeps its panel is
    then not in a reference cycle with it, and goes when Qt deletes it.
    """

    def __init__(
        self,
        *,
        bar: QProgressBar,
        cancel_button: QAbstractButton,
        say: Callable[[str], object],
        locked: Sequence[QWidget],
        cancelling: str = "Cancelling…",
    ) -> None:
        self._bar = bar
        self._cancel_button = cancel_button
        self._say = say
        self._locked = tuple(locked)
        self._cancelling = cancelling
        self._then: Callable[[], object] | None = None
        self.task: Task | None = None
        bar.setVisible(False)
        cancel_button.setEnabled(False)
        cancel_button.clicked.connect(self.cancel)

    def is_running(self) -> bool:
        return self.task is not None

    def run(
        self,
        job: Callable[[Progress], Any],
        on_success: Callable[[Any], object],
        *,
        on_failure: Callable[[str], object],
        on_cancel: Callable[[], object],
        then: Callable[[], object] | None = None,
    ) -> bool:
        """Start ``job`` unless one is running; ``then`` runs after it ended, however it ended."""
        if self.task is not None:
            return False
        self._then = then
        self._say("Starting…")
        self.task = run_with_progress(
            self._bar,
            "",
            job,
            on_success,
            on_cancel=on_cancel,
            on_failure=on_failure,
            shown=self,
        )
        return True

    def cancel(self) -> None:
        """Ask the job to stop at its next step; it says what it had done when it stops."""
        if self.task is not None:
            self.task.cancel()
            self._cancel_button.setEnabled(False)
            self._say(self._cancelling)

    # --- ui.tasks.ProgressShown ------------------------------------------------
    def begin(self, _task: Task) -> None:
        self._lock(True)

    def advance(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
        if message:
            self._say(message)

    def end(self) -> None:
        self.task = None
        self._lock(False)
        then, self._then = self._then, None
        if then is not None:
            then()

    def _lock(self, running: bool) -> None:
        for widget in self._locked:
            widget.setEnabled(not running)
        self._cancel_button.setEnabled(running)
        self._bar.setVisible(running)
        if running:
            self._bar.setRange(0, 0)
