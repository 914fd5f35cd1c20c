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
