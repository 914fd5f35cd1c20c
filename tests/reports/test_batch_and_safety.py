"""Batches of summaries, and what a failure, a cancel or an unprintable name leaves behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.builders import add_mentee
from tests.reports.pdf_tools import read_pdf, squash
from women_in_ddat.domain.enums import ParticipationStatus
from women_in_ddat.reports import batch, render
from women_in_ddat.reports.text import REPLACEMENT
from women_in_ddat.services.jobs import Cancelled, Progress
from women_in_ddat.services.report_data_gather import ReportDataService

KENT = "Top Talent Kent 2026"
ZOE = "zoe.hughes@essex.gov.uk"


def cancel_after(steps: int) -> Progress:
    progress = Progress()
    seen = []

    def count(done: int, total: int, message: str) -> None:
        seen.append(done)
        if len(seen) >= steps:
            progress.cancel()

    progress._on_step = count  # the job sees the cancel at its next step
    return progress


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A folder of the test's own for report files (tmp_path also holds the database)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_batch_writes_one_summary_per_mentee_named_to_sort_and_never_collide(
    demo_services, run_report, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _, mentees = ReportDataService(demo_services.db, "t").cohort_progress(KENT)
    outcome, _ = run_report(demo_services, "batch", KENT, output=tmp_path / "out")
    names = [p.name for p in outcome.files]
    assert len(names) == len(mentees) == len(set(names))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    by_surname = sorted(mentees, key=lambda m: (batch.slug(m.last_name), batch.slug(m.first_name)))
    assert sorted(names) == [batch.file_name(m) for m in by_surname]
    for path in outcome.files:
        assert path.stat().st_mode & 0o077 == 0  # readable by the user only
        facts = read_pdf(path)
        owner = next(m for m in mentees if batch.file_name(m) == path.name)
        assert facts.outline[0] == (0, owner.display_name)
        assert len(facts.pages) <= 2


def test_file_names_keep_any_script_and_stay_safe() -> None:
    from tests.reports.builders import progress

    assert (
        batch.file_name(progress(first_name="Ольга", last_name="Петренко", participation_id=7))
        == "петренко-ольга-7.pdf"
    )
    assert (
        batch.file_name(
            progress(first_name="Niamh", last_name="O'Connor / ..\\x", participation_id=8)
        )
        == "o-connor-x-niamh-8.pdf"
    )
    assert batch.file_name(progress(first_name="!!", last_name="??", participation_id=9)) == (
        "mentee-9.pdf"
    )


def test_the_batch_on_two_worker_processes_writes_the_same_summaries(
    demo_services, run_report, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    serial, _ = run_report(demo_services, "batch", KENT, output=tmp_path / "one", workers=1)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    parallel, _ = run_report(demo_services, "batch", KENT, output=tmp_path / "two", workers=2)
    assert [p.name for p in parallel.files] == [p.name for p in serial.files]
    for one, two in zip(serial.files, parallel.files, strict=True):
        assert read_pdf(one).pages == read_pdf(two).pages


@pytest.mark.parametrize("parallel", [False, True])
def test_a_cancelled_batch_leaves_the_folder_exactly_as_it_was(
    demo_services, run_report, tmp_path, monkeypatch, parallel: bool
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    first, _ = run_report(demo_services, "batch", KENT, output=out)
    (out / "notes.txt").write_text("mine")
    before = _folder_state(out)
    if parallel:
        monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    with pytest.raises(Cancelled):
        run_report(
            demo_services,
            "batch",
            KENT,
            output=out,
            workers=2 if parallel else 1,
            progress=cancel_after(4),
        )
    assert _folder_state(out) == before  # no new, changed, half-written or staging file


def test_one_combined_pdf_holds_every_summary_bookmarked_by_name(
    demo_services, run_report, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _, mentees = ReportDataService(demo_services.db, "t").cohort_progress(KENT)
    outcome, facts = run_report(
        demo_services, "batch", KENT, output=tmp_path / "kent.pdf", combined=True
    )
    assert outcome.files == (tmp_path / "kent.pdf",)
    assert [title for depth, title in facts.outline if depth == 0] == [
        m.display_name for m in mentees
    ]
    assert facts.metadata["/Title"] == f"Progress summaries: {KENT}"
    # Page numbers restart for each woman (see test_combined_batch_duplex).
    assert f"Page {len(facts.pages)} of" not in facts.pages[-1]


def test_a_cancelled_combined_pdf_leaves_the_old_one(demo_services, run_report, reports) -> None:  # type: ignore[no-untyped-def]
    target = reports / "kent.pdf"
    target.write_bytes(b"%PDF-1.4 the good old one")
    with pytest.raises(Cancelled):
        run_report(
            demo_services, "batch", KENT, output=target, combined=True, progress=cancel_after(20)
        )
    assert target.read_bytes() == b"%PDF-1.4 the good old one"
    assert [p.name for p in reports.iterdir()] == ["kent.pdf"]


@pytest.fixture
def unprintable_mentee(demo_services) -> str:  # type: ignore[no-untyped-def]
    cohort = demo_services.cohorts.by_name(KENT)
    add_mentee(demo_services, cohort.id, "美玲", "陈", email="mei.ling@kent.gov.uk")
    return "mei.ling@kent.gov.uk"


def _attended_every_required_event(services, cohort_id: int, email: str) -> None:  # type: ignore[no-untyped-def]
    """Her certificate needs the cohort's required days attended (the demo's kick-off)."""
    from women_in_ddat.domain.enums import AttendanceStatus

    person_id = services.people.by_email(email).id
    for event in services.events.events(cohort_id):
        if event.required:
            services.events.mark(
                event.id, [(person_id, d.id, AttendanceStatus.ATTENDED) for d in event.days]
            )


def test_a_name_no_font_can_print_never_stops_her_reports(
    demo_services, run_report, reports, no_fallback_font
) -> None:  # type: ignore[no-untyped-def]
    cohort = demo_services.cohorts.by_name(KENT)
    add_mentee(
        demo_services,
        cohort.id,
        "Layla",
        "한가람",  # Korean: no bundled font has it (and no fallback font here)
        email="layla@kent.gov.uk",
        status=ParticipationStatus.COMPLETED,
    )
    _attended_every_required_event(demo_services, cohort.id, "layla@kent.gov.uk")
    for kind in ("person", "certificate"):
        outcome, facts = run_report(
            demo_services, kind, "layla@kent.gov.uk", output=reports / f"{kind}.pdf"
        )
        assert outcome.files == (reports / f"{kind}.pdf",)
        text = squash(facts.text)
        # What prints is printed, the rest marked, and the report says what it left out.
        assert "Layla" in text and REPLACEMENT * 3 in facts.text
        assert squash("Not printed") in text and "CJK" in text
        assert "한가람" not in " ".join(outcome.warnings)
        assert any("the mentee's name" in w for w in outcome.warnings)


def test_a_chinese_name_prints_in_a_font_that_has_it(
    demo_services, run_report, unprintable_mentee, cjk_fallback_font
) -> None:  # type: ignore[no-untyped-def]
    outcome, facts = run_report(demo_services, "person", unprintable_mentee)
    assert "美玲 陈" in facts.text
    assert REPLACEMENT not in facts.text and squash("Not printed") not in squash(facts.text)
    assert outcome.warnings == ()
    assert any("DroidSans" in f for f in facts.fonts)


def test_a_batch_writes_every_mentee_whatever_her_name(
    demo_services, run_report, tmp_path, unprintable_mentee, no_fallback_font
) -> None:  # type: ignore[no-untyped-def]
    _, mentees = ReportDataService(demo_services.db, "t").cohort_progress(KENT)
    outcome, _ = run_report(demo_services, "batch", KENT, output=tmp_path / "out")
    assert len(outcome.files) == len(mentees)
    assert outcome.skipped == ()
    assert any("CJK" in w for w in outcome.warnings)
    assert not any("陈" in w or "美玲" in w for w in outcome.warnings)
    combined, facts = run_report(
        demo_services, "batch", KENT, output=tmp_path / "all.pdf", combined=True
    )
    assert squash("Not printed") in squash(facts.text) and "CJK" in facts.text


def test_free_text_the_font_lacks_is_marked_and_the_report_still_written(
    demo_services, run_report, no_fallback_font
) -> None:  # type: ignore[no-untyped-def]
    person = demo_services.people.by_email(ZOE)
    participation = demo_services.progress.milestones(person_id=person.id)[0].participation_id
    demo_services.cohorts.set_goals(participation, "1. Present at the meet-up 👍 (发言)")
    outcome, facts = run_report(demo_services, "person", ZOE)
    (warning,) = outcome.warnings
    assert warning.startswith("3 characters in the goals")
    assert "👍" not in warning and "发言" not in warning
    assert f"Present at the meet-up {REPLACEMENT} ({REPLACEMENT}{REPLACEMENT})" in facts.text
    # The report itself says so, not only the message after writing it.
    assert squash("Not printed 3 characters in the goals") in squash(facts.text)


def test_a_failure_while_writing_leaves_the_previous_pdf_untouched(
    demo_services, run_report, reports, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = reports / "person.pdf"
    run_report(demo_services, "person", ZOE, output=target)
    good = target.read_bytes()

    def half_written(path, story, meta, **kwargs):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "write_pdf", half_written)
    from women_in_ddat.errors import FileProblem

    with pytest.raises(FileProblem) as caught:
        run_report(demo_services, "person", ZOE, output=target)
    assert "disk is full" in caught.value.message
    assert target.read_bytes() == good
    assert [p.name for p in reports.iterdir()] == ["person.pdf"]


def test_a_cancel_during_layout_leaves_the_previous_pdf_untouched(
    demo_services, run_report, reports
) -> None:  # type: ignore[no-untyped-def]
    target = reports / "cohort.pdf"
    target.write_bytes(b"%PDF-1.4 previous")
    with pytest.raises(Cancelled):
        run_report(demo_services, "cohort", KENT, output=target, progress=cancel_after(2))
    assert target.read_bytes() == b"%PDF-1.4 previous"
    assert [p.name for p in reports.iterdir()] == ["cohort.pdf"]
