"""Finding the header row and mapping a council's column names to our fields.

Matching is forgiving in a predictable order: the exact synonym, then the
same letters without spaces, then a close spelling ("Surename"). Each field
takes one column; any column it does not map is listed, never dropped
silently.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from women_in_ddat.domain.values import clean_text
from women_in_ddat.importing.cells import Cell, cell_text, column_letter
from women_in_ddat.importing.fields import FIELD_BY_KEY, FIELDS
from women_in_ddat.importing.tables import Table

HEADER_SEARCH_ROWS = 30
_FUZZY_CUTOFF = 0.86

_SYNONYMS: dict[str, str] = {syn: f.key for f in FIELDS for syn in f.synonyms}
_SQUASHED: dict[str, str] = {syn.replace(" ", ""): key for syn, key in _SYNONYMS.items()}


def header_key(text: object) -> str:
    """'E-mail Address *' -> 'email address'; '(dd/mm/yyyy)' notes dropped."""
    key = clean_text(text).casefold()
    key = re.sub(r"\(.*?\)|\[.*?\]", " ", key)
    key = re.sub(r"\be[\s_-]?mail", "email", key)
    key = re.sub(r"[\W_]+", " ", key)
    return " ".join(key.split())


def match_header(text: object) -> tuple[str | None, int]:
    """The field a header names, and how sure we are (3 exact, 2 squashed, 1 close, 0 none)."""
    return _match_key(header_key(text))


@lru_cache(maxsize=4096)
def _match_key(key: str) -> tuple[str | None, int]:
    if not key:
        return None, 0
    if key in _SYNONYMS:
        return _SYNONYMS[key], 3
    squashed = key.replace(" ", "")
    if squashed in _SQUASHED:
        return _SQUASHED[squashed], 2
    # Spelling slips are forgiven in header-like text only: the header search
    # also reads data rows, and names, emails and dates never need it.
    if 5 <= len(squashed) <= 40 and squashed.isalpha():
        close = difflib.get_close_matches(squashed, list(_SQUASHED), n=1, cutoff=_FUZZY_CUTOFF)
        if close:
            return _SQUASHED[close[0]], 1
    return None, 0


@dataclass
class ColumnMapping:
    """Which column (index in the row) feeds which field."""

    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    first_column: int = 0

    @property
    def unmapped(self) -> list[int]:
        used = set(self.fields.values())
        return [i for i, h in enumerate(self.headers) if h and i not in used]

    def column_label(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        letter = column_letter(self.first_column + index)
        return f"{letter} ({header})" if header else letter

    def field_label(self, key: str) -> str:
        index = self.fields.get(key)
        return self.column_label(index) if index is not None else FIELD_BY_KEY[key].label

    @property
    def layout_signature(self) -> str:
        """Same headers in the same order: the same source layout."""
        joined = "\x1f".join(header_key(h) for h in self.headers)
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:24]


def map_headers(cells: list[Cell], first_column: int = 0) -> ColumnMapping:
    headers = [cell_text(c) for c in cells]
    while headers and not headers[-1]:
        headers.pop()
    mapping = ColumnMapping(headers=headers, first_column=first_column)
    best: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        key, score = match_header(header)
        if key is None:
            continue
        if key not in best or score > best[key][1]:
            best[key] = (index, score)
    mapping.fields = {
        key: index for key, (index, _) in sorted(best.items(), key=lambda kv: kv[1][0])
    }
    return mapping


@dataclass(frozen=True)
class HeaderFound:
    row_index: int
    mapping: ColumnMapping


def find_header(table: Table) -> HeaderFound | None:
    """The row (among the first 30) that maps the most fields and has an email column.

    One mapped field is not a header (a notes sheet may say "Email" in a
    sentence's first cell) unless "Email" is all the row holds.
    """
    best: HeaderFound | None = None
    best_count = 0
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if not any(isinstance(c, str) and c.strip() for c in row):
            continue
        mapping = map_headers(row, table.first_column)
        count = len(mapping.fields)
        if "email" not in mapping.fields or count <= best_count:
            continue
        if count == 1 and sum(1 for h in mapping.headers if h) > 1:
            continue
        best, best_count = HeaderFound(index, mapping), count
    return best
