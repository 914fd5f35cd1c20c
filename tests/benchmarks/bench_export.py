"""Export of people to JSON, end to end as a process, against a bare sqlite3 + json script."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.benchmarks.common import BenchRow, best_of, cli, run_process
from tests.benchmarks.population import build_people_db

BARE_SCRIPT = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT p.first_name, p.last_name, p.preferred_name, p.pronouns, p.email, p.phone, "
    "COALESCE(o.name, ''), p.job_title, p.current_role_family, p.current_role, p.current_level, "
    "p.target_role_family, p.target_role, p.target_level, p.line_manager_email, p.region "
    "FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id "
    "ORDER BY p.last_name, p.first_name, p.id").fetchall()
keys = ("first_name", "last_name", "preferred_name", "pronouns", "email", "phone", "organisation", "job_title",
        "current_role_family", "current_role", "current_level", "target_role_family", "target_role",
        "target_level", "line_manager_email", "region")
sys.stdout.write(json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False, indent=1) + "\\n")
"""


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    people = 1_000 if quick else 10_000
    db = build_people_db(workdir / "people.db", people)
    bare = workdir / "bare_export.py"
    bare.write_text(BARE_SCRIPT, encoding="utf-8")
    repeat = 3 if quick else 7
    ours = best_of(
        lambda: run_process(
            cli("--db", str(db), "export", "people", "--format", "json", "-o", "-")
        ),
        repeat,
    )
    baseline = best_of(lambda: run_process([sys.executable, str(bare), str(db)]), repeat)
    return [
        BenchRow(
            name=f"export people --format json, {people:,} people (process)",
            ours=ours,
            baseline=baseline,
            unit="s",
            target="<= 3x bare sqlite3+json",
            met=ours <= 3 * baseline,
        )
    ]
