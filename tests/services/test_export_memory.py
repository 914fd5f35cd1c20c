"""Exports stream: their memory does not grow with the number of rows."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from tests.benchmarks.population import build_people_db
from women_in_ddat.services.exporting import export

SMALL, LARGE = 2_000, 20_000


def peak_bytes(db: Path, fmt: str, output: Path) -> int:
    tracemalloc.start()
    try:
        assert export(str(db), "people", fmt, str(output)) > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def people_dbs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("export-memory")
    return build_people_db(folder / "small.db", SMALL), build_people_db(folder / "large.db", LARGE)


@pytest.mark.sqlite_only(reason="one database is enough to see whether memory grows with rows")
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_ten_times_the_rows_needs_no_more_memory(people_dbs, tmp_path: Path, fmt: str) -> None:
    small_db, large_db = people_dbs
    export(str(small_db), "people", fmt, str(tmp_path / f"warm.{fmt}"))  # imports and caches first
    small = peak_bytes(small_db, fmt, tmp_path / f"small.{fmt}")
    large = peak_bytes(large_db, fmt, tmp_path / f"large.{fmt}")
    # Holding the rows would make it about ten times as much.
    assert large < 1.5 * small + 256 * 1024, (small, large)
