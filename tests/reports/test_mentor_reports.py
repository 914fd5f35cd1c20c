"""A mentor's report and certificate of recognition, and the certificate's plain page."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.reports.pdf_tools import read_pdf
from women_in_ddat.cli.main import main

JOANNE = "joanne.whitfield@medway.gov.uk"  # mentored in Essex 2025 (completed) and later
MARGARET = "margaret.doyle@kent.gov.uk"  # mentoring in Kent 2026, not completed yet
ZOE = "zoe.hughes@essex.gov.uk"


def _export(db: Path, tmp_path: Path, dataset: str) -> list[dict[str, str]]:
    out = tmp_path / f"{dataset}.csv"
    assert main(["--db", str(db), "export", dataset, "-f", "csv", "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _text(path: Path) -> str:
    return " ".join(read_pdf(path).text.split())


def test_a_mentor_has_a_report_of_what_she_gave_and_her_mentees_achieved(demo_db_path, tmp_path):
    out = tmp_path / "mentor.pdf"
    assert main(["--db", str(demo_db_path), "report", "person", JOANNE, "-o", str(out)]) == 0
    text = _text(out)
    assert "Joanne Whitfield" in text and "Mentor report" in text
    assert "Zoë Hughes" in text  # she agreed to share her progress
    assert "Promotion 13 Sep 2026" in text
    # What she gave, counted independently from the exports.
    sessions = [
        s for s in _export(demo_db_path, tmp_path, "sessions") if s["mentor_email"] == JOANNE
    ]
    mentees = {
        m["mentee_email"]
        for m in _export(demo_db_path, tmp_path, "matches")
        if m["mentor_email"] == JOANNE
    }
    hours = sum(int(s["duration_minutes"]) for s in sessions) / 60
    assert f"{len(mentees)} mentees {len(sessions)} sessions {hours:.1f} hours of mentoring" in text


def test_a_mentor_who_had_no_mentee_is_thanked_without_a_row_of_zeros(demo_db_path, tmp_path):
    out = tmp_path / "cert.pdf"
    helen = "helen.carter@kent.gov.uk"  # a completed place in Essex 2025, never matched
    assert main(["--db", str(demo_db_path), "report", "certificate", helen, "-o", str(out)]) == 0
    text = _text(out)
    assert "With thanks to Helen Carter" in text
    assert "0 mentees" not in text and "0 sessions" not in text


def test_a_mentor_certificate_is_dated_when_her_place_ended_with_no_page_furniture(
    demo_db_path, tmp_path
):
    out = tmp_path / "cert.pdf"
    code = main(["--db", str(demo_db_path), "report", "certificate", JOANNE, "-o", str(out)])
    assert code == 0
    facts = read_pdf(out)
    text = " ".join(facts.text.split())
    assert len(facts.pages) == 1 and "Certificate of recognition" in text
    assert "Date: 13 October 2026" in text
    assert "Produced" not in text and "Page 1" not in text


def test_no_certificate_of_recognition_before_a_mentor_completes(demo_db_path, tmp_path, capsys):
    out = tmp_path / "cert.pdf"
    code = main(["--db", str(demo_db_path), "report", "certificate", MARGARET, "-o", str(out)])
    assert code == 5 and not out.exists()
    assert "once a mentor's place is completed" in capsys.readouterr().err


def test_a_mentee_certificate_carries_her_completion_date_not_the_print_date(
    demo_db_path, tmp_path
):
    out = tmp_path / "cert.pdf"
    assert main(["--db", str(demo_db_path), "report", "certificate", ZOE, "-o", str(out)]) == 0
    text = _text(out)
    assert "Date: 13 October 2026" in text
    assert "Produced" not in text and "Page 1 of" not in text


def test_a_withdrawn_mentee_summary_says_so_with_the_date_and_reason(demo_db_path, tmp_path):
    out = tmp_path / "ngozi.pdf"
    email = "ngozi.adeyemi@hertfordshire.gov.uk"
    assert main(["--db", str(demo_db_path), "report", "person", email, "-o", str(out)]) == 0
    text = _text(out)
    assert "She withdrew from the programme on 20 Jul 2026: Caring responsibilities." in text
    assert "Nothing further: she has withdrawn" in text


def test_her_outcomes_come_on_the_first_page(demo_db_path, tmp_path):
    out = tmp_path / "zoe.pdf"
    assert main(["--db", str(demo_db_path), "report", "person", ZOE, "-o", str(out)]) == 0
    first = " ".join(read_pdf(out).pages[0].split())
    assert "Outcomes so far" in first and "Promotion" in first


def test_the_cohort_summary_compares_careers_with_earlier_cohorts(demo_db_path, tmp_path):
    out = tmp_path / "kent.pdf"
    code = main(
        ["--db", str(demo_db_path), "report", "cohort", "Top Talent Kent 2026", "-o", str(out)]
    )
    assert code == 0
    text = _text(out)
    section = text[text.index("beside earlier cohorts") :]
    assert "Top Talent Kent 2026" in section and "Top Talent Essex 2025" in section
    assert "Median months to promotion" in section


def test_the_sponsor_report_says_first_what_the_organisation_got(demo_db_path, tmp_path):
    out = tmp_path / "essex.pdf"
    code = main(
        [
            "--db",
            str(demo_db_path),
            "report",
            "organisation",
            "Essex County Council",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    text = _text(out)
    got = text[text.index("What your organisation got") : text.index("Top Talent Essex 2025")]
    assert "Your mentees received 33 hours of mentoring" in got
    assert "1 of your mentees went on to a promotion or a new role" in got
    assert "the whole programme +" in got
    steps = got[got.index("Next steps") : got.index("In their words")]
    assert "Aisha Begum" in steps and "Roisin McCarthy" in steps
    assert "Training days: your mentees attended" in got  # the demo's registers
