"""What a search box compares: text case-folded, accents removed, special letters spelt out.

Kept in the domain so the database can fold the same way (``storage``
registers ``fold_for_search`` as an SQLite function): ``Zoe`` finds ``Zoë``
and ``lukasiewicz`` finds ``Łukasiewicz`` whether a page filters in memory
or in SQL.
"""

from __future__ import annotations

import unicodedata

# Letters that Unicode decomposition leaves alone but nobody types on a UK keyboard.
_LETTER_FOLDS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h", "ŀ": "l"}
)


def fold_for_search(text: str) -> str:
    """Lower-case, accents removed, special letters spelt out: what search compares."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in folded if not unicodedata.combining(c))
    return stripped.translate(_LETTER_FOLDS)


def search_words(text: str) -> list[str]:
    return fold_for_search(text).split()
