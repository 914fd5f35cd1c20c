"""A mentee whose mentor is not known yet is imported, and matched when that mentor is imported.

Mentors often arrive in a sheet of their own a week later: a row naming a
mentor who is in neither the file nor the cohort used to be rejected, so
``--skip-invalid`` dropped the mentee too.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.importing.corpus import EMAILS, HEADER, PEOPLE, write_csv
from tests.importing.test_cli_import import cli
from tests.importing.test_import_writes import COHORT, members, pairs, run
from women_in_ddat.domain.models import Participation, Person
from women_in_ddat.services.imports_apply import NOT_YET_KNOWN_BY_EMAIL, NOT_YET_KNOWN_BY_NAME
from women_in_ddat.services.imports_sql import import_connection
from women_in_ddat.services.imports_undo import undo_batch

ZOE, HELEN = PEOPLE[0], PEOPLE[3]  # Zoë names Helen (Kent) as her mentor


def _file(tmp_path: Path, name: str, *rows: list[object]) -> Path:
    return write_csv(tmp_path / name, [HEADER, *rows])


def _waiting_for(services, email: str) -> str:  # type: ignore[no-untyped-def]
    with services.db.reading() as session:
        return session.scalars(
            select(Participation.pending_mentor_email)
            .join(Person, Person.id == Participation.person_id)
            .where(Person.email == email)
        ).one()


def test_the_mentee_is_imported_with_a_warning_and_no_match(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = run(
        services, _file(tmp_path, "mentees.csv", ZOE)
    )  # strict: any row error writes nothing
    assert outcome.written and (outcome.created, outcome.rejected, outcome.matches_created) == (
        1,
        0,
        0,
    )
    assert [(w.ref.row, w.column, w.reason) for w in outcome.warnings] == [
        (2, "I (Mentor email)", NOT_YET_KNOWN_BY_EMAIL)
    ]
    assert members(services) == {EMAILS[0]: "mentee"} and pairs(services) == set()
    assert _waiting_for(services, EMAILS[0]) == EMAILS[3]


def test_importing_that_mentor_later_proposes_the_match(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(services, _file(tmp_path, "mentees.csv", ZOE, PEOPLE[1]))
    outcome = run(services, _file(tmp_path, "mentors.csv", HELEN))
    # Ayşe named Helen too: one mentor, two mentees, within her room for them.
    assert (outcome.created, outcome.matches_created, outcome.warnings) == (1, 2, [])
    assert [n.reason for n in outcome.notices] == [
        "proposed the match a mentee already in this cohort asked for in an earlier import"
    ] * 2
    assert pairs(services) == {(EMAILS[0], EMAILS[3]), (EMAILS[1], EMAILS[3])}
    assert _waiting_for(services, EMAILS[0]) == ""
    # Importing her again changes nothing.
    again = run(services, _file(tmp_path, "mentors.csv", HELEN))
    assert (again.unchanged, again.matches_created, again.written) == (1, 0, False)


def test_the_hard_rules_still_hold_for_the_match_proposed_later(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(services, _file(tmp_path, "mentees.csv", [*ZOE[:3], "Kent County Council", *ZOE[4:]]))
    outcome = run(services, _file(tmp_path, "mentors.csv", HELEN))
    assert outcome.written and outcome.matches_created == 0
    assert [w.reason for w in outcome.warnings] == [
        "a mentee already in this cohort named this mentor in an earlier import; "
        "the match was not proposed: the mentor works in the mentee's own organisation"
    ]
    assert pairs(services) == set()
    assert (
        _waiting_for(services, EMAILS[0]) == EMAILS[3]
    )  # still waiting, for the coordinator to decide
    # Erasing that mentor leaves her address nowhere.
    services.personal_data.erase_by_email(EMAILS[3])
    assert _waiting_for(services, EMAILS[0]) == ""


def test_undoing_the_mentor_s_import_leaves_the_mentee_waiting_again(
    services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run(services, _file(tmp_path, "mentees.csv", ZOE))
    batch = run(services, _file(tmp_path, "mentors.csv", HELEN)).batch_id
    with import_connection(services.db.target.url) as sql:
        undo_batch(sql, batch, actor="tester")
    assert pairs(services) == set() and members(services) == {EMAILS[0]: "mentee"}
    assert _waiting_for(services, EMAILS[0]) == EMAILS[3]
    assert run(services, _file(tmp_path, "mentors.csv", HELEN)).matches_created == 1
    assert pairs(services) == {(EMAILS[0], EMAILS[3])}


def test_a_mentor_named_by_name_only_is_a_warning_without_waiting(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = run(services, _file(tmp_path, "mentees.csv", [*ZOE[:8], "Nobody Known"]))
    assert outcome.written and outcome.created == 1
    assert [w.reason for w in outcome.warnings] == [NOT_YET_KNOWN_BY_NAME]
    assert _waiting_for(services, EMAILS[0]) == ""


def test_the_command_line_lists_the_warning_in_the_dry_run_and_the_import(
    tmp_path: Path, capsys, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "mentees.csv", ZOE)
    for extra in (["--dry-run"], []):
        code, out, _ = cli(
            capsys, "import", str(path), "--cohort", COHORT, "--db", str(db_path), *extra
        )
        assert code == 0
        assert (
            f"Warning: mentees.csv, row 2, column I (Mentor email): {NOT_YET_KNOWN_BY_EMAIL}\n"
            in out
        )
        assert "1 created, 0 updated, 0 unchanged, 0 rejected" in out
    code, out, _ = cli(capsys, "import", str(_file(tmp_path, "mentors.csv", HELEN)), "--cohort", COHORT,
                       "--db", str(db_path))  # fmt: skip
    assert code == 0 and "Note: mentors.csv, row 2: proposed the match a mentee" in out
