"""Importing a cohort spreadsheet end to end through the command line.

The floor is a bare script that reads the same xlsx with python-calamine
and inserts its rows into the person table with sqlite3.executemany: the
least any import could do. Ours also checks every row, keys people by
email, adds them to the cohort with their milestones, proposes the
matches the sheet names and records an undoable batch.

The database already holds one programme (as any real one does after its
first cohort), so the import creates the cohort but not a programme.
Into a cohort, the import writes about nine rows per person row the floor
writes (participation, six milestones, matches, undo records); the
"people only" row compares like with like.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from tests.benchmarks.common import BenchRow, cli

FLOOR_SCRIPT = """
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
    "VALUES (?, ?, '', '', ?, '', ?, ?, '', '', '', '', '', '', '', 1, '', 0, 0, 0, ?, ?, 1)",
    [(r[0], r[1], r[2].lower(), r[4], r[6], now, now) for r in rows[1:]],
)
conn.execute("COMMIT")
"""

HEADER = ["First name", "Last name", "Email", "Organisation", "Job title", "Role", "DDaT job family",
          "Start date", "Mentor email"]


def write_cohort_xlsx(path: Path, people: int) -> Path:
    """Two mentees per mentor, from different councils; UK date cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Cohort")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADER)
    start = datetime(2026, 1, 12)
    for i in range(1, people + 1):
        group, member = divmod(i - 1, 3)
        mentor_email = f"mentor{group}@council{group % 97}.gov.uk"
        if member == 0:
            row = [f"Helen{group}", f"Carter{group}", mentor_email, f"Council {group % 97}", "Head of data",
                   "Mentor", "Data"]
            link = ""
        else:
            row = [f"Zoë{i}", f"Hughes{i}", f"mentee{i}@authority{(group + member) % 89}.gov.uk",
                   f"Authority {(group + member) % 89}", "Data analyst", "Mentee", "Data"]
            link = mentor_email
        sheet.write_row(i, 0, row)
        sheet.write_datetime(i, 7, start, date_format)
        sheet.write_string(i, 8, link)
    book.close()
    return path


def programme_db(path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-c",
         "import sys; from women_in_ddat.services.context import Services; s = Services.open(sys.argv[1]); "
         "s.cohorts.create_cohort('Earlier cohort'); s.close()", str(path)],
        check=True,
    )
    return path


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one process."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *argv], check=True, env=env, capture_output=True, text=True)
    seconds, peak = out.stdout.split()
    return float(seconds), int(peak)


def measure(
    xlsx: Path, template: Path, workdir: Path, repeat: int, cohort: bool = True
) -> tuple[float, float, int, int]:
    env = {**os.environ, "WOMEN_IN_DDAT_HOME": str(workdir / "home")}
    ours, floor, ours_peak, floor_peak = [], [], 0, 0
    script = workdir / "floor.py"
    script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    for n in range(repeat):
        db = workdir / f"ours{n}.db"
        shutil.copy(template, db)
        where = ["--cohort", "Benchmark cohort"] if cohort else []
        seconds, peak = timed(cli("import", str(xlsx), *where, "--db", str(db)), env)
        ours.append(seconds)
        ours_peak = max(ours_peak, peak)
        bare = workdir / f"floor{n}.db"
        shutil.copy(template, bare)
        seconds, peak = timed([sys.executable, str(script), str(xlsx), str(bare)], env)
        floor.append(seconds)
        floor_peak = max(floor_peak, peak)
        for path in (db, bare):
            path.unlink()
        shutil.rmtree(workdir / f"ours{n}.db.backups", ignore_errors=True)
    ours.sort()
    floor.sort()
    return ours[len(ours) // 2], floor[len(floor) // 2], ours_peak, floor_peak


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    template = programme_db(workdir / "programme.db")
    result = []
    small = 1_000 if quick else 10_000
    xlsx = write_cohort_xlsx(workdir / f"cohort{small}.xlsx", small)
    ours, floor, _, _ = measure(xlsx, template, workdir, 3 if quick else 5)
    result.append(BenchRow(
        name=f"import {small:,}-row xlsx into a new cohort (process)", ours=ours, baseline=floor, unit="s",
        target="<= 2x calamine+executemany", met=ours <= 2 * floor,
    ))
    # Like for like with the floor: people only (no cohort), so only person
    # rows (and their undo records) are written.
    ours, floor, _, _ = measure(xlsx, template, workdir, 3 if quick else 5, cohort=False)
    result.append(BenchRow(
        name=f"import {small:,}-row xlsx, people only (process)", ours=ours, baseline=floor, unit="s",
        target="<= 2x calamine+executemany", met=ours <= 2 * floor,
    ))
    large = 10_000 if quick else 100_000
    xlsx = write_cohort_xlsx(workdir / f"cohort{large}.xlsx", large)
    ours, floor, ours_peak, floor_peak = measure(xlsx, template, workdir, 1)
    result.append(BenchRow(
        name=f"import {large:,}-row xlsx: time (process)", ours=ours, baseline=floor, unit="s",
        target="(reported)", met=True,
    ))
    result.append(BenchRow(
        name=f"import {large:,}-row xlsx: peak memory (process)", ours=ours_peak / 1024, baseline=floor_peak / 1024,
        unit="MB", target="< 500 MB", met=ours_peak / 1024 < 500,
    ))
    return result
