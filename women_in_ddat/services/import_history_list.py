"""Every import a programme has had, newest first, filtered and sorted in SQL a window at a time.

The Import page once showed the latest twenty batches; years of weekly
imports are all there now, read a window at a time like every other list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import col

from women_in_ddat.domain.enums import ImportStatus
from women_in_ddat.domain.models import Cohort, ImportBatch
from women_in_ddat.services.imports import BatchRow
from women_in_ddat.services.list_query import ListSpec, labels_sql, ordered, words_match
from women_in_ddat.storage.database import Database


@dataclass(frozen=True)
class ImportHistoryList:
    """Every import batch (``ListQuery[BatchRow]``); undone ones stay listed, marked so."""

    db: Database

    sorts = frozenset(
        {"imported_at", "source", "cohort", "created", "updated", "rejected", "by", "status"}
    )

    def count(self, spec: ListSpec) -> int:
        query = self._where(select(func.count(col(ImportBatch.id))), spec)
        with self.db.reading() as session:
            return int(session.execute(query).scalar_one())

    def window(self, spec: ListSpec, offset: int, limit: int) -> list[BatchRow]:
        query = self._where(select(ImportBatch, col(Cohort.name)), spec)
        query = query.order_by(*self._order(spec)).offset(offset).limit(limit)
        with self.db.reading() as session:
            rows = session.execute(query).all()
        return [
            BatchRow(
                id=b.id,
                source_name=b.source_name,
                cohort=cohort or "",
                imported_at=b.imported_at,
                imported_by=b.imported_by,
                created=b.created_count,
                updated=b.updated_count,
                unchanged=b.unchanged_count,
                rejected=b.rejected_count,
                status=b.status,
            )
            for b, cohort in rows
        ]

    def _where(self, query: Select[*tuple[Any, ...]], spec: ListSpec) -> Select[*tuple[Any, ...]]:
        query = query.outerjoin(Cohort, col(Cohort.id) == col(ImportBatch.cohort_id))
        if not spec.text.strip():
            return query
        searched = [
            col(ImportBatch.source_name),
            col(Cohort.name),
            col(ImportBatch.imported_by),
            labels_sql(col(ImportBatch.status), ImportStatus),
        ]
        return query.where(words_match(self.db, spec.text, searched))

    def _order(self, spec: ListSpec) -> list[Any]:
        row_id = col(ImportBatch.id)
        column = {
            # Batch ids grow with time: the id orders imports made within the same second.
            "imported_at": col(ImportBatch.imported_at),
            "source": func.lower(col(ImportBatch.source_name)),
            "cohort": func.lower(col(Cohort.name)),
            "created": col(ImportBatch.created_count),
            "updated": col(ImportBatch.updated_count),
            "rejected": col(ImportBatch.rejected_count),
            "by": func.lower(col(ImportBatch.imported_by)),
            "status": labels_sql(col(ImportBatch.status), ImportStatus),
        }.get(spec.sort or "")
        if column is None:
            return [row_id.desc()]
        return ordered(column, spec.descending, row_id)
