"""Peak memory of large exports, and of importing such an export again.

Exports stream (a chunk of rows at a time from the database, written row by
row; xlsx in XlsxWriter's constant_memory mode), so an export of N people
should need about what an export of 1,000 needs: that 1,000-person export,
measured in the same run, is the baseline. The re-import of the N-person
xlsx export (people only, into a fresh programme database) is measured
against a bare script that reads the same file with python-calamine and
inserts its rows with sqlite3.executemany: the least any import could hold.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.bench_import import timed
from tests.benchmarks.common import BenchRow, cli
from tests.benchmarks.population import build_people_db

REFERENCE = 1_000

# The exported people sheet: first_name, last_name, preferred_name, pronouns, email,
# phone, organisation, job_title, ... (services/exporting.py).
REIMPORT_FLOOR_SCRIPT = """
import sqlite3, sys
from datetime import datetime, UTC
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("PRAGMA synchronous = FULL")
conn.execute("BEGIN IMMEDIATE")
conn.executemany(
    "INSERT INTO person (first_name, last_name, preferred_name, pronouns, email, phone, job_title, "
    "current_role_family, current_role, current_level, target_role_family, target_role, target_level, "
    "line_manager_email, region, open_to_remote, notes, consent_to_store, consent_to_share_with_sponsor, "
    "consent_to_case_study, created_at, updated_at, version) "
    "VALUES (?, ?, '', '', ?, ?, ?, '', '', '', '', '', '', '', ?, 1, '', 0, 0, 0, ?, ?, 1)",
    [(r[0], r[1], r[4].lower(), r[5], r[7], r[15], now, now) for r in rows[1:]],
)
conn.execute("COMMIT")
"""


def _env(workdir: Path) -> dict[str, str]:
    return {**os.environ, "WOMEN_IN_DDAT_HOME": str(workdir / "home")}


def export_peak(db: Path, fmt: str, out: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MB) of one export process."""
    seconds, peak = timed(
        cli("--db", str(db), "export", "people", "--format", fmt, "-o", str(out)), env
    )
    return seconds, peak / 1024


def empty_programme(path: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from women_in_ddat.services.context import Services; Services.open(sys.argv[1]).close()",
            str(path),
        ],
        check=True,
    )
    return path


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    env = _env(workdir)
    sizes = (10_000, 30_000) if quick else (100_000, 300_000)
    only = os.environ.get("WID_BENCH_EXPORT_SIZES")
    if only:  # e.g. "100000" to run the smaller size alone on a busy machine
        sizes = tuple(int(n) for n in only.split(","))
    reference_db = build_people_db(workdir / "reference.db", REFERENCE)
    reference = {
        fmt: export_peak(reference_db, fmt, workdir / f"reference.{fmt}", env)[1]
        for fmt in ("csv", "json", "xlsx")
    }
    template = empty_programme(workdir / "programme.db")
    result = []
    for people in sizes:
        db = build_people_db(workdir / f"people{people}.db", people)
        for fmt in ("csv", "json", "xlsx"):
            out = workdir / f"people{people}.{fmt}"
            seconds, peak = export_peak(db, fmt, out, env)
            result.append(
                BenchRow(
                    name=f"export people --format {fmt}, {people:,} rows: peak memory",
                    ours=peak,
                    baseline=reference[fmt],
                    unit="MB",
                    target=f"<= 1.5x {REFERENCE:,} rows",
                    met=peak <= 1.5 * reference[fmt],
                    note=f"{seconds:.1f} s",
                )
            )
            if fmt != "xlsx":
                out.unlink()
        xlsx = workdir / f"people{people}.xlsx"
        ours_db, floor_db = workdir / "reimport.db", workdir / "floor.db"
        shutil.copy(template, ours_db)
        shutil.copy(template, floor_db)
        seconds, ours_peak = timed(cli("import", str(xlsx), "--db", str(ours_db)), env)
        script = workdir / "reimport_floor.py"
        script.write_text(REIMPORT_FLOOR_SCRIPT, encoding="utf-8")
        floor_seconds, floor_peak = timed(
            [sys.executable, str(script), str(xlsx), str(floor_db)], env
        )
        result.append(
            BenchRow(
                name=f"import the {people:,}-row xlsx export again: peak memory",
                ours=ours_peak / 1024,
                baseline=floor_peak / 1024,
                unit="MB",
                target="<= 2.5x bare calamine read",
                met=ours_peak <= 2.5 * floor_peak,
                note=f"{seconds:.1f} s; bare {floor_seconds:.1f} s",
            )
        )
        for path in (db, xlsx, ours_db, floor_db):
            path.unlink()
        shutil.rmtree(workdir / "reimport.db.backups", ignore_errors=True)
    return result
