"""The same 10,000-row import into PostgreSQL and into SQLite, in the same run.

Target (shared-database issue): PostgreSQL at most 3x SQLite. The server is
started here (tests/postgres_server.py), on loopback, with fsync,
synchronous_commit and full_page_writes off (it holds test data only), so
the PostgreSQL side never waits for the disk; the SQLite side does (its
every connection uses synchronous=FULL). Both start from a database holding
one earlier cohort and write the same rows.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from tests.benchmarks.bench_import import programme_db, timed, write_cohort_xlsx
from tests.benchmarks.common import BenchRow, cli


def rows(quick: bool, workdir: Path) -> list[BenchRow]:
    from tests.postgres_server import find_pg_bin, running_server

    if find_pg_bin() is None:
        print("bench_postgres: no PostgreSQL binaries; skipped", file=sys.stderr)
        return []
    people = 1_000 if quick else 10_000
    repeat = 3 if quick else 5
    xlsx = write_cohort_xlsx(workdir / "cohort.xlsx", people)
    template = programme_db(workdir / "programme.db")
    env = {**os.environ, "WOMEN_IN_DDAT_HOME": str(workdir / "home")}
    lite, pg = [], []
    with running_server() as server:
        for n in range(repeat):
            db = workdir / f"lite{n}.db"
            shutil.copy(template, db)
            lite.append(
                timed(
                    cli("--db", str(db), "import", str(xlsx), "--cohort", "Benchmark cohort"), env
                )[0]
            )
            url = server.create_database(f"bench{n}")
            # The same starting point as the SQLite file: one earlier cohort.
            programme_db_url(url)
            pg.append(
                timed(cli("--db", url, "import", str(xlsx), "--cohort", "Benchmark cohort"), env)[0]
            )
    lite.sort()
    pg.sort()
    ours, baseline = pg[len(pg) // 2], lite[len(lite) // 2]
    return [
        BenchRow(
            name=f"import {people:,}-row xlsx into PostgreSQL vs SQLite (process)",
            ours=ours,
            baseline=baseline,
            unit="s",
            target="<= 3x SQLite",
            met=ours <= 3 * baseline,
        )
    ]


def programme_db_url(url: str) -> None:
    from women_in_ddat.services.context import Services

    services = Services.open(url)
    try:
        services.cohorts.create_cohort("Earlier cohort")
    finally:
        services.close()
