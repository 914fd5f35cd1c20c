"""Writing imports: every person once and correctly, or nothing and every reason."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tests.importing.corpus import EMAILS, HEADER, PEOPLE, write_csv, write_openpyxl
from women_in_ddat.errors import Conflict
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.services.imports_sql import import_connection
from women_in_ddat.services.imports_undo import undo_batch
from women_in_ddat.services.people import PersonInput

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
COHORT = "Top Talent Kent 2026"


def run(services, path: Path, **settings: object):
    settings.setdefault("cohort", COHORT)
    return run_import(
        services.db.target.url,
        path,
        ImportSettings(use_remembered_mappings=False, **settings),  # type: ignore[arg-type]
        actor="tester",
    ).outcome


def table_counts(services) -> dict[str, int]:
    with services.db.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        return {t: conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one() for t in tables}  # noqa: S608


def members(services, cohort: str = COHORT) -> dict[str, str]:
    cohort_id = services.cohorts.by_name(cohort).id
    return {m.email: m.role for m in services.cohorts.members(cohort_id)}


def pairs(services, cohort: str = COHORT) -> set[tuple[str, str]]:
    cohort_id = services.cohorts.by_name(cohort).id
    return {(m.mentee_email, m.mentor_email) for m in services.matches.rows(cohort_id=cohort_id)}


def csv_file(tmp_path: Path, rows, name: str = "list.csv") -> Path:
    return write_csv(tmp_path / name, [HEADER, *rows])


# The shared samples -------------------------------------------------------

KENT_EMAILS = {
    "hannah.whitfield@kent.gov.uk": "mentee",
    "mairead.osuilleabhain@medway.gov.uk": "mentee",
    "j.wisniewska@dover.gov.uk": "mentee",
    "g.adeyemi@surrey.gov.uk": "mentor",
    "k.moreau@westsussex.gov.uk": "mentor",
}
KENT_PAIRS = {
    ("hannah.whitfield@kent.gov.uk", "g.adeyemi@surrey.gov.uk"),
    ("mairead.osuilleabhain@medway.gov.uk", "g.adeyemi@surrey.gov.uk"),
    ("j.wisniewska@dover.gov.uk", "k.moreau@westsussex.gov.uk"),
}


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared samples are not beside this checkout")
def test_both_samples_give_the_same_five_people_once(services, tmp_path: Path) -> None:
    clean = run(services, SAMPLES / "kent_cohort_2026_clean.xlsx")
    assert (clean.created, clean.updated, clean.unchanged, clean.rejected) == (5, 0, 0, 0)
    messy = run(services, SAMPLES / "kent_intake_messy_cp1252.csv")
    assert (messy.created, messy.updated, messy.unchanged, messy.rejected) == (0, 0, 5, 0)
    assert not messy.written
    # The lossy "Wi?niewska" is pointed out and the stored spelling kept.
    assert [(n.ref.row, n.column) for n in messy.notices] == [(6, "B (Surname)")]
    assert services.people.by_email("j.wisniewska@dover.gov.uk").last_name == "Wiśniewska"
    assert services.people.count() == 5
    assert members(services) == KENT_EMAILS
    assert pairs(services) == KENT_PAIRS
    person = services.people.by_email("mairead.osuilleabhain@medway.gov.uk")
    assert (person.first_name, person.last_name) == ("Mairéad", "Ó Súilleabháin")


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared samples are not beside this checkout")
def test_messy_sample_first_refuses_the_lossy_name_then_clean_completes(services) -> None:
    strict = run(services, SAMPLES / "kent_intake_messy_cp1252.csv")
    assert strict.refused and services.people.count() == 0
    assert [(p.ref.row, p.column) for p in strict.problems] == [(6, "B (Surname)")]
    partial = run(services, SAMPLES / "kent_intake_messy_cp1252.csv", skip_invalid=True)
    assert (partial.created, partial.rejected) == (4, 1)
    person = services.people.by_email("hannah.whitfield@kent.gov.uk")
    assert (person.first_name, person.last_name) == ("Hannah", "Whitfield")  # leading space trimmed
    clean = run(services, SAMPLES / "kent_cohort_2026_clean.xlsx")
    assert (clean.created, clean.unchanged) == (1, 4)
    assert members(services) == KENT_EMAILS
    assert pairs(services) == KENT_PAIRS


# Strict, skip-invalid, dry run ---------------------------------------------


def test_strict_import_with_a_bad_row_writes_nothing_and_lists_every_problem(
    services, tmp_path: Path
) -> None:
    rows = [*PEOPLE, ["Bad", "Row", "not-an-email", "", "", "trainee", "", "31/02/2026", ""]]
    before = table_counts(services)
    outcome = run(services, csv_file(tmp_path, rows))
    assert outcome.refused and not outcome.written
    assert table_counts(services) == before
    assert [str(p) for p in outcome.problems] == [
        "list.csv, row 7, column C (Email): not a valid email address",
        "list.csv, row 7, column F (Role): the role must be mentee or mentor",
        "list.csv, row 7, column H (Start date): not a real date",
    ]
    assert (outcome.created, outcome.rejected) == (5, 1)


def test_skip_invalid_imports_the_valid_rows(services, tmp_path: Path) -> None:
    rows = [*PEOPLE, ["Bad", "Row", "not-an-email", "", "", "mentee", "", "", ""]]
    outcome = run(services, csv_file(tmp_path, rows), skip_invalid=True)
    assert outcome.written and (outcome.created, outcome.rejected) == (5, 1)
    assert set(members(services)) == set(EMAILS)


def test_dry_run_writes_nothing(services, tmp_path: Path) -> None:
    before = table_counts(services)
    outcome = run(services, csv_file(tmp_path, PEOPLE), dry_run=True)
    assert (outcome.created, outcome.matches_created, outcome.written) == (5, 3, False)
    assert outcome.cohort_created
    assert table_counts(services) == before


def test_reimporting_the_same_file_changes_nothing(services, tmp_path: Path) -> None:
    path = write_openpyxl(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    assert run(services, path).created == 5
    before = table_counts(services)
    again = run(services, path)
    assert (again.unchanged, again.written, again.batch_id) == (5, False, None)
    assert (
        again.summary_line() == "Nothing to change: 0 created, 0 updated, 5 unchanged, 0 rejected."
    )
    assert table_counts(services) == before


# Updates ---------------------------------------------------------------------


def test_update_where_the_sheet_says_something_new_only(services, tmp_path: Path) -> None:
    run(services, csv_file(tmp_path, PEOPLE))
    changed = [list(p) for p in PEOPLE]
    changed[0][4] = "Senior data analyst"  # new job title
    changed[1][3] = ""  # organisation left blank: not a request to clear it
    changed[2][0] = " AGNIESZKA "[1:-1].title()  # same name
    outcome = run(services, csv_file(tmp_path, changed, "v2.csv"))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 4)
    assert services.people.by_email(EMAILS[0]).job_title == "Senior data analyst"
    assert services.people.by_email(EMAILS[0]).version == 2
    assert services.people.rows("ayse")[0].organisation == "Medway Council"


def test_email_is_the_key_whatever_its_case(services, tmp_path: Path) -> None:
    run(services, csv_file(tmp_path, PEOPLE))
    shouty = [list(p) for p in PEOPLE]
    for row in shouty:
        row[2] = f"  {str(row[2]).upper()} "
    outcome = run(services, csv_file(tmp_path, shouty, "v2.csv"))
    assert (outcome.created, outcome.unchanged) == (0, 5)


def test_same_email_twice_in_one_file_is_a_row_error_on_both(services, tmp_path: Path) -> None:
    rows = [*PEOPLE, [*PEOPLE[0][:2], str(PEOPLE[0][2]).upper(), *PEOPLE[0][3:]]]
    outcome = run(services, csv_file(tmp_path, rows))
    assert [str(p) for p in outcome.problems] == [
        "list.csv, row 2, column C (Email): the same email address is also on list.csv row 7",
        "list.csv, row 7, column C (Email): the same email address is also on list.csv row 2",
    ]


def test_formula_and_markup_text_is_stored_exactly(services, tmp_path: Path) -> None:
    rows = [
        [*PEOPLE[3][:4], '=HYPERLINK("http://x.example","click")', *PEOPLE[3][5:]],
        [*PEOPLE[4][:4], "@SUM(A1:A2) <b>bold</b>", *PEOPLE[4][5:]],
    ]
    path = write_openpyxl(tmp_path / "f.xlsx", {"Cohort": [HEADER, *rows]})
    run(services, path)
    assert (
        services.people.by_email(str(PEOPLE[3][2])).job_title
        == '=HYPERLINK("http://x.example","click")'
    )
    assert services.people.by_email(str(PEOPLE[4][2])).job_title == "@SUM(A1:A2) <b>bold</b>"


def test_without_a_cohort_people_only(services, tmp_path: Path) -> None:
    outcome = run(services, csv_file(tmp_path, PEOPLE), cohort=None)
    assert outcome.created == 5 and services.cohorts.summaries() == []


# Matches and the hard rules ---------------------------------------------------


def test_mentor_named_by_full_name(services, tmp_path: Path) -> None:
    rows = [[*PEOPLE[0][:8], "helen  CARTER"], PEOPLE[3]]
    run(services, csv_file(tmp_path, rows))
    assert pairs(services) == {(EMAILS[0], EMAILS[3])}


def test_mentor_rules_are_row_errors(services, tmp_path: Path) -> None:
    rows = [
        [*PEOPLE[0][:3], "Kent County Council", *PEOPLE[0][4:]],  # same organisation as the mentor
        [*PEOPLE[1][:8], "nobody@nowhere.gov.uk"],  # mentor not in file or cohort
        [*PEOPLE[2][:8], EMAILS[1]],  # names a mentee as mentor
        PEOPLE[3],
        [*PEOPLE[4][:8], EMAILS[3]],  # a mentor's row naming a mentor
    ]
    header = [*HEADER, "Line manager email"]
    path = write_csv(tmp_path / "r.csv", [header, *(list(r) + [""] for r in rows)])
    outcome = run(services, path)
    reasons = {(p.ref.row, p.reason) for p in outcome.problems}
    assert reasons == {
        (2, "the mentor works in the mentee's own organisation"),
        (4, "the person named as mentor is not a mentor in this cohort"),
        (6, "only a mentee's row can name a mentor"),
    }
    # A mentor not known yet is no error: the mentee is imported unmatched (tests/importing/test_mentor_later.py).
    assert [w.ref.row for w in outcome.warnings] == [3]


def test_line_manager_cannot_mentor(services, tmp_path: Path) -> None:
    header = [*HEADER, "Line manager email"]
    rows = [[*PEOPLE[0], EMAILS[3]], [*PEOPLE[3], ""]]
    outcome = run(services, write_csv(tmp_path / "m.csv", [header, *rows]))
    assert [p.reason for p in outcome.problems] == ["the mentor is the mentee's line manager"]


def test_capacity_of_a_mentor_already_in_the_cohort(services, tmp_path: Path) -> None:
    run(services, csv_file(tmp_path, [PEOPLE[3]]))  # Helen joins as a mentor (capacity 2)
    extra = [
        [f"M{i}", "Mentee", f"m{i}@org{i}.gov.uk", f"Org {i}", "", "mentee", "", "", EMAILS[3]]
        for i in range(3)
    ]
    outcome = run(services, csv_file(tmp_path, extra, "more.csv"), skip_invalid=True)
    assert (outcome.created, outcome.rejected) == (2, 1)
    assert [p.reason for p in outcome.problems] == ["the mentor has no capacity left"]


def test_a_new_mentor_gets_room_for_every_mentee_the_file_gives_her(
    services, tmp_path: Path
) -> None:
    extra = [
        [f"M{i}", "Mentee", f"m{i}@org{i}.gov.uk", f"Org {i}", "", "mentee", "", "", EMAILS[3]]
        for i in range(3)
    ]
    outcome = run(services, csv_file(tmp_path, [PEOPLE[3], *extra]))
    assert (outcome.created, outcome.matches_created) == (4, 3)


def test_role_conflict_with_the_cohort_is_a_row_error(services, tmp_path: Path) -> None:
    run(services, csv_file(tmp_path, PEOPLE))
    flipped = [[*PEOPLE[3][:5], "mentee", *PEOPLE[3][6:]]]
    outcome = run(services, csv_file(tmp_path, flipped, "v2.csv"))
    assert [p.reason for p in outcome.problems] == [
        "already in this cohort as a mentor; change the role in the app, not by import"
    ]


def test_a_mentee_already_matched_elsewhere(services, tmp_path: Path) -> None:
    run(services, csv_file(tmp_path, PEOPLE))
    moved = [[*PEOPLE[0][:8], EMAILS[4]]]
    outcome = run(services, csv_file(tmp_path, moved, "v2.csv"))
    assert [p.reason for p in outcome.problems] == [
        "already has a current match with another mentor; change it in the app"
    ]


def test_a_mentee_whose_mentors_row_is_rejected_is_rejected_too(services, tmp_path: Path) -> None:
    rows = [PEOPLE[0], [*PEOPLE[3][:7], "not a date", ""]]
    outcome = run(services, csv_file(tmp_path, rows), skip_invalid=True)
    assert outcome.rejected == 2 and services.people.count() == 0
    assert "the mentor's own row (list.csv row 3) has problems" in [
        p.reason for p in outcome.problems
    ]


# Undo --------------------------------------------------------------------------


def test_undo_takes_the_whole_batch_back(services, tmp_path: Path) -> None:
    run(services, csv_file(tmp_path, PEOPLE[3:]))
    before = table_counts(services)
    changed = [[*PEOPLE[3][:4], "Chief data officer", *PEOPLE[3][5:]], *PEOPLE[:3]]
    outcome = run(services, csv_file(tmp_path, changed, "v2.csv"))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 1, 0)
    with import_connection(services.db.target.url) as sql:
        undone = undo_batch(sql, outcome.batch_id, actor="tester")
    assert undone.restored == 1
    after = table_counts(services)
    for table in (
        "person",
        "participation",
        "milestone",
        "mentoring_match",
        "organisation",
        "cohort",
    ):
        assert after[table] == before[table], table
    assert services.people.by_email(EMAILS[3]).job_title == "Head of Data"
    with (
        import_connection(services.db.target.url) as sql,
        pytest.raises(Conflict, match="already been undone"),
    ):
        undo_batch(sql, outcome.batch_id, actor="tester")


def test_later_and_then_earlier_imports_can_be_undone(services, tmp_path: Path) -> None:
    first = run(services, csv_file(tmp_path, PEOPLE))
    changed = [[*PEOPLE[0][:4], "Lead analyst", *PEOPLE[0][5:]]]
    second = run(services, csv_file(tmp_path, changed, "v2.csv"))
    assert services.people.by_email(EMAILS[0]).version == 2
    with import_connection(services.db.target.url) as sql:
        undo_batch(sql, second.batch_id, actor="tester")
        person = services.people.by_email(EMAILS[0])
        assert (person.job_title, person.version) == ("Data analyst", 1)
        undo_batch(sql, first.batch_id, actor="tester")
    assert services.people.count() == 0


def test_an_edit_opened_after_the_import_is_stale_after_undo(services, tmp_path: Path) -> None:
    from women_in_ddat.errors import Conflict as Stale

    run(services, csv_file(tmp_path, PEOPLE))
    second = run(
        services, csv_file(tmp_path, [[*PEOPLE[0][:4], "Lead analyst", *PEOPLE[0][5:]]], "v2.csv")
    )
    opened = services.people.by_email(EMAILS[0])  # a form opened on the imported values (version 2)
    with import_connection(services.db.target.url) as sql:
        undo_batch(sql, second.batch_id, actor="tester")
    with pytest.raises(Stale):
        services.people.update(
            opened.id, PersonInput(job_title="Lead analyst"), expected_version=opened.version
        )


def test_undo_is_refused_after_a_record_was_edited(services, tmp_path: Path) -> None:
    outcome = run(services, csv_file(tmp_path, PEOPLE))
    person = services.people.by_email(EMAILS[0])
    services.people.update(person.id, PersonInput(job_title="Changed by hand"))
    before = table_counts(services)
    with import_connection(services.db.target.url) as sql, pytest.raises(Conflict) as caught:
        undo_batch(sql, outcome.batch_id, actor="tester")
    assert f"person {person.id} was edited after the import" in caught.value.message
    assert table_counts(services) == before


def test_undo_is_refused_once_a_session_was_logged(services, tmp_path: Path) -> None:
    outcome = run(services, csv_file(tmp_path, PEOPLE))
    match = services.matches.rows()[0]
    services.matches.log_session(match.id, held_on=date.today())
    with (
        import_connection(services.db.target.url) as sql,
        pytest.raises(Conflict, match="cannot be undone"),
    ):
        undo_batch(sql, outcome.batch_id, actor="tester")
    assert services.people.count() == 5


@pytest.mark.sqlite_only(reason="the backup is a copy of the SQLite file (a server has its own)")
def test_an_import_takes_a_backup_first(services, tmp_path: Path) -> None:
    from women_in_ddat.storage.backup import backup_dir_for

    run(services, csv_file(tmp_path, PEOPLE))
    backups = list(backup_dir_for(services.db.sqlite_path).glob("*before-import*"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0
    conn.close()


def test_cancel_rolls_everything_back(services, tmp_path: Path) -> None:
    from women_in_ddat.services.jobs import Cancelled, Progress

    progress = Progress()
    calls = []

    def on_step(done: int, total: int, message: str) -> None:
        calls.append(message)
        if message == "Writing matches":
            progress.cancel()

    progress._on_step = on_step
    before = table_counts(services)
    with pytest.raises(Cancelled):
        run_import(
            services.db.target.url,
            csv_file(tmp_path, PEOPLE),
            ImportSettings(cohort=COHORT, use_remembered_mappings=False),
            actor="t",
            progress=progress,
        )
    after = table_counts(services)
    assert {t: n for t, n in after.items() if t != "alembic_version"} == {
        t: n for t, n in before.items() if t != "alembic_version"
    }
    assert "Writing people" in calls


@pytest.mark.sqlite_only(reason="compares the SQLite file byte for byte")
def test_database_file_copy_is_unchanged_by_a_refused_import(services, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(services.db.sqlite_path, copy)
    run(services, csv_file(tmp_path, [*PEOPLE, ["x", "y", "bad", "", "", "", "", "", ""]]))
    assert copy.read_bytes() == services.db.sqlite_path.read_bytes()


def test_cancel_while_checking_rows_stops_reading(tmp_path: Path) -> None:
    from women_in_ddat.importing.run import prepare
    from women_in_ddat.services.jobs import Cancelled, Progress

    progress = Progress()

    def on_step(done: int, total: int, message: str) -> None:
        if message.startswith("Checking rows in"):
            progress.cancel()

    progress._on_step = on_step
    # Cancel is checked every 5,000 rows: asked at the first, honoured at the next.
    many = [[f"A{i}", "B", f"p{i}@x.gov.uk", "", "", "mentee", "", "", ""] for i in range(12_000)]
    path = csv_file(tmp_path, many)
    with pytest.raises(Cancelled):
        prepare(path, ImportSettings(use_remembered_mappings=False), progress)
