from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from women_in_ddat.errors import DatabaseRefused
from women_in_ddat.ui import app as app_module
from women_in_ddat.ui.settings import remembered_database

pytestmark = pytest.mark.gui


@pytest.fixture
def started_apps(qtbot):  # type: ignore[no-untyped-def]
    started = []
    yield started
    for s in started:
        if s.window is not None:
            qtbot.waitUntil(
                lambda s=s: (
                    s.opener is None
                    or s.opener._started is False
                    or s.window.context is not None
                    or s.opener.refusal is not None
                ),
                timeout=10000,
            )
        s.close()


def _start(started_apps, target: str):  # type: ignore[no-untyped-def]
    started = app_module.start_app(target)
    started_apps.append(started)
    return started


def test_a_refused_file_gets_a_clear_message_and_is_left_alone(
    tmp_path, started_apps, messages
) -> None:
    empty = tmp_path / "programme.db"
    empty.write_bytes(b"")
    started = _start(started_apps, str(empty))
    assert started.exit_code == DatabaseRefused.exit_code
    assert started.window is None
    ((title, text),) = messages.problems
    assert "empty (0 bytes)" in text
    assert "Traceback" not in text
    assert empty.read_bytes() == b""


def test_the_app_opens_the_database_after_the_first_paint(
    qtbot, demo_db_path, started_apps
) -> None:
    started = _start(started_apps, str(demo_db_path))
    assert started.exit_code is None
    window = started.window
    assert window.windowTitle() == "programme.db — Women in DDaT"
    with qtbot.waitSignal(window.ready, timeout=15000):
        pass
    assert window.current_page_name() == "Dashboard"
    assert window.pages["Dashboard"].dashboard.attention
    assert remembered_database() == str(demo_db_path)


def test_a_second_copy_on_the_same_database_is_refused_kindly_and_raises_the_first(
    qtbot, demo_db_path, started_apps, messages
) -> None:
    first = _start(started_apps, str(demo_db_path))
    with qtbot.waitSignal(first.window.ready, timeout=15000):
        pass
    with qtbot.waitSignal(first.guard.raiseRequested, timeout=5000):
        second = _start(started_apps, str(demo_db_path))
    assert second.exit_code == 0
    assert second.window is None
    ((title, text),) = messages.told
    assert title == "Already open"
    assert "already open in another" in text
    assert first.window.statusBar().currentMessage() == "This database is already open here."


def test_another_database_opens_alongside(
    qtbot, demo_db_path, tmp_path, started_apps, messages
) -> None:
    first = _start(started_apps, str(demo_db_path))
    other = _start(started_apps, str(tmp_path / "other.db"))
    assert other.exit_code is None and other.window is not None
    assert messages.told == []
    for s in (first, other):
        with qtbot.waitSignal(s.window.ready, timeout=15000):
            pass


def test_the_last_database_is_used_when_none_is_named(qtbot, demo_db_path, started_apps) -> None:
    from women_in_ddat.paths import default_database_path
    from women_in_ddat.ui.settings import remember_database

    remember_database(str(demo_db_path))
    assert app_module.choose_database(str(default_database_path())) == str(demo_db_path)
    assert app_module.choose_database("/somewhere/else.db") == "/somewhere/else.db"
    demo_db_path.rename(demo_db_path.with_name("moved.db"))
    assert app_module.choose_database(str(default_database_path())) == str(default_database_path())


def test_a_refusal_found_while_opening_closes_the_window_with_a_message(
    qtbot, demo_db_path, monkeypatch, messages
) -> None:
    from women_in_ddat.services import context as context_module
    from women_in_ddat.ui.main_window import MainWindow

    def refuse(cls, target, actor=None):  # type: ignore[no-untyped-def]
        raise DatabaseRefused("The server refused the connection.")

    monkeypatch.setattr(context_module.Services, "open", classmethod(refuse))
    window = MainWindow("programme.db")
    qtbot.addWidget(window)
    opener = app_module.DatabaseOpener(window, str(demo_db_path))
    window.show()
    qtbot.waitUntil(lambda: opener.refusal is not None, timeout=10000)
    assert messages.problems == [("Cannot open the database", "The server refused the connection.")]
    assert not window.isVisible()


SCRIPT = """
import json, sys
from women_in_ddat.ui.app import run_app
code = run_app(sys.argv[1])
print(json.dumps({"code": code, "loaded": sorted(m for m in ("sqlmodel", "sqlalchemy", "reportlab") if m in sys.modules)}))
"""


def _run_until(db: Path, point: str, home: Path) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WOMEN_IN_DDAT_HOME": str(home),
        app_module.QUIT_AFTER_ENV: point,
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_paint_needs_no_sqlmodel_nor_reportlab(demo_db_path, tmp_path) -> None:
    painted = _run_until(demo_db_path, "paint", tmp_path / "home-a")
    assert painted == {"code": 0, "loaded": []}
    ready = _run_until(demo_db_path, "ready", tmp_path / "home-b")
    assert ready["code"] == 0
    assert "sqlmodel" in ready["loaded"]  # the check above can tell the difference


def test_told_to_stop_it_closes_as_if_closed_and_leaves_no_lock(demo_db_path, tmp_path) -> None:
    """A logout sends SIGTERM: the lock must go, or the next start refuses her programme."""
    import signal
    import time

    from women_in_ddat.storage.lock import lock_path_for

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WOMEN_IN_DDAT_HOME": str(tmp_path)}
    script = "import sys; from women_in_ddat.ui.app import run_app; sys.exit(run_app(sys.argv[1]))"
    app = subprocess.Popen([sys.executable, "-c", script, str(demo_db_path)], env=env)
    lock = lock_path_for(Path(demo_db_path))
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock.exists(), "the app never took the database's lock"
        time.sleep(0.5)
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) == 0
    finally:
        app.kill()
    assert not lock.exists()
