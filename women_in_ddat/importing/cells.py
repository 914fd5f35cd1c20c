"""Turning one spreadsheet cell into the text or date it means.

A 100,000-row file has about a million cells, so the common case (plain
ASCII with nothing odd in it) takes a fast path that gives exactly what
``domain.values.clean_text`` gives (a property test holds them equal).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from women_in_ddat.domain.values import clean_text, parse_date

# In ASCII text clean_text changes only runs of spaces and the other
# whitespace characters (all unprintable); NFC and the invisible characters
# are all non-ASCII. So printable ASCII without a double space is clean.

Cell = str | int | float | bool | date | datetime | time | timedelta | None


def cell_text(value: Cell) -> str:
    """The cell as trimmed NFC text; numbers without a spurious ``.0``."""
    if value is None:
        return ""
    if type(value) is str:
        if value.isascii():
            text = value.strip()
            if text.isprintable() and "  " not in text:
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


def column_texts(rows: list[list[Cell]], index: int) -> list[str]:
    """cell_text of column ``index`` in every row: the import's innermost loop, kept inline."""
    texts: list[str] = []
    append = texts.append
    for row in rows:
        value = row[index] if index < len(row) else None
        if type(value) is str and value.isascii():
            text = value.strip()
            if text.isprintable() and "  " not in text:
                append(text)
                continue
        append(cell_text(value))
    return texts


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not cell_text(value))


def cell_date(value: Cell, *, excel_1904: bool) -> date | None:
    """A date from a date cell, a serial number, ISO or UK text. ValueError says why not."""
    if isinstance(value, time | timedelta):
        raise ValueError("a time, not a date")
    if isinstance(value, str):
        value = cell_text(value)
    try:
        return parse_date(value, excel_1904=excel_1904)
    except ValueError as exc:
        # parse_date's message quotes the cell; ours must not (it may be logged).
        if "not a real date" in str(exc):
            raise ValueError("not a real date") from None
        raise ValueError("not a date (write it as dd/mm/yyyy)") from None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
