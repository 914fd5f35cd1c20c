"""Report data from the same demo programme in SQLite and in PostgreSQL: equal, field by field.

Backend-parametrised tests check each database against expectations; this
one checks the two against each other, so rows in another order, a date or
a flag read back differently, or rounding that differs shows up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from women_in_ddat.services.context import Services
from women_in_ddat.services.report_data_gather import ReportDataService

pytestmark = pytest.mark.postgres


@pytest.fixture
def both(demo_db_path: Path, pg_demo_url: str):  # type: ignore[no-untyped-def]
    lite = Services.open(str(demo_db_path), actor="tester")
    server = Services.open(pg_demo_url, actor="tester")
    yield ReportDataService(lite.db, "tester"), ReportDataService(server.db, "tester")
    lite.close()
    server.close()


def test_every_report_reads_the_same_data_from_either_database(both) -> None:  # type: ignore[no-untyped-def]
    lite, server = both
    assert lite.cohort_choices() == server.cohort_choices()
    assert lite.organisation_choices() == server.organisation_choices()
    mentees = lite.mentee_choices()
    assert mentees == server.mentee_choices()
    for choice in lite.cohort_choices():
        assert lite.cohort_data(choice.key) == server.cohort_data(choice.key), choice.key
    for choice in lite.organisation_choices():
        assert lite.organisation_data(choice.key) == server.organisation_data(choice.key)
    for choice in mentees:
        assert lite.person_progress(choice.key, choice.cohort) == server.person_progress(
            choice.key, choice.cohort
        )
