"""The one in-window progress runner: locks what would change the job, shows it, and Cancel works."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget

from women_in_ddat.errors import FileProblem
from women_in_ddat.services.jobs import Progress
from women_in_ddat.ui.widgets.progress_panel import ProgressPanel

pytestmark = pytest.mark.gui


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.heard: list[str] = []
        self.edit, self.bar, self.cancel_button = QLineEdit(), QProgressBar(), QPushButton("Cancel")
        column = QVBoxLayout(self)
        for widget in (self.edit, self.bar, self.cancel_button):
            column.addWidget(widget)
        self.panel = ProgressPanel(
            bar=self.bar,
            cancel_button=self.cancel_button,
            say=self.said.append,
            locked=(self.edit,),
            cancelling="Stopping…",
        )

    def run(self, job) -> bool:  # type: ignore[no-untyped-def]
        return self.panel.run(
            job,
            lambda result: self.heard.append(f"done {result}"),
            on_failure=lambda message: self.heard.append(f"failed {message}"),
            on_cancel=lambda: self.heard.append("cancelled"),
            then=lambda: self.heard.append("then"),
        )


@pytest.fixture
def window(qtbot) -> Window:  # type: ignore[no-untyped-def]
    widget = Window()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_running_job_locks_shows_progress_and_stops_on_cancel(qtbot, window) -> None:
    stepped = threading.Event()

    def job(progress: Progress) -> int:
        progress.step(1, 4, "one of four")
        stepped.set()
        while True:
            progress.check()
            threading.Event().wait(0.01)

    assert not window.cancel_button.isEnabled() and not window.bar.isVisible()
    assert window.run(job)
    assert window.panel.is_running() and not window.run(job)  # one job at a time
    assert not window.edit.isEnabled() and window.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: window.bar.maximum() == 4 and window.bar.value() == 1)
    assert window.bar.isVisible() and window.said[-1] == "one of four"
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.said[-1] == "Stopping…" and not window.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not window.panel.is_running())
    assert window.heard == ["cancelled", "then"]
    assert window.edit.isEnabled() and not window.bar.isVisible()


def test_a_result_and_a_refusal_come_back_to_the_window(qtbot, window) -> None:
    window.run(lambda _progress: 42)
    qtbot.waitUntil(lambda: not window.panel.is_running())
    assert window.said == ["Starting…"] and window.heard == ["done 42", "then"]

    def refused(_progress: Progress) -> None:
        raise FileProblem("The folder is read-only.")

    window.run(refused)
    qtbot.waitUntil(lambda: not window.panel.is_running())
    assert window.heard[2:] == ["failed The folder is read-only.", "then"]
    assert window.edit.isEnabled() and not window.cancel_button.isEnabled()


def test_the_modal_progress_follows_the_job_and_closes_when_it_ends(qtbot) -> None:
    import gc

    from PySide6.QtWidgets import QProgressDialog

    from women_in_ddat.ui.tasks import run_with_progress

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    results: list[int] = []

    def job(progress: Progress) -> int:
        for done in range(1, 4):
            progress.step(done, 3)
        return 3

    task = run_with_progress(parent, "Counting", job, results.append)
    gc.collect()  # nothing but the task's connections keeps the dialog's display alive
    qtbot.waitUntil(lambda: results == [3])
    [shown] = parent.findChildren(QProgressDialog)
    qtbot.waitUntil(lambda: shown.maximum() == 3 and not shown.isVisible())
    assert shown.labelText() == "Counting…" and task is not None
