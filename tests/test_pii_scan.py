"""The end-of-run log scan (conftest.pytest_sessionfinish) must be able to fail."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.pii_scan import find_personal_data, fixture_needles


def test_scan_finds_a_planted_name_and_email() -> None:
    # Planted outside pytest's temp folder, which the end-of-run scan searches.
    with tempfile.TemporaryDirectory() as folder:
        _plant_and_find(Path(folder))


def _plant_and_find(tmp_path: Path) -> None:
    needles = fixture_needles()
    assert "Łukasiewicz" in needles and "zoe.hughes@essex.gov.uk" in needles
    log = tmp_path / "logs" / "women-in-ddat.log"
    log.parent.mkdir()
    log.write_text("INFO import failed for row 3 (zoe.hughes@essex.gov.uk)\n", encoding="utf-8")
    (tmp_path / "logs" / "women-in-ddat.log.1").write_text("Ольга Петренко\n", encoding="utf-8")
    hits = {needle for _, needle in find_personal_data(tmp_path, needles)}
    assert "zoe.hughes@essex.gov.uk" in hits and "Петренко" in hits


def test_scan_passes_a_clean_log(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(
        "INFO import batch 7: 5 created, 0 rejected\n", encoding="utf-8"
    )
    assert find_personal_data(tmp_path, fixture_needles()) == []
