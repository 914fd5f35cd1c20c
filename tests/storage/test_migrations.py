"""Schema history: Alembic scripts, the model, and frozen databases of every released schema."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import women_in_ddat.domain.models  # noqa: F401
from women_in_ddat.storage.backup import backup_dir_for, list_backups
from women_in_ddat.storage.database import open_database
from women_in_ddat.storage.migrations import alembic_config
from women_in_ddat.storage.schema_versions import HEAD_REVISION, KNOWN_REVISIONS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FROZEN = sorted(FIXTURES.glob("schema_*.db"))
# Migration 0007 brings old milestones under the programme rules on purpose (due dates
# follow their anchor, a withdrawn place's milestones close, a career move gets its
# outcome); tests/storage/test_migration_0007.py checks those values.
REWRITTEN_BY_RULES = {"milestone": {"due_date", "status", "completed_on", "evidence_note"}}


def test_known_revisions_match_the_alembic_scripts() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    history = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(history) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_migrations_build_exactly_the_model(db_path: Path) -> None:
    """A model change without a migration fails here."""
    db = open_database(str(db_path))
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    finally:
        db.dispose()
    assert diff == []


def test_every_released_schema_has_a_frozen_database() -> None:
    frozen_revisions = {p.stem.removeprefix("schema_") for p in FROZEN}
    assert frozen_revisions == set(KNOWN_REVISIONS)


def _all_rows(path: Path) -> dict[str, set[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('alembic_version', 'sqlite_sequence')"
            )
        ]
        result = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()  # noqa: S608
            result[table] = {tuple(zip(columns, row, strict=True)) for row in rows}
        return result
    finally:
        conn.close()


@pytest.mark.parametrize("frozen", FROZEN, ids=[p.stem for p in FROZEN])
def test_frozen_database_upgrades_with_every_row_intact(frozen: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copyfile(frozen, copy)
    before = _all_rows(copy)
    assert sum(len(rows) for rows in before.values()) > 500, "the frozen database must be populated"
    db = open_database(str(copy))
    db.dispose()
    after = _all_rows(copy)
    for table, rows in before.items():
        assert table in after, f"table {table} vanished"
        shared = {n for row in after[table] for n, _ in row} & {n for row in rows for n, _ in row}
        shared -= REWRITTEN_BY_RULES.get(table, set())
        # Every old row survives, value for value, in the columns both schemas have.
        projected = {tuple((n, v) for n, v in row if n in shared) for row in after[table]}
        missing = {tuple((n, v) for n, v in row if n in shared) for row in rows} - projected
        assert not missing, f"{len(missing)} row(s) of {table} changed or vanished"
    with sqlite3.connect(copy) as conn:
        assert (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
        )
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    if frozen.stem.removeprefix("schema_") != HEAD_REVISION:
        assert list_backups(backup_dir_for(copy)), "an upgrade must take a backup first"


def test_upgrade_takes_a_backup_first(demo_db_path: Path, monkeypatch) -> None:
    """An older schema is backed up (backup API) before it is touched."""
    from women_in_ddat.storage import database, preflight

    conn = sqlite3.connect(demo_db_path)
    conn.execute("UPDATE alembic_version SET version_num = 'pretend_old'")
    conn.commit()
    conn.close()
    monkeypatch.setattr(preflight, "KNOWN_REVISIONS", ("pretend_old", HEAD_REVISION))
    upgraded = []

    def fake_upgrade(engine):
        with engine.begin() as c:
            c.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{HEAD_REVISION}'")  # noqa: S608
        upgraded.append(True)

    from women_in_ddat.storage import migrations

    monkeypatch.setattr(migrations, "upgrade_to_head", fake_upgrade)
    db = database.open_database(str(demo_db_path))
    db.dispose()
    assert upgraded
    backups = list_backups(backup_dir_for(demo_db_path))
    assert len(backups) == 1 and "before-upgrade-from-pretend-old" in backups[0].path.name
    with sqlite3.connect(backups[0].path) as bconn:
        assert (
            bconn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "pretend_old"
        )
        assert bconn.execute("SELECT count(*) FROM person").fetchone()[0] == 40
