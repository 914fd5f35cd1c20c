"""The command line as a script would use it: real processes, real files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from women_in_ddat.services.people import PersonInput


def cli(
    *args: str, db: Path | str | None = None, input_: str | None = None
) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "women_in_ddat"]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run(
        argv + list(args),
        capture_output=True,
        text=True,
        input=input_,
        env=os.environ.copy(),
        timeout=120,
    )


def test_demo_twice_does_not_duplicate(db_target: str) -> None:
    db_path = db_target
    first = cli("demo", db=db_path)
    assert first.returncode == 0, first.stderr
    assert "40 people" in first.stdout
    second = cli("demo", db=db_path)
    assert second.returncode == 0 and "nothing was added" in second.stdout
    people = json.loads(cli("export", "people", "--format", "json", "-o", "-", db=db_path).stdout)
    assert len(people) == 40 == len({p["email"] for p in people})


def test_db_option_after_the_command_and_from_the_environment(db_target: str, monkeypatch) -> None:
    assert cli("demo", "--db", db_target).returncode == 0
    monkeypatch.setenv("WOMEN_IN_DDAT_DB", db_target)
    out = cli("export", "matches", "--format", "json", "-o", "-")
    assert out.returncode == 0 and len(json.loads(out.stdout)) == 19


@pytest.mark.parametrize(
    "dataset,keys",
    [
        ("people", {"first_name", "last_name", "email", "organisation", "job_title"}),
        ("participants", {"email", "cohort", "role", "start_date", "status"}),
        ("matches", {"cohort", "mentee_email", "mentor_email", "status"}),
        ("milestones", {"email", "cohort", "title", "due_date", "completed_on", "status"}),
    ],
)
def test_json_exports_have_the_documented_keys(
    demo_db_target: str, dataset: str, keys: set[str]
) -> None:
    out = cli("export", dataset, "--format", "json", "-o", "-", db=demo_db_target)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and all(keys <= set(row) for row in rows)
    if dataset == "participants":
        assert {r["role"] for r in rows} == {"mentee", "mentor"}
        assert all(r["start_date"] is None or len(r["start_date"]) == 10 for r in rows)


HOSTILE = {
    "first_name": '=HYPERLINK("http://evil.example","click")',
    "last_name": "@SUM(A1:A9)",
    "job_title": "+44 dialler",
    "notes": "-2+3",
}


@pytest.fixture
def hostile_db(services) -> str:
    services.people.create(
        PersonInput(
            email="tricky@essex.gov.uk",
            first_name=HOSTILE["first_name"],
            last_name=HOSTILE["last_name"],
            job_title=HOSTILE["job_title"],
            organisation="Łódź & <Partners>",
        )
    )
    services.close()
    return services.db.target.url


def test_csv_export_is_bom_utf8_and_neutralises_formulas(hostile_db: str, tmp_path: Path) -> None:
    out = tmp_path / "people.csv"
    result = cli("export", "people", "--format", "csv", "-o", str(out), db=hostile_db)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["first_name"] == "'" + HOSTILE["first_name"]
    assert row["last_name"] == "'" + HOSTILE["last_name"]
    assert row["job_title"] == "'" + HOSTILE["job_title"]
    assert row["organisation"] == "Łódź & <Partners>"
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_xlsx_export_writes_text_cells_that_never_run(hostile_db: str, tmp_path: Path) -> None:
    out = tmp_path / "people.xlsx"
    assert (
        cli("export", "people", "--format", "xlsx", "-o", str(out), db=hostile_db).returncode == 0
    )
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    cells = {name: ws.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    for name, title in (("first_name", "First name"), ("last_name", "Last name"),
                        ("job_title", "Job title")):  # fmt: skip
        assert cells[title].data_type == "s"
        assert cells[title].value == HOSTILE[name]


def test_json_export_keeps_values_exactly(hostile_db: str) -> None:
    rows = json.loads(cli("export", "people", "--format", "json", "-o", "-", db=hostile_db).stdout)
    assert rows[0]["first_name"] == HOSTILE["first_name"]
    assert rows[0]["organisation"] == "Łódź & <Partners>"


def test_export_writes_an_audit_event(hostile_db: str) -> None:
    from women_in_ddat.services.context import Services

    cli("export", "people", "--format", "json", "-o", "-", db=hostile_db)
    svc = Services.open(hostile_db)
    try:
        events = svc.audit_log.events(action="export")
    finally:
        svc.close()
    assert [(e.action, e.entity, e.detail) for e in events] == [("export", "people", "1 rows")]


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "empty"),
        (b"<html><body>not a db</body></html>", "not a SQLite database"),
    ],
)
def test_bad_database_gives_one_line_and_non_zero(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    for args in (
        ("export", "people", "-o", "-"),
        ("demo",),
        ("check",),
        ("backup", "-o", str(tmp_path / "b.db")),
    ):
        result = cli(*args, db=bad)
        assert result.returncode != 0
        assert expected in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert bad.read_bytes() == content


@pytest.mark.sqlite_only(
    reason="backup, check and restore work on the SQLite file (a server has pg_dump)"
)
def test_backup_check_and_restore_round_trip(demo_db_path: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert cli("backup", "-o", str(backup), db=demo_db_path).returncode == 0
    assert cli("check", db=backup).returncode == 0
    refused = cli("restore", str(backup), db=demo_db_path)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    restored = cli("restore", str(backup), "--yes", db=demo_db_path)
    assert restored.returncode == 0, restored.stderr
    assert "kept at" in restored.stdout


@pytest.mark.sqlite_only(
    reason="breaks a reference with foreign keys off, which only SQLite allows"
)
def test_check_reports_broken_references(demo_db_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM person WHERE id = (SELECT person_id FROM participation LIMIT 1)")
    result = cli("check", db=demo_db_path)
    assert result.returncode == 1
    assert "refers to a missing person" in result.stderr


def test_unknown_dataset_is_a_usage_error(db_path: Path) -> None:
    result = cli("export", "secrets", "-o", "-", db=db_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr


PROBE = """
import sys
from women_in_ddat.cli.main import main
rc = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('PySide6', 'reportlab', 'sqlalchemy', 'sqlmodel')})
print('HEAVY=' + ','.join(heavy), file=sys.stderr)
sys.exit(rc)
"""


def _heavy_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("HEAVY="))
    return set(filter(None, line.removeprefix("HEAVY=").split(",")))


def test_commands_import_neither_qt_nor_reportlab(demo_db_path: Path, tmp_path: Path) -> None:
    db = ["--db", str(demo_db_path)]
    assert _heavy_modules(*db, "export", "people", "--format", "json", "-o", "-") == set(), (
        "export stays lean"
    )
    assert _heavy_modules(*db, "check") == set()
    for args in (("demo",), ("backup", "-o", str(tmp_path / "b.db"))):
        assert not {"PySide6", "reportlab"} & _heavy_modules(*db, *args)


@pytest.mark.postgres
@pytest.mark.parametrize("dataset", ["people", "participants", "matches", "milestones"])
def test_every_export_is_the_same_from_sqlite_and_postgresql(
    demo_db_path: Path, pg_demo_url: str, dataset: str, tmp_path: Path
) -> None:
    """The same demo programme exported from each database: byte for byte the same files.

    Catches what a backend-only test cannot: rows in another order, dates or
    flags rendered differently, text changed on the way in or out.
    """
    for fmt in ("json", "csv"):
        lite, server = tmp_path / f"lite.{fmt}", tmp_path / f"server.{fmt}"
        assert (
            cli("export", dataset, "--format", fmt, "-o", str(lite), db=demo_db_path).returncode
            == 0
        )
        assert (
            cli("export", dataset, "--format", fmt, "-o", str(server), db=pg_demo_url).returncode
            == 0
        )
        assert lite.read_bytes() == server.read_bytes(), f"{dataset}.{fmt} differs"


def test_person_erase_says_what_backups_still_hold(demo_db_target: str) -> None:
    refused = cli("person", "erase", "zoe.hughes@essex.gov.uk", db=demo_db_target)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    out = cli("person", "erase", "zoe.hughes@essex.gov.uk", "--yes", db=demo_db_target)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Erased: ")
    # The app keeps a SQLite programme's backups; a shared server's are its IT department's.
    on_sqlite = not demo_db_target.startswith("postgresql")
    assert ("backups taken before it still hold the person" in out.stdout) == on_sqlite
    people = json.loads(
        cli("export", "people", "--format", "json", "-o", "-", db=demo_db_target).stdout
    )
    assert "zoe.hughes@essex.gov.uk" not in {p["email"] for p in people}
