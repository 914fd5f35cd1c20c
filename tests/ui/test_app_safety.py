"""Start-up safety: a refused database offers its backup, a lock held elsewhere is asked about,
and a daily backup is taken while the app is in use."""

from __future__ import annotations

import json

import pytest

from women_in_ddat.storage.backup import automatic_backup, backup_dir_for, list_backups
from women_in_ddat.storage.lock import DatabaseLock, lock_path_for
from women_in_ddat.ui import app as app_module

pytestmark = pytest.mark.gui


@pytest.fixture
def started_apps(qtbot):  # type: ignore[no-untyped-def]
    started = []
    yield started
    for s in started:
        if s.window is not None and s.opener is not None and s.opener._started:
            qtbot.waitUntil(
                lambda s=s: s.window.context is not None or s.opener.refusal is not None,
                timeout=15000,
            )
        s.close()


def test_a_damaged_database_offers_its_latest_backup(
    qtbot, demo_db_path, started_apps, messages
) -> None:
    backup = automatic_backup(demo_db_path, reason="daily")
    demo_db_path.write_bytes(b"\x00" * 8192)
    messages.answer(True)
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    assert started.exit_code is None, messages.problems
    assert backup.name in messages.asked[0][1]
    with qtbot.waitSignal(started.window.ready, timeout=15000):
        pass
    assert started.opener.services.people.count() == 40
    damaged = [p for p in backup_dir_for(demo_db_path).iterdir() if ".damaged-" in p.name]
    assert damaged and damaged[0].read_bytes() == b"\x00" * 8192


def test_declining_the_restore_leaves_everything_as_it_was(
    demo_db_path, started_apps, messages
) -> None:
    automatic_backup(demo_db_path, reason="daily")
    demo_db_path.write_bytes(b"\x00" * 8192)
    messages.answer(False)
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    assert started.exit_code == 3 and started.window is None
    assert demo_db_path.read_bytes() == b"\x00" * 8192


def test_a_lock_held_by_another_computer_is_asked_about(
    demo_db_path, started_apps, messages
) -> None:
    DatabaseLock(demo_db_path, host="laptop-in-chelmsford", pid=999).acquire()
    messages.answer(False)
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    assert started.window is None and started.exit_code == 7
    assert "laptop-in-chelmsford" in messages.asked[0][1]
    assert json.loads(lock_path_for(demo_db_path).read_text())["host"] == "laptop-in-chelmsford"


def test_taking_over_a_lock_only_after_saying_so(
    qtbot, demo_db_path, started_apps, messages
) -> None:
    DatabaseLock(demo_db_path, host="laptop-in-chelmsford", pid=999).acquire()
    messages.answer(True)
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    assert started.window is not None
    assert json.loads(lock_path_for(demo_db_path).read_text())["host"] != "laptop-in-chelmsford"
    with qtbot.waitSignal(started.window.ready, timeout=15000):
        pass
    started.close()
    started_apps.clear()
    assert not lock_path_for(demo_db_path).exists(), "the lock is released when the app closes"


def test_a_daily_backup_is_taken_when_the_app_opens(qtbot, demo_db_path, started_apps) -> None:
    assert list_backups(backup_dir_for(demo_db_path)) == []
    started = app_module.start_app(str(demo_db_path))
    started_apps.append(started)
    with qtbot.waitSignal(started.window.ready, timeout=15000):
        pass
    qtbot.waitUntil(lambda: len(list_backups(backup_dir_for(demo_db_path))) == 1, timeout=15000)
    assert "daily" in list_backups(backup_dir_for(demo_db_path))[0].path.name
