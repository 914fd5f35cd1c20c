"""Where ``-o``, ``--out-dir`` and a backup's path may point, as a coordinator types them.

A relative path works like an absolute one; a device or a named pipe is
written into, never replaced; a symbolic link has its target written; a
socket, a block device or a folder is refused in one line.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest


def cli(*args: str, db: Path | str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "women_in_ddat", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=cwd,
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def people_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        conn.close()


def add_someone(database: Path) -> None:
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.people import PersonInput

    services = Services.open(str(database), actor="tester")
    try:
        services.people.create(
            PersonInput(email="added.later@essex.gov.uk", first_name="Added", last_name="Later")
        )
    finally:
        services.close()


def test_restore_takes_a_relative_path(demo_db_path: Path) -> None:
    folder = demo_db_path.parent
    assert cli("backup", "-o", "kept.db", db=demo_db_path, cwd=folder).returncode == 0
    before = people_in(demo_db_path)
    add_someone(demo_db_path)
    assert people_in(demo_db_path) == before + 1
    restored = cli("restore", "kept.db", "--yes", db="programme.db", cwd=folder)
    assert restored.returncode == 0, restored.stderr
    assert "Restored programme.db from kept.db." in restored.stdout
    assert people_in(demo_db_path) == before
