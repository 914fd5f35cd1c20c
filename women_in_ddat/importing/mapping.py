"""Finding the header row and mapping a council's column names to our fields.

Matching is forgiving in a predictable order: the exact synonym, then the
same letters without spaces, then a close spelling ("Surename"). A header
that offers alternatives ("Role / job title", "Council or organisation")
is tried one alternative at a time. Each field takes one column; any column
it does not map is listed, never dropped silently, with the closest field
suggested.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from women_in_ddat.domain.values import clean_text
from women_in_ddat.importing.cells import Cell, cell_text, column_letter
from women_in_ddat.importing.fields import FIELD_BY_KEY, FIELDS
from women_in_ddat.importing.tables import Table

HEADER_SEARCH_ROWS = 30
_FUZZY_CUTOFF = 0.86

_SYNONYMS: dict[str, str] = {syn: f.key for f in FIELDS for syn in f.synonyms}
# "Role / job title", "Council or organisation", "Name & surname".
_ALTERNATIVES = re.compile(r"\s*[/&]\s*|\s+or\s+", re.IGNORECASE)
_SUGGEST_CUTOFF = 0.6
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


def header_alternatives(text: object) -> list[str]:
    """The alternatives a header offers, in its order: ['Role', 'job title']; [] if one."""
    parts = [part for part in _ALTERNATIVES.split(clean_text(text)) if header_key(part)]
    return parts if len(parts) > 1 else []


def match_alternatives(text: object, taken: Collection[str] = ()) -> tuple[str | None, int]:
    """The field one of the header's alternatives names, and how sure we are.

    Alternatives whose field another column already feeds are passed over;
    of the rest, the most specific (the one of most words; the first of
    equals) is the field: "Role / job title" is a job title, "Name & surname"
    a whole name.
    """
    found = []
    for order, part in enumerate(header_alternatives(text)):
        key, score = match_header(part)
        if key is not None and key not in taken:
            found.append((len(header_key(part).split()), -order, score, key))
    if not found:
        return None, 0
    *_, score, key = max(found)
    return key, score


def closest_field(text: object, taken: Collection[str] = ()) -> str | None:
    """The field whose name is nearest to a header that maps to none (None if none is near).

    Looser than mapping: a suggestion for the coordinator to accept or not,
    never a column imported on a guess.
    """
    named, _ = match_header(text)
    if named is None:
        named, _ = match_alternatives(text, taken)
    if named is not None and named not in taken:
        return named
    keys = [header_key(part) for part in header_alternatives(text)] or [header_key(text)]
    best: tuple[float, str] | None = None
    for key in filter(None, keys):
        words = set(key.split())
        for synonym, field_key in _SYNONYMS.items():
            if field_key in taken:
                continue
            ratio = difflib.SequenceMatcher(None, key, synonym).ratio()
            if words & set(synonym.split()) - {"name", "email", "date"}:
                ratio = max(ratio, 0.75)  # a word in common: "Council area" and "council"
            if ratio >= _SUGGEST_CUTOFF and (best is None or ratio > best[0]):
                best = (ratio, field_key)
    return best[1] if best else None


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

    def suggestions(self) -> dict[int, str]:
        """The closest field not yet fed, for each unmapped column that has one near."""
        taken = set(self.fields)
        found = {i: closest_field(self.headers[i], taken) for i in self.unmapped}
        return {i: key for i, key in found.items() if key}

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
    offering: list[int] = []
    for index, header in enumerate(headers):
        key, score = match_header(header)
        if key is None:
            if header_alternatives(header):
                offering.append(index)
            continue
        if key not in best or score > best[key][1]:
            best[key] = (index, score)
    # After the columns that name one field, so each alternative knows what they took.
    for index in offering:
        key, score = match_alternatives(headers[index], set(best))
        if key is not None:
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
