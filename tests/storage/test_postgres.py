"""The same core on a real PostgreSQL server: nothing in it is SQLite-only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from women_in_ddat.errors import Conflict, DatabaseRefused, InvalidInput
from women_in_ddat.services.demo import load_demo
from women_in_ddat.services.people import PersonInput
from women_in_ddat.storage.database import open_database
from women_in_ddat.storage.schema_versions import HEAD_REVISION

pytestmark = pytest.mark.postgres


def test_migrations_run_on_postgres(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                == HEAD_REVISION
            )
    finally:
        db.dispose()


def test_services_behave_the_same(pg_services) -> None:
    svc = pg_services
    load_demo(svc)
    assert svc.people.count() == 40
    assert len(svc.matches.rows()) == 19
    with pytest.raises(InvalidInput):
        svc.people.create(PersonInput(email="ZOE.HUGHES@essex.gov.uk", first_name="Dup"))
    p = svc.people.by_email("zoe.hughes@essex.gov.uk")
    svc.people.update(p.id, PersonInput(job_title="Lead analyst"), expected_version=p.version)
    with pytest.raises(Conflict):
        svc.people.update(p.id, PersonInput(job_title="Stale"), expected_version=p.version)


def test_export_and_subject_access_on_postgres(pg_services, pg_url: str) -> None:
    load_demo(pg_services)
    pg_services.close()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "women_in_ddat",
            "--db",
            pg_url,
            "export",
            "matches",
            "--format",
            "json",
            "-o",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 19


def test_erasure_on_postgres(pg_services) -> None:
    load_demo(pg_services)
    summary = pg_services.personal_data.erase_by_email("zoe.hughes@essex.gov.uk")
    assert summary.rows_removed["person"] == 1
    events = pg_services.audit_log.events(action="erase")
    assert events[0].entity_id == summary.token


def test_a_database_holding_other_tables_is_refused(pg_url: str) -> None:
    import psycopg

    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    with pytest.raises(DatabaseRefused, match="not a women-in-DDaT programme"):
        open_database(pg_url)


def test_unreachable_server_is_a_clear_refusal() -> None:
    with pytest.raises(DatabaseRefused, match="Cannot reach"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_two_coordinators_saving_the_same_record_at_once(pg_services) -> None:
    """Both read version 1; the second save is refused, not silently applied over the first."""
    import threading

    from women_in_ddat.domain.models import Person

    svc = pg_services
    p = svc.people.create(PersonInput(email="shared@kent.gov.uk", first_name="Shared"))
    both_read = threading.Barrier(2)
    results: dict[str, object] = {}

    def edit(who: str, title: str, delay: float) -> None:
        import time

        try:
            with svc.db.transaction() as session:
                row = session.get(Person, p.id)
                both_read.wait(timeout=10)
                time.sleep(delay)
                row.job_title = title
                row.version += 1
            results[who] = "saved"
        except Conflict as exc:
            results[who] = exc

    first = threading.Thread(target=edit, args=("first", "Lead analyst", 0.0))
    second = threading.Thread(target=edit, args=("second", "Head of data", 0.5))
    first.start(), second.start()
    first.join(timeout=30), second.join(timeout=30)
    assert results["first"] == "saved"
    assert isinstance(results["second"], Conflict)
    assert svc.people.get(p.id).job_title == "Lead analyst"


def test_migrate_to_postgres_copies_everything(demo_db_path, pg_url: str) -> None:
    import sqlite3

    result = subprocess.run(
        [sys.executable, "-m", "women_in_ddat", "--db", str(demo_db_path), "migrate-to", pg_url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "every table's count matches" in result.stdout
    db = open_database(pg_url)
    try:
        with sqlite3.connect(demo_db_path) as lite, db.engine.connect() as pg:
            for table in (
                "person",
                "participation",
                "mentoring_match",
                "mentoring_session",
                "milestone",
                "assessment_score",
                "outcome",
                "audit_event",
            ):
                expected = lite.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
                counted = text(f"SELECT count(*) FROM {table}")  # noqa: S608
                assert pg.execute(counted).scalar_one() == len(expected)
            emails = [r[0] for r in lite.execute("SELECT email FROM person ORDER BY id")]
            assert [
                r[0] for r in pg.execute(text("SELECT email FROM person ORDER BY id"))
            ] == emails
    finally:
        db.dispose()
    # New rows get fresh ids after the copied ones.
    from women_in_ddat.services.context import Services

    svc = Services.open(pg_url)
    try:
        assert (
            svc.people.create(PersonInput(email="after@copy.gov.uk", first_name="After")).id == 41
        )
    finally:
        svc.close()
    again = subprocess.run(
        [sys.executable, "-m", "women_in_ddat", "--db", str(demo_db_path), "migrate-to", pg_url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode != 0 and "already holds data" in again.stderr
