"""Partial files left by a crash are cleared by the next command; nothing else is touched.

The crash itself is in tests/robustness/test_crash_trials.py (kill -9 during
a backup, a restore and an export); here the rules, with partials made by
hand: whose they are, whether their writer lives, who holds the lock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from women_in_ddat.storage.backup import backup_dir_for, list_backups
from women_in_ddat.storage.lock import DatabaseLock
from women_in_ddat.storage.partial_files import host_tag, remove_stale_partials


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "women_in_ddat", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def make(path: Path, content: bytes = b"SQLite format 3\x00 a copy of the programme") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def left_by_crashes(database: Path, pid: int) -> list[Path]:
    """Partials of every kind the app writes, as a killed process with ``pid`` leaves them."""
    writer = f"{pid}-{host_tag()}"
    backups = backup_dir_for(database)
    return [
        make(
            backups / f".programme-20261207-052200-000000-before-import.db.{writer}-k3j9x0qa.part"
        ),
        make(
            backups
            / f".programme-20261207-052200-000000-before-import.db.{writer}-k3j9x0qa.part-journal"
        ),
        make(database.parent / f".{database.name}.restoring-{writer}-ab12cd34.part"),
        make(database.parent / f".{database.name}.restoring-{writer}-ab12cd34.part-journal"),
        make(database.parent / f".{database.name}.{writer}-zz99yy88.part"),
        make(database.parent / f".{database.name}.creating-{writer}"),
        make(database.parent / f".people.csv.{writer}-qq11ww22.part", b"email\r\nzoe@essex.gov.uk"),
    ]


def test_a_command_clears_what_dead_writers_left_and_nothing_else(demo_db_path: Path) -> None:
    stale = left_by_crashes(demo_db_path, dead_pid())
    # A partial being written now (its writer lives: our parent), one from another
    # computer on a shared folder, and files that are not the app's.
    alive = left_by_crashes(demo_db_path, os.getppid())
    others = [
        make(demo_db_path.parent / f".{demo_db_path.name}.1234-0badc0de-k3j9x0qa.part"),
        make(demo_db_path.parent / "notes.part"),
        make(demo_db_path.parent / ".download.part"),
        make(demo_db_path.parent / f".{demo_db_path.name}.k3j9x0qa.swp"),
    ]
    result = cli("export", "people", "--format", "json", "-o", "-", db=demo_db_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in stale if p.exists()] == []
    assert all(p.exists() for p in alive), "a partial whose writer is alive was removed"
    assert all(p.exists() for p in others), "a file the app did not name was removed"


def test_partials_named_before_the_writer_was_named_go_once_an_hour_old(db_path: Path) -> None:
    old = make(db_path.parent / f".{db_path.name}.restoring-k3j9x0qa.part")
    old_backup = make(
        backup_dir_for(db_path) / ".programme-20261207-052200-000000-daily.db.ab12cd34.part"
    )
    young = make(db_path.parent / f".{db_path.name}.zz99yy88.part")
    an_hour_ago = time.time() - 3700
    for path in (old, old_backup):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert sorted(remove_stale_partials(db_path)) == sorted([old, old_backup])
    assert young.exists()


def test_nothing_is_cleared_while_another_process_holds_the_lock(db_path: Path) -> None:
    stale = left_by_crashes(db_path, dead_pid())
    DatabaseLock(db_path, pid=os.getppid()).acquire()  # another window on this computer
    assert remove_stale_partials(db_path) == []
    assert all(p.exists() for p in stale)
    DatabaseLock(db_path, host="coordinator-laptop-2", pid=4242).acquire(force=True)
    assert remove_stale_partials(db_path) == []
    assert all(p.exists() for p in stale)
    mine = DatabaseLock(db_path)
    mine.acquire(force=True)  # this process holds it: its own partials' writers are known
    assert sorted(remove_stale_partials(db_path)) == sorted(stale)


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("backup", "-o", "{tmp}/copy.db"),
        ("report", "cohort", "Top Talent Essex 2025", "-o", "{tmp}/cohort.pdf"),
        ("person", "erase", "zoe.hughes@essex.gov.uk", "--yes"),
    ],
)
def test_every_command_that_opens_the_programme_clears_them(
    demo_db_path: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    stale = left_by_crashes(demo_db_path, dead_pid())
    result = cli(*(arg.format(tmp=tmp_path) for arg in command), db=demo_db_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in stale if p.exists()] == []


def test_after_an_erasure_only_the_backups_it_names_still_hold_her(demo_db_path: Path) -> None:
    """What the erasure says still holds her (its backups) is all that does."""
    email = b"zoe.hughes@essex.gov.uk"
    copy_of_her = demo_db_path.read_bytes()
    assert email in copy_of_her
    writer = f"{dead_pid()}-{host_tag()}"
    make(
        backup_dir_for(demo_db_path)
        / f".programme-20261207-052200-000000-daily.db.{writer}-k3j9x0qa.part",
        copy_of_her,
    )
    make(
        demo_db_path.parent / f".{demo_db_path.name}.restoring-{writer}-ab12cd34.part", copy_of_her
    )
    result = cli("person", "erase", email.decode(), "--yes", db=demo_db_path)
    assert result.returncode == 0, result.stderr
    assert "backups taken before it still hold the person" in result.stdout
    backups = {b.path for b in list_backups(backup_dir_for(demo_db_path))}
    holding = {
        path
        for folder in (demo_db_path.parent, backup_dir_for(demo_db_path))
        for path in folder.iterdir()
        if path.is_file() and email in path.read_bytes()
    }
    assert holding and holding <= backups, (
        f"still holding her: {sorted(p.name for p in holding - backups)}"
    )


def test_writing_a_file_again_clears_what_its_interrupted_writes_left(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """An export or a batch elsewhere (the Documents folder, say): its own leftovers go."""
    out = tmp_path / "documents"
    dead, live = f"{dead_pid()}-{host_tag()}", f"{os.getppid()}-{host_tag()}"
    stale = make(out / f".people.csv.{dead}-k3j9x0qa.part", b"email\r\nzoe.hughes@essex.gov.uk")
    writing = make(out / f".people.csv.{live}-ab12cd34.part")
    other_file = make(out / f".notes.csv.{dead}-k3j9x0qa.part")
    result = cli("export", "people", "-o", str(out / "people.csv"), db=demo_db_path)
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and writing.exists() and other_file.exists()

    batch = tmp_path / "kent"
    left = make(batch / f".wid-batch-{dead}-q1w2e3r4" / "hughes-zoe-12.pdf", b"%PDF her summary")
    running = make(batch / f".wid-batch-{live}-a1s2d3f4" / "carter-helen-3.pdf", b"%PDF")
    result = cli(
        "report",
        "batch",
        "--cohort",
        "Top Talent Kent 2026",
        "--out-dir",
        str(batch),
        "--jobs",
        "1",
        db=demo_db_path,
    )
    assert result.returncode == 0, result.stderr
    assert not left.parent.exists() and running.exists()
