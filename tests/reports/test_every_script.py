"""Names in every script of the UK's workforce print, and come back from the PDF's text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate

from tests.reports.pdf_tools import squash
from women_in_ddat.domain.enums import ParticipantRole, ParticipationStatus
from women_in_ddat.reports.batch import slug
from women_in_ddat.reports.fonts import REGULAR, register_fonts
from women_in_ddat.reports.questionnaire_forms import form_file_name, write_form
from women_in_ddat.reports.text import REPLACEMENT, TextGuard
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.questionnaires import FormToWrite

KENT = "Top Talent Kent 2026"

# (script, first name, last name): joined and right-to-left scripts, conjuncts and reordered
# vowel signs (प्रि, क्ष, র্তী, ਪ੍ਰੀ), lam-alef (الله) and a name of more than one word.
NAMES = [
    ("Latin", "Zoë", "Łukasiewicz-Nguyễn"),
    ("Greek", "Ελένη", "Παπαδοπούλου"),
    ("Cyrillic", "Ольга", "Петрова"),
    ("Arabic", "فاطمة", "عبدالله"),
    ("Urdu", "عائشہ", "ملک"),
    ("Hebrew", "שרה", "לוי"),
    ("Devanagari", "प्रियंका", "क्षत्रिय"),
    ("Bengali", "সুস্মিতা", "চক্রবর্তী"),
    ("Gurmukhi", "ਹਰਪ੍ਰੀਤ", "ਕੌਰ"),
    ("Gujarati", "પ્રિયા", "પટેલ"),
    ("Tamil", "கிருத்திகா", "சுப்ரமணியம்"),
    ("Chinese", "美玲", "陈"),
]
NOTE = "Grow my network 👍 🎉 and lead a project ✨"


def _pdf_text(markup: list[str], path: Path, width: float | None = None) -> list[str]:
    """The lines pypdf reads from ``markup`` printed in a frame ``width`` points wide."""
    register_fonts()
    style = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=16)
    margins = {"leftMargin": 595 - 72 - width} if width else {}
    SimpleDocTemplate(str(path), **margins).build([Paragraph(m, style) for m in markup])
    return PdfReader(path).pages[0].extract_text().splitlines()


def test_every_script_reads_back_from_the_text_of_the_page(tmp_path: Path) -> None:
    guard = TextGuard()
    texts = [f"{first} {last}" for _script, first, last in NAMES]
    # Mixed with English on one line, and one after another (pypdf carries the direction on).
    # Not ", Kent" straight after right-to-left text: pypdf's reading order then puts the
    # comma before the space (the page is right; only the reading of it differs).
    texts += [f"Mentor: {text} of Kent" for text in texts] + [NOTE]
    lines = _pdf_text([guard.text(t, "a name") for t in texts], tmp_path / "names.pdf")
    assert lines == texts
    assert guard.warnings == []


def test_a_right_to_left_name_stays_on_one_line_and_a_long_passage_breaks_between_words(
    tmp_path: Path,
) -> None:
    guard = TextGuard()
    name = "فاطمة الزهراء عبدالله"
    # The frame holds her name, but not after "Mentor:": broken there, her surname would
    # print above her first name. It moves to the next line whole.
    shaped = guard.name(name, "a name")
    codes = shaped.removeprefix('<font name="ShapedArabic">').removesuffix("</font>")
    width = stringWidth(codes, "ShapedArabic", 11) + 12
    markup = "Mentor: " + shaped
    assert _pdf_text([markup], tmp_path / "name.pdf", width) == ["Mentor:", name]
    words = ["أريد", "أن", "أطور", "مهاراتي", "في", "تحليل", "البيانات", "وأن", "أقود", "مشروعا"]
    words += ["كبيرا", "في", "المجلس", "خلال", "العام", "القادم"]
    lines = _pdf_text([guard.text(" ".join(words), "a note")], tmp_path / "note.pdf", 150)
    assert len(lines) > 1
    # Every line holds whole words, in order (the lines themselves read bottom up).
    for line in lines:
        assert line in " ".join(words), line
    assert sorted(w for line in lines for w in line.split()) == sorted(words)


def test_a_character_no_font_has_is_marked_and_listed_and_the_rest_prints(
    tmp_path: Path, no_fallback_font
) -> None:  # type: ignore[no-untyped-def]
    guard = TextGuard()
    name = "فاطمة 한가람 Smith"  # Korean: no bundled font has it
    (line,) = _pdf_text([guard.name(name, "the mentee's name")], tmp_path / "one.pdf")
    assert line == f"فاطمة {REPLACEMENT * 3} Smith"
    (warning,) = guard.warnings
    assert warning.startswith("3 characters in the mentee's name could not be printed")
    assert "CJK" in warning and "한" not in warning


@pytest.fixture
def mentee(demo_services, request):  # type: ignore[no-untyped-def]
    """A completed mentee in Kent named in the parametrised script; her email."""
    _script, first, last = request.param
    email = f"{_script.lower()}@kent.gov.uk"
    person = demo_services.people.create(
        PersonInput(
            email=email,
            first_name=first,
            last_name=last,
            organisation="Kent County Council",
            consent_to_store=True,
            consent_to_share_with_sponsor=True,
        )
    )
    cohort = demo_services.cohorts.by_name(KENT)
    demo_services.cohorts.add_participant(
        cohort.id,
        person.id,
        ParticipantRole.MENTEE,
        status=ParticipationStatus.COMPLETED,
        goals=NOTE,
    )
    return email, f"{first} {last}"


@pytest.mark.parametrize("mentee", NAMES, indirect=True, ids=[n[0] for n in NAMES])
def test_her_summary_and_certificate_hold_her_name(demo_services, run_report, mentee) -> None:  # type: ignore[no-untyped-def]
    email, name = mentee
    texts = {}
    for kind in ("person", "certificate"):
        # Kent has a required event she was not at: her certificate by the coordinator's decision.
        override = {"override_missed_events": True} if kind == "certificate" else {}
        outcome, facts = run_report(demo_services, kind, email, **override)
        assert outcome.warnings == ()
        assert name in facts.text, (kind, name)
        assert REPLACEMENT not in facts.text
        texts[kind] = facts.text
    assert squash(NOTE) in squash(texts["person"])  # her goals, emoji and all


@pytest.mark.parametrize(("script", "first", "last"), NAMES, ids=[n[0] for n in NAMES])
def test_her_questionnaire_form_names_her_and_its_file_keeps_her_vowel_signs(
    tmp_path: Path, script: str, first: str, last: str
) -> None:
    name = f"{first} {last}"
    form = FormToWrite(
        form_key="3f2a9c0000",
        participation_id=1,
        name=name,
        email="her@kent.gov.uk",
        cohort="Kent 2026",
        point="end",
        role="mentee",
        confidence_items=(),
        skills=(),
        feedback=True,
    )
    target = tmp_path / form_file_name(form)
    write_form(form, target)
    assert f"This form is for {name}." in PdfReader(target).pages[0].extract_text()
    # Letters and the marks on them (प्रि, ক্র) stay in the file names: no "प_र" or "प-र".
    assert target.name == f"end - {name} - 3f2a9c.pdf"
    assert slug(name) == name.casefold().replace(" ", "-")


def test_a_missing_script_font_marks_her_name_and_never_stops_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from women_in_ddat.reports import fonts, shaping

    blocks = fonts.SHAPED_SCRIPTS["HEBREW"][2]
    monkeypatch.setitem(fonts.SHAPED_SCRIPTS, "HEBREW", ("NoSuchFont.ttf", True, blocks))
    monkeypatch.setattr(shaping, "_fonts", {})
    guard = TextGuard()
    (line,) = _pdf_text([guard.name("שרה Levi", "the mentee's name")], tmp_path / "one.pdf")
    assert line == f"{REPLACEMENT * 3} Levi"
    (warning,) = guard.warnings
    assert warning.startswith("3 characters in the mentee's name could not be printed")
