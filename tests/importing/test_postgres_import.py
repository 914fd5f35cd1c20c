"""The same import, re-import and undo on PostgreSQL (the SQL is shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.corpus import EMAILS, HEADER, PEOPLE, write_openpyxl
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.services.imports_sql import import_connection
from women_in_ddat.services.imports_undo import undo_batch

pytestmark = pytest.mark.postgres


def test_import_reimport_and_undo_on_postgres(pg_services, pg_url: str, tmp_path: Path) -> None:
    path = write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    settings = ImportSettings(cohort="Kent 2026", use_remembered_mappings=False)
    first = run_import(pg_url, path, settings, actor="tester").outcome
    assert (first.created, first.matches_created, first.written) == (5, 3, True)
    cohort = pg_services.cohorts.by_name("Kent 2026")
    assert {m.email for m in pg_services.cohorts.members(cohort.id)} == set(EMAILS)
    assert len(pg_services.matches.rows(cohort_id=cohort.id)) == 3
    person = pg_services.people.by_email(EMAILS[0])
    assert person.last_name == "Hughes" and person.version == 1
    again = run_import(pg_url, path, settings, actor="tester").outcome
    assert (again.unchanged, again.written) == (5, False)
    changed = write_openpyxl(
        tmp_path / "d.xlsx", {"Cohort": [HEADER, [*PEOPLE[0][:4], "Lead analyst", *PEOPLE[0][5:]]]}
    )
    update = run_import(pg_url, changed, settings, actor="tester").outcome
    assert update.updated == 1
    with import_connection(pg_url) as sql:
        undo_batch(sql, update.batch_id, actor="tester")
        undo_batch(sql, first.batch_id, actor="tester")
    assert pg_services.people.count() == 0
