"""Turning user text into safe Paragraph markup, and checking it can be printed.

ReportLab reads a Paragraph's text as markup: an unescaped ``<img src=..>``
would pull a local file into the report, ``<a href=..>`` would make a link,
``<font>`` a style, and a stray ``&`` or ``<`` would stop the report. So no
user string reaches a Paragraph except through ``TextGuard``, which escapes
it and checks every character against the bundled font:

- in a name (a person, organisation, cohort or programme) a character the
  font lacks stops that report with a message saying which name and which
  script: a name printed wrongly is worse than no report;
- in free text (goals, evidence, outcomes) it is replaced by U+FFFD and
  the report carries a warning, so one emoji in a note never blocks a
  mentee's summary.

Messages never quote the text itself: it is personal data.
"""

from __future__ import annotations

from collections import Counter

from women_in_ddat.errors import InvalidInput
from women_in_ddat.reports.fonts import printable, script_of

REPLACEMENT = "\ufffd"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class UnprintableName(InvalidInput):
    """A name holds characters the report font cannot print; nothing was written."""


def escape(text: str) -> str:
    """Paragraph markup that prints ``text`` literally, line breaks kept."""
    return text.translate(_ESCAPES).replace("\r\n", "\n").replace("\n", "<br/>")


def _is_plain(text: str) -> bool:
    # Printable ASCII is always in the font: skip the per-character check.
    return text.isascii() and text.isprintable()


class TextGuard:
    """Escapes user text for one report and collects what could not be printed."""

    def __init__(self) -> None:
        self._replaced: Counter[tuple[str, str]] = Counter()

    def check_name(self, value: str, what: str) -> str:
        """``value`` unchanged if every character prints; else UnprintableName."""
        if _is_plain(value):
            return value
        bad = [c for c in value if not printable(c)]
        if bad:
            scripts = ", ".join(sorted({script_of(c) for c in bad}))
            raise UnprintableName(
                f"The report was not written: {what} uses characters the report font "
                f"cannot print ({scripts}). Nothing was written.",
                {what: f"characters the report font cannot print ({scripts})"},
            )
        return value

    def name(self, value: str, what: str) -> str:
        """A name as Paragraph markup."""
        return escape(self.check_name(value, what))

    def clean(self, value: str, what: str) -> str:
        """Free text with unprintable characters replaced (not escaped)."""
        if _is_plain(value):
            return value
        out = []
        for char in value:
            if char in "\n\t" or printable(char):
                out.append(char)
            else:
                self._replaced[(what, script_of(char))] += 1
                out.append(REPLACEMENT)
        return "".join(out).replace("\t", " ")

    def text(self, value: str, what: str) -> str:
        """Free text as Paragraph markup."""
        return escape(self.clean(value, what))

    @property
    def warnings(self) -> list[str]:
        by_field: dict[str, list[str]] = {}
        counts: Counter[str] = Counter()
        for (what, script), n in self._replaced.items():
            by_field.setdefault(what, []).append(script)
            counts[what] += n
        return [
            f"{counts[what]} character(s) in {what} could not be printed with the report font "
            f"({', '.join(sorted(scripts))}) and show as {REPLACEMENT}."
            for what, scripts in sorted(by_field.items())
        ]
