"""Backups (SQLite backup API), rotation, restore, and atomic file writing."""

from __future__ import annotations

import errno
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from women_in_ddat.errors import DatabaseRefused, FileProblem
from women_in_ddat.storage.atomic import atomic_path
from women_in_ddat.storage.backup import (
    BackupFile,
    automatic_backup,
    backup_dir_for,
    backup_sqlite,
    backups_to_keep,
    list_backups,
    restore_sqlite,
)


def count(path: Path, table: str = "person") -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_backup_is_a_verified_private_copy(demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "copy.db"
    backup_sqlite(demo_db_path, out)
    assert count(out) == count(demo_db_path) == 40
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_to_overwrite_its_source(demo_db_path: Path) -> None:
    with pytest.raises(FileProblem):
        backup_sqlite(demo_db_path, demo_db_path)
    assert count(demo_db_path) == 40


def test_restore_replaces_and_keeps_what_it_replaced(demo_db_path: Path, tmp_path: Path) -> None:
    snapshot = backup_sqlite(demo_db_path, tmp_path / "snap.db")
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("DELETE FROM audit_event")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM person WHERE id IN (SELECT id FROM person LIMIT 5)")
    assert count(demo_db_path) == 35
    kept = restore_sqlite(snapshot, demo_db_path)
    assert count(demo_db_path) == 40
    assert kept is not None and count(kept) == 35


def test_restore_checks_the_backup_first(demo_db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all")
    with pytest.raises(DatabaseRefused):
        restore_sqlite(bad, demo_db_path)
    assert count(demo_db_path) == 40
    assert not backup_dir_for(demo_db_path).exists(), "nothing done before the check"


def test_restore_over_a_damaged_database_keeps_the_damaged_file(
    demo_db_path: Path, tmp_path: Path
) -> None:
    snapshot = backup_sqlite(demo_db_path, tmp_path / "snap.db")
    demo_db_path.write_bytes(b"garbage" * 1000)
    kept = restore_sqlite(snapshot, demo_db_path)
    assert count(demo_db_path) == 40
    assert kept is not None and kept.read_bytes() == b"garbage" * 1000


def test_rotation_keeps_7_daily_4_weekly_6_monthly() -> None:
    start = datetime(2026, 11, 22, 12, 0)
    # Four backups a day for a year.
    backups = [BackupFile(Path(f"b{i}.db"), start - timedelta(hours=6 * i)) for i in range(4 * 365)]
    keep = backups_to_keep(backups)
    kept = sorted((b.taken_at for b in backups if b.path in keep), reverse=True)
    days = {d.date() for d in kept}
    assert len({d for d in days if d > (start - timedelta(days=7)).date()}) == 7
    months = {(d.year, d.month) for d in kept}
    assert len(months) == 6
    assert len(kept) <= 3 + 7 + 4 + 6
    assert kept[0] == start  # the newest is always kept


def test_automatic_backups_are_pruned(demo_db_path: Path) -> None:
    base = datetime(2026, 11, 22, 9, 0)
    for i in range(30):
        automatic_backup(demo_db_path, reason="test", now=base - timedelta(days=i))
    backups = list_backups(backup_dir_for(demo_db_path))
    assert 7 <= len(backups) <= 20
    assert backups[0].taken_at == base


def test_atomic_write_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the good version")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half a new ver")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"the good version"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_atomic_write_on_a_full_disk_says_so(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "people.csv"
    target.write_bytes(b"old")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(FileProblem, match="disk is full"), atomic_path(target) as tmp:
        tmp.write_bytes(b"new")
        monkeypatch.setattr("os.replace", full)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]
