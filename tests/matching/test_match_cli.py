"""``women-in-ddat match suggest`` as a script would run it: a real process on a real file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import Participation
from women_in_ddat.services.context import Services
from women_in_ddat.services.matches import hard_rule_violations

KENT = "Top Talent Kent 2026"


def cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "women_in_ddat", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_json_lists_each_suggestion_with_emails_score_and_reasons(demo_db_path: Path) -> None:
    out = cli("match", "suggest", "--cohort", KENT, "--format", "json", db=demo_db_path)
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert records and all(
        set(r) == {"mentee_email", "mentor_email", "score", "reasons"} for r in records
    )
    paired = [r for r in records if r["mentor_email"]]
    assert paired and all(0 <= r["score"] <= 100 and len(r["reasons"]) == 5 for r in paired)
    # Every suggestion passes the database's own hard-rule check.
    services = Services.open(str(demo_db_path))
    try:
        kent = services.cohorts.by_name(KENT)
        members = {m.email: m for m in services.cohorts.members(kent.id)}
        with services.db.reading() as session:
            for r in paired:
                mentee = session.get(Participation, members[r["mentee_email"]].participation_id)
                mentor = session.get(Participation, members[r["mentor_email"]].participation_id)
                assert mentee.role == ParticipantRole.MENTEE.value
                assert hard_rule_violations(session, mentee, mentor) == []
    finally:
        services.close()
    # Nothing was saved: running again suggests the same.
    again = cli("match", "suggest", "--cohort", KENT, "--format", "json", db=demo_db_path)
    assert json.loads(again.stdout) == records


def test_table_and_one_mentee(demo_db_path: Path) -> None:
    # The demo re-matched its own early end; end another (the one on hold) to see a rematch.
    services = Services.open(str(demo_db_path))
    try:
        kent = services.cohorts.by_name(KENT)
        [held] = [m for m in services.matches.rows(cohort_id=kent.id) if m.status == "on_hold"]
    finally:
        services.close()
    ended = cli(
        "match",
        "end",
        "--cohort",
        KENT,
        held.mentee_email,
        "--on",
        date.today().isoformat(),
        "--reason",
        "Mentor changed jobs",
        db=demo_db_path,
    )
    assert ended.returncode == 0, ended.stderr
    table = cli("match", "suggest", "--cohort", KENT.lower(), db=demo_db_path)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith(f"Suggested matches for {KENT}")
    assert "Rematch: her last match ended early (Mentor changed jobs)" in table.stdout
    assert "fit " in table.stdout and "Role: " in table.stdout
    first_mentee = json.loads(
        cli("match", "suggest", "--cohort", KENT, "-f", "json", db=demo_db_path).stdout
    )[0]["mentee_email"]
    ranked = cli(
        "match",
        "suggest",
        "--cohort",
        KENT,
        "--mentee",
        first_mentee.upper(),
        "-f",
        "json",
        db=demo_db_path,
    )
    assert ranked.returncode == 0, ranked.stderr
    options = json.loads(ranked.stdout)
    assert options and {o["mentee_email"] for o in options} == {first_mentee}
    assert [o["score"] for o in options] == sorted((o["score"] for o in options), reverse=True)


def test_clear_one_line_errors(demo_db_path: Path) -> None:
    missing = cli("match", "suggest", "--cohort", "No Such Cohort", db=demo_db_path)
    assert missing.returncode == 4
    assert missing.stderr.strip() == "women-in-ddat: There is no cohort called 'No Such Cohort'."
    stranger = cli(
        "match", "suggest", "--cohort", KENT, "--mentee", "nobody@example.gov.uk", db=demo_db_path
    )
    assert stranger.returncode == 4 and "Traceback" not in stranger.stderr
    assert "nobody@example.gov.uk" not in stranger.stderr
