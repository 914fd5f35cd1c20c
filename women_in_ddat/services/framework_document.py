"""The DDaT framework in use, as the rest of the program reads it.

The framework in use is the newest row of the programme database's
``reference_framework`` table (see services/framework_service.py), so every
coordinator of a shared database uses the same one; with no rows it is the
framework shipped in resources/ddat/framework.json. A row holds the JSON
document that services/framework_import.py builds from the official CSVs.

Kept free of SQLAlchemy: a spreadsheet import reads the framework through
plain DB-API (``framework_of_import_connection``).

Role levels on a person are the framework's generic words ("Junior",
"Senior", "Head of profession"); the CSV names levels per role ("Senior
business analyst"). ``FrameworkInfo.required_levels`` bridges the two.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from women_in_ddat.domain.enums import SkillLevel
from women_in_ddat.domain.reference import Framework, RoleFamily, load_framework
from women_in_ddat.domain.values import clean_text

log = logging.getLogger(__name__)

DOCUMENT_FORMAT = 1
LATEST_ROW_SQL = (
    "SELECT id, version, published_on, source, imported_at, imported_by, document "
    "FROM reference_framework ORDER BY id DESC LIMIT 1"
)


@dataclass(frozen=True)
class FrameworkInfo:
    framework: Framework
    version: str
    # The framework's own publication date, when the coordinator gave it.
    framework_date: date | None
    source: str  # "shipped" or "imported"
    imported_at: datetime | None = None
    imported_by: str = ""
    source_files: tuple[str, ...] = ()
    # The reference_framework row it came from (None: the shipped framework).
    record_id: int | None = None
    # role (folded) -> ordered [(role level name, {skill: skill level})]
    role_levels: dict[str, tuple[tuple[str, dict[str, str]], ...]] = field(default_factory=dict)
    skill_descriptions: dict[str, str] = field(default_factory=dict)
    # Why the imported framework was not used, if there is one that cannot be read.
    problem: str = ""

    def required_levels(self, role: str, level: str) -> dict[str, SkillLevel] | None:
        """The skills a role at a level needs, or None if the framework does not say."""
        levels = self.role_levels.get(fold(role))
        if not levels or not clean_text(level):
            return None
        name = _match_role_level(role, level, [n for n, _ in levels])
        if name is None:
            return None
        skills = dict(levels)[name]
        return {skill: SkillLevel(value) for skill, value in skills.items()}

    @property
    def described(self) -> str:
        when = f", dated {self.framework_date:%d/%m/%Y}" if self.framework_date else ""
        where = (
            "imported into this programme's database"
            if self.source == "imported"
            else "shipped with the app"
        )
        return f"{self.framework.name}, version {self.version}{when} ({where})"


def fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _match_role_level(role: str, level: str, names: list[str]) -> str | None:
    """Find "Senior business analyst" for role "business analyst" at level "Senior"."""
    level_key, role_key = fold(level), fold(role)
    by_key = {fold(n): n for n in names}
    for candidate in (level_key, f"{level_key} {role_key}"):
        if candidate in by_key:
            return by_key[candidate]
    first_word = level_key.split()[0]
    same_first = [n for key, n in by_key.items() if key.split()[0] == first_word]
    if len(same_first) == 1:
        return same_first[0]
    # The unprefixed title ("Business analyst") is the practitioner level.
    if level_key == "practitioner" and role_key in by_key:
        return by_key[role_key]
    return None


def shipped_framework_info(problem: str = "") -> FrameworkInfo:
    shipped = load_framework()
    return FrameworkInfo(
        framework=shipped,
        version=shipped.version,
        framework_date=None,
        source="shipped",
        problem=problem,
    )


@dataclass(frozen=True)
class FrameworkRow:
    """One reference_framework row, as any driver returns it."""

    id: int
    version: str
    published_on: date | None
    source: str
    imported_at: datetime
    imported_by: str
    document: str

    @classmethod
    def of(cls, values: tuple[Any, ...]) -> FrameworkRow:
        """From a raw row (plain sqlite3 returns dates and times as text)."""
        row_id, version, published, source, imported_at, imported_by, document = values
        if isinstance(published, str):
            published = date.fromisoformat(published[:10])
        if isinstance(imported_at, str):
            imported_at = datetime.fromisoformat(imported_at)
        if imported_at.tzinfo is None:  # SQLite keeps UTC without saying so
            imported_at = imported_at.replace(tzinfo=UTC)
        return cls(row_id, version, published, source, imported_at, imported_by, document)


def framework_info_of_row(row: FrameworkRow) -> FrameworkInfo:
    """The framework a row holds, or the shipped one (saying why) if its document is unusable."""
    try:
        raw = json.loads(row.document)
        framework, role_levels, skills = framework_of_document(raw)
    except (ValueError, KeyError, TypeError) as exc:
        log.warning(
            "framework row %s unusable (%s); using the shipped one", row.id, type(exc).__name__
        )
        return shipped_framework_info(
            f"the framework imported on {row.imported_at:%d/%m/%Y} cannot be read; "
            "import the CSV files again"
        )
    return FrameworkInfo(
        framework=framework,
        version=row.version,
        framework_date=row.published_on,
        source="imported",
        imported_at=row.imported_at,
        imported_by=row.imported_by,
        source_files=tuple(name for name in row.source.split(", ") if name),
        record_id=row.id,
        role_levels=role_levels,
        skill_descriptions=skills,
    )


def framework_of_document(
    raw: dict[str, Any],
) -> tuple[Framework, dict[str, tuple[tuple[str, dict[str, str]], ...]], dict[str, str]]:
    """The framework, its role levels and its skill descriptions from an import's JSON document."""
    if raw.get("format") != DOCUMENT_FORMAT:
        raise ValueError("unknown framework document format")
    shipped = load_framework()
    families = tuple(
        RoleFamily(f["name"], tuple(r["name"] for r in f["roles"]), tuple(f["skills"]))
        for f in raw["role_families"]
    )
    role_levels = {
        fold(r["name"]): tuple((lv["name"], dict(lv["skills"])) for lv in r["levels"])
        for f in raw["role_families"]
        for r in f["roles"]
    }
    framework = Framework(
        name=raw.get("framework") or shipped.name,
        version=raw["version"],
        families=families,
        # Person records use the framework's generic level words; keep their order.
        role_levels=shipped.role_levels,
        skill_levels=tuple(level.value for level in SkillLevel),
        common_skills=shipped.common_skills,
    )
    return framework, role_levels, dict(raw.get("skills", {}))


class _OneRow(Protocol):
    def one(self, sql: str, params: Any = ...) -> tuple[Any, ...] | None: ...


def framework_of_import_connection(sql: _OneRow) -> Framework:
    """The framework in use, read with one plain query (the import stays free of SQLAlchemy)."""
    values = sql.one(LATEST_ROW_SQL)
    if values is None:
        return load_framework()
    return framework_info_of_row(FrameworkRow.of(values)).framework


def framework_of_database(database: str) -> Framework:
    """The framework in use in the database at a path or URL (a new SQLite file is not created)."""
    from women_in_ddat.services.imports_sql import import_connection
    from women_in_ddat.storage.preflight import parse_target

    path = parse_target(database).sqlite_path
    if path is not None and not path.exists():
        return load_framework()
    with import_connection(database) as sql:
        return framework_of_import_connection(sql)
