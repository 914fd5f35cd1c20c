"""Refreshing the DDaT capability framework from its official CSV downloads.

The framework publishes two CSV files (see /work/shared/ddat-framework.md):

- roles: role family, role, role description, role level, role level
  description, skill name, skill description, skill level, skill level
  description, role type (one row per skill a role level needs);
- skills: skill name, skill description, and one column per skill level.

An import reads them and refuses them whole if anything is wrong; what it
builds is a JSON document with the framework's version and date, which
services/framework_service.py stores in the programme database (the
framework in use then changes for every coordinator of that database).
Reading a stored document back is services/framework_document.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from women_in_ddat.domain.enums import SkillLevel
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.domain.values import clean_text
from women_in_ddat.errors import FileProblem, InvalidInput
from women_in_ddat.paths import data_dir
from women_in_ddat.services.framework_document import DOCUMENT_FORMAT, fold

log = logging.getLogger(__name__)

FRAMEWORK_FILE_NAME = "ddat-framework.json"
# The official roles file is a few MB; anything far bigger is not it.
MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS_KEPT = 20

ROLE_COLUMNS = {
    "role_family": "role family",
    "role": "role",
    "role_description": "role description",
    "role_level": "role level",
    "role_level_description": "role level description",
    "skill_name": "skill name",
    "skill_description": "skill description",
    "skill_level": "skill level",
    "skill_level_description": "skill level description",
    "role_type": "role type",
}
REQUIRED_ROLE_COLUMNS = ("role_family", "role", "role_level", "skill_name", "skill_level")
SKILL_COLUMNS = {
    "skill_name": "skill name",
    "skill_description": "skill description",
    **{level.value: level.value for level in SkillLevel},
}


def earlier_framework_file() -> Path:
    """Where earlier versions kept an imported framework: on one computer, not in the database."""
    return data_dir() / FRAMEWORK_FILE_NAME


# --- reading the CSV files ---------------------------------------------------------


def decode_csv_bytes(data: bytes, what: str) -> str:
    """BOM, then strict UTF-8, then Windows-1252 (never a guessing detector)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"The {what} is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8 and try again."
        ) from exc


def _read_csv(path: Path, what: str) -> tuple[str, list[dict[str, str]], list[str]]:
    """(sha256, rows keyed by folded header, headers) of one CSV file."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise FileProblem(
                f"The {what} is {size // (1024 * 1024)} MB; that is too big to be the framework's CSV."
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise FileProblem(f"The {what} {path.name} does not exist.") from exc
    except IsADirectoryError as exc:
        raise FileProblem(f"The {what} {path.name} is a folder, not a file.") from exc
    except OSError as exc:
        raise FileProblem(f"The {what} {path.name} cannot be read ({exc.strerror}).") from exc
    text = decode_csv_bytes(data, what)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        table = list(reader)
    except csv.Error as exc:
        raise FileProblem(f"The {what} {path.name} is not a readable CSV file ({exc}).") from exc
    if not table:
        raise FileProblem(f"The {what} {path.name} is empty.")
    headers = [fold(h.replace("_", " ")) for h in table[0]]
    rows = [
        {headers[i]: clean_text(cell) for i, cell in enumerate(row) if i < len(headers)}
        for row in table[1:]
        if any(cell.strip() for cell in row)
    ]
    return hashlib.sha256(data).hexdigest(), rows, headers


def _missing(headers: Iterable[str], wanted: dict[str, str], required: Iterable[str]) -> list[str]:
    have = set(headers)
    return [wanted[key] for key in required if wanted[key] not in have]


@dataclass
class _RoleAcc:
    name: str
    description: str = ""
    levels: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class _FamilyAcc:
    name: str
    roles: dict[str, _RoleAcc] = field(default_factory=dict)
    skills: dict[str, None] = field(default_factory=dict)


def parse_roles(rows: list[dict[str, str]]) -> tuple[dict[str, _FamilyAcc], list[str], int]:
    """Families with their roles, levels and required skills; problems; rows used."""
    col = ROLE_COLUMNS
    families: dict[str, _FamilyAcc] = {}
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        values = {key: row.get(col[key], "") for key in REQUIRED_ROLE_COLUMNS}
        empty = [col[key] for key, value in values.items() if not value]
        if empty:
            problems.append(f"row {number}: no {', '.join(empty)}")
            continue
        try:
            skill_level = SkillLevel(SkillLevel.parse(values["skill_level"]))
        except ValueError:
            problems.append(
                f"row {number}: skill level '{values['skill_level'][:40]}' is not "
                "awareness, working, practitioner or expert"
            )
            continue
        family = families.setdefault(fold(values["role_family"]), _FamilyAcc(values["role_family"]))
        role = family.roles.setdefault(fold(values["role"]), _RoleAcc(values["role"]))
        if not role.description:
            role.description = row.get(col["role_description"], "")
        skills = role.levels.setdefault(values["role_level"], {})
        skill = values["skill_name"]
        family.skills.setdefault(skill, None)
        # The same skill listed twice for a level (e.g. once per role type): keep the higher.
        earlier = skills.get(skill)
        if earlier is None or SkillLevel(earlier).rank < skill_level.rank:
            skills[skill] = skill_level.value
    return families, problems, len(rows)


def parse_skills(rows: list[dict[str, str]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    skills: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        name = row.get(SKILL_COLUMNS["skill_name"], "")
        if not name:
            problems.append(f"row {number}: no skill name")
            continue
        skills[name] = {
            "description": row.get(SKILL_COLUMNS["skill_description"], ""),
            "levels": {level.value: row.get(level.value, "") for level in SkillLevel},
        }
    return skills, problems


# --- the import -------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkImportResult:
    version: str
    framework_date: date | None
    families: int
    roles: int
    role_levels: int
    skills: int
    described_skills: int
    # The reference_framework row now in use (None until stored).
    record_id: int | None = None


@dataclass(frozen=True)
class ReadFramework:
    """The official CSVs read and checked: the document to store and what it holds."""

    document: dict[str, Any]
    summary: FrameworkImportResult

    @property
    def source(self) -> str:
        return ", ".join(s["name"] for s in self.document["sources"])


def read_framework_csvs(
    roles_csv: Path,
    skills_csv: Path | None = None,
    *,
    version: str = "",
    framework_date: date | None = None,
    now: datetime | None = None,
) -> ReadFramework:
    """Read the official CSV files into a framework document, or refuse them whole."""
    now = now or datetime.now(UTC)
    roles_sha, role_rows, role_headers = _read_csv(Path(roles_csv), "roles file")
    missing = _missing(role_headers, ROLE_COLUMNS, REQUIRED_ROLE_COLUMNS)
    if missing:
        raise InvalidInput(
            f"The roles file has no column for {', '.join(missing)}; is it the framework's "
            "role content CSV? Nothing was imported.",
            {"roles": "missing columns: " + ", ".join(missing)},
        )
    families, problems, _ = parse_roles(role_rows)
    skills: dict[str, dict[str, Any]] = {}
    sources = [{"name": Path(roles_csv).name, "sha256": roles_sha}]
    if skills_csv is not None:
        skills_sha, skill_rows, skill_headers = _read_csv(Path(skills_csv), "skills file")
        missing = _missing(skill_headers, SKILL_COLUMNS, ("skill_name", "skill_description"))
        if missing:
            raise InvalidInput(
                f"The skills file has no column for {', '.join(missing)}; is it the framework's "
                "skill description CSV? Nothing was imported.",
                {"skills": "missing columns: " + ", ".join(missing)},
            )
        skills, skill_problems = parse_skills(skill_rows)
        problems += [f"skills file {p}" for p in skill_problems]
        sources.append({"name": Path(skills_csv).name, "sha256": skills_sha})
    if problems:
        raise InvalidInput(
            f"The framework files have {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"(first: {problems[0]}); nothing was imported.",
            {f"problem {i + 1}": p for i, p in enumerate(problems[:MAX_PROBLEMS_KEPT])},
        )
    if not families:
        raise InvalidInput(
            "The roles file has no roles in it; nothing was imported.", {"roles": "no rows"}
        )
    version = clean_text(version) or f"imported {now:%Y-%m-%d}"
    return ReadFramework(
        document=_document(families, skills, sources, version, framework_date, now),
        summary=FrameworkImportResult(
            version=version,
            framework_date=framework_date,
            families=len(families),
            roles=sum(len(f.roles) for f in families.values()),
            role_levels=sum(len(r.levels) for f in families.values() for r in f.roles.values()),
            skills=len({s for f in families.values() for s in f.skills}),
            described_skills=len(skills),
        ),
    )


def summary_of_document(document: dict[str, Any]) -> FrameworkImportResult:
    """The counts of a document already built (a framework imported by an earlier version)."""
    families = document["role_families"]
    published = document.get("framework_date")
    return FrameworkImportResult(
        version=document["version"],
        framework_date=date.fromisoformat(published) if published else None,
        families=len(families),
        roles=sum(len(f["roles"]) for f in families),
        role_levels=sum(len(r["levels"]) for f in families for r in f["roles"]),
        skills=len({s for f in families for s in f["skills"]}),
        described_skills=len(document.get("skills", {})),
    )


def _document(
    families: dict[str, _FamilyAcc],
    skills: dict[str, dict[str, Any]],
    sources: list[dict[str, str]],
    version: str,
    framework_date: date | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "format": DOCUMENT_FORMAT,
        "framework": load_framework().name,
        "version": version,
        "framework_date": framework_date.isoformat() if framework_date else None,
        "imported_at": now.isoformat(),
        "sources": sources,
        "role_families": [
            {
                "name": family.name,
                "skills": list(family.skills),
                "roles": [
                    {
                        "name": role.name,
                        "description": role.description,
                        "levels": [
                            {"name": level, "skills": required}
                            for level, required in role.levels.items()
                        ],
                    }
                    for role in family.roles.values()
                ],
            }
            for family in families.values()
        ],
        "skills": {name: info["description"] for name, info in skills.items()},
        "skill_level_descriptors": {name: info["levels"] for name, info in skills.items()},
    }
