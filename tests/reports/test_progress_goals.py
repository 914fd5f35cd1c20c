"""The progress summary says whether her goals were met and what comes next, on page 1,
checked against the exports; a withdrawn mentee's says she was never matched."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from women_in_ddat.cli.main import main

pytestmark = pytest.mark.usefixtures("db_path")

ZOE = "zoe.hughes@essex.gov.uk"  # completed Essex 2025, promoted
FATIMA = "fatima.rahman@thurrock.gov.uk"  # withdrew before she was matched


def _page_one(db: Path, email: str, out: Path) -> str:
    assert main(["--db", str(db), "report", "person", email, "-o", str(out)]) == 0
    return " ".join(PdfReader(out).pages[0].extract_text().split())


def _export(db: Path, tmp_path: Path, dataset: str) -> list[dict[str, str]]:
    out = tmp_path / f"{dataset}.csv"
    assert main(["--db", str(db), "export", dataset, "-f", "csv", "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _skills_at_practitioner(rows: list[dict[str, str]]) -> tuple[int, int, int]:
    """Her DDaT skills (not the confidence statements) at Practitioner (3) or above: now
    (end, else mid), at baseline, and how many were rated."""
    confidence = {"ddat_skills", "leadership", "network", "senior_role", "speaking_up"}
    scores: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["email"] == ZOE and row["item"] not in confidence:
            scores.setdefault(row["item"], {})[row["point"]] = int(row["score"])
    now = sum(1 for s in scores.values() if s.get("end", s.get("mid", 0)) >= 3)
    then = sum(1 for s in scores.values() if s.get("baseline", 0) >= 3)
    return now, then, len(scores)


def test_goals_met_and_what_next_for_a_woman_who_completed(demo_db_path, tmp_path):
    promoted = next(
        date.fromisoformat(o["occurred_on"])
        for o in _export(demo_db_path, tmp_path, "outcomes")
        if o["email"] == ZOE and o["kind"] == "promotion"
    )
    text = _page_one(demo_db_path, ZOE, tmp_path / "zoe.pdf")
    goals = text[text.index("Goals agreed, and how far they were met") : text.index("What comes")]
    assert f"Reached: promotion on {promoted.day} {promoted:%b %Y}" in goals
    now, then, rated = _skills_at_practitioner(_export(demo_db_path, tmp_path, "assessments"))
    assert rated >= 3
    assert (
        f"{now} of {rated} of her DDaT skills at Practitioner level or above now ({then} at "
        "baseline)" in goals
    )
    assert "required milestones done" in goals
    assert "She completed the programme on 13 Oct 2026" in text


def test_a_withdrawn_mentee_never_matched_is_told_so(demo_db_path, tmp_path):
    text = _page_one(demo_db_path, FATIMA, tmp_path / "fatima.pdf")
    assert "She withdrew from the programme on" in text
    assert "Mentor Never matched" in text and "Not matched yet" not in text
    assert "No promotion or new role recorded" in text
    assert "none yet" not in text
