"""Migration 0014: a place whose match had started under an earlier version is made active, audited."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from women_in_ddat.storage.database import open_database

FROZEN_0013 = (
    Path(__file__).resolve().parents[1] / "fixtures" / "schema_0013_event_sponsors_dropped.db"
)


def _places(conn: sqlite3.Connection, *ids: int) -> list[tuple[str, int]]:
    return [
        conn.execute("SELECT status, version FROM participation WHERE id = ?", (i,)).fetchone()
        for i in ids
    ]


def test_places_of_started_matches_become_active_and_others_stay(tmp_path: Path) -> None:
    copy = tmp_path / "programme.db"
    shutil.copyfile(FROZEN_0013, copy)
    with sqlite3.connect(copy) as conn:
        # As an earlier version left it: a match under way whose places still say accepted,
        # and a proposed match whose places rightly do.
        started = conn.execute(
            "SELECT mentee_participation_id, mentor_participation_id FROM mentoring_match "
            "WHERE status = 'active' ORDER BY id LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE participation SET status = 'accepted' WHERE id IN (?, ?)", started)
        proposed_place = conn.execute(
            "SELECT id FROM participation WHERE status = 'accepted' AND id NOT IN "
            "(SELECT mentee_participation_id FROM mentoring_match "
            " WHERE status IN ('active', 'on_hold', 'completed')) AND id NOT IN "
            "(SELECT mentor_participation_id FROM mentoring_match "
            " WHERE status IN ('active', 'on_hold', 'completed')) LIMIT 1"
        ).fetchone()[0]
        withdrawn = conn.execute(
            "SELECT id FROM participation WHERE status = 'withdrawn' LIMIT 1"
        ).fetchone()[0]
        before = _places(conn, *started, proposed_place, withdrawn)
        audit_before = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]

    open_database(str(copy)).dispose()

    with sqlite3.connect(copy) as conn:
        after = _places(conn, *started, proposed_place, withdrawn)
        assert [status for status, _ in after[:2]] == ["active", "active"]
        assert [v for _, v in after[:2]] == [v + 1 for _, v in before[:2]]
        assert after[2:] == before[2:]  # not started, or ended: as they were
        audited = conn.execute("SELECT entity_id, detail FROM audit_event ORDER BY id").fetchall()[
            audit_before:
        ]
        assert sorted(audited) == sorted(
            (str(i), "rule: status active: her match started") for i in started
        )
