"""A process killed at a random moment never damages the database.

Each trial starts a child doing real work (a bulk write in one
transaction, the real import of three spreadsheets through the command
line, a backup, a schema migration), kills it with SIGKILL after a
random delay, then checks integrity, foreign keys and exact row counts.
Kills during automatic backups, restores and exports check that the next
command clears every partial copy the kill left behind.
The normal run makes 68 kills in all; the slow run (``pytest -m slow
tests/robustness``) makes 570.
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
NORMAL = {"bulk_write": 10, "import": 15, "backup": 12, "migrate": 13, "partials": 6}
SLOW = {"bulk_write": 100, "import": 150, "backup": 100, "migrate": 100, "partials": 40}


def start(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    while line and line.strip() != "ready":  # what the work printed while warming up
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
    source = sqlite3.connect(demo_db_path)
    people = source.execute("SELECT count(*) FROM person").fetchone()[0]
    source.close()
    for _ in range(count):
        proc = start("backup", str(demo_db_path), str(destination))
        kill_after(proc, rng.uniform(0.0, 0.3))
        check_database(demo_db_path).close()
        if destination.exists():  # a backup is only ever published whole
            conn = check_database(destination)
            assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == people
            conn.close()


def migrate_trials(count: int, tmp_path: Path) -> set[str]:
    rng = random.Random(13)
    reference = sqlite3.connect(FROZEN_0001)
    # The columns 0001 had: later migrations may add others (e.g. do_not_contact).
    person_columns = ", ".join(r[1] for r in reference.execute("PRAGMA table_info(person)"))
    people_sql = f"SELECT {person_columns} FROM person ORDER BY id"  # noqa: S608 (its own names)
    people = reference.execute(people_sql).fetchall()
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
        assert conn.execute(people_sql).fetchall() == people
        columns = {r[1] for r in conn.execute("PRAGMA table_info(programme)")}
        assert ("collect_equality_data" in columns) == (version == HEAD_REVISION)
        for table in ("outcome", "assessment", "equality_record"):  # the 0003 version columns
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            assert ("version" in columns) == (version == HEAD_REVISION)
        conn.close()
        outcomes.add(version)
    return outcomes


def partial_files_near(database: Path) -> list[str]:
    """Partial copies in the database's folder and its backups folder (any of the app's names)."""
    from women_in_ddat.storage.backup import backup_dir_for

    return sorted(
        path.name
        for folder in (database.parent, backup_dir_for(database))
        if folder.is_dir()
        for path in folder.iterdir()
        if ".part" in path.name or ".creating-" in path.name
    )


def partial_file_trials(operation: str, count: int, database: Path, *extra: str, seed: int) -> int:
    """Kill ``operation`` at random moments; the next command must clear what it left.

    Returns how many kills left a partial file (so the caller can tell the
    kills landed mid-write, and the check was not vacuous).
    """
    from women_in_ddat.cli.main import main

    rng = random.Random(seed)
    left_behind = 0
    for _ in range(count):
        proc = start(operation, str(database), *extra)
        kill_after(proc, rng.uniform(0.05, 0.5))
        left_behind += bool(partial_files_near(database))
        assert main(["--db", str(database), "check"]) == 0
        assert partial_files_near(database) == [], "the next command left a partial file"
        check_database(database).close()
    return left_behind


def partial_trials_of_every_kind(count: int, demo_db_path: Path, tmp_path: Path) -> None:
    from women_in_ddat.storage.backup import backup_sqlite

    source = backup_sqlite(demo_db_path, tmp_path / "kept" / "programme-kept.db")
    for operation, extra, seed in (
        ("automatic_backups", (), 21),
        ("restore", (str(source),), 22),
        ("export", (str(demo_db_path.with_name("people.csv")),), 23),
    ):
        left = partial_file_trials(operation, count, demo_db_path, *extra, seed=seed)
        assert left > 0, f"no kill of {operation} landed mid-write: the trials checked nothing"


def test_killed_backups_restores_and_exports_leave_nothing_after_the_next_command(
    demo_db_path: Path, tmp_path: Path
) -> None:
    partial_trials_of_every_kind(NORMAL["partials"], demo_db_path, tmp_path)


@pytest.mark.slow
def test_many_more_kills_leave_no_partial_file_after_the_next_command(
    demo_db_path: Path, tmp_path: Path
) -> None:
    partial_trials_of_every_kind(SLOW["partials"], demo_db_path, tmp_path)


def test_killed_bulk_writes_are_all_or_nothing(demo_db_path: Path) -> None:
    bulk_write_trials(NORMAL["bulk_write"], demo_db_path)


def test_killed_backups_never_harm_the_source_or_leave_a_bad_backup(
    demo_db_path: Path, tmp_path: Path
) -> None:
    backup_trials(NORMAL["backup"], demo_db_path, tmp_path)


def test_killed_migrations_leave_the_old_or_the_new_schema_whole(tmp_path: Path) -> None:
    migrate_trials(NORMAL["migrate"], tmp_path)


@pytest.mark.slow
def test_many_more_kills(demo_db_path: Path, tmp_path: Path) -> None:
    bulk_write_trials(SLOW["bulk_write"], demo_db_path)
    backup_trials(SLOW["backup"], demo_db_path, tmp_path / "b")
    outcomes = migrate_trials(SLOW["migrate"], tmp_path / "m")
    landed = import_trials(SLOW["import"], demo_db_path, tmp_path / "i")
    assert landed == set(range(IMPORT_FILES + 1)), (
        f"kills should land before, between and after imports: {landed}"
    )
    assert outcomes == {"0001_initial", HEAD_REVISION}, (
        "kills should land both before and after the commit"
    )


IMPORT_FILES = 3
IMPORT_ROWS = 900  # a third mentors, two thirds mentees naming their mentor


def write_import_files(folder: Path) -> list[Path]:
    """Distinct people in each file, so each import is all new and its traces are countable."""
    from openpyxl import Workbook

    paths = []
    for number in range(1, IMPORT_FILES + 1):
        book = Workbook()
        sheet = book.active
        sheet.title = "Cohort"
        sheet.append(["First name", "Last name", "Email", "Organisation", "Role", "Mentor email"])
        for i in range(IMPORT_ROWS):
            group, member = divmod(i, 3)
            mentor = f"f{number}-mentor{group}@council{group % 7}.gov.uk"
            if member == 0:
                sheet.append(
                    ["Helen", f"Carter {group}", mentor, f"Council {group % 7}", "Mentor", ""]
                )
            else:
                sheet.append(
                    [
                        "Zoe",
                        f"Hughes {i}",
                        f"f{number}-mentee{i}@authority{(group + 1) % 5}.gov.uk",
                        f"Authority {(group + 1) % 5}",
                        "Mentee",
                        mentor,
                    ]
                )
        path = folder / f"cohort{number}.xlsx"
        book.save(path)
        paths.append(path)
    return paths


def imported_files(conn: sqlite3.Connection) -> list[bool]:
    """For each file: wholly present (True) or wholly absent (False); anything between fails."""
    present = []
    for number in range(1, IMPORT_FILES + 1):
        people = conn.execute(
            "SELECT count(*) FROM person WHERE email LIKE ?", (f"f{number}-%",)
        ).fetchone()[0]
        cohort = conn.execute(
            "SELECT id FROM cohort WHERE name = ?", (f"Crash cohort {number}",)
        ).fetchone()
        if people == 0:
            assert cohort is None, f"file {number}: a cohort without its people"
            present.append(False)
            continue
        assert people == IMPORT_ROWS, f"file {number}: {people} of {IMPORT_ROWS} people survived"
        assert cohort is not None
        (cohort_id,) = cohort

        def count(sql: str, cohort_id: int = cohort_id) -> int:
            return conn.execute(sql, (cohort_id,)).fetchone()[0]

        assert count("SELECT count(*) FROM participation WHERE cohort_id = ?") == IMPORT_ROWS
        assert (
            count("SELECT count(*) FROM mentoring_match WHERE cohort_id = ?")
            == IMPORT_ROWS * 2 // 3
        )
        assert (
            count(
                "SELECT count(*) FROM milestone WHERE participation_id IN "
                "(SELECT id FROM participation WHERE cohort_id = ?)"
            )
            > 0
        )
        assert (
            count("SELECT count(*) FROM import_batch WHERE cohort_id = ? AND status = 'applied'")
            == 1
        )
        # Its undo record: every person and place it created, as runs of ids.
        assert (
            count(
                "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM import_created "
                "WHERE entity IN ('person', 'participation') "
                "AND batch_id IN (SELECT id FROM import_batch WHERE cohort_id = ?)"
            )
            == 2 * IMPORT_ROWS
        )
        present.append(True)
    assert present == sorted(present, reverse=True), f"imports landed out of order: {present}"
    return present


def import_trials(count: int, demo_db_path: Path, tmp_path: Path) -> set[int]:
    rng = random.Random(14)
    tmp_path.mkdir(parents=True, exist_ok=True)
    files = write_import_files(tmp_path)
    with sqlite3.connect(demo_db_path) as first:
        base_people = first.execute("SELECT count(*) FROM person").fetchone()[0]
    first.close()
    # The kills are spread over how long the three imports take on this machine, now.
    timing = tmp_path / "timing" / "programme.db"
    timing.parent.mkdir(parents=True)
    shutil.copyfile(demo_db_path, timing)
    proc = start("import", str(timing), *map(str, files))
    began = time.monotonic()
    proc.communicate(timeout=120)
    whole_run = time.monotonic() - began
    landed = set()
    for trial in range(count):
        work = tmp_path / f"trial{trial}" / "programme.db"
        work.parent.mkdir(parents=True)
        shutil.copyfile(demo_db_path, work)
        proc = start("import", str(work), *map(str, files))
        kill_after(proc, rng.uniform(0.0, 1.1 * whole_run))
        conn = check_database(work)
        present = imported_files(conn)
        total = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        assert total == base_people + IMPORT_ROWS * sum(present), (
            "people outside the imports changed"
        )
        conn.close()
        landed.add(sum(present))
    return landed


def test_killed_imports_are_wholly_present_or_wholly_absent(
    demo_db_path: Path, tmp_path: Path
) -> None:
    landed = import_trials(NORMAL["import"], demo_db_path, tmp_path)
    assert len(landed) > 1, (
        f"every kill landed at the same point ({landed}): the delays do not cover the work"
    )


def test_the_import_check_notices_a_half_import(demo_db_path: Path, tmp_path: Path) -> None:
    """The trials' check is not vacuous: remove part of an import and it fails."""
    from women_in_ddat.cli.main import main

    files = write_import_files(tmp_path)
    assert (
        main(["--db", str(demo_db_path), "import", str(files[0]), "--cohort", "Crash cohort 1"])
        == 0
    )
    conn = sqlite3.connect(demo_db_path)
    assert imported_files(conn) == [True, False, False]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "DELETE FROM mentoring_match WHERE id IN (SELECT id FROM mentoring_match ORDER BY id DESC LIMIT 1)"
    )
    with pytest.raises(AssertionError):
        imported_files(conn)
    conn.close()
