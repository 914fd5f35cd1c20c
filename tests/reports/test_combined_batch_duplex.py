"""A combined batch prints duplex safely: each woman on an odd page, numbered from 1."""

from __future__ import annotations

import re

from pypdf import PdfReader

from tests.reports.builders import add_mentee

KENT = "Top Talent Kent 2026"


def test_each_summary_starts_on_an_odd_page_with_its_own_page_numbers(
    demo_services, run_report, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # The demo's summaries take two pages; a mentee who has just joined has a one-page one.
    kent = demo_services.cohorts.by_name(KENT)
    add_mentee(demo_services, kent.id, "Nadia", "Khan", email="nadia.khan@kent.gov.uk")
    out = tmp_path / "kent.pdf"
    run_report(demo_services, "batch", KENT, output=out, combined=True)
    reader = PdfReader(out)
    starts = [
        reader.get_destination_page_number(entry) + 1
        for entry in reader.outline
        if not isinstance(entry, list)
    ]
    assert len(starts) >= 5
    assert all(page % 2 == 1 for page in starts), starts
    texts = [page.extract_text() for page in reader.pages]
    blanks = [i + 1 for i, text in enumerate(texts) if not text.strip()]
    assert blanks, "a one-page summary is followed by a blank back page"
    for first, nxt in zip(starts, [*starts[1:], len(texts) + 1], strict=True):
        pages = [t for t in texts[first - 1 : nxt - 1] if t.strip()]
        numbers = [re.search(r"Page (\d+) of\s*(\d+)", " ".join(t.split())) for t in pages]
        assert [int(m.group(1)) for m in numbers] == list(range(1, len(pages) + 1))
        assert {int(m.group(2)) for m in numbers} == {len(pages)}


def test_no_page_of_a_summary_holds_an_orphaned_line(demo_services, run_report, tmp_path):  # type: ignore[no-untyped-def]
    """A page carries more than its header, footer and a stray heading with one line
    (the unmatched mentees' 'Confidence and skills' once sat alone on a page 2)."""
    out = tmp_path / "kent.pdf"
    run_report(demo_services, "batch", KENT, output=out, combined=True)
    texts = [page.extract_text() for page in PdfReader(out).pages]
    furniture = 6  # running header (2 lines), footer (up to 4)
    for number, text in enumerate(texts, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert not lines or len(lines) - furniture > 4, (number, lines)
