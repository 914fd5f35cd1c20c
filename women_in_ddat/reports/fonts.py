"""The report fonts: DejaVu Sans, the shaped scripts' Noto fonts, and fallbacks.

ReportLab's built-in Helvetica has no glyphs for Ł, ễ, ş or Cyrillic and
prints black boxes instead, so every report uses DejaVu Sans, embedded as
a subset. ``printable`` says whether DejaVu can print a character: the
font must have the glyph in both weights we use, and the character must
not belong to a right-to-left script, which ReportLab would lay out in the
wrong order.

Arabic (with Urdu), Hebrew, Devanagari, Bengali, Gurmukhi, Gujarati and
Tamil are shaped and printed in a bundled Noto font (``SHAPED_SCRIPTS``;
see shaping.py). For any other character DejaVu lacks, ``fallback_font``
names a TrueType font that has it: one bundled in
``resources/fonts/fallback/`` (Chinese and Japanese, emoji in black) or
one found in the usual system places (looked for only when such a
character turns up). A character no font here can print is left to the
caller to mark as not printed. packaging/report_fonts.py made the bundled
fonts; their licences are beside them.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

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


# Scripts that need shaping (see shaping.py): name -> (font file in resources/fonts/scripts,
# right to left, Unicode blocks). Their characters never go to DejaVu or a fallback font.
SHAPED_SCRIPTS: dict[str, tuple[str, bool, tuple[tuple[int, int], ...]]] = {
    "ARABIC": (
        "NotoSansArabic-Regular.ttf",
        True,
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    "HEBREW": ("NotoSansHebrew-Regular.ttf", True, ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    "DEVANAGARI": ("NotoSansDevanagari-Regular.ttf", False, ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    "BENGALI": ("NotoSansBengali-Regular.ttf", False, ((0x0980, 0x09FF),)),
    "GURMUKHI": ("NotoSansGurmukhi-Regular.ttf", False, ((0x0A00, 0x0A7F),)),
    "GUJARATI": ("NotoSansGujarati-Regular.ttf", False, ((0x0A80, 0x0AFF),)),
    "TAMIL": ("NotoSansTamil-Regular.ttf", False, ((0x0B80, 0x0BFF),)),
}
_JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner: inside a word


def shaped_script(char: str) -> str | None:
    """The script needing shaping that ``char`` belongs to, if any."""
    code = ord(char)
    if code < 0x0590:  # Latin, Greek, Cyrillic and the rest: no shaping, found quickly
        return None
    for script, (_file, _rtl, blocks) in SHAPED_SCRIPTS.items():
        if any(low <= code <= high for low, high in blocks):
            return script
    return None


def joins_run(char: str) -> bool:
    """Whether ``char`` may sit inside a run of shaped text without ending it."""
    return char == " " or char in _JOINERS


def script_of(char: str) -> str:
    """A rough script name for messages ("CJK", "ARABIC", "emoji or symbol")."""
    name = unicodedata.name(char, "")
    if not name:
        return "control or unassigned"
    if unicodedata.category(char) in ("So", "Sk", "Sm"):
        return "emoji or symbol"
    first = name.split()[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else first


# TrueType fonts with wide coverage that systems commonly have (ReportLab reads
# TrueType outlines only, so OpenType/CFF fonts such as Noto Sans CJK are not here).
_SYSTEM_FALLBACKS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
    "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "{windir}/Fonts/msyh.ttc",
    "{windir}/Fonts/simsun.ttc",
    "{windir}/Fonts/msgothic.ttc",
    "{windir}/Fonts/malgun.ttf",
    "{windir}/Fonts/ARIALUNI.TTF",
)


def _fallback_files() -> list[Path]:
    from women_in_ddat.resources import resource_path

    bundled = resource_path("fonts", "fallback")
    found = sorted(bundled.glob("*.tt[fc]")) if bundled.is_dir() else []
    windir = os.environ.get("WINDIR", "C:/Windows")
    found += [Path(p.format(windir=windir)) for p in _SYSTEM_FALLBACKS]
    return [path for path in found if path.is_file()]


@lru_cache(maxsize=1)
def _fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """(registered font name, code points it has) for each fallback font that loads."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from women_in_ddat.reports.text_layer import TextLayerFont

    register_fonts()
    loaded = []
    with _lock:
        for number, path in enumerate(_fallback_files()):
            name = f"Fallback{number}"
            try:
                # Emoji lie beyond U+FFFF: only this font's text layer keeps them.
                font = TextLayerFont(name, str(path), subfontIndex=0)
            except Exception:  # a font we cannot read is simply not used
                continue
            pdfmetrics.registerFont(font)
            # One face for every weight and slant: <b> inside it must not fail.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(name, bold, italic, name)
            loaded.append((name, frozenset(font.face.charToGlyph)))
    return tuple(loaded)


def fallback_font(char: str) -> str | None:
    """A registered font that prints ``char`` (the main font lacks it), if there is one."""
    code = ord(char)
    if code < 0x20 or unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
        return None
    for name, covered in _fallbacks():
        if code in covered:
            return name
    return None
