"""Fixtures for driving the app's widgets (offscreen, set in tests/conftest.py).

Message boxes never block a test: ``messages`` records every question and
message the app would show, and answers questions as the test says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class Messages:
    confirm_answers: list[bool] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)
    told: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def answer(self, *answers: bool) -> None:
        self.confirm_answers.extend(answers)


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    from women_in_ddat.ui import dialogs

    recorded = Messages()

    def confirm(parent, title, text, *, action="OK", destructive=False):  # type: ignore[no-untyped-def]
        recorded.asked.append((title, text))
        if not recorded.confirm_answers:
            raise AssertionError(f"unexpected question: {title}: {text}")
        return recorded.confirm_answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(
        dialogs, "inform", lambda parent, title, text: recorded.told.append((title, text))
    )
    monkeypatch.setattr(
        dialogs, "show_problem", lambda parent, title, text: recorded.problems.append((title, text))
    )
    return recorded


@pytest.fixture
def context(qapp, demo_services):  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.app import application
    from women_in_ddat.ui.context import AppContext

    application()  # the app's style, as users see it
    return AppContext(demo_services)


@pytest.fixture
def window(qtbot, context):  # type: ignore[no-untyped-def]
    from women_in_ddat.ui.main_window import MainWindow

    win = MainWindow("programme.db")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=30000):  # the dashboard is read on a worker
        win.attach(context)
    yield win
    # No worker may still be reading the database when the next fixture
    # closes it. Wait on the pool itself, not on a page's state: pytest-qt
    # closes and deletes the window before this teardown runs, so a load that
    # lands after that never reaches the page's slot (seen under load).
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(10000), "a background task is still running"


@pytest.fixture
def second(demo_db_target: str, context):  # type: ignore[no-untyped-def]
    """Another coordinator on the same database, with her own connections."""
    from women_in_ddat.services.context import Services

    svc = Services.open(demo_db_target, actor="second coordinator")
    yield svc
    svc.close()
