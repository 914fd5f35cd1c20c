"""Taking an import back as a whole, or not at all.

Undo is refused, with nothing changed, if any record the import created
or changed has moved since (its version differs), or if something added
later hangs off a record the undo would delete (a session logged against
an imported match, the imported person added to another cohort ...).
Deleting would otherwise cascade into work done after the import.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from women_in_ddat.domain.enums import AuditAction, ImportStatus
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.services.imports import BatchRow
from women_in_ddat.services.imports_sql import Sql, as_date

log = logging.getLogger(__name__)

_TABLE = {
    "person": "person",
    "organisation": "organisation",
    "participation": "participation",
    "match": "mentoring_match",
    "cohort": "cohort",
    "programme": "programme",
}
# Restorable columns per entity (undo never writes a column not listed here).
_RESTORABLE = {
    "person": frozenset(
        {
            "first_name",
            "last_name",
            "job_title",
            "current_role_family",
            "current_role",
            "region",
            "phone",
            "notes",
            "line_manager_email",
            "organisation_id",
        }
    ),
    "participation": frozenset({"start_date", "pending_mentor_email"}),
}


@dataclass(frozen=True)
class UndoOutcome:
    batch_id: int
    deleted: int
    restored: int

    def summary_line(self) -> str:
        return (
            f"Import batch {self.batch_id} undone: {self.deleted} records removed, "
            f"{self.restored} restored to what they were."
        )


@dataclass(frozen=True)
class _Change:
    entity: str
    entity_id: int
    action: str
    version_after: int
    before: dict[str, Any]


def list_batches(sql: Sql, limit: int = 50) -> list[BatchRow]:
    rows = sql.all(
        "SELECT b.id, b.source_name, COALESCE(c.name, ''), b.imported_at, b.imported_by, b.created_count, "
        "b.updated_count, b.unchanged_count, b.rejected_count, b.status "
        "FROM import_batch b LEFT JOIN cohort c ON c.id = b.cohort_id ORDER BY b.id DESC LIMIT ?",
        (limit,),
    )
    return [BatchRow(*row) for row in rows]


def undo_batch(sql: Sql, batch_id: int, *, actor: str) -> UndoOutcome:
    with sql.transaction(write=True):
        found = sql.one("SELECT status FROM import_batch WHERE id = ?", (batch_id,))
        if found is None:
            raise NotFound(f"There is no import batch {batch_id}.")
        if found[0] != ImportStatus.APPLIED.value:
            raise Conflict(f"Import batch {batch_id} has already been undone.")
        changes = _changes_of(sql, batch_id)
        conflicts = _conflicts(sql, changes)
        if conflicts:
            more = f" and {len(conflicts) - 1} more" if len(conflicts) > 1 else ""
            raise Conflict(
                f"Import batch {batch_id} cannot be undone: {conflicts[0]}{more}. "
                "Nothing was changed; undo those edits first, or change the records by hand."
            )
        from women_in_ddat.storage.backup import backup_before

        with backup_before(sql.sqlite_path, reason="before-undo-import"):
            now = sql.stamp(datetime.now(UTC))
            deleted, restored = _apply(sql, changes, now)
            sql.run(
                "UPDATE import_batch SET status = ?, undone_at = ? WHERE id = ?",
                (ImportStatus.UNDONE.value, now, batch_id),
            )
            sql.run(
                "INSERT INTO audit_event (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    now,
                    actor[:100],
                    AuditAction.UNDO_IMPORT.value,
                    "import_batch",
                    str(batch_id),
                    f"{deleted} removed, {restored} restored",
                ),
            )
            sql.commit()
    log.info("import batch %s undone: %d removed, %d restored", batch_id, deleted, restored)
    return UndoOutcome(batch_id, deleted, restored)


def _changes_of(sql: Sql, batch_id: int) -> list[_Change]:
    """What the batch did, record by record: its runs of created ids, then its other changes.

    Batches recorded before the runs (migration 0006) list every created
    record in import_change; they are read the same way.
    """
    created = [
        _Change(entity, entity_id, "create", 1, {})
        for entity, first, last in sql.all(
            "SELECT entity, first_id, last_id FROM import_created WHERE batch_id = ? ORDER BY id",
            (batch_id,),
        )
        for entity_id in range(first, last + 1)
    ]
    return created + [
        _Change(entity, entity_id, action, version_after, json.loads(before) if before else {})
        for entity, entity_id, action, version_after, before in sql.all(
            "SELECT entity, entity_id, action, version_after, before_json FROM import_change "
            "WHERE batch_id = ? ORDER BY id",
            (batch_id,),
        )
    ]


def _ids(changes: list[_Change], entity: str, action: str) -> list[int]:
    return [c.entity_id for c in changes if c.entity == entity and c.action == action]


def _conflicts(sql: Sql, changes: list[_Change]) -> list[str]:
    problems: list[str] = []
    for change in changes:
        if change.entity in ("organisation", "programme"):
            continue  # removed only if unused; never a reason to refuse
        row = sql.one(
            f"SELECT version FROM {_TABLE[change.entity]} WHERE id = ?",  # noqa: S608
            (change.entity_id,),
        )
        if row is None:
            if change.action == "update":
                problems.append(f"{change.entity} {change.entity_id} has been deleted")
            continue
        if row[0] != change.version_after:
            problems.append(f"{change.entity} {change.entity_id} was edited after the import")
        if change.action == "update" and "organisation_id" in change.before:
            org_id = change.before["organisation_id"]
            if (
                org_id is not None
                and sql.one("SELECT 1 FROM organisation WHERE id = ?", (org_id,)) is None
            ):
                problems.append(
                    f"the earlier organisation of person {change.entity_id} has been deleted"
                )

    created_people = set(_ids(changes, "person", "create"))
    created_parts = set(_ids(changes, "participation", "create"))
    created_matches = set(_ids(changes, "match", "create"))
    created_cohorts = set(_ids(changes, "cohort", "create"))
    for person_id in sorted(created_people):
        for (part_id,) in sql.all("SELECT id FROM participation WHERE person_id = ?", (person_id,)):
            if part_id not in created_parts:
                problems.append(f"person {person_id} has since joined another cohort")
        for table, what in (
            ("outcome", "an outcome"),
            ("equality_record", "equality data"),
            ("person_skill_interest", "skills"),
        ):
            if sql.one(f"SELECT 1 FROM {table} WHERE person_id = ?", (person_id,)):  # noqa: S608
                problems.append(f"person {person_id} has {what} recorded since")
    for part_id in sorted(created_parts):
        if sql.one(
            "SELECT 1 FROM milestone WHERE participation_id = ? AND version > 1", (part_id,)
        ):
            problems.append(f"participation {part_id} has milestones updated since")
        if sql.one("SELECT 1 FROM assessment WHERE participation_id = ?", (part_id,)):
            problems.append(f"participation {part_id} has assessments recorded since")
        for (match_id,) in sql.all(
            "SELECT id FROM mentoring_match WHERE mentee_participation_id = ? OR mentor_participation_id = ?",
            (part_id, part_id),
        ):
            if match_id not in created_matches:
                problems.append(f"participation {part_id} has a match made since")
    for match_id in sorted(created_matches):
        if sql.one("SELECT 1 FROM mentoring_session WHERE match_id = ?", (match_id,)):
            problems.append(f"match {match_id} has sessions logged since")
    for cohort_id in sorted(created_cohorts):
        for (part_id,) in sql.all("SELECT id FROM participation WHERE cohort_id = ?", (cohort_id,)):
            if part_id not in created_parts:
                problems.append(f"cohort {cohort_id} has members added since")
                break
    return problems


def _stored(sql: Sql, column: str, value: Any) -> Any:
    """A before-value from JSON, back in the form the database holds."""
    return sql.day(as_date(value)) if column == "start_date" else value


def _apply(sql: Sql, changes: list[_Change], now: Any) -> tuple[int, int]:
    deleted = restored = 0
    for change in changes:
        if change.action != "update":
            continue
        columns = [c for c in change.before if c in _RESTORABLE.get(change.entity, frozenset())]
        if not columns:
            continue
        assignments = ", ".join(f'"{c}" = ?' for c in columns)
        # The import bumped the version by one and changed only these
        # columns: putting them back returns the record to exactly its
        # state at the earlier version, so it takes that number back too.
        # (An edit started after the import still holds the later number
        # and is refused as stale; an earlier import can then be undone.)
        sql.run(
            f"UPDATE {_TABLE[change.entity]} SET {assignments}, version = ?, updated_at = ? "  # noqa: S608
            "WHERE id = ?",
            (
                *(_stored(sql, c, change.before[c]) for c in columns),
                change.version_after - 1,
                now,
                change.entity_id,
            ),
        )
        restored += 1
    # Children before parents; deleting a participation takes its milestones with it.
    for entity in ("match", "participation", "person", "cohort"):
        ids = _ids(changes, entity, "create")
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            # Counted as deleted, not as listed: someone erased since is already gone.
            deleted += sql.run(
                f"DELETE FROM {_TABLE[entity]} WHERE id IN ({', '.join('?' * len(chunk))})",  # noqa: S608
                chunk,
            )
    for org_id in _ids(changes, "organisation", "create"):
        if sql.one("SELECT 1 FROM person WHERE organisation_id = ?", (org_id,)) is None:
            sql.run("DELETE FROM organisation WHERE id = ?", (org_id,))
            deleted += 1
    for programme_id in _ids(changes, "programme", "create"):
        if sql.one("SELECT 1 FROM cohort WHERE programme_id = ?", (programme_id,)) is None:
            sql.run("DELETE FROM programme WHERE id = ?", (programme_id,))
            deleted += 1
    return deleted, restored
