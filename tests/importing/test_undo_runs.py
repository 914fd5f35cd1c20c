"""An import's created records are kept for undo as runs of ids, and undo takes back exactly those.

Runs on SQLite and PostgreSQL. Batches recorded before the runs (a row per
created record in import_change) are undone the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from tests.importing.corpus import EMAILS, HEADER, PEOPLE, write_openpyxl
from tests.importing.test_import_writes import run, table_counts
from women_in_ddat.services.imports_apply import id_runs
from women_in_ddat.services.imports_sql import import_connection
from women_in_ddat.services.imports_undo import undo_batch

# What importing PEOPLE into a new cohort of a new database makes: five people,
# their places, three matches, five organisations, the cohort and its programme.
ALL_IT_MADE = 5 + 5 + 3 + 5 + 1 + 1


@given(st.sets(st.integers(min_value=1, max_value=400), max_size=60))
def test_runs_hold_exactly_the_ids_in_order_with_a_gap_between_each(ids: set[int]) -> None:
    runs = id_runs(list(ids))
    assert [i for first, last in runs for i in range(first, last + 1)] == sorted(ids)
    assert all(first <= last for first, last in runs)
    assert all(a[1] + 1 < b[0] for a, b in zip(runs, runs[1:], strict=False))


def test_an_unbroken_run_is_one_row_and_an_empty_list_none() -> None:
    assert id_runs(list(range(7, 10_007))) == [(7, 10_006)]
    assert id_runs([9, 3, 4, 5]) == [(3, 5), (9, 9)]
    assert id_runs([]) == []


def runs_of(services, batch_id: int) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    with services.db.engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT entity, first_id, last_id FROM import_created WHERE batch_id = :b ORDER BY id"
                ),
                {"b": batch_id},
            )
        ]


def test_an_import_records_one_run_per_kind_of_record(services, tmp_path: Path) -> None:
    before = table_counts(services)
    outcome = run(services, write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]}))
    runs = runs_of(services, outcome.batch_id)
    assert [entity for entity, _, _ in runs] == ["organisation", "person", "participation", "match"]
    sizes = {entity: last - first + 1 for entity, first, last in runs}
    assert sizes == {"organisation": 5, "person": 5, "participation": 5, "match": 3}
    with import_connection(services.db.target.url) as sql:
        undone = undo_batch(sql, outcome.batch_id, actor="tester")
    assert undone.deleted == ALL_IT_MADE
    after = table_counts(services)
    for table in (
        "person",
        "participation",
        "mentoring_match",
        "milestone",
        "organisation",
        "cohort",
    ):
        assert after[table] == before[table], table


def test_a_batch_recorded_a_row_per_record_is_undone_the_same_way(services, tmp_path: Path) -> None:
    """As a batch imported before migration 0006 was recorded."""
    before = table_counts(services)
    outcome = run(services, write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]}))
    with services.db.engine.begin() as conn:
        for entity, first, last in runs_of(services, outcome.batch_id):
            for entity_id in range(first, last + 1):
                conn.execute(
                    text(
                        "INSERT INTO import_change (batch_id, entity, entity_id, action, version_after, before_json) "
                        "VALUES (:b, :e, :i, 'create', 1, '')"
                    ),
                    {"b": outcome.batch_id, "e": entity, "i": entity_id},
                )
        conn.execute(
            text("DELETE FROM import_created WHERE batch_id = :b"), {"b": outcome.batch_id}
        )
    with import_connection(services.db.target.url) as sql:
        undone = undo_batch(sql, outcome.batch_id, actor="tester")
    assert undone.deleted == ALL_IT_MADE
    assert table_counts(services)["person"] == before["person"]


def test_someone_erased_since_is_not_counted_again(services, tmp_path: Path) -> None:
    outcome = run(services, write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]}))
    mentor = services.people.by_email(EMAILS[-1])
    with services.db.engine.connect() as conn:
        her_matches = conn.execute(
            text(
                "SELECT count(*) FROM mentoring_match m JOIN participation p "
                "ON p.id IN (m.mentee_participation_id, m.mentor_participation_id) WHERE p.person_id = :i"
            ),
            {"i": mentor.id},
        ).scalar_one()
    assert her_matches > 0
    services.personal_data.erase(mentor.id, backup_first=False)
    with import_connection(services.db.target.url) as sql:
        undone = undo_batch(sql, outcome.batch_id, actor="tester")
    # Her person row, her place and her matches went with the erasure.
    assert undone.deleted == ALL_IT_MADE - 1 - 1 - her_matches
    assert services.people.count() == 0


@pytest.mark.postgres
def test_ids_another_writer_took_meanwhile_split_the_runs_and_are_left_alone(
    pg_services, tmp_path: Path
) -> None:
    """PostgreSQL hands out ids from a sequence shared with every writer, so a run can break."""
    services = pg_services
    with services.db.engine.begin() as conn:
        # Every other id goes elsewhere: each new person is a run of one.
        conn.execute(text("ALTER SEQUENCE person_id_seq INCREMENT BY 2"))
    outcome = run(services, write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]}))
    people = [
        (first, last)
        for entity, first, last in runs_of(services, outcome.batch_id)
        if entity == "person"
    ]
    assert len(people) == 5 and all(first == last for first, last in people)
    with services.db.engine.begin() as conn:
        # Another coordinator's person in one of the gaps.
        gap = people[0][0] + 1
        conn.execute(
            text(
                "INSERT INTO person (id, first_name, last_name, preferred_name, pronouns, email, phone, "
                'job_title, current_role_family, "current_role", current_level, target_role_family, target_role, '
                "target_level, line_manager_email, region, open_to_remote, notes, consent_to_store, "
                "consent_to_share_with_sponsor, consent_to_case_study, created_at, updated_at, version) "
                "VALUES (:id, 'Ann', 'Other', '', '', 'ann.other@essex.gov.uk', '', '', '', '', '', '', '', '', "
                "'', '', true, '', false, false, false, now(), now(), 1)"
            ),
            {"id": gap},
        )
    with import_connection(services.db.target.url) as sql:
        undo_batch(sql, outcome.batch_id, actor="tester")
    assert [p.email for p in services.people.rows()] == ["ann.other@essex.gov.uk"]
