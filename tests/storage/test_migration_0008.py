"""Migration 0008: look-alike organisations are merged, audited, and the backup holds them as they were."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from women_in_ddat.storage.backup import backup_dir_for, list_backups
from women_in_ddat.storage.database import open_database

FROZEN_0006 = (
    Path(__file__).resolve().parents[1] / "fixtures" / "schema_0006_import_created_runs.db"
)
LRM = "\u200e"


def _add_look_alikes(path: Path) -> dict[str, int]:
    """Two look-alikes of Essex County Council (id 1), with people at each, and one name to clean."""
    with sqlite3.connect(path) as conn:
        ids = {}
        for name, key in (
            (f"Essex County Council{LRM}", f"essex county council{LRM}"),
            (
                "\uff25\uff53\uff53\uff45\uff58 County Council",
                "\uff45\uff53\uff53\uff45\uff58 county council",
            ),
            ("\u202bKent Digital\u202c", "\u202bkent digital\u202c"),
        ):
            cursor = conn.execute(
                "INSERT INTO organisation (name, name_key, kind, region, created_at, updated_at, version) "
                "VALUES (?, ?, 'other', '', '2026-01-01', '2026-01-01', 1)",
                (name, key),
            )
            ids[name] = cursor.lastrowid
        people = conn.execute(
            "SELECT id FROM person WHERE organisation_id = 2 ORDER BY id"
        ).fetchall()
        look_alike, full_width, kent_digital = ids.values()
        conn.execute(
            "UPDATE person SET organisation_id = ? WHERE id = ?", (look_alike, people[0][0])
        )
        conn.execute(
            "UPDATE person SET organisation_id = ? WHERE id = ?", (full_width, people[1][0])
        )
        conn.execute(
            "UPDATE person SET organisation_id = ?, job_title = job_title || ? WHERE id = ?",
            (kent_digital, LRM, people[2][0]),
        )
        return {"look_alike": look_alike, "full_width": full_width, "kent_digital": kent_digital,
                "moved_1": people[0][0], "moved_2": people[1][0], "retitled": people[2][0]}  # fmt: skip


def test_look_alike_organisations_are_merged_into_the_oldest_and_audited(tmp_path: Path) -> None:
    copy = tmp_path / "programme.db"
    shutil.copyfile(FROZEN_0006, copy)
    added = _add_look_alikes(copy)
    with sqlite3.connect(copy) as conn:
        people_before = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        essex_people = conn.execute(
            "SELECT count(*) FROM person WHERE organisation_id = 1"
        ).fetchone()[0]

    open_database(str(copy)).dispose()

    with sqlite3.connect(copy) as conn:
        orgs = dict(conn.execute("SELECT id, name FROM organisation"))
        assert added["look_alike"] not in orgs and added["full_width"] not in orgs
        assert orgs[1] == "Essex County Council"
        assert orgs[added["kent_digital"]] == "Kent Digital"
        keys = dict(conn.execute("SELECT id, name_key FROM organisation"))
        assert keys[1] == "essex county council" and keys[added["kent_digital"]] == "kent digital"
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == people_before
        assert conn.execute("SELECT count(*) FROM person WHERE organisation_id = 1").fetchone()[
            0
        ] == (essex_people + 2)
        title = conn.execute(
            "SELECT job_title FROM person WHERE id = ?", (added["retitled"],)
        ).fetchone()[0]
        assert LRM not in title and title
        events = conn.execute(
            "SELECT actor, action, entity, entity_id, detail FROM audit_event WHERE actor = 'schema upgrade 0008' "
            "ORDER BY id"
        ).fetchall()
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert ("schema upgrade 0008", "update", "person", str(added["moved_1"]),
            f"organisation {added['look_alike']} merged into organisation 1 (a look-alike name)") in events  # fmt: skip
    assert ("schema upgrade 0008", "update", "person", str(added["moved_2"]),
            f"organisation {added['full_width']} merged into organisation 1 (a look-alike name)") in events  # fmt: skip
    for merged in (added["look_alike"], added["full_width"]):
        assert ("schema upgrade 0008", "delete", "organisation", str(merged),
                "merged into organisation 1 (a look-alike name); 1 people moved") in events  # fmt: skip
    assert ("schema upgrade 0008", "update", "person", str(added["retitled"]),
            "job_title cleaned of invisible characters") in events  # fmt: skip
    # Reversible: the backup taken before the upgrade holds the organisations as they were.
    backups = list_backups(backup_dir_for(copy))
    assert len(backups) == 1 and "before-upgrade-from-0006" in backups[0].path.name
    with sqlite3.connect(backups[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM organisation").fetchone()[0] == len(orgs) + 2
        assert (
            conn.execute(
                "SELECT organisation_id FROM person WHERE id = ?", (added["moved_1"],)
            ).fetchone()[0]
            == (added["look_alike"])
        )
