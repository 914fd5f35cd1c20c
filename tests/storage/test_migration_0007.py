"""Migration 0007: a populated 0006 database is brought under the programme rules."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from women_in_ddat.storage.database import open_database

FROZEN_0006 = (
    Path(__file__).resolve().parents[1] / "fixtures" / "schema_0006_import_created_runs.db"
)


@pytest.fixture(scope="module")
def upgraded(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    folder = tmp_path_factory.mktemp("migration_0007")
    before, after = folder / "before.db", folder / "after.db"
    shutil.copyfile(FROZEN_0006, before)
    shutil.copyfile(FROZEN_0006, after)
    open_database(str(after)).dispose()
    return sqlite3.connect(before), sqlite3.connect(after)


def test_milestones_take_anchor_and_offset_from_their_template(upgraded) -> None:  # type: ignore[no-untyped-def]
    _, after = upgraded
    differing = after.execute(
        "SELECT count(*) FROM milestone m JOIN milestone_template t ON t.id = m.template_id "
        "WHERE m.anchor != t.anchor OR m.due_offset_days != t.due_offset_days"
    ).fetchone()[0]
    assert differing == 0
    assert after.execute("SELECT count(DISTINCT anchor) FROM milestone").fetchone()[0] == 2


def test_open_milestones_of_ended_places_are_withdrawn_or_closed(upgraded) -> None:  # type: ignore[no-untyped-def]
    before, after = upgraded
    query = (
        "SELECT p.status, m.status, count(*) FROM milestone m "
        "JOIN participation p ON p.id = m.participation_id "
        "WHERE p.status IN ('withdrawn', 'completed') GROUP BY 1, 2"
    )
    old = {(p, m): n for p, m, n in before.execute(query)}
    new = {(p, m): n for p, m, n in after.execute(query)}
    open_withdrawn = sum(n for (p, m), n in old.items() if p == "withdrawn" and m != "done")
    assert open_withdrawn > 0, "the fixture must have a withdrawn mentee with open milestones"
    assert new.get(("withdrawn", "withdrawn"), 0) >= open_withdrawn - old.get(
        ("withdrawn", "not_applicable"), 0
    )
    for (place, status), _n in new.items():
        if place == "withdrawn":
            assert status in ("withdrawn", "done", "not_applicable")
        if place == "completed":
            assert status in ("closed", "done", "not_applicable")


def test_match_anchored_open_milestones_wait_for_a_started_match(upgraded) -> None:  # type: ignore[no-untyped-def]
    _, after = upgraded
    rows = after.execute(
        "SELECT m.due_date, m.due_date_manual, "
        "  (SELECT max(x.start_date) FROM mentoring_match x WHERE x.mentee_participation_id = p.id "
        "   AND x.status IN ('active', 'on_hold', 'completed')), m.due_offset_days "
        "FROM milestone m JOIN participation p ON p.id = m.participation_id "
        "WHERE m.anchor = 'match_start' AND m.status IN ('not_started', 'in_progress')"
    ).fetchall()
    assert rows, "the fixture must have open match-anchored milestones"
    waiting = 0
    for due, manual, match_start, offset in rows:
        if manual:
            continue
        if match_start is None:
            assert due is None
            waiting += 1
        else:
            from datetime import date, timedelta

            assert date.fromisoformat(due) == date.fromisoformat(match_start) + timedelta(offset)
    assert waiting > 0


def test_career_moves_and_outcomes_agree(upgraded) -> None:  # type: ignore[no-untyped-def]
    _, after = upgraded
    unlinked_done = after.execute(
        "SELECT count(*) FROM milestone m LEFT JOIN outcome o ON o.id = m.outcome_id "
        "WHERE m.category = 'career_move' AND m.status = 'done' "
        "AND (o.id IS NULL OR o.kind NOT IN ('promotion', 'new_role'))"
    ).fetchone()[0]
    assert unlinked_done == 0
    outcome_without_done_milestone = after.execute(
        "SELECT count(*) FROM outcome o JOIN participation p "
        "  ON p.person_id = o.person_id AND p.cohort_id = o.cohort_id AND p.role = 'mentee' "
        "WHERE o.kind IN ('promotion', 'new_role') AND EXISTS ("
        "  SELECT 1 FROM milestone m WHERE m.participation_id = p.id "
        "  AND m.category = 'career_move') "
        "AND NOT EXISTS (SELECT 1 FROM milestone m WHERE m.outcome_id = o.id AND m.status = 'done')"
    ).fetchone()[0]
    assert outcome_without_done_milestone == 0


def test_on_hold_and_ended_matches_get_one_history_row(upgraded) -> None:  # type: ignore[no-untyped-def]
    _, after = upgraded
    rows = after.execute(
        "SELECT m.status, m.status_reason, count(h.id), max(h.to_status), max(h.reason) "
        "FROM mentoring_match m LEFT JOIN match_status_change h ON h.match_id = m.id "
        "GROUP BY m.id"
    ).fetchall()
    for status, reason, steps, to_status, step_reason in rows:
        if status in ("on_hold", "ended_early", "completed"):
            assert (steps, to_status, step_reason) == (1, status, reason)
        else:
            assert steps == 0
    assert {r[0] for r in rows} >= {"on_hold", "ended_early"}


def test_nothing_but_milestones_and_new_outcomes_changed(upgraded) -> None:  # type: ignore[no-untyped-def]
    before, after = upgraded
    for table in ("person", "participation", "mentoring_match", "mentoring_session"):
        columns = [r[1] for r in before.execute(f"PRAGMA table_info({table})")]
        listed = ", ".join(columns)
        query = f"SELECT {listed} FROM {table} ORDER BY id"  # noqa: S608
        assert before.execute(query).fetchall() == after.execute(query).fetchall()
    old_outcomes = before.execute("SELECT id, kind FROM outcome ORDER BY id").fetchall()
    new_outcomes = after.execute("SELECT id, kind FROM outcome ORDER BY id").fetchall()
    assert new_outcomes[: len(old_outcomes)] == old_outcomes
    assert {kind for _, kind in new_outcomes[len(old_outcomes) :]} <= {"new_role"}


def test_downgrade_gives_the_older_program_only_statuses_it_knows(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from women_in_ddat.storage.migrations import alembic_config

    copy = tmp_path / "programme.db"
    shutil.copyfile(FROZEN_0006, copy)
    open_database(str(copy)).dispose()
    engine = create_engine(f"sqlite:///{copy}")
    config = alembic_config()
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        config.attributes["connection"] = conn
        command.downgrade(config, "0006_import_created_runs")
    engine.dispose()
    with sqlite3.connect(copy) as conn:
        statuses = {s for (s,) in conn.execute("SELECT DISTINCT status FROM milestone")}
        assert statuses <= {"not_started", "in_progress", "done", "not_applicable"}
        assert "match_status_change" not in {
            n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_a_mentee_never_matched_has_every_open_milestone_waiting(upgraded) -> None:  # type: ignore[no-untyped-def]
    _, after = upgraded
    rows = after.execute(
        "SELECT m.due_date FROM milestone m JOIN participation p ON p.id = m.participation_id "
        "WHERE p.role = 'mentee' AND m.status IN ('not_started', 'in_progress') "
        "AND m.due_date_manual = 0 AND NOT EXISTS (SELECT 1 FROM mentoring_match x "
        "  WHERE x.mentee_participation_id = p.id AND x.status != 'proposed' "
        "  AND x.start_date IS NOT NULL)"
    ).fetchall()
    assert rows, "the fixture must have a mentee never matched with open milestones"
    assert {due for (due,) in rows} == {None}
