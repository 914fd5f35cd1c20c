"""Searching log files for the names and emails our tests use."""

from __future__ import annotations

from pathlib import Path


def fixture_needles() -> set[str]:
    """Every name and email the demo programme and test fixtures put in a database."""
    from women_in_ddat.services.demo import MENTEE_NAMES, MENTOR_NAMES, ORGANISATIONS, _email

    needles: set[str] = set()
    orgs = [o[0] for o in ORGANISATIONS]
    for first, last in MENTEE_NAMES + MENTOR_NAMES:
        needles.update({last, f"{first} {last}"})
        if len(first) > 3:
            needles.add(first)
        for org in orgs:
            needles.add(_email(first, last, org))
    return {n for n in needles if len(n) >= 4}


def find_personal_data(root: Path, needles: set[str]) -> list[tuple[Path, str]]:
    found = []
    for path in root.rglob("*.log*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found.extend((path, needle) for needle in sorted(needles) if needle in text)
    return found
