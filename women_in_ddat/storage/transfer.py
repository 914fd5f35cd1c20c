"""Copying a whole programme from one database to another (SQLite to PostgreSQL).

Everything is copied in one transaction on the target, table by table in
foreign-key order, in chunks with executemany; the target must hold no
programme yet. Afterwards every table's row count is compared, and on
PostgreSQL the id sequences are moved past the copied ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlmodel import SQLModel

import women_in_ddat.domain.models  # noqa: F401  (registers the tables)
from women_in_ddat.errors import Conflict
from women_in_ddat.storage.database import Database

CHUNK = 2000


@dataclass(frozen=True)
class TransferReport:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def copy_programme(
    source: Database, target: Database, progress: Callable[[int, int, str], None] | None = None
) -> TransferReport:
    tables = SQLModel.metadata.sorted_tables
    with target.engine.connect() as check:
        for table in tables:
            if check.execute(select(func.count()).select_from(table)).scalar_one():
                raise Conflict(
                    f"The target database already holds data ({table.name}); "
                    "copy into a new, empty database."
                )
    counts: dict[str, int] = {}
    with source.engine.connect() as src, target.engine.begin() as dst:
        for index, table in enumerate(tables):
            if progress is not None:
                progress(index, len(tables), table.name)
            result = src.execution_options(stream_results=True).execute(
                select(table).order_by(*table.primary_key.columns)
            )
            copied = 0
            while True:
                rows = result.mappings().fetchmany(CHUNK)
                if not rows:
                    break
                dst.execute(insert(table), [dict(r) for r in rows])
                copied += len(rows)
            counts[table.name] = copied
        if target.engine.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c:
                    highest = dst.execute(select(func.max(table.c.id))).scalar() or 0
                    # is_called=false on an empty table: the next id is 1.
                    dst.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                        {"t": table.name, "v": max(highest, 1), "called": highest > 0},
                    )
        for table in tables:
            found = dst.execute(select(func.count()).select_from(table)).scalar_one()
            if found != counts[table.name]:
                raise Conflict(
                    f"The copy of {table.name} has {found} rows instead of {counts[table.name]}; nothing was kept."
                )
    return TransferReport(counts)
