"""A process killed at a random moment never damages the database.

Each trial starts a child doing real work (a bulk write in one
transaction, a backup, a schema migration), kills it with SIGKILL after a
random delay, then checks integrity, foreign keys and exact row counts.
The normal run makes 50 kills in all; the slow run (``pytest -m slow
tests/robustness``) makes 450.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from women_in_ddat.storage.schema_versions import HEAD_REVISION

CHILD = Path(__file__).with_name("crash_child.py")
FROZEN_0001 = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0001_initial.db"
BATCH = 150
NORMAL = {"bulk_write": 20, "backup": 15, "migrate": 15}
SLOW = {"bulk_write": 150, "backup": 150, "migrate": 150}


def start(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        _, err = proc.communicate(timeout=30)
        raise AssertionError(f"child failed to start: {err}")
    return proc


def kill_after(proc: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()


def check_database(path: Path) -> sqlite3.Connection:
    # Open read-write: a hot journal left by the kill must be rolled back first.
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


def bulk_write_trials(count: int, demo_db_path: Path) -> None:
    rng = random.Random(11)
    with sqlite3.connect(demo_db_path) as first:
        base = first.execute("SELECT count(*) FROM person").fetchone()[0]
    first.close()
    committed_seen = 0
    for _ in range(count):
        proc = start("bulk_write", str(demo_db_path))
        kill_after(proc, rng.uniform(0.0, 0.6))
        conn = check_database(demo_db_path)
        extra = conn.execute("SELECT count(*) FROM person").fetchone()[0] - base
        conn.close()
        assert extra % BATCH == 0, f"a partial transaction survived: {extra} extra rows"
        committed_seen = max(committed_seen, extra // BATCH)
    assert committed_seen > 0, "no trial got as far as a commit: the kills were all too early"


def backup_trials(count: int, demo_db_path: Path, tmp_path: Path) -> None:
    rng = random.Random(12)
    destination = tmp_path / "backups" / "copy.db"
    for _ in range(count):
        proc = start("backup", str(demo_db_path), str(destination))
        kill_after(proc, rng.uniform(0.0, 0.3))
        check_database(demo_db_path).close()
        if destination.exists():  # a backup is only ever published whole
            conn = check_database(destination)
            assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 40
            conn.close()


def migrate_trials(count: int, tmp_path: Path) -> set[str]:
    rng = random.Random(13)
    reference = sqlite3.connect(FROZEN_0001)
    people = reference.execute("SELECT * FROM person ORDER BY id").fetchall()
    reference.close()
    outcomes = set()
    for trial in range(count):
        work = tmp_path / f"trial{trial}" / "programme.db"
        work.parent.mkdir(parents=True)
        shutil.copyfile(FROZEN_0001, work)
        proc = start("migrate", str(work))
        kill_after(proc, rng.uniform(0.0, 1.2))
        conn = check_database(work)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert version in ("0001_initial", HEAD_REVISION)
        assert conn.execute("SELECT * FROM person ORDER BY id").fetchall() == people
        columns = {r[1] for r in conn.execute("PRAGMA table_info(programme)")}
        assert ("collect_equality_data" in columns) == (version == HEAD_REVISION)
        conn.close()
        outcomes.add(version)
    return outcomes


def test_killed_bulk_writes_are_all_or_nothing(demo_db_path: Path) -> None:
    bulk_write_trials(NORMAL["bulk_write"], demo_db_path)


def test_killed_backups_never_harm_the_source_or_leave_a_bad_backup(demo_db_path: Path, tmp_path: Path) -> None:
    backup_trials(NORMAL["backup"], demo_db_path, tmp_path)


def test_killed_migrations_leave_the_old_or_the_new_schema_whole(tmp_path: Path) -> None:
    migrate_trials(NORMAL["migrate"], tmp_path)


@pytest.mark.slow
def test_many_more_kills(demo_db_path: Path, tmp_path: Path) -> None:
    bulk_write_trials(SLOW["bulk_write"], demo_db_path)
    backup_trials(SLOW["backup"], demo_db_path, tmp_path / "b")
    outcomes = migrate_trials(SLOW["migrate"], tmp_path / "m")
    assert outcomes == {"0001_initial", HEAD_REVISION}, "kills should land both before and after the commit"
