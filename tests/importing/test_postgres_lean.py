"""Imports into PostgreSQL run on psycopg itself when the schema is current.

Anything else (a new empty database, a server that cannot be reached) goes
the usual way through open_database, with its messages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.importing.corpus import EMAILS, HEADER, PEOPLE, write_xlsxwriter

pytestmark = pytest.mark.postgres

# The modules loaded, printed as the process ends (an import ends it with os._exit).
PROBE = """
import os, runpy, sys
def report_loaded():
    print("LOADED=" + ",".join(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr, flush=True)
end = os._exit
os._exit = lambda code: (report_loaded(), end(code))
sys.argv = ["women-in-ddat", *sys.argv[1:]]
try:
    runpy.run_module("women_in_ddat", run_name="__main__")
except SystemExit as exc:
    code = exc.code
report_loaded()
sys.exit(code)
"""


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120
    )


def loaded(result: subprocess.CompletedProcess) -> set[str]:
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED="))
    return set(line.removeprefix("LOADED=").split(","))


def test_an_import_into_a_current_database_needs_no_sqlalchemy(
    pg_services, pg_url: str, tmp_path: Path
) -> None:
    pg_services.cohorts.create_cohort("Earlier cohort")
    sheet = write_xlsxwriter(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    result = cli("--db", pg_url, "import", str(sheet), "--cohort", "Kent 2026")
    assert result.returncode == 0, result.stderr
    assert "5 created" in result.stdout and "3 matches were proposed" in result.stdout
    assert not loaded(result) & {"sqlalchemy", "sqlmodel", "alembic"}
    cohort = pg_services.cohorts.by_name("Kent 2026")
    assert {m.email for m in pg_services.cohorts.members(cohort.id)} == set(EMAILS)
    # Every new mentee has the programme's milestones, as the services would give her.
    milestones = pg_services.progress.milestones(cohort_id=cohort.id)
    mentees = [m for m in pg_services.cohorts.members(cohort.id) if m.role == "mentee"]
    assert milestones and len(milestones) % len(mentees) == 0


def test_an_empty_database_is_set_up_first(pg_url: str, tmp_path: Path) -> None:
    sheet = write_xlsxwriter(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    result = cli("--db", pg_url, "import", str(sheet))
    assert result.returncode == 0, result.stderr
    assert "5 created" in result.stdout
    from women_in_ddat.services.context import Services

    services = Services.open(pg_url)
    try:
        assert services.people.count() == 5
    finally:
        services.close()


def test_a_server_that_cannot_be_reached_is_refused_clearly(pg_server, tmp_path: Path) -> None:
    from tests.postgres_server import _free_port

    sheet = write_xlsxwriter(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    url = f"postgresql+psycopg://nobody:secret@127.0.0.1:{_free_port()}/nowhere"
    result = cli("--db", url, "import", str(sheet))
    assert result.returncode == 3, result.stderr
    assert "Cannot reach the database" in result.stderr and "secret" not in result.stderr
