from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from women_in_ddat.ui.single_instance import SingleInstance, database_identity, server_name_for

pytestmark = pytest.mark.gui


@pytest.fixture
def guards(qapp):  # type: ignore[no-untyped-def]
    made: list[SingleInstance] = []
    yield made
    for guard in made:
        guard.release()


def _guard(guards, target: str) -> SingleInstance:  # type: ignore[no-untyped-def]
    guard = SingleInstance(target)
    guards.append(guard)
    return guard


def test_every_spelling_of_a_path_is_the_same_database(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "programme.db"
    monkeypatch.chdir(tmp_path)
    assert (
        database_identity(str(db))
        == database_identity("programme.db")
        == database_identity(f"sqlite:///{db}")
    )
    assert database_identity(str(db)) != database_identity(str(tmp_path / "other.db"))
    assert server_name_for(str(db)) == server_name_for("./programme.db")
    # Server URLs are named without their password.
    assert "secret" not in database_identity("postgresql://coordinator:secret@db.example/programme")


FIRST_COPY = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from women_in_ddat.ui.single_instance import SingleInstance
app = QCoreApplication([])
guard = SingleInstance(sys.argv[1])
print("claimed" if guard.claim() else "refused", flush=True)
guard.raiseRequested.connect(lambda: (print("raised", flush=True), app.quit()))
QTimer.singleShot(20000, app.quit)
app.exec()
guard.release()
"""


def test_a_second_copy_is_refused_and_raises_the_first(tmp_path, guards) -> None:
    """The first copy is another process, as it is for a coordinator who opens the app twice."""
    db = str(tmp_path / "programme.db")
    with subprocess.Popen(
        [sys.executable, "-c", FIRST_COPY, db],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ) as first:
        try:
            assert first.stdout.readline().strip() == "claimed"
            second = _guard(guards, db)
            assert not second.claim()  # asks the first copy to come forward
            assert first.stdout.readline().strip() == "raised"
            assert first.wait(timeout=10) == 0
        finally:
            if first.poll() is None:
                first.kill()
    # Once the first copy has gone, the database can be claimed again.
    assert _guard(guards, db).claim()


def test_a_different_database_is_not_blocked(tmp_path, guards) -> None:
    assert _guard(guards, str(tmp_path / "a.db")).claim()
    other = _guard(guards, str(tmp_path / "b.db"))
    assert not other.ask_running_copy_to_raise()
    assert other.claim()


def test_released_databases_can_be_claimed_again(tmp_path, guards) -> None:
    db = str(tmp_path / "programme.db")
    first = _guard(guards, db)
    assert first.claim()
    first.release()
    assert _guard(guards, db).claim()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no file behind")
def test_a_socket_left_by_a_crash_does_not_lock_the_database_out(tmp_path, guards) -> None:
    db = str(tmp_path / "programme.db")
    path = Path(QDir.tempPath()) / server_name_for(db)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(path))  # a listening socket's file, with nobody listening any more
    leftover.close()
    try:
        assert path.exists()
        guard = _guard(guards, db)
        assert not guard.ask_running_copy_to_raise()
        assert guard.claim()
    finally:
        path.unlink(missing_ok=True)
