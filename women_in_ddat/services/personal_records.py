"""Every row that can identify a person, found by walking the schema.

Subject access and erasure both start here. Three kinds of reference reach
her, and each is found from the schema, not from a hand-kept list, so a
table added later (a match's status history, an event's attendance) is
covered the day it is added:

- foreign keys: every table reached from ``person`` through foreign keys
  (her cohort places, then their matches, then those matches' sessions...),
  except the tables in ``NOT_PERSONAL`` that point at her rows without
  holding anything about her;
- soft references: the audit trail and the import history name a record
  by entity and id ("participation 8", "match 3") without a foreign key;
  any of her rows named there is about her;
- her email in someone else's record: columns marked ``PERSON_EMAIL``
  (another person's ``line_manager_email``), and the same values kept in
  the import history's earlier values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Column, Table, and_, false, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from women_in_ddat.domain.models import PERSON_EMAIL

# Tables that refer to a person's rows but hold nothing about the person.
NOT_PERSONAL = frozenset(
    {
        "organisation",
        "programme",
        "cohort",
        "milestone_template",
        "import_batch",
        "erased_participant_tally",
        # The DDaT framework; its imported_by is an actor name, as in the audit trail.
        "reference_framework",
        # An event and its days; who was invited and came is in event_invitation / _attendance.
        "event",
        "event_day",
        "event_dropped_day",
        # An attendance file applied to an event: its base name and an actor name, as import_batch.
        "attendance_import",
        # Message templates, and a mailing's template, audience ("Mentees of ...") and who chose it.
        "message_template",
        "mailing",
        # A collection of returned questionnaires: a count and a neutral description,
        # never a file name (forms are named after the person); its changes are hers.
        "questionnaire_collection",
    }
)

# Tables that name a record by (entity, entity_id) rather than by a foreign key.
SOFT_REFERENCES: dict[str, tuple[str, str]] = {
    "audit_event": ("entity", "entity_id"),
    "import_change": ("entity", "entity_id"),
}

# Entity names the services write for a table, where they differ from its name.
ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "mentoring_match": ("mentoring_match", "match"),
    "mentoring_session": ("mentoring_session", "session"),
}


def entity_names(table: str) -> tuple[str, ...]:
    return ENTITY_NAMES.get(table, (table,))


@dataclass(frozen=True)
class Link:
    """A foreign key column of a personal table and the personal table it points at."""

    column: str
    target: str


@cache
def personal_tables() -> dict[str, tuple[Link, ...]]:
    """Every table reached from ``person`` by foreign keys, each after the tables it points at.

    A table's links are all its foreign keys into personal tables (a match
    points at two cohort places: mentee and mentor).
    """
    tables = SQLModel.metadata.tables
    reached = {"person"}
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name in reached or name in NOT_PERSONAL:
                continue
            if any(fk.column.table.name in reached for fk in table.foreign_keys):
                reached.add(name)
                changed = True
    ordered: dict[str, tuple[Link, ...]] = {"person": ()}
    while len(ordered) < len(reached):
        progressed = False
        for name in sorted(reached - set(ordered)):
            links = tuple(
                Link(fk.parent.name, fk.column.table.name)
                for fk in sorted(tables[name].foreign_keys, key=lambda fk: fk.parent.name)
                if fk.column.table.name in reached and fk.column.table.name != name
            )
            if all(link.target in ordered for link in links):
                ordered[name] = links
                progressed = True
        if not progressed:  # a cycle: take the rest in name order, links to earlier ones only
            for name in sorted(reached - set(ordered)):
                ordered[name] = tuple(
                    Link(fk.parent.name, fk.column.table.name)
                    for fk in tables[name].foreign_keys
                    if fk.column.table.name in ordered
                )
    return ordered


def email_columns() -> list[Column[Any]]:
    """Columns that hold a person's email address as a reference to her."""
    return [
        column
        for table in SQLModel.metadata.tables.values()
        for column in table.columns
        if column.info.get(PERSON_EMAIL)
    ]


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def her_row_ids(session: Session, person_id: int) -> dict[str, list[int]]:
    """The ids of her rows in every personal table (reached by foreign keys)."""
    ids: dict[str, list[int]] = {"person": [person_id]}
    for name, links in personal_tables().items():
        if name == "person":
            continue
        table = _table(name)
        conditions = [
            table.c[link.column].in_(ids[link.target]) for link in links if ids[link.target]
        ]
        if not conditions:
            ids[name] = []
            continue
        ids[name] = list(
            session.scalars(select(table.c.id).where(or_(*conditions)).order_by(table.c.id))
        )
    return ids


def soft_reference_condition(table_name: str, ids: dict[str, list[int]]) -> Any:
    """WHERE clause for rows of ``table_name`` that name one of her rows by entity and id."""
    table = _table(table_name)
    entity_col, id_col = (table.c[c] for c in SOFT_REFERENCES[table_name])
    as_text = id_col.type.python_type is str
    clauses = []
    for target, row_ids in ids.items():
        if not row_ids:
            continue
        values: list[Any] = [str(i) for i in row_ids] if as_text else list(row_ids)
        clauses.append(and_(entity_col.in_(entity_names(target)), id_col.in_(values)))
    return or_(*clauses) if clauses else false()


@dataclass(frozen=True)
class EmailMention:
    """Her email in someone else's record (e.g. as their line manager)."""

    table: str
    column: str
    row_id: int


def email_mentions(session: Session, email: str, person_id: int) -> list[EmailMention]:
    found = []
    for column in email_columns():
        table = column.table
        condition = func.lower(column) == email
        if table.name == "person":
            condition = and_(condition, table.c.id != person_id)
        for row_id in session.scalars(select(table.c.id).where(condition).order_by(table.c.id)):
            found.append(EmailMention(table.name, column.name, row_id))
    return found


def earlier_values_naming(before_json: str, email: str) -> Iterator[str]:
    """Keys of an import change's earlier values that hold her email."""
    try:
        earlier = json.loads(before_json) if before_json else {}
    except ValueError:
        return
    if isinstance(earlier, dict):
        for key, value in earlier.items():
            if isinstance(value, str) and value.strip().lower() == email:
                yield key
