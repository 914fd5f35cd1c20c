"""The backup taken for a piece of work is dropped if the work fails having changed nothing.

Otherwise every failed attempt (a read-only file, a full disk) kept one,
until the disk was full (issue 15, item 8).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from women_in_ddat.storage.backup import backup_before, backup_dir_for, list_backups


def backups(database: Path) -> list[Path]:
    return [b.path for b in list_backups(backup_dir_for(database))]


def add_row(database: Path) -> None:
    conn = sqlite3.connect(database)
    conn.execute("UPDATE programme SET name = name || ' (renamed)'")
    conn.commit()
    conn.close()


def test_failed_work_that_changed_nothing_keeps_no_backup(demo_db_path: Path) -> None:
    for _ in range(3):
        with (
            pytest.raises(RuntimeError),
            backup_before(demo_db_path, reason="before-import") as taken,
        ):
            assert taken is not None and taken.exists()
            raise RuntimeError("the write failed")
    assert backups(demo_db_path) == []


def test_work_that_changed_the_file_keeps_its_backup_even_if_it_then_failed(
    demo_db_path: Path,
) -> None:
    with pytest.raises(RuntimeError), backup_before(demo_db_path, reason="before-erase") as taken:
        add_row(demo_db_path)
        raise RuntimeError("failed after a commit")
    assert backups(demo_db_path) == [taken]
    with backup_before(demo_db_path, reason="before-import") as second:
        pass
    assert backups(demo_db_path) == [second, taken]


def test_a_server_database_takes_no_backup_here() -> None:
    with backup_before(None, reason="before-import") as taken:
        assert taken is None
