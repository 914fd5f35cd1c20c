"""The bundled Unicode font (DejaVu Sans), registered once per process.

ReportLab's built-in Helvetica has no glyphs for Ł, ễ, ş or Cyrillic and
prints black boxes instead, so every report uses DejaVu Sans, embedded as
a subset. ``printable`` says whether a character can be printed properly:
the font must have the glyph in both weights we use, and the character
must not belong to a right-to-left script, which ReportLab would lay out
in the wrong order.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"  # our own fixed wording only: it lacks some glyphs
FAMILY = "DejaVuSans"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


def register_fonts() -> None:
    """Register the font family with ReportLab (cheap after the first call)."""
    _register()


@lru_cache(maxsize=1)
def _register() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from women_in_ddat.errors import FileProblem
    from women_in_ddat.resources import resource_path

    with _lock:
        for name, filename in _FILES.items():
            path = resource_path("fonts", filename)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # missing or damaged font file
                raise FileProblem(
                    f"The report font {filename} is missing or damaged; reinstall the app."
                ) from exc
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD)


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def printable(char: str) -> bool:
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return False
    return code in _covered() and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT


def script_of(char: str) -> str:
    """A rough script name for messages ("CJK", "ARABIC", "emoji or symbol")."""
    name = unicodedata.name(char, "")
    if not name:
        return "control or unassigned"
    if unicodedata.category(char) in ("So", "Sk", "Sm"):
        return "emoji or symbol"
    first = name.split()[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else first
