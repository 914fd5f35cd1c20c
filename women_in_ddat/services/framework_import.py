"""Refreshing the DDaT capability framework from its official CSV downloads.

The framework publishes two CSV files (see /work/shared/ddat-framework.md):

- roles: role family, role, role description, role level, role level
  description, skill name, skill description, skill level, skill level
  description, role type (one row per skill a role level needs);
- skills: skill name, skill description, and one column per skill level.

An import reads them, refuses them whole if anything is wrong (the current
framework stays as it was), and writes the result, with its version and
date, to ``data_dir() / "ddat-framework.json"`` (atomically, readable by
the user only). ``current_framework()`` prefers that file over the
framework shipped in resources/ddat/framework.json.

Role levels on a person are the framework's generic words ("Junior",
"Senior", "Head of profession"); the CSV names levels per role ("Senior
business analyst"). ``FrameworkInfo.required_levels`` bridges the two.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from women_in_ddat.domain.enums import SkillLevel
from women_in_ddat.domain.reference import Framework, RoleFamily, load_framework
from women_in_ddat.domain.values import clean_text
from women_in_ddat.errors import FileProblem, InvalidInput
from women_in_ddat.paths import data_dir, ensure_private_dir
from women_in_ddat.storage.atomic import atomic_path

log = logging.getLogger(__name__)

FRAMEWORK_FILE_NAME = "ddat-framework.json"
FILE_FORMAT = 1
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


def framework_file() -> Path:
    return data_dir() / FRAMEWORK_FILE_NAME


# --- what the rest of the app reads ---------------------------------------------


@dataclass(frozen=True)
class FrameworkInfo:
    framework: Framework
    version: str
    # The framework's own publication date, when the coordinator gave it.
    framework_date: date | None
    source: str  # "shipped" or "imported"
    imported_at: datetime | None = None
    source_files: tuple[str, ...] = ()
    # role (folded) -> ordered [(role level name, {skill: skill level})]
    role_levels: dict[str, tuple[tuple[str, dict[str, str]], ...]] = field(default_factory=dict)
    skill_descriptions: dict[str, str] = field(default_factory=dict)
    # Why the imported file was not used, if it exists but could not be read.
    problem: str = ""

    def required_levels(self, role: str, level: str) -> dict[str, SkillLevel] | None:
        """The skills a role at a level needs, or None if the framework does not say."""
        levels = self.role_levels.get(_fold(role))
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
        where = "imported" if self.source == "imported" else "shipped with the app"
        return f"{self.framework.name}, version {self.version}{when} ({where})"


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _match_role_level(role: str, level: str, names: list[str]) -> str | None:
    """Find "Senior business analyst" for role "business analyst" at level "Senior"."""
    level_key, role_key = _fold(level), _fold(role)
    by_key = {_fold(n): n for n in names}
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


_cache: dict[tuple[str, int, int], FrameworkInfo] = {}


def shipped_framework_info(problem: str = "") -> FrameworkInfo:
    shipped = load_framework()
    return FrameworkInfo(
        framework=shipped,
        version=shipped.version,
        framework_date=None,
        source="shipped",
        problem=problem,
    )


def current_framework() -> FrameworkInfo:
    """The imported framework if there is a readable one, else the shipped one."""
    path = framework_file()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return shipped_framework_info()
    except OSError:
        return shipped_framework_info("the imported framework file cannot be read")
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        try:
            _cache.clear()
            _cache[key] = _info_from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "imported framework file unusable (%s); using the shipped one", type(exc).__name__
            )
            return shipped_framework_info(
                "the imported framework file is damaged; import the CSV files again"
            )
    return _cache[key]


def _info_from_json(raw: dict[str, Any]) -> FrameworkInfo:
    if raw.get("format") != FILE_FORMAT:
        raise ValueError("unknown framework file format")
    shipped = load_framework()
    families = tuple(
        RoleFamily(f["name"], tuple(r["name"] for r in f["roles"]), tuple(f["skills"]))
        for f in raw["role_families"]
    )
    role_levels = {
        _fold(r["name"]): tuple((lv["name"], dict(lv["skills"])) for lv in r["levels"])
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
    framework_date = raw.get("framework_date")
    return FrameworkInfo(
        framework=framework,
        version=raw["version"],
        framework_date=date.fromisoformat(framework_date) if framework_date else None,
        source="imported",
        imported_at=datetime.fromisoformat(raw["imported_at"]),
        source_files=tuple(s["name"] for s in raw.get("sources", ())),
        role_levels=role_levels,
        skill_descriptions=dict(raw.get("skills", {})),
    )


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
    headers = [_fold(h.replace("_", " ")) for h in table[0]]
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
        family = families.setdefault(
            _fold(values["role_family"]), _FamilyAcc(values["role_family"])
        )
        role = family.roles.setdefault(_fold(values["role"]), _RoleAcc(values["role"]))
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
    path: Path


def import_framework(
    roles_csv: Path,
    skills_csv: Path | None = None,
    *,
    version: str = "",
    framework_date: date | None = None,
    now: datetime | None = None,
) -> FrameworkImportResult:
    """Read the official CSV files and make them the current framework, or change nothing."""
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
    document = _document(families, skills, sources, version, framework_date, now)
    target = framework_file()
    ensure_private_dir(target.parent)
    with atomic_path(target, what="framework file") as tmp:
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    log.info(
        "framework imported: %d families, %d roles",
        len(families),
        sum(len(f.roles) for f in families.values()),
    )
    return FrameworkImportResult(
        version=version,
        framework_date=framework_date,
        families=len(families),
        roles=sum(len(f.roles) for f in families.values()),
        role_levels=sum(len(r.levels) for f in families.values() for r in f.roles.values()),
        skills=len({s for f in families.values() for s in f.skills}),
        described_skills=len(skills),
        path=target,
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
        "format": FILE_FORMAT,
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
