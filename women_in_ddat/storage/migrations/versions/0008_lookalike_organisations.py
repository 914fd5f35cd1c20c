"""Look-alike organisations become one, and stored names lose their invisible characters.

Organisation names used to be compared with case and spacing ignored only,
so "Essex County Council" followed by a left-to-right mark, or typed in
full-width letters, was a second organisation that displayed the same, and
the rule that a mentor is never from the mentee's own organisation did not
see it. Names are now compared by ``name_key`` (invisible characters
removed, NFKC, case folded, spacing collapsed). Here each group of
organisations with one such key is merged into its oldest member: its people
are moved to it, each move and each merged organisation is written to the
audit trail (ids only), and the merged rows are deleted. Every organisation
name, and people's names and job titles, are cleaned as they are now on the
way in.

Downgrading does not split them again (which names were look-alikes is not
kept): the automatic backup taken before the upgrade is the way back.

Revision ID: 0008_lookalike_organisations
Revises: 0007_programme_rules
"""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from women_in_ddat.domain.values import clean_text, name_key

revision = "0008_lookalike_organisations"
down_revision = "0007_programme_rules"
branch_labels = None
depends_on = None

ACTOR = "schema upgrade 0008"
_PERSON_TEXT = ("first_name", "last_name", "preferred_name", "job_title")


def upgrade() -> None:
    conn = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    audit: list[dict[str, str]] = []
    orgs = conn.execute(
        sa.text("SELECT id, name, name_key, kind, region FROM organisation ORDER BY id")
    ).all()
    groups: dict[str, list[sa.Row[Any]]] = {}
    for org in orgs:
        groups.setdefault(name_key(org.name), []).append(org)
    for group in groups.values():
        kept, merged = group[0], group[1:]
        for other in merged:
            _merge(conn, kept, other, audit)
        if merged:
            kind = (
                kept.kind
                if kept.kind != "other"
                else next((o.kind for o in merged if o.kind != "other"), kept.kind)
            )
            region = kept.region or next((o.region for o in merged if o.region), "")
            conn.execute(
                sa.text("UPDATE organisation SET kind = :kind, region = :region WHERE id = :id"),
                {"kind": kind, "region": region, "id": kept.id},
            )
    # Two steps, so that no key is taken by another row for a moment.
    renamed = [
        (group[0], clean_text(group[0].name), key)
        for key, group in groups.items()
        if (clean_text(group[0].name), key) != (group[0].name, group[0].name_key)
    ]
    for org, _, _ in renamed:
        conn.execute(
            sa.text("UPDATE organisation SET name_key = :key WHERE id = :id"),
            {"key": f"\x00{org.id}", "id": org.id},
        )
    for org, name, key in renamed:
        conn.execute(
            sa.text("UPDATE organisation SET name = :name, name_key = :key WHERE id = :id"),
            {"name": name, "key": key, "id": org.id},
        )
        audit.append(
            _event("update", "organisation", org.id, "name cleaned of invisible characters")
        )
    _clean_people(conn, audit)
    if audit:
        conn.execute(
            sa.text(
                "INSERT INTO audit_event (at, actor, action, entity, entity_id, detail) "
                "VALUES (:at, :actor, :action, :entity, :entity_id, :detail)"
            ),
            [{**event, "at": now, "actor": ACTOR} for event in audit],
        )


def _merge(
    conn: sa.Connection, kept: sa.Row[Any], other: sa.Row[Any], audit: list[dict[str, str]]
) -> None:
    moved = (
        conn.execute(
            sa.text("SELECT id FROM person WHERE organisation_id = :other ORDER BY id"),
            {"other": other.id},
        )
        .scalars()
        .all()
    )
    conn.execute(
        sa.text("UPDATE person SET organisation_id = :kept WHERE organisation_id = :other"),
        {"kept": kept.id, "other": other.id},
    )
    conn.execute(sa.text("DELETE FROM organisation WHERE id = :id"), {"id": other.id})
    for person_id in moved:
        audit.append(
            _event(
                "update",
                "person",
                person_id,
                f"organisation {other.id} merged into organisation {kept.id} (a look-alike name)",
            )
        )
    audit.append(
        _event(
            "delete",
            "organisation",
            other.id,
            f"merged into organisation {kept.id} (a look-alike name); {len(moved)} people moved",
        )
    )


def _clean_people(conn: sa.Connection, audit: list[dict[str, str]]) -> None:
    columns = ", ".join(_PERSON_TEXT)
    for row in conn.execute(sa.text(f"SELECT id, {columns} FROM person")).all():  # noqa: S608
        values = dict(zip(_PERSON_TEXT, row[1:], strict=True))
        cleaned = {k: clean_text(v) for k, v in values.items() if v and clean_text(v) != v}
        if not cleaned:
            continue
        assignments = ", ".join(f"{k} = :{k}" for k in cleaned)
        conn.execute(
            sa.text(f"UPDATE person SET {assignments} WHERE id = :id"),  # noqa: S608
            {**cleaned, "id": row.id},
        )
        audit.append(
            _event(
                "update", "person", row.id, f"{', '.join(cleaned)} cleaned of invisible characters"
            )
        )


def _event(action: str, entity: str, entity_id: int, detail: str) -> dict[str, str]:
    return {"action": action, "entity": entity, "entity_id": str(entity_id), "detail": detail}


def downgrade() -> None:
    """Nothing to undo in the schema; the merge itself is undone by restoring the backup."""
