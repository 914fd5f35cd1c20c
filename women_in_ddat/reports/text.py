"""Turning user text into safe Paragraph markup, printing every character that can be printed.

ReportLab reads a Paragraph's text as markup: an unescaped ``<img src=..>``
would pull a local file into the report, ``<a href=..>`` would make a link,
``<font>`` a style, and a stray ``&`` or ``<`` would stop the report. So no
user string reaches a Paragraph except through ``TextGuard``, which escapes
it and checks every character against the report font.

No report is ever refused because of a name. Arabic, Urdu, Hebrew and the
Indic scripts are shaped into glyph codes of their own font (shaping.py);
a character the main font lacks is printed in a fallback font that has it
(see fonts.py); one no font here can print (Korean on a computer without a
Korean font, say, or an emoji newer than the bundled emoji font) is shown
as U+FFFD, and the report lists, by field and script, what could not be
printed (``warnings``), so a reader knows that the records hold more than
the page shows. Plain text (``clean``, drawn straight on the canvas) takes
no shaping: there those scripts are marked and listed too.

Messages never quote the text itself: it is personal data.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from women_in_ddat.domain.wording import counted
from women_in_ddat.reports.fonts import (
    fallback_font,
    joins_run,
    printable,
    script_of,
    shaped_script,
)

REPLACEMENT = "\ufffd"
# Direction marks, embeddings, overrides and isolates: invisible, and the layout they would
# steer is done by shaping.py. Left out of the page, like a skin tone after an emoji.
_DIRECTION_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Paragraph markup that prints ``text`` literally, line breaks kept."""
    return text.translate(_ESCAPES).replace("\r\n", "\n").replace("\n", "<br/>")


def name_character(char: str) -> bool:
    """For file names: a letter, digit or mark (vowel signs and viramas belong to their word)."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def _is_plain(text: str) -> bool:
    # Printable ASCII is always in the font: skip the per-character check.
    return text.isascii() and text.isprintable()


def _run_end(value: str, start: int, script: str) -> int:
    """Where the run of ``script`` text beginning at ``start`` ends (spaces inside it kept)."""
    end = start + 1
    i = end
    while i < len(value) and (joins_run(value[i]) or shaped_script(value[i]) == script):
        i += 1
        if not joins_run(value[i - 1]):
            end = i
    return end


class TextGuard:
    """Escapes user text for one report and collects what could not be printed."""

    def __init__(self) -> None:
        # (field, text) -> characters not printed, by script. Kept per text so that a
        # name shown in a heading and again in the page header counts once, as the
        # most that was lost in any one place.
        self._lost: dict[tuple[str, str], Counter[str]] = {}
        # Set by a report that lists the warnings itself (the subject access cover).
        self.warnings_listed = False

    def _pieces(self, value: str, what: str, *, fallback: bool) -> list[tuple[str | None, str]]:
        """(font or None for the main one, text) runs; unprintable characters replaced.

        With ``fallback`` (markup), scripts that need shaping come back as glyph codes in
        their own font (see shaping.py); plain text cannot hold them.
        """
        lost: Counter[str] = Counter()
        runs: list[tuple[str | None, str]] = []

        def add(font: str | None, shown: str) -> None:
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + shown)
            else:
                runs.append((font, shown))

        i = 0
        while i < len(value):
            char = value[i]
            script = shaped_script(char) if fallback else None
            if script is not None:
                end = _run_end(value, i, script)
                from women_in_ddat.reports.shaping import shape  # HarfBuzz only when needed

                shaped = shape(value[i:end], script)
                if shaped is not None:
                    add(shaped.font, shaped.codes)
                    for missing in shaped.missing:
                        lost[script_of(missing)] += 1
                    i = end
                    continue
            i += 1
            if char in _DIRECTION_CONTROLS or (i > 1 and "\U0001f3fb" <= char <= "\U0001f3ff"):
                continue  # a skin tone has no meaning in black: the emoji before it shows
            font: str | None = None
            in_font = char in "\n\t" or printable(char)
            if in_font or (fallback and (font := fallback_font(char)) is not None):
                add(font, char)
            else:
                add(None, REPLACEMENT)
                lost[script_of(char)] += 1
        if lost:
            held = self._lost.setdefault((what, value), Counter())
            for script, n in lost.items():
                held[script] = max(held[script], n)
        return runs

    def check_name(self, value: str, what: str) -> str:
        """A name exactly as stored, for the PDF's bookmarks and properties (no font needed).

        For the page itself use ``name`` (markup) or ``clean`` (plain text).
        """
        return value

    def name(self, value: str, what: str) -> str:
        """A name as Paragraph markup."""
        return self.text(value, what)

    def clean(self, value: str, what: str) -> str:
        """Plain text in the main font (no markup), unprintable characters replaced."""
        if _is_plain(value):
            return value
        return "".join(text for _, text in self._pieces(value, what, fallback=False)).replace(
            "\t", " "
        )

    def text(self, value: str, what: str) -> str:
        """Free text (or a name) as Paragraph markup, in a fallback font where needed."""
        if _is_plain(value):
            return escape(value)
        out = []
        for font, text in self._pieces(value, what, fallback=True):
            markup = escape(text.replace("\t", " "))
            out.append(markup if font is None else f'<font name="{font}">{markup}</font>')
        return "".join(out)

    @property
    def warnings(self) -> list[str]:
        by_field: dict[str, set[str]] = {}
        counts: Counter[str] = Counter()
        for (what, _text), lost in self._lost.items():
            by_field.setdefault(what, set()).update(lost)
            counts[what] += sum(lost.values())
        return [
            f"{counted(counts[what], 'character')} in {what} could not be printed with the "
            "report font "
            f"({', '.join(sorted(scripts))}) and show as {REPLACEMENT}."
            for what, scripts in sorted(by_field.items())
        ]
