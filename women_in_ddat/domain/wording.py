"""Words that agree with a number, the same in the app, the command line and the reports."""

from __future__ import annotations


def noun(count: int, one: str, many: str = "") -> str:
    """The noun alone that agrees with ``count``: "mentee", "mentees"; "person", "people"."""
    return one if count == 1 else (many or one + "s")


def counted(count: int, one: str, many: str = "") -> str:
    """``count`` with the noun it agrees with: "1 mentee", "2 mentees", "1 person", "3 people"."""
    return f"{count:,} {noun(count, one, many)}"
