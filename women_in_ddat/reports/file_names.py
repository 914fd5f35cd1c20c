"""File names made from people's and cohorts' names, without loading the PDF machinery.

The Reports page suggests a file name as soon as something is chosen: taking
``slug`` from ``reports.batch`` loaded ReportLab on the GUI thread.
"""

from __future__ import annotations

import re
import unicodedata

from women_in_ddat.reports.text import name_character

_DASHES = re.compile(r"-{2,}")


def slug(text: str, limit: int = 40) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    kept = _DASHES.sub("-", "".join(c if name_character(c) else "-" for c in text))
    return kept.strip("-_")[:limit].strip("-_")


def readable_stem(text: str, fallback: str) -> str:
    """A file name an email attachment can carry, still reading as ``text`` does."""
    kept = "".join(c if c.isalnum() or c in " -'_" else "_" for c in text).strip()
    return kept[:80] or fallback
