"""Her subject access PDF reads as plain English, read back with pypdf: every field with a
label of words, dates as "4 June 2026", her match history in the order it happened, and a
file named after her. Nothing is dropped (test_subject_access_pdf checks every value)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from tests.reports.pdf_tools import read_pdf, squash
from tests.services.test_personal_data import tables_referring_to_person
from women_in_ddat.cli.main import main
from women_in_ddat.reports.subject_access import (
    LABELS,
    OMITTED,
    OMITTED_EVERYWHERE,
    render_subject_access,
)
from women_in_ddat.services.personal_data import NOT_PERSONAL

ROISIN = "roisin.mccarthy@essex.gov.uk"
# A mentee whose "promotion or new role" milestone stands for an outcome she recorded.
NIAMH = "niamh.oconnor@southend-on-sea.gov.uk"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_every_field_she_may_read_has_a_label_of_words() -> None:
    """One mapping names every column of every table about her (a new column needs one)."""
    unlabelled = [
        f"{table}.{column.name}"
        for table in sorted(tables_referring_to_person() - NOT_PERSONAL)
        for column in SQLModel.metadata.tables[table].columns
        if column.name not in OMITTED_EVERYWHERE | OMITTED.get(table, frozenset())
        and column.name not in LABELS
    ]
    assert not unlabelled


def test_the_cli_names_the_file_after_her(
    demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(demo_db_path), "person", "export", ROISIN]) == 0
    written = tmp_path / "Subject access - Roisin McCarthy.pdf"
    assert written.exists()
    text = read_pdf(written).text
    assert "Everything held about Roisin McCarthy" in text


def test_her_records_read_in_words(demo_services, tmp_path: Path) -> None:
    data = demo_services.personal_data.subject_access(ROISIN)
    target = tmp_path / "roisin.pdf"
    render_subject_access(data, target)
    text = read_pdf(target).text
    flat = squash(text)
    # No stored form leaks through: field names, vocabulary values, ISO dates.
    for raw in ("Anchor:", "Dueoffsetdays", "Outcomeid", "Donebyrule", "rsvp", "match_start"):
        assert raw not in flat, raw
    assert not re.search(r"\d{4}-\d\d-\d\d", text)
    assert squash("Due date counted from: Match start") in flat
    assert re.search(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b", text)
    assert squash("Kick-off day, 4 June 2026") in flat
    # Her audit trail's details in words ("status active" -> "status: Active").
    assert squash("status: Active") in flat
    assert "statusactive" not in flat
    # The match was made and started on the day it started, in that order.
    made = flat.index(squash("(new match) Proposed 4 June 2026"))
    started = flat.index(squash("Proposed Active 4 June 2026"))
    assert made < started


def test_an_id_is_printed_as_what_it_points_at_and_an_empty_one_left_out(
    demo_services, tmp_path: Path
) -> None:
    data = demo_services.personal_data.subject_access(NIAMH)
    milestones = data["tables"]["milestone"]
    assert any(m["outcome_id"] for m in milestones)
    assert any(m["outcome_id"] is None for m in milestones)
    target = tmp_path / "niamh.pdf"
    render_subject_access(data, target)
    flat = squash(read_pdf(target).text)
    assert flat.count(squash("Outcome it stands for: New role,")) == sum(
        1 for m in milestones if m["outcome_id"]
    )
    assert "Outcomeitstandsfor:–" not in flat
