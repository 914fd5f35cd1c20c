"""Running a long job on a worker thread with progress and Cancel.

The job is a plain function ``job(progress) -> result`` from the core (see
women_in_ddat.services.jobs). Results and errors come back to the GUI
thread through queued signals; the window never freezes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

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


class ProgressShown(Protocol):
    """Where a running job shows itself: the modal progress dialog, or a panel in the window."""

    def begin(self, task: Task) -> None:
        """The job has started; a Cancel shown here calls ``task.cancel()``."""

    def advance(self, done: int, total: int, message: str) -> None:
        """``done`` of ``total`` steps (0 of 0 while the size is unknown)."""

    def end(self) -> None:
        """The job has ended: it succeeded, failed or was cancelled (said before this)."""


class _ModalProgress:
    """A modal progress dialog with Cancel that appears only if the job takes more than a moment."""

    def __init__(self, parent: QWidget, label: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        self.dialog = QProgressDialog(f"{label}…", "Cancel", 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)

    def begin(self, task: Task) -> None:
        self.dialog.canceled.connect(task.cancel)

    def advance(self, done: int, total: int, _message: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def end(self) -> None:
        self.dialog.reset()


def run_with_progress(
    parent: QWidget,
    label: str,
    job: Callable[[Progress], Any],
    on_success: Callable[[Any], object],
    *,
    on_cancel: Callable[[], object] | None = None,
    on_failure: Callable[[str], object] | None = None,
    shown: ProgressShown | None = None,
) -> Task:
    """The app's one way to run a long job: progress with Cancel, a failure said in one line.

    By default the progress is a modal dialog that appears only if the job takes more than a
    moment, and a refusal or a failure is a dialog titled ``label``; ``shown`` and
    ``on_failure`` show them in the window instead (``ui.widgets.progress_panel``). Keep the
    returned task referenced until it finishes.
    """
    from women_in_ddat.ui import dialogs

    where: ProgressShown = shown if shown is not None else _ModalProgress(parent, label)
    task = Task(job)
    # Connected through closures: PySide holds a bound method only weakly, and nothing else
    # keeps the modal display alive.
    task.signals.progress.connect(lambda done, total, message: where.advance(done, total, message))
    task.signals.succeeded.connect(on_success)
    if on_failure is None:
        task.signals.failed.connect(lambda message: dialogs.show_problem(parent, label, message))
    else:
        task.signals.failed.connect(on_failure)
    if on_cancel is not None:
        task.signals.cancelled.connect(on_cancel)
    task.signals.finished.connect(lambda: where.end())
    where.begin(task)
    return task.start()
