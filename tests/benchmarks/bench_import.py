"""Importing a cohort spreadsheet end to end through the command line.

The floor is a bare script that reads the same xlsx with python-calamine
and inserts its rows into the person table with sqlite3.executemany: the
least any import could do. Ours also checks every row, keys people by
email, records an undoable batch and, into a cohort, adds everyone to it
with their milestones and proposes the matches the sheet names.

The database already holds one programme (as any real one does after its
first cohort), so the import creates the cohort but not a programme.

"People only" (no --cohort) is the import the floor does, and the target.
Into a cohort, the import writes about nine rows per row of the sheet
(participation, six milestones, matches, undo records); that row is
measured against a second bare script that writes those same rows, as
executemany over the same tables, with the foreign keys the app enforces.
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

# The same rows an import into a new cohort writes, with none of its checks:
# organisations, people, the cohort, a place for each, the programme's
# milestones for each mentee, the sheet's matches and the undo records.
COHORT_FLOOR_SCRIPT = """
import sqlite3, sys
from datetime import datetime, timedelta, UTC
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()[1:]
now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("PRAGMA synchronous = FULL")
conn.execute("PRAGMA foreign_keys = ON")
conn.execute("BEGIN IMMEDIATE")

def next_id(table):
    return conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table).fetchone()[0]

first_org, orgs = next_id("organisation"), {}
for r in rows:
    if r[3] not in orgs:
        orgs[r[3]] = first_org + len(orgs)
conn.executemany(
    "INSERT INTO organisation (id, name, name_key, kind, region, created_at, updated_at, version) "
    "VALUES (?, ?, ?, 'other', '', ?, ?, 1)",
    [(i, name, name.casefold(), now, now) for name, i in orgs.items()],
)
first_person = next_id("person")
conn.executemany(
    "INSERT INTO person (first_name, last_name, preferred_name, pronouns, email, phone, organisation_id, "
    "job_title, current_role_family, current_role, current_level, target_role_family, target_role, "
    "target_level, line_manager_email, region, open_to_remote, notes, consent_to_store, "
    "consent_to_share_with_sponsor, consent_to_case_study, created_at, updated_at, version) "
    "VALUES (?, ?, '', '', ?, '', ?, ?, ?, '', '', '', '', '', '', '', 1, '', 0, 0, 0, ?, ?, 1)",
    [(r[0], r[1], r[2].lower(), orgs[r[3]], r[4], r[6], now, now) for r in rows],
)
start = min(r[7] for r in rows)
conn.execute(
    "INSERT INTO cohort (programme_id, name, place, start_date, status, created_at, updated_at, version) "
    "VALUES (1, 'Benchmark cohort', '', ?, 'draft', ?, ?, 1)",
    (start.isoformat(), now, now),
)
cohort = conn.execute("SELECT MAX(id) FROM cohort").fetchone()[0]
first_place = next_id("participation")
conn.executemany(
    "INSERT INTO participation (person_id, cohort_id, role, status, withdrawn_reason, mentor_capacity, "
    "start_date, goals, created_at, updated_at, version) VALUES (?, ?, ?, 'accepted', '', ?, ?, '', ?, ?, 1)",
    [(first_person + i, cohort, r[5].lower(), 2 if r[5].lower() == "mentor" else 0, r[7].isoformat(),
      now, now) for i, r in enumerate(rows)],
)
# Built by SQLite from the programme's templates, as fast as they can be written.
conn.execute(
    "INSERT INTO milestone (participation_id, template_id, title, category, required, due_date, status, "
    "evidence_note, created_at, updated_at, version) "
    "SELECT p.id, t.id, t.title, t.category, t.required, date(?, '+' || t.due_offset_days || ' days'), "
    "'not_started', '', ?, ?, 1 FROM participation p JOIN milestone_template t ON t.programme_id = 1 "
    "WHERE p.cohort_id = ? AND p.role = 'mentee' ORDER BY p.id, t.position",
    (start.isoformat(), now, now, cohort),
)
place_of = {r[2].lower(): first_place + i for i, r in enumerate(rows)}
pairs = [(cohort, first_place + i, place_of[r[8]]) for i, r in enumerate(rows) if r[8]]
first_match = next_id("mentoring_match")
conn.executemany(
    "INSERT INTO mentoring_match (cohort_id, mentee_participation_id, mentor_participation_id, status, "
    "rationale, pinned, status_reason, status_changed_by, created_at, updated_at, version) "
    "VALUES (?, ?, ?, 'proposed', 'Named on the cohort spreadsheet.', 0, '', '', ?, ?, 1)",
    [(*pair, now, now) for pair in pairs],
)
conn.execute(
    "INSERT INTO import_batch (source_name, file_sha256, cohort_id, imported_at, imported_by, created_count, "
    "updated_count, unchanged_count, rejected_count, status) VALUES ('f.xlsx', '', ?, ?, 'me', ?, 0, 0, 0, 'applied')",
    (cohort, now, len(rows)),
)
batch = conn.execute("SELECT MAX(id) FROM import_batch").fetchone()[0]
conn.execute(
    "INSERT INTO import_change (batch_id, entity, entity_id, action, version_after, before_json) "
    "VALUES (?, 'cohort', ?, 'create', 1, '')",
    (batch, cohort),
)
conn.executemany(
    "INSERT INTO import_created (batch_id, entity, first_id, last_id) VALUES (?, ?, ?, ?)",
    [(batch, "organisation", first_org, first_org + len(orgs) - 1),
     (batch, "person", first_person, first_person + len(rows) - 1),
     (batch, "participation", first_place, first_place + len(rows) - 1),
     (batch, "match", first_match, first_match + len(pairs) - 1)],
)
conn.execute("COMMIT")
"""

HEADER = [
    "First name",
    "Last name",
    "Email",
    "Organisation",
    "Job title",
    "Role",
    "DDaT job family",
    "Start date",
    "Mentor email",
]


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
            row = [
                f"Helen{group}",
                f"Carter{group}",
                mentor_email,
                f"Council {group % 97}",
                "Head of data",
                "Mentor",
                "Data",
            ]
            link = ""
        else:
            row = [
                f"Zoë{i}",
                f"Hughes{i}",
                f"mentee{i}@authority{(group + member) % 89}.gov.uk",
                f"Authority {(group + member) % 89}",
                "Data analyst",
                "Mentee",
                "Data",
            ]
            link = mentor_email
        sheet.write_row(i, 0, row)
        sheet.write_datetime(i, 7, start, date_format)
        sheet.write_string(i, 8, link)
    book.close()
    return path


def programme_db(path: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from women_in_ddat.services.context import Services; s = Services.open(sys.argv[1]); "
            "s.cohorts.create_cohort('Earlier cohort'); s.close()",
            str(path),
        ],
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
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], check=True, env=env, capture_output=True, text=True
    )
    seconds, peak = out.stdout.split()
    return float(seconds), int(peak)


def measure(
    xlsx: Path, template: Path, workdir: Path, repeat: int, cohort: bool = True
) -> tuple[float, float, int, int]:
    """Ours and its floor, interleaved: (median seconds, median floor seconds, peak KiB, floor peak KiB)."""
    env = {**os.environ, "WOMEN_IN_DDAT_HOME": str(workdir / "home")}
    ours, floor, ours_peak, floor_peak = [], [], 0, 0
    script = workdir / ("cohort_floor.py" if cohort else "floor.py")
    script.write_text(COHORT_FLOOR_SCRIPT if cohort else FLOOR_SCRIPT, encoding="utf-8")
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
    ours, people_floor, _, _ = measure(xlsx, template, workdir, 3 if quick else 7, cohort=False)
    result.append(
        BenchRow(
            name=f"import {small:,}-row xlsx, people only (process)",
            ours=ours,
            baseline=people_floor,
            unit="s",
            target="<= 2x calamine+executemany",
            met=ours <= 2 * people_floor,
        )
    )
    ours, floor, _, _ = measure(xlsx, template, workdir, 3 if quick else 7)
    result.append(
        BenchRow(
            name=f"import {small:,}-row xlsx into a new cohort (process)",
            ours=ours,
            baseline=floor,
            unit="s",
            target="<= 2x the same rows bare",
            met=ours <= 2 * floor,
            note=f"baseline: the same ~9 rows per sheet row, bare; {ours / people_floor:.2f}x the people-only floor",
        )
    )
    large = 10_000 if quick else 100_000
    xlsx = write_cohort_xlsx(workdir / f"cohort{large}.xlsx", large)
    ours, floor, ours_peak, floor_peak = measure(xlsx, template, workdir, 1)
    result.append(
        BenchRow(
            name=f"import {large:,}-row xlsx into a cohort: time (process)",
            ours=ours,
            baseline=floor,
            unit="s",
            target="(reported)",
            met=True,
            note="baseline: the same rows bare",
        )
    )
    result.append(
        BenchRow(
            name=f"import {large:,}-row xlsx into a cohort: peak memory (process)",
            ours=ours_peak / 1024,
            baseline=floor_peak / 1024,
            unit="MB",
            target="< 500 MB",
            met=ours_peak / 1024 < 500,
        )
    )
    return result
