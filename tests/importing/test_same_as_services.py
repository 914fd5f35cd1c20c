"""The import writes with plain SQL for speed; these hold it to what the services write.

If a column is added to a model, or a default or a rule changes, a row
the import wrote would differ from one the services wrote: these fail.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from sqlalchemy import text

from tests.importing.corpus import HEADER, write_csv
from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import Person
from women_in_ddat.importing.fields import FIELD_BY_KEY
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.services.cohorts import STANDARD_PROGRAMME, CohortService
from women_in_ddat.services.imports_apply import DEFAULT_PROGRAMME
from women_in_ddat.services.people import PersonInput

VOLATILE = {
    "id",
    "created_at",
    "updated_at",
    "person_id",
    "participation_id",
    "organisation_id",
    "cohort_id",
    "programme_id",
    "template_id",
    "email",
    "name",
    "name_key",
    "mentee_participation_id",
    "mentor_participation_id",
}


def rows(db, sql: str) -> list[dict]:
    with db.engine.connect() as conn:
        return [
            {k: v for k, v in r.items() if k not in VOLATILE}
            for r in conn.execute(text(sql)).mappings()
        ]


def test_default_programme_and_field_sizes_match_the_services() -> None:
    # create_cohort's default (None) is the file's only programme, else the standard one.
    assert inspect.signature(CohortService.create_cohort).parameters["programme"].default is None
    assert STANDARD_PROGRAMME == DEFAULT_PROGRAMME
    for key, column in (
        ("first_name", "first_name"),
        ("last_name", "last_name"),
        ("email", "email"),
        ("job_title", "job_title"),
        ("ddat_family", "current_role_family"),
        ("ddat_role", "current_role"),
        ("region", "region"),
        ("phone", "phone"),
        ("line_manager_email", "line_manager_email"),
    ):
        limit = next(
            m.max_length for m in Person.model_fields[column].metadata if hasattr(m, "max_length")
        )
        assert FIELD_BY_KEY[key].max_length == limit, key


def test_imported_rows_equal_rows_the_services_write(services, tmp_path: Path) -> None:
    db = services.db
    # The services' way: a cohort (new programme), a mentor and a mentee, a match.
    cohort = services.cohorts.create_cohort("By hand")
    from datetime import date

    services.cohorts.update_cohort(cohort.id, start_date=date(2026, 1, 12))
    mentor = services.people.create(
        PersonInput(
            email="m1@a.gov.uk",
            first_name="Helen",
            last_name="Carter",
            organisation="Org A",
            job_title="Head",
            current_role_family="Data",
        )
    )
    mentee = services.people.create(
        PersonInput(
            email="e1@b.gov.uk",
            first_name="Zoë",
            last_name="Hughes",
            organisation="Org B",
            job_title="Analyst",
        )
    )
    mentor_part = services.cohorts.add_participant(cohort.id, mentor.id, ParticipantRole.MENTOR)
    mentee_part = services.cohorts.add_participant(cohort.id, mentee.id, ParticipantRole.MENTEE)
    services.matches.create_match(mentee_part.id, mentor_part.id)

    # The import's way, into a second cohort of the same programme.
    path = write_csv(
        tmp_path / "c.csv",
        [
            HEADER,
            ["Helen", "Carter", "m2@a.gov.uk", "Org A", "Head", "mentor", "Data", "12/01/2026", ""],
            [
                "Zoë",
                "Hughes",
                "e2@b.gov.uk",
                "Org B",
                "Analyst",
                "mentee",
                "",
                "12/01/2026",
                "m2@a.gov.uk",
            ],
        ],
    )
    outcome = run_import(
        db.target.url,
        path,
        ImportSettings(cohort="By import", use_remembered_mappings=False),
        actor="tester",
    ).outcome
    assert outcome.created == 2 and outcome.written

    people = rows(db, "SELECT * FROM person ORDER BY id")
    assert people[2] == people[0] and people[3] == people[1]
    parts = rows(db, "SELECT * FROM participation ORDER BY id")
    assert parts[2] == parts[0] and parts[3] == parts[1]
    milestones = rows(
        db,
        "SELECT m.*, p.cohort_id AS c FROM milestone m JOIN participation p "
        "ON p.id = m.participation_id ORDER BY m.id",
    )
    by_hand = [{k: v for k, v in m.items() if k != "c"} for m in milestones[: len(milestones) // 2]]
    imported = [
        {k: v for k, v in m.items() if k != "c"} for m in milestones[len(milestones) // 2 :]
    ]
    assert by_hand and imported == by_hand
    matches = rows(db, "SELECT * FROM mentoring_match ORDER BY id")
    assert {k: v for k, v in matches[1].items() if k != "rationale"} == {
        k: v for k, v in matches[0].items() if k != "rationale"
    }
    orgs = rows(db, "SELECT * FROM organisation ORDER BY id")
    assert len(orgs) == 2  # "Org A" and "Org B" found again, not duplicated


def test_a_programme_created_by_import_equals_one_the_services_create(
    services, tmp_path: Path
) -> None:
    db = services.db
    services.cohorts.create_cohort("By hand", programme="First programme")
    path = write_csv(
        tmp_path / "c.csv", [HEADER, ["Ann", "Lee", "a@b.gov.uk", "", "", "mentee", "", "", ""]]
    )
    run_import(
        db.target.url,
        path,
        ImportSettings(cohort="New", programme="Second programme", use_remembered_mappings=False),
        actor="t",
    )
    programmes = rows(db, "SELECT * FROM programme ORDER BY id")
    assert len(programmes) == 2 and programmes[0] == programmes[1]
    templates = rows(db, "SELECT * FROM milestone_template ORDER BY programme_id, position")
    half = len(templates) // 2
    assert half and templates[:half] == templates[half:]
    cohorts = rows(db, "SELECT * FROM cohort ORDER BY id")
    assert cohorts[0] == cohorts[1]
