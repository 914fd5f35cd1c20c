"""Both versions of a record two coordinators saved: what is stored now beside what this save holds.

A service that refuses a stale edit builds an ``EditConflict`` here from
the stored row and the submitted values, so the form can show a table of
the fields that differ and let the coordinator choose. Values are display
text for that table only; the message names fields, never values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from women_in_ddat.errors import EditConflict, FieldDifference


def as_display(value: object) -> str:
    """A stored or submitted value as a coordinator reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(as_display(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Compared:
    """One field of the record: its name, its caption on the form, and both values."""

    name: str
    caption: str
    theirs: object
    yours: object
    shown: Callable[[object], str] = as_display

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


def edit_conflict(what: str, compared: Iterable[Compared], their_version: int) -> EditConflict:
    """The refusal of a stale save of ``what`` (e.g. "outcome"), with both versions."""
    fields = list(compared)
    differing = [c for c in fields if c.differs]
    captions = ", ".join(c.caption.lower() for c in differing)
    return EditConflict(
        f"This {what} was changed by someone else since you opened the record; nothing was saved. "
        + (f"Their version differs from yours in: {captions}. " if differing else "")
        + "Reload to see their version, then make your change again.",
        yours={c.name: c.yours for c in fields},
        theirs={c.name: c.theirs for c in fields},
        their_version=their_version,
        differences=tuple(
            FieldDifference(c.caption, c.shown(c.theirs), c.shown(c.yours)) for c in differing
        ),
    )
