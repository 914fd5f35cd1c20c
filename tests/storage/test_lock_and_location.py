from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from women_in_ddat.storage.backup import backup_dir_for, ensure_daily_backup, list_backups
from women_in_ddat.storage.location import location_warning
from women_in_ddat.storage.lock import DatabaseLock, LockedElsewhere, LockedHere, lock_path_for


def test_lock_is_taken_and_released(db_path: Path) -> None:
    lock = DatabaseLock(db_path)
    lock.acquire()
    assert json.loads(lock_path_for(db_path).read_text())["pid"] == lock.pid
    lock.release()
    assert not lock_path_for(db_path).exists()


def test_second_copy_on_this_computer_is_refused(db_path: Path) -> None:
    # A live process on this computer holds it: our parent (the test runner's shell or pytest).
    DatabaseLock(db_path, pid=os.getppid()).acquire()
    with pytest.raises(LockedHere):
        DatabaseLock(db_path).acquire()


def test_lock_from_another_computer_is_never_taken_silently(db_path: Path) -> None:
    DatabaseLock(db_path, host="coordinator-laptop-2", pid=4242).acquire()
    with pytest.raises(LockedElsewhere) as caught:
        DatabaseLock(db_path).acquire()
    assert "coordinator-laptop-2" in caught.value.message
    assert caught.value.info.host == "coordinator-laptop-2"
    # Only an explicit decision takes it over.
    mine = DatabaseLock(db_path)
    mine.acquire(force=True)
    assert json.loads(lock_path_for(db_path).read_text())["host"] == mine.host


def test_stale_lock_from_a_dead_process_here_is_taken_over(db_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    DatabaseLock(db_path, pid=int(dead.stdout)).acquire()
    DatabaseLock(db_path).acquire()  # no error


def test_cloud_and_network_folders_are_warned_about(tmp_path: Path) -> None:
    assert "cloud-synced" in location_warning(
        Path("/home/ann/OneDrive - Essex CC/programme.db"), mounts_text=""
    )
    assert location_warning(Path("C:/Users/ann/Dropbox/p.db"), platform="win32")
    assert "network share" in location_warning(
        Path("\\\\fileserver\\share\\p.db"), platform="win32"
    )
    mounts = "server:/export /mnt/shared nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
    assert "nfs4" in location_warning(Path("/mnt/shared/team/p.db"), mounts_text=mounts)
    assert location_warning(Path("/home/ann/p.db"), mounts_text=mounts) is None
    assert location_warning(tmp_path / "p.db") is None


def test_daily_backup_once_a_day(demo_db_path: Path) -> None:
    t0 = datetime(2026, 11, 20, 9, 0)
    assert ensure_daily_backup(demo_db_path, now=t0) is not None
    assert ensure_daily_backup(demo_db_path, now=t0 + timedelta(hours=5)) is None
    assert ensure_daily_backup(demo_db_path, now=t0 + timedelta(hours=25)) is not None
    assert len(list_backups(backup_dir_for(demo_db_path))) == 2
