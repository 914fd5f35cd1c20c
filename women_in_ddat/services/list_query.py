"""One shape for every long list page: count, and one window of frozen rows, filtered and sorted in SQL.

A page at 100,000 people may stand over 600,000 milestones: it never loads
them. It holds a small query object (``MilestoneList``, ``MatchList``...)
scoped to what the page shows (a cohort, one person, open only) and asks it,
off the GUI thread, for how many rows match a ``ListSpec`` (the words typed
and the column sorted on) and for the rows of one window. The UI's one lazy
table model (``ui/models/lazy.py``) is fed by any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sqlalchemy import String, and_, case, func, literal, or_

from women_in_ddat.domain.search_text import search_words
from women_in_ddat.storage.database import Database

R_co = TypeVar("R_co", covariant=True)

# The SQLite function storage registers on every connection (storage.preflight).
_SQLITE_FOLD = "wid_fold"


@dataclass(frozen=True)
class ListSpec:
    """What the coordinator asked of a list: the words typed and the column sorted on."""

    text: str = ""
    sort: str | None = None  # one of the query's ``sorts``; None: the query's own order
    descending: bool = False


class ListQuery(Protocol[R_co]):
    """A list page's rows, scoped (cohort, person, ...) when it was made."""

    sorts: frozenset[str]

    def count(self, spec: ListSpec) -> int: ...

    def window(self, spec: ListSpec, offset: int, limit: int) -> Sequence[R_co]: ...


def folded(db: Database, column: Any) -> Any:
    """``column`` as search compares it: case and (on SQLite) accents folded."""
    if db.engine.dialect.name == "sqlite":
        return getattr(func, _SQLITE_FOLD)(column, type_=String)
    return func.lower(column)


def _like_anywhere(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def words_match(
    db: Database,
    text: str,
    columns: Sequence[Any],
    also: Callable[[str], Sequence[Any]] = lambda _word: (),
) -> Any:
    """Every word typed is in one of ``columns``, or meets one of ``also(word)`` (true when nothing is typed)."""
    words = search_words(text)
    if not words:
        return literal(True)
    haystacks = [folded(db, column) for column in columns]
    return and_(
        *(
            or_(
                *(hay.like(_like_anywhere(word), escape="\\") for hay in haystacks),
                *also(word),
            )
            for word in words
        )
    )


def labels_sql(column: Any, labelled: type[StrEnum]) -> Any:
    """A coded column as the words a page shows for it (its enum's labels): to sort and search by."""
    return case(
        *((column == member.value, getattr(member, "label", member.value)) for member in labelled),
        else_=column,
    )


def ordered(column: Any, descending: bool, row_id: Any) -> list[Any]:
    """Sorted on ``column`` with blanks last either way, ties in the order of ``row_id``."""
    if descending:
        return [column.is_(None), column.desc(), row_id.desc()]
    return [column.is_(None), column, row_id]
