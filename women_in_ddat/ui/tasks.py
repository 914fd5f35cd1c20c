"""Running a long job on a worker thread with progress and Cancel.

The job is a plain function ``job(progress) -> result`` from the core (see
women_in_ddat.services.jobs). Results and errors come back to the GUI
thread through queued signals; the window never freezes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from women_in_ddat.errors import UserFacingError
from women_in_ddat.services.jobs import Cancelled, Progress


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()


class _Runnable(QRunnable):
    def __init__(
        self, job: Callable[[Progress], Any], signals: TaskSignals, progress: Progress
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._job = job
        self._signals = signals
        self._progress = progress

    def run(self) -> None:
        try:
            result = self._job(self._progress)
        except Cancelled:
            self._signals.cancelled.emit()
        except UserFacingError as exc:
            self._signals.failed.emit(exc.message)
        except Exception as exc:  # shown as a dialog, logged without personal data
            from women_in_ddat.logging_setup import log_exception

            log_exception("background task failed", type(exc), exc, exc.__traceback__)
            self._signals.failed.emit(
                f"Something went wrong ({type(exc).__name__}); nothing was changed. Details are in the log."
            )
        else:
            self._signals.succeeded.emit(result)
        finally:
            self._signals.finished.emit()


class Task:
    """A handle on one running job: connect to ``signals``, call ``cancel()``."""

    def __init__(self, job: Callable[[Progress], Any], pool: QThreadPool | None = None) -> None:
        self.signals = TaskSignals()
        self.progress = Progress(on_step=lambda d, t, m: self.signals.progress.emit(d, t, m))
        self._pool = pool or QThreadPool.globalInstance()
        self._job = job

    def start(self) -> Task:
        self._pool.start(_Runnable(self._job, self.signals, self.progress))
        return self

    def cancel(self) -> None:
        self.progress.cancel()
