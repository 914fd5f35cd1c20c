"""Participants' feedback in the cohort summary and the programme report: figures, and quotes
printed only as each person agreed, gone from both once she withdraws her consent."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_commands import cli
from tests.reports.pdf_tools import read_pdf
from women_in_ddat.domain.enums import AssessmentPoint, ParticipantRole
from women_in_ddat.services.questionnaires import ReturnedAnswers

KENT = "Top Talent Kent 2026"
# (satisfaction, recommend, quote, consent) for the cohort's first mentees.
ANSWERS = [
    (5, 10, "It gave me the push I needed.", "Yes, with my name"),
    (4, 9, "My mentor opened doors & windows <b>.", "Yes, with my role only (no name)"),
    (4, 8, "I speak up in meetings now.", "Yes, anonymously"),
    (3, 6, "Not for publishing, this one.", "No, please do not publish it"),
    (5, 10, "", ""),
]


def _kent_mentees(services) -> list:  # type: ignore[no-untyped-def]
    cohort = services.cohorts.by_name(KENT)
    members = services.cohorts.members(int(cohort.id))
    return [m for m in members if m.role == ParticipantRole.MENTEE.value][: len(ANSWERS)]


def _collect_feedback(services) -> list:  # type: ignore[no-untyped-def]
    mentees = _kent_mentees(services)
    returned = [
        ReturnedAnswers(
            source=f"row {n}",
            email=m.email,
            answers={
                "feedback:satisfaction": sat,
                "feedback:recommend": rec,
                "feedback:quote": quote,
                "feedback:quote_consent": consent,
            },
        )
        for n, (m, (sat, rec, quote, consent)) in enumerate(zip(mentees, ANSWERS, strict=True))
    ]
    service = services.questionnaires
    cohort_id = int(services.cohorts.by_name(KENT).id)
    preview = service.preview(returned, point=AssessmentPoint.END, cohort_id=cohort_id)
    assert service.collect(preview, source_name="test").saved == len(ANSWERS)
    return mentees


def _text(path: Path) -> str:
    return " ".join(read_pdf(path).text.split())


def test_cohort_and_programme_reports_print_consented_quotes_until_withdrawn(
    demo_services, demo_db_target: str, tmp_path: Path
) -> None:
    mentees = _collect_feedback(demo_services)
    named = mentees[0]
    people = {m.email: demo_services.people.by_email(m.email) for m in mentees}
    role_only = people[mentees[1].email]

    assert (
        cli("report", "cohort", KENT, "-o", str(tmp_path / "c.pdf"), db=demo_db_target).returncode
        == 0
    )
    assert (
        cli("report", "programme", "-o", str(tmp_path / "p.pdf"), db=demo_db_target).returncode == 0
    )
    cohort_text, programme_text = _text(tmp_path / "c.pdf"), _text(tmp_path / "p.pdf")

    # Five answered: the figures are shown (each her latest; 3 promoters, 1 detractor of 5).
    assert "Participants' feedback" in cohort_text
    assert "4.2 mean satisfaction (1-5)" in cohort_text and "+40 Net Promoter Score" in cohort_text
    for text in (cohort_text, programme_text):
        assert f"“It gave me the push I needed.” – {people[named.email].display_name}" in text
        job = role_only.job_title or role_only.current_role
        assert f"“My mentor opened doors & windows <b>.” – {job}, a mentee" in text
        assert role_only.display_name not in text.split("windows <b>.")[1][:80]
        assert "“I speak up in meetings now.” – A mentee" in text
        assert "Not for publishing" not in text
    assert "consent to publish given" in programme_text

    withdrawn = cli("questionnaire", "withdraw-consent", named.email, "--point", "end",
                    db=demo_db_target)  # fmt: skip
    assert withdrawn.returncode == 0, withdrawn.stderr
    again = cli("questionnaire", "withdraw-consent", named.email, db=demo_db_target)
    assert again.returncode == 4 and "nothing was changed" in again.stderr
    assert (
        cli("report", "cohort", KENT, "-o", str(tmp_path / "c2.pdf"), db=demo_db_target).returncode
        == 0
    )
    assert (
        cli("report", "programme", "-o", str(tmp_path / "p2.pdf"), db=demo_db_target).returncode
        == 0
    )
    for path in (tmp_path / "c2.pdf", tmp_path / "p2.pdf"):
        text = _text(path)
        assert "It gave me the push I needed." not in text
        assert "“I speak up in meetings now.” – A mentee" in text
    exported = cli("export", "feedback", "-f", "csv", "-o", "-", db=demo_db_target).stdout
    assert f"{named.email},{KENT},end,5,10,It gave me the push I needed.,withdrawn" in exported


def test_few_answers_show_no_figures_but_the_quotes_agreed(
    demo_services, demo_db_target: str, tmp_path: Path
) -> None:
    [first] = _kent_mentees(demo_services)[:1]
    service = demo_services.questionnaires
    preview = service.preview(
        [ReturnedAnswers("row", {"feedback:satisfaction": 1, "feedback:quote": "Too short.",
                                  "feedback:quote_consent": "anonymous"}, email=first.email)],
        point=AssessmentPoint.MID,
    )  # fmt: skip
    service.collect(preview, source_name="test")
    assert (
        cli("report", "cohort", KENT, "-o", str(tmp_path / "c.pdf"), db=demo_db_target).returncode
        == 0
    )
    text = _text(tmp_path / "c.pdf")
    assert "Feedback from fewer than 5 people so far" in text
    assert "mean satisfaction" not in text and "“Too short.” – A mentee" in text
