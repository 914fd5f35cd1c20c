"""Migration 0003: the tables now edited in place gain a version; every row is kept, at version 1."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, select, text

from women_in_ddat.storage.backup import backup_dir_for, list_backups
from women_in_ddat.storage.database import open_database
from women_in_ddat.storage.migrations import alembic_config
from women_in_ddat.storage.schema_versions import HEAD_REVISION

FROZEN_0002 = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0002_erasure_tallies.db"
VERSIONED_NOW = ("outcome", "assessment", "equality_record")


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608


def test_sqlite_0002_database_keeps_every_row_at_version_1(tmp_path: Path) -> None:
    copy = tmp_path / "programme.db"
    shutil.copyfile(FROZEN_0002, copy)
    with sqlite3.connect(copy) as conn:
        # The demo records no equality answers: add one, so that table is upgraded with a row too.
        person_id = conn.execute("SELECT min(id) FROM person").fetchone()[0]
        conn.execute(
            "INSERT INTO equality_record (person_id, ethnicity, disability, age_band, "
            "caring_responsibilities, sexual_orientation, recorded_at) "
            "VALUES (?, 'prefer_not_to_say', 'no', '35_44', 'yes', 'prefer_not_to_say', "
            "'2026-01-05 09:00:00.000000')",
            (person_id,),
        )
        before = {table: _rows(conn, table) for table in VERSIONED_NOW}
    conn.close()
    assert all(before.values()), "each table must have rows for the test to mean anything"

    open_database(str(copy)).dispose()

    with sqlite3.connect(copy) as conn:
        assert (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
        )
        for table, rows in before.items():
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            assert columns[-1] == "version"
            after = _rows(conn, table)
            # Migration 0007 may add outcomes after these (a done career move gets its outcome).
            assert [row[:-1] for row in after[: len(rows)]] == rows, f"{table} rows changed"
            assert {row[-1] for row in after} == {1}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert list_backups(backup_dir_for(copy)), "the upgrade must take a backup first"


def test_postgresql_0002_database_keeps_every_row_at_version_1(pg_url: str) -> None:
    """The frozen 0002 programme copied into PostgreSQL at 0002, then upgraded as the app does."""
    engine = create_engine(pg_url)
    source = create_engine(f"sqlite:///{FROZEN_0002}")
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0002_erasure_tallies")
        old, target = MetaData(), MetaData()
        old.reflect(source)
        target.reflect(engine)
        before: dict[str, list[tuple]] = {}
        with source.connect() as src, engine.begin() as dst:
            for table in target.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [dict(r._mapping) for r in src.execute(select(old.tables[table.name]))]
                if rows:
                    dst.execute(table.insert(), rows)
                if table.name in VERSIONED_NOW:
                    before[table.name] = [
                        tuple(r) for r in dst.execute(select(table).order_by(table.c.id))
                    ]
            person_id = dst.scalar(text("SELECT min(id) FROM person"))
            dst.execute(
                text(
                    "INSERT INTO equality_record (person_id, ethnicity, disability, age_band, "
                    "caring_responsibilities, sexual_orientation, recorded_at) VALUES "
                    "(:p, 'no_answer', 'no', '35_44', 'yes', 'no_answer', now())"
                ),
                {"p": person_id},
            )
            before["equality_record"] = [
                tuple(r) for r in dst.execute(text("SELECT * FROM equality_record ORDER BY id"))
            ]
    finally:
        source.dispose()
        engine.dispose()
    assert before["outcome"] and before["assessment"]

    open_database(pg_url).dispose()

    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION
            for table, rows in before.items():
                after = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()  # noqa: S608
                assert list(after[0]._mapping)[-1] == "version"
                # Migration 0007 may add outcomes after these (a done career move gets its outcome).
                assert [tuple(row)[:-1] for row in after[: len(rows)]] == rows, (
                    f"{table} rows changed"
                )
                assert {row[-1] for row in after} == {1}
    finally:
        engine.dispose()


@pytest.mark.parametrize("table", VERSIONED_NOW)
def test_a_new_row_starts_at_version_1_without_saying_so(db_path: Path, table: str) -> None:
    """The column's database default, for rows written by anything but the app's model."""
    open_database(str(db_path)).dispose()
    with sqlite3.connect(db_path) as conn:
        default = next(
            r[4] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] == "version"
        )
    conn.close()
    assert default == "1"
