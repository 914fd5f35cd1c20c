"""Both versions of a record two coordinators saved: what is stored now beside what this save holds.

A service that refuses a stale edit builds an ``EditConflict`` here from
the stored row and the submitted values, so the form can show a table of
the fields that differ and let the coordinator choose. Values are display
text for that table only; the message names fields, never values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm.exc import StaleDataError

from women_in_ddat.errors import Conflict, EditConflict, FieldDifference


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


def _in_a_sentence(caption: str) -> str:
    """ "Job title" reads "job title" mid-sentence; "I can…" and "DDaT role" stay as they are."""
    if caption[:2] == "I " or caption[1:2].isupper():
        return caption
    return caption[:1].lower() + caption[1:]


def edit_conflict(
    what: str, compared: Iterable[Compared], their_version: int, *, name_fields: bool = True
) -> EditConflict:
    """The refusal of a stale save of ``what`` (e.g. "outcome"), with both versions.

    ``name_fields=False`` keeps even the names of the differing fields out of
    the message, for special-category data such as equality answers.
    """
    fields = list(compared)
    differing = [c for c in fields if c.differs]
    captions = ", ".join(_in_a_sentence(c.caption) for c in differing)
    return EditConflict(
        f"This {what} was changed by someone else since you opened the record; nothing was saved. "
        + (
            f"Their version differs from yours in: {captions}. "
            if differing and name_fields
            else ""
        )
        + "Reload to see their version, then make your change again.",
        yours={c.name: c.yours for c in fields},
        theirs={c.name: c.theirs for c in fields},
        their_version=their_version,
        differences=tuple(
            FieldDifference(c.caption, c.shown(c.theirs), c.shown(c.yours)) for c in differing
        ),
    )


def refuse_if_stale(
    current_version: int, expected_version: int | None, build: Callable[[], EditConflict]
) -> None:
    """Raise ``build()`` when the edit began from another version than the one stored now."""
    if expected_version is not None and current_version != expected_version:
        raise build()


@contextmanager
def showing_both_versions(
    expected_version: int | None, build: Callable[[], EditConflict]
) -> Iterator[None]:
    """Turn a save that lost the race at its UPDATE into the same refusal with both versions.

    Another save may commit between this one's version check and its write;
    the version in the UPDATE's WHERE clause then matches no row
    (StaleDataError, reported by the database layer as a Conflict).
    ``build`` reads the record afresh, in its own session.
    """
    try:
        yield
    except EditConflict:
        raise
    except Conflict as exc:
        if expected_version is None or not isinstance(exc.__cause__, StaleDataError):
            raise
        raise build() from exc
