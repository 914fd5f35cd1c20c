"""The DDaT capability framework, as shipped in resources/ddat/framework.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from women_in_ddat.resources import resource_path


def role_at_level(level: str, role: str) -> str:
    """A role with its level in front, as a sentence says it: "Associate data analyst",
    "Senior IT service manager", "Lead DevOps engineer" (a name or acronym keeps its capitals)."""
    first, _, rest = role.partition(" ")
    if level and first[1:].islower():
        role = " ".join(x for x in (first.lower(), rest) if x)
    return " ".join(x for x in (level, role) if x)


@dataclass(frozen=True)
class RoleFamily:
    name: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class Framework:
    name: str
    version: str
    families: tuple[RoleFamily, ...]
    role_levels: tuple[str, ...]
    skill_levels: tuple[str, ...]
    common_skills: tuple[str, ...]

    def family(self, name: str) -> RoleFamily | None:
        key = name.strip().casefold()
        return next((f for f in self.families if f.name.casefold() == key), None)

    def family_of_role(self, role: str) -> RoleFamily | None:
        key = role.strip().casefold()
        return next((f for f in self.families if key in (r.casefold() for r in f.roles)), None)

    def choice(self, text: str, choices: tuple[str, ...] | list[str]) -> str | None:
        """The one of ``choices`` that ``text`` names, case and spacing aside, as the framework
        writes it; None if it names none."""
        key = " ".join(text.split()).casefold()
        return next((c for c in choices if c.casefold() == key), None)

    def role_with_level(
        self, text: str, roles: tuple[str, ...] | list[str]
    ) -> tuple[str, str] | None:
        """A role typed with its level in front ("Lead data analyst"): the framework's role
        and level ("Data analyst", "Lead"), or None if ``text`` is not one of ``roles`` so."""
        key = " ".join(text.split()).casefold()
        for level in sorted(self.role_levels, key=len, reverse=True):
            prefix = f"{level.casefold()} "
            if key.startswith(prefix):
                role = self.choice(key[len(prefix) :], roles)
                return (role, level) if role is not None else None
        return None

    def skills_for(self, family: str) -> tuple[str, ...]:
        fam = self.family(family)
        return (fam.skills if fam else ()) + self.common_skills

    @property
    def all_skills(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for fam in self.families:
            seen.update(dict.fromkeys(fam.skills))
        seen.update(dict.fromkeys(self.common_skills))
        return tuple(seen)


@lru_cache(maxsize=1)
def load_framework() -> Framework:
    """The framework as shipped with the program.

    A coordinator may import a newer release (``women-in-ddat framework
    import``) into the programme database; the framework in use is then
    ``services.framework.current()``, which falls back to this one.
    """
    raw = json.loads(resource_path("ddat", "framework.json").read_text(encoding="utf-8"))
    return Framework(
        name=raw["framework"],
        version=raw["version"],
        families=tuple(
            RoleFamily(f["name"], tuple(r["name"] for r in f["roles"]), tuple(f["skills"]))
            for f in raw["role_families"]
        ),
        role_levels=tuple(raw["role_levels"]),
        skill_levels=tuple(level["key"] for level in raw["skill_levels"]),
        common_skills=tuple(raw["common_skills"]),
    )
