"""Migration 0005: single-column foreign-key indexes that a wider unique index already covers are dropped.

What must still hold afterwards: every foreign key leads some index of its
table, so a cascading delete (erasing a person, deleting a cohort) finds the
referencing rows by index rather than by reading the whole table.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

from women_in_ddat.storage.database import open_database
from women_in_ddat.storage.migrations import alembic_config
from women_in_ddat.storage.schema_versions import HEAD_REVISION

FROZEN_0004 = (
    Path(__file__).resolve().parents[1] / "fixtures" / "schema_0004_reference_framework.db"
)
# Indexes of tables later migrations add (an upgrade to the head adds them too).
LATER_TABLES_INDEXES = {
    "ix_import_created_batch_id",
    "ix_milestone_outcome_id",
    "ix_milestone_state",
    "ix_match_status_change_match_id",
    "ix_mailing_recipient_person_sent",
    "ix_attendance_import_event_id",
    "ix_event_cohort_id",
    "ix_event_programme_id",
    "ix_event_attendance_import_id",
    "ix_event_attendance_event_day_id",
    "ix_event_invitation_import_id",
    "ix_event_invitation_person_id",
    "ix_mailing_recipient_mailing_id",
    "ix_questionnaire_form_participation_id",
    "ix_questionnaire_collection_change_collection_id",
    "ix_questionnaire_collection_change_participation_id",
}
DROPPED = {
    "ix_person_skill_interest_person_id",
    "ix_participation_person_id",
    "ix_mentoring_match_cohort_id",
    "ix_milestone_participation_id",
    "ix_assessment_participation_id",
    "ix_assessment_score_assessment_id",
}


def _index_names(engine) -> set[str]:  # type: ignore[no-untyped-def]
    found = inspect(engine)
    return {
        index["name"] for table in found.get_table_names() for index in found.get_indexes(table)
    }


def _foreign_keys_without_a_leading_index(engine) -> list[str]:  # type: ignore[no-untyped-def]
    found = inspect(engine)
    missing = []
    for table in found.get_table_names():
        leading = {tuple(index["column_names"][:1]) for index in found.get_indexes(table)}
        leading |= {
            tuple(unique["column_names"][:1]) for unique in found.get_unique_constraints(table)
        }
        for key in found.get_foreign_keys(table):
            if tuple(key["constrained_columns"][:1]) not in leading:
                missing.append(f"{table}.{key['constrained_columns'][0]}")
    return missing


def test_sqlite_0004_database_loses_exactly_the_covered_indexes(tmp_path: Path) -> None:
    copy = tmp_path / "programme.db"
    shutil.copyfile(FROZEN_0004, copy)
    engine = create_engine(f"sqlite:///{copy}")
    before = _index_names(engine)
    assert before >= DROPPED

    open_database(str(copy)).dispose()

    assert _index_names(engine) - LATER_TABLES_INDEXES == before - DROPPED
    assert _foreign_keys_without_a_leading_index(engine) == []
    with engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
            == HEAD_REVISION
        )
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004_reference_framework")
    assert _index_names(engine) == before
    engine.dispose()


def test_every_cascade_lookup_uses_an_index(demo_db_path: Path) -> None:
    """The query SQLite runs for each ON DELETE action searches an index, never scans the table."""
    open_database(str(demo_db_path)).dispose()
    conn = sqlite3.connect(demo_db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        checked = 0
        for table in tables:
            for key in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
                column = key[3]
                plan = " ".join(
                    row[3]
                    for row in conn.execute(
                        f"EXPLAIN QUERY PLAN SELECT 1 FROM {table} WHERE {column} = ?",  # noqa: S608
                        (1,),
                    )
                )
                # "SCAN ... USING COVERING INDEX" would still read every row: only SEARCH is a lookup.
                assert plan.startswith(f"SEARCH {table} USING") and "INDEX" in plan, (
                    f"{table}.{column}: {plan}"
                )
                checked += 1
        assert checked >= 20
    finally:
        conn.close()


def test_erasing_a_person_still_cascades_to_every_row_of_theirs(demo_services) -> None:
    """Participation, milestones and matches of an erased person go with them."""
    from sqlalchemy import text

    engine = demo_services.db.engine
    with engine.connect() as conn:
        person_id = conn.execute(
            text(
                "SELECT p.person_id FROM participation p JOIN milestone m ON m.participation_id = p.id "
                "JOIN mentoring_match x ON x.mentee_participation_id = p.id LIMIT 1"
            )
        ).scalar_one()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM person WHERE id = :id"), {"id": person_id})
    with engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM participation WHERE person_id = :id"), {"id": person_id}
            ).scalar_one()
            == 0
        )
        assert (
            conn.execute(
                text(
                    "SELECT count(*) FROM milestone WHERE participation_id NOT IN (SELECT id FROM participation)"
                )
            ).scalar_one()
            == 0
        )


def test_postgresql_upgrades_and_downgrades(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0004_reference_framework")
        before = _index_names(engine)
        assert before >= DROPPED
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0005_drop_redundant_fk_indexes")
        assert _index_names(engine) == before - DROPPED
        assert _foreign_keys_without_a_leading_index(engine) == []
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0004_reference_framework")
        assert _index_names(engine) == before
    finally:
        engine.dispose()
