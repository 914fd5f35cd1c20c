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


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(path.lstat().st_mode)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for the outputs alone (the database is in another)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def null_device(out: Path) -> Path:
    """A device node like /dev/null, of the test's own (making one needs root)."""
    node = out / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


@pytest.mark.parametrize(
    "command",
    [
        ("export", "people", "--format", "json", "-o", "{out}"),
        ("export", "milestones", "--format", "xlsx", "-o", "{out}"),
        ("person", "export", "zoe.hughes@essex.gov.uk", "-o", "{out}"),
        # A report's name must end in .pdf: a link so named stands for the device.
        ("report", "cohort", "Top Talent Essex 2025", "-o", "{link}"),
    ],
)
def test_a_device_is_written_into_never_replaced(
    demo_db_path: Path, null_device: Path, command: tuple[str, ...]
) -> None:
    link = null_device.with_name("cohort.pdf")
    link.symlink_to(null_device)
    result = cli(*(arg.format(out=null_device, link=link) for arg in command), db=demo_db_path)
    assert result.returncode == 0, result.stderr
    assert is_char_device(null_device), "the device was replaced by a file"
    assert link.is_symlink(), "the link was replaced by a file"
    assert sorted(p.name for p in null_device.parent.iterdir()) == ["cohort.pdf", "null"]


def test_a_named_pipe_is_streamed_into(demo_db_path: Path, out: Path) -> None:
    pipe = out / "people.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = cli("export", "people", "--format", "json", "-o", str(pipe), db=demo_db_path)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode), "the named pipe was replaced by a file"
    assert len(json.loads(received[0])) == 40
    assert [p.name for p in out.iterdir()] == ["people.pipe"]


def test_a_symbolic_link_has_its_target_written(demo_db_path: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "people.json"
    target.write_text("[]")
    link = tmp_path / "latest.json"
    link.symlink_to(Path("shared") / "people.json")
    result = cli("export", "people", "--format", "json", "-o", str(link), db=demo_db_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("shared") / "people.json")
    assert len(json.loads(target.read_text())) == 40
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in shared.iterdir()) == ["people.json"]


def test_a_socket_a_folder_and_a_backup_into_a_pipe_are_refused(
    demo_db_path: Path, out: Path
) -> None:
    sock_path = out / "s"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        refused = cli("export", "people", "-o", str(sock_path), db=demo_db_path)
        assert refused.returncode == 6
        assert "it is a socket, which is never replaced" in one_line(refused)
        assert stat.S_ISSOCK(sock_path.lstat().st_mode)
    finally:
        server.close()
    folder = out / "a-folder"
    folder.mkdir()
    refused = cli("export", "people", "-o", str(folder), db=demo_db_path)
    assert refused.returncode == 6 and "it is a folder" in one_line(refused)
    pipe = out / "backup.pipe"
    os.mkfifo(pipe)
    refused = cli("backup", "-o", str(pipe), db=demo_db_path)
    assert refused.returncode == 6 and "it is a named pipe; choose a file name" in one_line(refused)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in out.iterdir()) == ["a-folder", "backup.pipe", "s"]


def test_report_folders_are_made_private_like_every_file(demo_db_path: Path, out: Path) -> None:
    """Summaries' file names carry mentees' names: the folders they make are 0700."""
    from women_in_ddat.cli.main import main

    old_umask = os.umask(0o022)  # the usual umask, whatever the runner's
    try:
        for args in (
            ["--out-dir", str(out / "kent" / "2026")],
            ["--out-dir", str(out / "combined" / "kent"), "--combined"],
        ):
            batch = ["report", "batch", "--cohort", "Top Talent Kent 2026", "--jobs", "1"]
            assert main(["--db", str(demo_db_path), *batch, *args]) == 0
    finally:
        os.umask(old_umask)
    for folder in (
        out / "kent",
        out / "kent" / "2026",
        out / "combined",
        out / "combined" / "kent",
    ):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert any((out / "kent" / "2026").iterdir()) and any((out / "combined" / "kent").iterdir())
