"""The audit trail: who did what to which record, for the coordinator to read or export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlmodel import col

from women_in_ddat.domain.audit_words import (
    ACTION_WORDS,
    RECORD_WORDS,
    action_words,
    names_worded,
    record_words,
)
from women_in_ddat.domain.models import AuditEvent
from women_in_ddat.services.base import Service
from women_in_ddat.services.list_query import ListSpec, words_match
from women_in_ddat.storage.database import Database


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: str

    @property
    def action_said(self) -> str:
        """The action in the coordinator's words ("Imported", not ``import``)."""
        return action_words(self.action)

    @property
    def record_said(self) -> str:
        """The kind of record in her words ("Import", not ``import_batch``)."""
        return record_words(self.entity)


@dataclass(frozen=True)
class AuditList:
    """The whole trail for the Data protection page, newest first (``ListQuery[AuditRow]``).

    Years of use make a long trail: the page reads it a window at a time,
    and the words typed are matched in SQL against every column.
    """

    db: Database

    sorts = frozenset({"at", "actor", "action", "entity", "entity_id", "detail"})

    def count(self, spec: ListSpec) -> int:
        query = self._where(select(func.count(col(AuditEvent.id))), spec)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[AuditRow]:
        column = {
            "at": col(AuditEvent.at),
            "actor": func.lower(col(AuditEvent.actor)),
            # Sorted as shown: by the words, not the internal names.
            "action": _worded(col(AuditEvent.action), ACTION_WORDS),
            "entity": _worded(col(AuditEvent.entity), RECORD_WORDS),
            "entity_id": col(AuditEvent.entity_id),
            "detail": func.lower(col(AuditEvent.detail)),
        }.get(spec.sort or "")
        if column is None:
            order: list[Any] = [col(AuditEvent.at).desc(), col(AuditEvent.id).desc()]
        elif spec.descending:
            order = [column.desc(), col(AuditEvent.id).desc()]
        else:
            order = [column, col(AuditEvent.id)]
        query = self._where(select(AuditEvent), spec).order_by(*order)
        with self.db.reading() as session:
            return [
                AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.detail)
                for e in session.scalars(query.offset(offset).limit(limit))
            ]

    def _where(self, query: Select[Any], spec: ListSpec) -> Select[Any]:
        if not spec.text.strip():
            return query
        columns = [
            col(AuditEvent.actor),
            col(AuditEvent.action),
            col(AuditEvent.entity),
            col(AuditEvent.entity_id),
            col(AuditEvent.detail),
        ]
        action, entity = col(AuditEvent.action), col(AuditEvent.entity)

        def worded_as(word: str) -> list[Any]:
            """She searches what she sees: "import" finds ``import_batch``, "added" ``create``."""
            return [
                action.in_(names_worded(ACTION_WORDS, word)),
                entity.in_(names_worded(RECORD_WORDS, word)),
            ]

        return query.where(words_match(self.db, spec.text, columns, worded_as))


def _worded(column: Any, words: dict[str, str]) -> Any:
    """``column`` as its words sort (a name not listed sorts as itself)."""
    return func.lower(case(words, value=column, else_=column))


class AuditLogService(Service):
    def events(
        self,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        action: str | None = None,
        limit: int = 5000,
    ) -> list[AuditRow]:
        query = (
            select(AuditEvent)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .limit(limit)
        )
        if entity:
            query = query.where(col(AuditEvent.entity) == entity)
        if entity_id:
            query = query.where(col(AuditEvent.entity_id) == entity_id)
        if action:
            query = query.where(col(AuditEvent.action) == action)
        with self.db.reading() as session:
            return [
                AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.detail)
                for e in session.scalars(query)
            ]

    def export_csv(self, target: Path) -> int:
        """Write the whole trail as CSV (it holds no personal data, by design)."""
        from women_in_ddat.services.exporting import render_csv
        from women_in_ddat.storage.atomic import atomic_path

        rows = self.events(limit=10_000_000)
        columns = ("at", "actor", "action", "entity", "entity_id", "detail")
        data = render_csv(
            columns,
            (
                {
                    "at": r.at.isoformat(sep=" ", timespec="seconds"),
                    "actor": r.actor,
                    "action": r.action,
                    "entity": r.entity,
                    "entity_id": r.entity_id,
                    "detail": r.detail,
                }
                for r in rows
            ),
        )
        with atomic_path(target, what="audit export") as tmp:
            tmp.write_bytes(data)
        return len(rows)
