"""Failures that used to end in "unexpected error" (exit 70) are told in one line with their code.

A read-only database (every write refused; exports and subject access
refused because they cannot be audited; reports written with a warning),
a full disk during an import, a restore or an xlsx export, standard
output on a full device, and a CSV cell over the csv module's limit. A
write that fails leaves no backup of its own behind (issue 15, item 8).

The read-only file is real: as root (who may write any file) the commands
run as the user "nobody" (setpriv); the full disk is a small tmpfs, which
only root can mount (those tests are skipped otherwise).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from women_in_ddat.storage.backup import backup_dir_for, backup_sqlite

ZOE = "zoe.hughes@essex.gov.uk"
ESSEX = "Top Talent Essex 2025"
Run = Callable[..., subprocess.CompletedProcess]


def cli(*args: str, db: Path, prefix: tuple[str, ...] = (), env: dict[str, str] | None = None):
    return subprocess.run(
        [*prefix, sys.executable, "-m", "women_in_ddat", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env or os.environ.copy(),
        timeout=180,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "unexpected error" not in lines[0]
    return lines[0]


def people_in(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        conn.close()


def test_a_csv_cell_over_the_size_limit_is_a_file_problem(
    demo_db_path: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "cohort.csv"
    huge.write_text(
        "First name,Last name,Email,Organisation,Role\n"
        "Ana,Lopez,ana.lopez@thurrock.gov.uk,Thurrock Council,Mentee\n"
        f"Bea,{'x' * 140_000},bea@thurrock.gov.uk,Thurrock Council,Mentee\n",
        encoding="utf-8",
    )
    before = people_in(demo_db_path)
    result = cli("import", str(huge), "--cohort", ESSEX, db=demo_db_path)
    assert result.returncode == 6
    assert "has a cell longer than 131,072 characters (by line 3)" in one_line(result)
    assert people_in(demo_db_path) == before


# --- a read-only database ------------------------------------------------------------


@pytest.fixture
def read_only(demo_db_path: Path) -> Iterator[tuple[Path, Run]]:
    """A read-only copy of the demo programme, and how to run a command on it."""
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp(prefix="wid-ro-"))
        prefix: tuple[str, ...] = ()
    elif shutil.which("setpriv"):
        # Root writes any file whatever its mode: run as nobody, in a folder nobody can use.
        folder = Path(tempfile.mkdtemp(prefix="wid-ro-", dir="/tmp"))
        os.chmod(folder, 0o777)
        prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    else:
        pytest.skip("root needs setpriv to run as a user a read-only file stops")
    database = backup_sqlite(demo_db_path, folder / "programme.db")
    os.chmod(database, 0o444)
    env = {**os.environ, "WOMEN_IN_DDAT_HOME": str(folder / "home")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return cli(*args, db=database, prefix=prefix, env=env)

    yield database, run
    shutil.rmtree(folder, ignore_errors=True)


def test_every_write_to_a_read_only_database_is_refused_in_one_line(
    read_only: tuple[Path, Run], tmp_path: Path
) -> None:
    database, run = read_only
    content = database.read_bytes()
    spreadsheet = database.with_name("cohort.csv")
    spreadsheet.write_text(
        "First name,Last name,Email,Organisation,Role\n"
        "Ana,Lopez,ana.lopez@thurrock.gov.uk,Thurrock Council,Mentee\n",
        encoding="utf-8",
    )
    os.chmod(spreadsheet, 0o644)
    kept = backup_sqlite(database, database.with_name("kept.db"))
    os.chmod(kept, 0o644)
    for args in (
        ("import", str(spreadsheet), "--cohort", ESSEX),
        ("person", "erase", ZOE, "--yes"),
        ("restore", str(kept), "--yes"),
    ):
        result = run(*args)
        assert result.returncode == 3, (args, result.stderr)
        assert "is read-only, so nothing was changed" in one_line(result)
    assert database.read_bytes() == content
    # Each attempt took a backup first; none of them changed anything, so none is kept.
    assert list(backup_dir_for(database).glob("*.db")) == []
    # Reading still works.
    assert run("check").returncode == 0
    assert run("backup", "-o", str(database.with_name("copy.db"))).returncode == 0


def test_personal_data_leaves_a_read_only_database_only_on_the_record(
    read_only: tuple[Path, Run],
) -> None:
    """Exports and subject access cannot be audited, so they are refused; a report warns."""
    database, run = read_only
    folder = database.parent
    for args, says in (
        (("export", "people", "-o", str(folder / "people.csv")), "Nothing was exported"),
        (("export", "people", "--format", "json", "-o", "-"), "Nothing was exported"),
        (("person", "export", ZOE, "-o", str(folder / "zoe.json")), "as the law requires"),
        (("person", "export", ZOE, "-o", "-"), "as the law requires"),
    ):
        result = run(*args)
        assert result.returncode == 3, (args, result.stderr)
        assert says in one_line(result)
        assert result.stdout == ""
    assert not (folder / "people.csv").exists() and not (folder / "zoe.json").exists()
    report = run("report", "cohort", ESSEX, "-o", str(folder / "essex.pdf"))
    assert report.returncode == 0, report.stderr
    assert "warning: The audit trail could not record this report" in report.stderr
    assert (folder / "essex.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


# --- a full disk -----------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``mount(size)``: a tmpfs of that size (needs root), unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip("a small disk needs root (mount -t tmpfs)")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", str(point)], capture_output=True)


def big_spreadsheet(folder: Path, rows: int = 3000) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["First name", "Last name", "Email", "Organisation", "Role"])
    for i in range(rows):
        sheet.append(
            [
                "Ana",
                f"Lopez-Garcia {i} " * 4,
                f"ana{i}@council{i % 9}.gov.uk",
                f"Council {i % 9}",
                "Mentee",
            ]
        )
    path = folder / "big.xlsx"
    book.save(path)
    return path


def partials_and_journals(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.rglob("*") if ".part" in p.name or p.name.endswith("-journal")
    )


def test_a_disk_that_fills_during_an_import_or_a_restore(
    demo_db_path: Path, tmp_path: Path, small_disk: Callable[[str], Path]
) -> None:
    spreadsheet = big_spreadsheet(tmp_path)
    kept = backup_sqlite(demo_db_path, tmp_path / "kept.db")
    size = demo_db_path.stat().st_size
    # Room for the database, its backup and a little more: the import's write fills it.
    disk = small_disk(f"{(3 * size + 100_000) // 1024}k")
    database = backup_sqlite(demo_db_path, disk / "programme.db")
    before = people_in(database)
    for _ in range(3):  # each attempt used to keep its backup until the disk was full
        result = cli("import", str(spreadsheet), "--cohort", ESSEX, db=database)
        assert result.returncode == 6, result.stderr
        assert one_line(result) == (
            "women-in-ddat: The disk is full, so nothing was changed. Free some space and try again."
        )
    assert cli("check", db=database).returncode == 0  # rolls back what the failed write left
    assert people_in(database) == before
    assert list(backup_dir_for(database).glob("*.db")) == []
    # A restore: the copy into the database fills the disk (its backup and staged copy took the room).
    result = cli("restore", str(kept), "--yes", db=database)
    assert result.returncode == 6, result.stderr
    assert "The disk is full, so nothing was changed" in one_line(result)
    assert cli("check", db=database).returncode == 0
    assert people_in(database) == before
    assert list(backup_dir_for(database).glob("*.db")) == []
    assert partials_and_journals(disk) == []


def test_an_xlsx_export_to_a_full_disk(
    demo_db_path: Path, small_disk: Callable[[str], Path]
) -> None:
    disk = small_disk("64k")
    (disk / "filler").write_bytes(b"\0" * (60 * 1024))
    result = cli(
        "export", "milestones", "--format", "xlsx", "-o", str(disk / "m.xlsx"), db=demo_db_path
    )
    assert result.returncode == 6
    assert one_line(result) == (
        "women-in-ddat: Cannot write the export m.xlsx: the disk is full. "
        "Any earlier version of it is unchanged."
    )
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_an_xlsx_export_into_a_full_device_says_so_once(tmp_path: Path) -> None:
    """No ``ZipFile.__del__`` traceback after the failure (needs no root: /dev/full)."""
    if not stat.S_ISCHR(os.stat("/dev/full").st_mode if os.path.exists("/dev/full") else 0):
        pytest.skip("no /dev/full here")
    probe = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from women_in_ddat.services.exporting import write_xlsx\n"
        "rows = [{'name': 'x' * 200}] * 2000\n"
        "try:\n"
        "    write_xlsx(Path('/dev/full'), 'people', ['name'], rows)\n"
        "except OSError as exc:\n"
        "    print('raised', exc.errno)\n"
        "gc.collect()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "raised 28"
    assert done.stderr == ""


def test_standard_output_on_a_full_device(demo_db_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "women_in_ddat",
                "--db",
                str(demo_db_path),
                "export",
                "people",
                "-o",
                "-",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 6
    assert one_line(result) == (
        "women-in-ddat: Cannot write the export to standard output: the disk is full."
    )


def test_a_full_disk_at_the_write_seam_without_root(
    demo_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same, wherever a small disk cannot be mounted: SQLite's own error, injected."""
    from women_in_ddat.cli.main import main
    from women_in_ddat.services import imports_sql
    from women_in_ddat.storage import backup

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    spreadsheet = big_spreadsheet(tmp_path, rows=30)
    kept = backup_sqlite(demo_db_path, tmp_path / "kept.db")
    before = people_in(demo_db_path)
    monkeypatch.setattr(imports_sql.Sql, "commit", full)
    monkeypatch.setattr(backup, "_copy_into", full)
    for args in (("import", str(spreadsheet), "--cohort", ESSEX), ("restore", str(kept), "--yes")):
        capsys.readouterr()
        assert main(["--db", str(demo_db_path), *args]) == 6
        err = capsys.readouterr().err
        assert (
            err
            == "women-in-ddat: The disk is full, so nothing was changed. Free some space and try again.\n"
        )
    assert people_in(demo_db_path) == before
    assert list(backup_dir_for(demo_db_path).glob("*.db")) == []
