"""The apostrophe a CSV export puts before text that a spreadsheet would run as a formula.

A CSV cell holding ``=SUM(A1)``, ``+44 1245 000000`` or ``-Dash`` would be
read by a spreadsheet program as a formula, so the CSV export writes it as
``'=SUM(A1)``: the program shows the text and runs nothing. The import then
takes that apostrophe off again, so an export read back gives what was
stored.

To keep the prefix unambiguous, text that already begins with apostrophes
followed by a formula character (``'=x`` as typed) gets one more (``''=x``),
and the import removes exactly one apostrophe from any cell that is
apostrophes followed by a formula character. Text with an apostrophe
anywhere else (``'Tis``, ``O'Neill``) is never touched either way.

xlsx exports need none of this: their text cells are text cells, which no
spreadsheet program runs.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_guarded_form(text: str) -> bool:
    """Apostrophes (any number, even none) then a formula character."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """Text made safe to open in a spreadsheet program; anything else unchanged."""
    if isinstance(value, str) and _is_guarded_form(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text ``neutralise`` was given (text it would not have written is unchanged)."""
    if text.startswith("'") and _is_guarded_form(text):
        return text[1:]
    return text
