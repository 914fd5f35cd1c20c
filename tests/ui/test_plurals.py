"""Counts agree with their nouns: "1 mentee", never "1 mentees"."""

from __future__ import annotations

import re
from pathlib import Path

from women_in_ddat.ui.text import counted

UI = Path(__file__).resolve().parents[2] / "women_in_ddat" / "ui"
# A number straight into a plural noun in an f-string: "{n} mentees".
BARE_PLURAL = re.compile(
    r"\{[^{}]+\} (mentees|mentors|people|matches|milestones|sessions|cohorts|outcomes|rows)\b"
)


def test_counted_agrees_with_the_number() -> None:
    assert counted(1, "mentee") == "1 mentee"
    assert counted(2, "mentee") == "2 mentees"
    assert counted(1, "person", "people") == "1 person"
    assert counted(0, "person", "people") == "0 people"
    assert counted(1200, "row") == "1,200 rows"


def test_no_page_puts_a_bare_number_before_a_plural() -> None:
    found = []
    for path in UI.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if BARE_PLURAL.search(line) and "!= 1" not in line and "== 1" not in line:
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert found == []
