"""The DDaT framework in use by this programme: read it, import a new release, see the history.

The framework lives in the programme database (table reference_framework,
newest row in use), so coordinators sharing one database all rate skills
and match mentors against the same framework, and a database copied or
restored elsewhere keeps its framework.

Reading it is one cheap query for the newest row's id; the document is
parsed once per row and kept (``_parsed``), so a framework imported by
another coordinator is picked up at the next read.

Earlier versions kept an imported framework in a file on the computer
that imported it. The database migration does not copy it in (what a
schema upgrade does must not depend on which computer runs it); instead,
while the database has no imported framework, ``current()`` mentions such
a file and ``adopt_earlier_import()`` brings it in on request.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from threading import Lock
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from women_in_ddat.domain.enums import AuditAction
from women_in_ddat.domain.models import ReferenceFramework
from women_in_ddat.errors import FileProblem, NotFound
from women_in_ddat.services.base import Service
from women_in_ddat.services.framework_document import (
    FrameworkInfo,
    FrameworkRow,
    framework_info_of_row,
    framework_of_document,
    shipped_framework_info,
)
from women_in_ddat.services.framework_import import (
    FrameworkImportResult,
    ReadFramework,
    earlier_framework_file,
    read_framework_csvs,
    summary_of_document,
)

log = logging.getLogger(__name__)

# (row id, imported at) names one stored document, in this database or a copy of it.
_parsed: dict[tuple[int, datetime], FrameworkInfo] = {}
_parsed_lock = Lock()
_PARSED_KEPT = 4


@dataclass(frozen=True)
class FrameworkRecord:
    """One framework imported into this programme (the history), without its document."""

    id: int
    version: str
    published_on: date | None
    source: str
    imported_at: datetime
    imported_by: str
    in_use: bool


@dataclass(frozen=True)
class EarlierImport:
    """A framework file left by an earlier version on this computer, not yet in the database."""

    version: str
    framework_date: date | None
    imported_at: datetime | None

    @property
    def described(self) -> str:
        when = f", dated {self.framework_date:%d/%m/%Y}" if self.framework_date else ""
        on = f" on {self.imported_at.astimezone():%d/%m/%Y}" if self.imported_at else ""
        return (
            f"Version {self.version}{when} was imported{on} on this computer by an earlier "
            "version of the app, which kept it outside the programme's database; it is not in use"
        )


def _columns() -> tuple[Any, ...]:
    t = ReferenceFramework
    return (
        col(t.id),
        col(t.version),
        col(t.published_on),
        col(t.source),
        col(t.imported_at),
        col(t.imported_by),
        col(t.document),
    )


class FrameworkService(Service):
    def current(self) -> FrameworkInfo:
        """The framework in use: the newest imported one, else the one shipped with the app."""
        with self.db.reading() as session:
            newest = session.execute(
                select(col(ReferenceFramework.id), col(ReferenceFramework.imported_at))
                .order_by(col(ReferenceFramework.id).desc())
                .limit(1)
            ).first()
            if newest is None:
                return shipped_framework_info()
            key = (newest[0], _aware(newest[1]))
            with _parsed_lock:
                cached = _parsed.get(key)
            if cached is not None:
                return cached
            values = session.execute(
                select(*_columns()).where(col(ReferenceFramework.id) == newest[0])
            ).one()
        # An unreadable document is kept too: its warning is logged once, not on every read.
        info = framework_info_of_row(FrameworkRow.of(tuple(values)))
        with _parsed_lock:
            if len(_parsed) >= _PARSED_KEPT:
                _parsed.pop(next(iter(_parsed)))
            _parsed[key] = info
        return info

    def history(self) -> list[FrameworkRecord]:
        """Every framework imported into this programme, newest (the one in use) first."""
        t = ReferenceFramework
        with self.db.reading() as session:
            rows = session.execute(
                select(
                    col(t.id),
                    col(t.version),
                    col(t.published_on),
                    col(t.source),
                    col(t.imported_at),
                    col(t.imported_by),
                ).order_by(col(t.id).desc())
            ).all()
        return [
            FrameworkRecord(
                id=row[0],
                version=row[1],
                published_on=row[2],
                source=row[3],
                imported_at=_aware(row[4]),
                imported_by=row[5],
                in_use=index == 0,
            )
            for index, row in enumerate(rows)
        ]

    def import_csvs(
        self,
        roles_csv: Path,
        skills_csv: Path | None = None,
        *,
        version: str = "",
        framework_date: date | None = None,
        now: datetime | None = None,
    ) -> FrameworkImportResult:
        """Make the official CSVs the framework in use for everyone, or change nothing."""
        read = read_framework_csvs(
            roles_csv, skills_csv, version=version, framework_date=framework_date, now=now
        )
        return self._store(read, now=now)

    def earlier_import(self) -> EarlierImport | None:
        """A framework an earlier version imported on this computer, while none is in the database."""
        path = earlier_framework_file()
        if not path.is_file():
            return None
        with self.db.reading() as session:
            if session.scalar(select(func.count()).select_from(ReferenceFramework)):
                return None
        try:
            document = _earlier_document(path)
        except FileProblem:
            return None
        summary = summary_of_document(document)
        imported_at = document.get("imported_at")
        return EarlierImport(
            version=summary.version,
            framework_date=summary.framework_date,
            imported_at=datetime.fromisoformat(imported_at) if imported_at else None,
        )

    def adopt_earlier_import(self, *, now: datetime | None = None) -> FrameworkImportResult:
        """Store the framework file an earlier version left on this computer in the database."""
        path = earlier_framework_file()
        if not path.is_file():
            raise NotFound("There is no framework imported by an earlier version on this computer.")
        document = _earlier_document(path)
        summary = summary_of_document(document)
        source = ", ".join(s["name"] for s in document.get("sources", ()))
        result = self._store(ReadFramework(document, summary), now=now, source=source)
        log.info("framework file from an earlier version stored in the database")
        return result

    def _store(
        self, read: ReadFramework, *, now: datetime | None = None, source: str | None = None
    ) -> FrameworkImportResult:
        summary = read.summary
        from women_in_ddat.storage.backup import backup_before

        with (
            backup_before(self.db.sqlite_path, reason="before-framework-import"),
            self.db.transaction() as session,
        ):
            row = ReferenceFramework(
                version=summary.version[:200],
                published_on=summary.framework_date,
                source=(read.source if source is None else source)[:500],
                imported_at=now or datetime.now(UTC),
                imported_by=self.actor[:100],
                document=json.dumps(read.document, ensure_ascii=False),
            )
            session.add(row)
            session.flush()
            # The version is typed by a coordinator: the audit trail keeps only the row id.
            self.audit(session, AuditAction.IMPORT, "reference_framework", row.id)
            record_id = row.id
        log.info(
            "framework stored as row %s: %d families, %d roles",
            record_id,
            summary.families,
            summary.roles,
        )
        return FrameworkImportResult(
            version=summary.version,
            framework_date=summary.framework_date,
            families=summary.families,
            roles=summary.roles,
            role_levels=summary.role_levels,
            skills=summary.skills,
            described_skills=summary.described_skills,
            record_id=record_id,
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _earlier_document(path: Path) -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        framework_of_document(document)  # refuses a damaged or unknown document
        summary_of_document(document)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FileProblem(
            "The framework file an earlier version left on this computer cannot be read; "
            "import the framework's CSV files instead."
        ) from exc
    return document
