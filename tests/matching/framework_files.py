"""Small CSV files shaped like the framework's official downloads."""

from __future__ import annotations

import csv
from pathlib import Path

ROLE_HEADER = (
    "Role family", "Role", "Role description", "Role level", "Role level description",
    "Skill name", "Skill description", "Skill level", "Skill level description", "Role type",
)  # fmt: skip

BA_LEVELS = {
    "Junior business analyst": {"Business analysis": "working", "Stakeholder relationship management": "awareness"},
    "Business analyst": {"Business analysis": "practitioner", "Stakeholder relationship management": "working"},
    "Senior business analyst": {"Business analysis": "practitioner", "Stakeholder relationship management": "practitioner", "Business modelling": "practitioner"},
    "Head of business analysis": {"Business analysis": "expert", "Stakeholder relationship management": "expert"},
}  # fmt: skip


def role_rows() -> list[list[str]]:
    rows = []
    for level, skills in BA_LEVELS.items():
        for skill, skill_level in skills.items():
            rows.append(
                ["Product and delivery", "business analyst", "Analyses business needs.", level,
                 f"{level} does things.", skill, f"About {skill}.", skill_level, "What it means.", "Non-SCS"]
            )  # fmt: skip
    rows.append(
        ["Data", "data scientist", "Finds insight.", "Senior data scientist", "", "Statistical methods",
         "Stats.", "Practitioner", "", "Non-SCS"]
    )  # fmt: skip
    return rows


def write_roles(path: Path, rows: list[list[str]] | None = None, *, encoding: str = "utf-8-sig",
                header: tuple[str, ...] = ROLE_HEADER) -> Path:  # fmt: skip
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(role_rows() if rows is None else rows)
    return path


def write_skills(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Skill name", "Skill description", "Awareness", "Working", "Practitioner", "Expert"]
        )
        writer.writerow(
            [
                "Business analysis",
                "Analysing needs.",
                "Knows it.",
                "Does it.",
                "Shares it.",
                "Leads it.",
            ]
        )
        writer.writerow(["Statistical methods", "Stats.", "a", "b", "c", "d"])
    return path
