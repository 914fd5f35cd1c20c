"""The bundled font covers our names; user text is escaped; unprintable text is reported."""

from __future__ import annotations

import pytest

from tests.reports.corpus import AWKWARD, NAMES, SCRIPTS
from women_in_ddat.reports.fonts import printable, script_of
from women_in_ddat.reports.text import REPLACEMENT, TextGuard, escape


def test_the_font_has_a_glyph_for_every_character_of_the_name_corpus() -> None:
    missing = {char for first, last in NAMES for char in f"{first} {last}" if not printable(char)}
    assert missing == set()


def test_the_font_has_a_glyph_for_every_script_in_the_text_corpus() -> None:
    assert {c for text in SCRIPTS for c in text if not printable(c)} == set()


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("陈", "CJK"),
        ("ا", "ARABIC"),
        ("א", "HEBREW"),
        ("क", "DEVANAGARI"),
        ("👍", "emoji or symbol"),
    ],
)
def test_scripts_the_report_cannot_print_are_recognised(char: str, script: str) -> None:
    # No glyph (CJK, Devanagari, emoji), or right-to-left, which ReportLab lays out backwards.
    assert not printable(char)
    assert script_of(char) == script


def test_control_characters_are_not_printable() -> None:
    assert not any(printable(c) for c in "\x00\x07\x1b\x7f\x85")


@pytest.mark.parametrize("text", AWKWARD)
def test_escaped_text_holds_no_markup(text: str) -> None:
    markup = escape(text)
    # Only our own <br/> tags remain; every user '<' and '&' is an entity.
    without_breaks = markup.replace("<br/>", "")
    assert "<" not in without_breaks
    assert ">" not in without_breaks
    for entity in ("&amp;", "&lt;", "&gt;"):
        without_breaks = without_breaks.replace(entity, "")
    assert "&" not in without_breaks


def test_a_name_no_font_can_print_is_marked_and_listed_never_refused(no_fallback_font) -> None:
    guard = TextGuard()
    assert guard.name("陈美玲 Chen", "the mentee's name") == f"{REPLACEMENT * 3} Chen"
    assert guard.clean("Layla حداد", "the mentee's name") == f"Layla {REPLACEMENT * 4}"
    # Its bookmark and the document's properties keep it exactly (they need no font).
    assert guard.check_name("陈美玲", "the mentee's name") == "陈美玲"
    (warning,) = guard.warnings
    assert warning.startswith("7 characters in the mentee's name could not be printed")
    assert "ARABIC" in warning and "CJK" in warning
    assert "陈" not in warning and "حداد" not in warning


def test_the_same_name_printed_twice_is_counted_once(no_fallback_font) -> None:
    guard = TextGuard()
    guard.name("陈美玲", "the mentee's name")
    guard.clean("陈美玲", "the mentee's name")
    assert guard.warnings == [
        f"3 characters in the mentee's name could not be printed with the report font (CJK) "
        f"and show as {REPLACEMENT}."
    ]


def test_a_name_the_bundled_font_lacks_prints_in_a_font_that_has_it(cjk_fallback_font) -> None:
    guard = TextGuard()
    markup = guard.name("陈美玲 & Chen", "the mentee's name")
    assert markup == '<font name="Fallback0">陈美玲</font> &amp; Chen'
    assert guard.warnings == []
    # Right-to-left text is never printed by a fallback: ReportLab would lay it out backwards
    # (Arabic and Hebrew are shaped instead: see test_every_script.py; Syriac is not).
    assert guard.name("ܫܠܡܐ", "a name") == REPLACEMENT * 4
    assert len(guard.warnings) == 1


def test_printable_names_pass_through_unchanged() -> None:
    guard = TextGuard()
    for first, last in NAMES:
        assert guard.check_name(f"{first} {last}", "a name") == f"{first} {last}"
    assert guard.name("Tom & <Jerry>", "a name") == "Tom &amp; &lt;Jerry&gt;"


def test_free_text_keeps_what_prints_and_marks_the_rest_with_a_warning(no_fallback_font) -> None:
    guard = TextGuard()
    cleaned = guard.clean("Great session 👍 with 陈 & co", "milestone evidence")
    assert cleaned == f"Great session {REPLACEMENT} with {REPLACEMENT} & co"
    assert guard.text("a\nb", "the goals") == "a<br/>b"
    (warning,) = guard.warnings
    assert warning.startswith("2 characters in milestone evidence")
    assert "CJK" in warning and "emoji or symbol" in warning
    assert "Great session" not in warning and "👍" not in warning


def test_no_warning_when_everything_prints() -> None:
    guard = TextGuard()
    for text in AWKWARD:
        guard.clean(text, "the goals")
    assert guard.warnings == []
