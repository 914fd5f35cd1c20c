"""Turning one spreadsheet cell into the text or date it means.

A 100,000-row file has about a million cells, so the common case (text
already in NFC with nothing odd in it) takes a fast path that gives exactly
what ``domain.values.clean_text`` gives (a property test holds them equal).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import cast

from women_in_ddat.domain.values import (
    EARLIEST_YEAR,
    IGNORABLE,
    LATEST_YEAR,
    clean_text,
    parse_date,
)

# Why the fast path is exact: clean_text is invisible characters removed,
# then NFC, runs of whitespace folded to one space, then a trim. For text
# already in NFC whose trimmed part is printable (so holds no whitespace but
# the plain space, and no invisible character but the few printable ones,
# which non-ASCII text is searched for) and has no double space, only the
# trim changes anything.

Cell = str | int | float | bool | date | datetime | time | timedelta | None

_is_normalized = unicodedata.is_normalized
_has_ignorable = IGNORABLE.search


def _is_plain_nfc(text: str) -> bool:
    """Non-ASCII text already in NFC with no invisible character to remove."""
    return _is_normalized("NFC", text) and _has_ignorable(text) is None


def cell_text(value: Cell) -> str:
    """The cell as trimmed NFC text; numbers without a spurious ``.0``."""
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
        if text.isprintable() and "  " not in text and (value.isascii() or _is_plain_nfc(value)):
            return text
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return clean_text(value)


def column_values(rows: list[list[Cell]], index: int) -> list[Cell]:
    """Column ``index`` of every row; a short row has None there."""
    if not rows or min(map(len, rows)) > index:
        return list(map(itemgetter(index), rows))
    return [row[index] if index < len(row) else None for row in rows]


def columns_of(rows: list[list[Cell]], indexes: list[int]) -> dict[int, list[Cell]]:
    """Columns ``indexes`` of every row, each as a list; a short row has None there."""
    if not rows or not indexes:
        return {index: [None] * len(rows) for index in indexes}
    if min(map(len, rows)) <= max(indexes):
        return {index: column_values(rows, index) for index in indexes}
    if len(indexes) == 1:
        return {indexes[0]: list(map(itemgetter(indexes[0]), rows))}
    # Every row is wide enough, so the transposed columns are all full length.
    by_row = map(itemgetter(*indexes), rows)
    return dict(zip(indexes, map(list, zip(*by_row, strict=True)), strict=True))


def column_texts(rows: list[list[Cell]], index: int) -> list[str]:
    """cell_text of column ``index`` in every row."""
    return clean_texts(column_values(rows, index))


def clean_texts(values: list[Cell]) -> list[str]:
    """cell_text of every value: the import's innermost loop, a column at a time."""
    types = set(map(type, values))
    if types == {str}:
        texts_only = cast("list[str]", values)  # every value's type was checked above
        if _all_clean_text(texts_only):
            return texts_only
    if types == {date}:  # a column of date cells
        return list(map(date.isoformat, cast("list[date]", values)))
    texts: list[str] = []
    append = texts.append
    for value in values:
        if type(value) is str:
            text = value.strip()
            if (
                text.isprintable()
                and "  " not in text
                and (value.isascii() or _is_plain_nfc(value))
            ):
                append(text)
                continue
        append(cell_text(value))
    return texts


def _all_clean_text(values: list[str]) -> bool:
    """True if every value is text that cell_text leaves as it is, checked in a few passes.

    Joined with NUL (never inside a value, counted to be sure): NUL is not
    whitespace, never composes in NFC, and is not printable, so the joined
    text is NFC exactly when every value is; and once every value is
    printable, the only whitespace left to trim is a plain space at either end.
    """
    if not values:
        return False
    joined = "\x00".join(values)
    return (
        joined.count("\x00") == len(values) - 1
        and joined.replace("\x00", "").isprintable()
        and "  " not in joined
        and " \x00" not in joined
        and "\x00 " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and (joined.isascii() or _is_plain_nfc(joined))
    )


def cell_date(value: Cell, *, excel_1904: bool) -> date | None:
    """A date from a date cell, a serial number, ISO or UK text. ValueError says why not."""
    if isinstance(value, time | timedelta):
        raise ValueError("a time, not a date")
    if isinstance(value, str):
        value = cell_text(value)
    try:
        return parse_date(value, excel_1904=excel_1904)
    except OverflowError:
        # A serial number past 31/12/9999 (the 1904 system's range ends
        # earlier than parse_date's check allows for).
        raise ValueError("not a date (write it as dd/mm/yyyy)") from None
    except ValueError as exc:
        # parse_date's message quotes the cell; ours must not (it may be logged).
        if "not a real date" in str(exc):
            raise ValueError("not a real date") from None
        if "check the year" in str(exc):
            raise ValueError(
                f"the year is not between {EARLIEST_YEAR} and {LATEST_YEAR} (check the year)"
            ) from None
        raise ValueError("not a date (write it as dd/mm/yyyy)") from None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
