"""Running a programme from the command line: each action, read back through the services."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from women_in_ddat.cli.main import main
from women_in_ddat.services.context import Services

TODAY = date.today()
START = TODAY - timedelta(days=40)

MENTEE = "ada.okoro@kent.gov.uk"
MENTOR = "bea.lloyd@essex.gov.uk"
OTHER_MENTOR = "cara.ng@nhs.net"


class Cli:
    """The command line run in this process, against one database."""

    def __init__(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--db", self.db, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        assert err == "" and len(out.strip().splitlines()) == 1, (out, err)
        return out

    def refused(self, code_wanted: int, *args: str) -> str:
        code, out, err = self(*args)
        assert code == code_wanted, (code, out, err)
        assert out == "" and len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
        return err

    def services(self) -> Services:
        return Services.open(self.db, actor="tester")


@pytest.fixture
def cli(db_target: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    """An empty programme: a new file, or on PostgreSQL an empty programme database."""
    runner = Cli(db_target, capsys)
    if "://" not in db_target:
        runner.ok("new", "--programme", "Top Talent")
    return runner


@pytest.fixture
def programme(cli: Cli) -> Cli:
    """A cohort with one mentee and two mentors from different organisations."""
    cli.ok("cohort", "add", "Kent 2026", "--start", START.isoformat())
    cli.ok(
        "person",
        "add",
        "--first",
        "Ada",
        "--last",
        "Okoro",
        "--email",
        MENTEE,
        "--organisation",
        "Kent County Council",
        "--job-title",
        "Data analyst",
    )
    cli.ok(
        "person",
        "add",
        "--first",
        "Bea",
        "--last",
        "Lloyd",
        "--email",
        MENTOR,
        "--organisation",
        "Essex County Council",
    )
    cli.ok(
        "person",
        "add",
        "--first",
        "Cara",
        "--last",
        "Ng",
        "--email",
        OTHER_MENTOR,
        "--organisation",
        "NHS England",
    )
    cli.ok("cohort", "join", "Kent 2026", MENTEE, "--as", "mentee")
    cli.ok("cohort", "join", "Kent 2026", MENTOR, "--as", "mentor")
    cli.ok("cohort", "join", "Kent 2026", OTHER_MENTOR, "--as", "mentor", "--capacity", "1")
    return cli


def _mentee_place(services: Services) -> int:
    cohort = services.cohorts.by_name("Kent 2026")
    person = services.people.by_email(MENTEE)
    return next(
        m.participation_id
        for m in services.cohorts.members(int(cohort.id or 0))
        if m.person_id == person.id
    )


def _milestone(services: Services, title: str):  # type: ignore[no-untyped-def]
    person = services.people.by_email(MENTEE)
    return next(m for m in services.progress.milestones(person_id=person.id) if m.title == title)


# --- new -----------------------------------------------------------------


@pytest.mark.sqlite_only(reason="new makes a programme file")
def test_new_makes_an_empty_programme_readable_by_her_only(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(str(db_path), capsys)
    out = cli.ok("new", "--programme", "Top Talent South East")
    assert "Top Talent South East" in out
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    from women_in_ddat.services.programme_file import programme_names

    services = cli.services()
    try:
        assert programme_names(services.db) == ["Top Talent South East"]
        assert services.cohorts.summaries() == [] and services.people.count() == 0
    finally:
        services.close()
    # Its first cohort joins that programme and takes its standard milestones.
    cli.ok("cohort", "add", "Kent 2027", "--start", "2027-01-10")
    services = cli.services()
    try:
        summary = services.cohorts.summaries()[0]
        assert summary.programme == "Top Talent South East"
        assert len(services.cohorts.templates(summary.id)) == 6
    finally:
        services.close()


@pytest.mark.sqlite_only(reason="new makes a programme file")
def test_new_over_an_existing_file_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"a coordinator's notes, not a database")
    err = Cli(str(taken), capsys).refused(5, "new", "--programme", "Top Talent")
    assert "already exists" in err
    assert taken.read_bytes() == b"a coordinator's notes, not a database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.db"]


@pytest.mark.sqlite_only(reason="new makes a programme file")
def test_new_is_for_a_file_not_a_server(capsys: pytest.CaptureFixture[str]) -> None:
    err = Cli("postgresql+psycopg://coordinator@db.invalid/mentoring", capsys).refused(
        2, "new", "--programme", "Top Talent"
    )
    assert "migrate-to" in err


@pytest.mark.sqlite_only(reason="new makes a programme file")
def test_new_refuses_a_blank_name(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Cli(str(db_path), capsys).refused(2, "new", "--programme", "   ")
    assert not db_path.exists()


@pytest.mark.sqlite_only(reason="about a file that is not there")
def test_a_mistyped_file_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "programme.db"
    err = Cli(str(missing), capsys).refused(
        3, "person", "add", "--first", "Ada", "--last", "Okoro", "--email", MENTEE
    )
    assert "There is no programme" in err and "new --programme" in err
    assert list(tmp_path.iterdir()) == []


# --- cohort and person --------------------------------------------------


def test_cohort_add_and_its_refusals(cli: Cli) -> None:
    out = cli.ok("cohort", "add", "Kent 2026", "--start", "2026-02-01", "--end", "2027-01-31")
    assert "Kent 2026" in out
    services = cli.services()
    try:
        cohort = services.cohorts.by_name("Kent 2026")
        assert (cohort.start_date, cohort.end_date) == (date(2026, 2, 1), date(2027, 1, 31))
    finally:
        services.close()
    assert "exists already" in cli.refused(5, "cohort", "add", "kent 2026", "--start", "2026-03-01")
    assert "YYYY-MM-DD" in cli.refused(2, "cohort", "add", "Kent 2027", "--start", "1/2/2027")
    assert "end" in cli.refused(
        2, "cohort", "add", "Kent 2027", "--start", "2027-02-01", "--end", "2027-01-01"
    )
    services = cli.services()
    try:
        assert [c.name for c in services.cohorts.summaries()] == ["Kent 2026"]
    finally:
        services.close()


def test_person_add_and_its_refusals(cli: Cli) -> None:
    cli.ok(
        "person",
        "add",
        "--first",
        "Siân",
        "--last",
        "Llewellyn",
        "--email",
        "Sian.L@Kent.gov.uk",
        "--organisation",
        "Kent County Council",
        "--job-title",
        "Delivery manager",
    )
    services = cli.services()
    try:
        person = services.people.by_email("sian.l@kent.gov.uk")
        assert (person.first_name, person.last_name, person.job_title) == (
            "Siân",
            "Llewellyn",
            "Delivery manager",
        )
        assert [o.name for o in services.people.organisations()] == ["Kent County Council"]
    finally:
        services.close()
    assert "already recorded" in cli.refused(
        5, "person", "add", "--first", "S", "--last", "L", "--email", "sian.l@kent.gov.uk"
    )
    assert "email" in cli.refused(
        2, "person", "add", "--first", "S", "--last", "L", "--email", "not-an-address"
    )


def test_join_puts_a_person_in_a_cohort_with_her_milestones(programme: Cli) -> None:
    services = programme.services()
    try:
        members = services.cohorts.members(int(services.cohorts.by_name("Kent 2026").id or 0))
        assert sorted((m.email, m.role, m.mentor_capacity) for m in members) == [
            (MENTEE, "mentee", 0),
            (MENTOR, "mentor", 2),
            (OTHER_MENTOR, "mentor", 1),
        ]
        assert len(services.progress.milestones(person_id=services.people.by_email(MENTEE).id)) == 6
    finally:
        services.close()
    assert "already in the cohort" in programme.refused(
        5, "cohort", "join", "Kent 2026", MENTEE, "--as", "mentor"
    )
    assert "no cohort" in programme.refused(
        4, "cohort", "join", "Essex 2026", MENTEE, "--as", "mentee"
    )
    assert "No one" in programme.refused(
        4, "cohort", "join", "Kent 2026", "nobody@kent.gov.uk", "--as", "mentee"
    )
    assert "YYYY-MM-DD" in programme.refused(
        2, "cohort", "join", "Kent 2026", MENTEE, "--as", "mentee", "--start", "soon"
    )


# --- matches, sessions, milestones, outcomes ---------------------------------


def test_match_start_makes_the_match_active_from_the_date_and_due_dates_follow(
    programme: Cli,
) -> None:
    services = programme.services()
    try:
        first = _milestone(services, "First mentoring session")
        assert (first.due_date, first.state.value) == (None, "waiting")  # no match yet
    finally:
        services.close()
    on = START + timedelta(days=10)
    programme.ok("match", "start", "--cohort", "Kent 2026", MENTEE, MENTOR, "--on", on.isoformat())
    services = programme.services()
    try:
        current = services.matches.current_match(_mentee_place(services))
        assert current is not None
        assert (current.mentor_email, current.status, current.start_date) == (MENTOR, "active", on)
        first = _milestone(services, "First mentoring session")
        assert first.due_date == on + timedelta(days=14)
    finally:
        services.close()
    assert "current match" in programme.refused(
        5, "match", "start", "--cohort", "Kent 2026", MENTEE, OTHER_MENTOR
    )
    assert "not a mentee" in programme.refused(
        4, "match", "start", "--cohort", "Kent 2026", MENTOR, MENTEE
    )


def test_session_log_completes_the_first_session_milestone(programme: Cli) -> None:
    assert "no current match" in programme.refused(
        4, "session", "log", "--cohort", "Kent 2026", MENTEE, "--on", TODAY.isoformat()
    )
    programme.ok(
        "match", "start", "--cohort", "Kent 2026", MENTEE, MENTOR, "--on", START.isoformat()
    )
    held = START + timedelta(days=5)
    programme.ok(
        "session",
        "log",
        "--cohort",
        "Kent 2026",
        MENTEE,
        "--on",
        held.isoformat(),
        "--minutes",
        "45",
    )
    services = programme.services()
    try:
        current = services.matches.current_match(_mentee_place(services))
        assert current is not None
        assert [(s.held_on, s.duration_minutes) for s in services.matches.sessions(current.id)] == [
            (held, 45)
        ]
        first = _milestone(services, "First mentoring session")
        assert (first.status, first.completed_on) == ("done", held)
    finally:
        services.close()
    assert "YYYY-MM-DD" in programme.refused(
        2, "session", "log", "--cohort", "Kent 2026", MENTEE, "--on", "yesterday"
    )
    assert "minutes" in programme.refused(
        2,
        "session",
        "log",
        "--cohort",
        "Kent 2026",
        MENTEE,
        "--on",
        held.isoformat(),
        "--minutes",
        "0",
    )


def test_milestone_done_and_its_refusals(programme: Cli) -> None:
    on = START + timedelta(days=20)
    programme.ok(
        "milestone",
        "done",
        "--cohort",
        "Kent 2026",
        MENTEE,
        "development plan agreed",
        "--on",
        on.isoformat(),
        "--evidence",
        "Plan signed off by her manager",
    )
    services = programme.services()
    try:
        plan = _milestone(services, "Development plan agreed")
        assert (plan.status, plan.completed_on, plan.evidence_note) == (
            "done",
            on,
            "Plan signed off by her manager",
        )
    finally:
        services.close()
    assert "done already" in programme.refused(
        5, "milestone", "done", "--cohort", "Kent 2026", MENTEE, "Development plan agreed"
    )
    assert "no milestone" in programme.refused(
        4, "milestone", "done", "--cohort", "Kent 2026", MENTEE, "Climb Everest"
    )
    assert "not a mentee" in programme.refused(
        4, "milestone", "done", "--cohort", "Kent 2026", MENTOR, "Development plan agreed"
    )


def test_a_career_move_milestone_and_the_outcome_ledger_agree(programme: Cli) -> None:
    on = TODAY - timedelta(days=3)
    out = programme.ok(
        "outcome",
        "add",
        MENTEE,
        "--kind",
        "promotion",
        "--on",
        on.isoformat(),
        "--role",
        "Senior data analyst",
    )
    assert "credited to Kent 2026" in out
    services = programme.services()
    try:
        person = services.people.by_email(MENTEE)
        [outcome] = services.progress.outcomes(int(person.id or 0))
        assert (outcome.kind, outcome.occurred_on, outcome.role) == (
            "promotion",
            on,
            "Senior data analyst",
        )
        move = _milestone(services, "Promotion or new role")
        assert (move.status, move.completed_on, move.outcome_id) == ("done", on, outcome.id)
    finally:
        services.close()
    assert "--kind" in programme.refused(
        2, "outcome", "add", MENTEE, "--kind", "lottery win", "--on", on.isoformat()
    )
    assert "future" in programme.refused(
        2,
        "outcome",
        "add",
        MENTEE,
        "--kind",
        "new_role",
        "--on",
        (TODAY + timedelta(days=9)).isoformat(),
    )


def test_an_outcome_credited_to_no_cohort_leaves_her_milestones_alone(programme: Cli) -> None:
    on = TODAY - timedelta(days=3)
    out = programme.ok(
        "outcome", "add", MENTEE, "--kind", "New role", "--on", on.isoformat(), "--no-cohort"
    )
    assert "credited to no cohort" in out
    assert "no cohort called" in programme.refused(
        4,
        "outcome",
        "add",
        MENTEE,
        "--kind",
        "promotion",
        "--on",
        on.isoformat(),
        "--cohort",
        "Essex 2025",
    )
    services = programme.services()
    try:
        [outcome] = services.progress.outcomes(int(services.people.by_email(MENTEE).id or 0))
        assert (outcome.kind, outcome.cohort_id) == ("new_role", None)
        assert _milestone(services, "Promotion or new role").status == "not_started"
    finally:
        services.close()


def test_match_end_keeps_the_history_and_a_new_mentor_can_start(programme: Cli) -> None:
    programme.ok(
        "match", "start", "--cohort", "Kent 2026", MENTEE, MENTOR, "--on", START.isoformat()
    )
    ended = START + timedelta(days=20)
    programme.ok(
        "match",
        "end",
        "--cohort",
        "Kent 2026",
        MENTEE,
        "--on",
        ended.isoformat(),
        "--reason",
        "Mentor changed jobs",
    )
    assert "no current match" in programme.refused(
        4,
        "match",
        "end",
        "--cohort",
        "Kent 2026",
        MENTEE,
        "--on",
        ended.isoformat(),
        "--reason",
        "x",
    )
    programme.ok(
        "match",
        "start",
        "--cohort",
        "Kent 2026",
        MENTEE,
        OTHER_MENTOR,
        "--on",
        (ended + timedelta(days=2)).isoformat(),
    )
    services = programme.services()
    try:
        history = services.matches.history(_mentee_place(services))
        assert [(h.mentor_email, h.status, h.ended_on, h.end_reason) for h in history] == [
            (MENTOR, "ended_early", ended, "Mentor changed jobs"),
            (OTHER_MENTOR, "active", None, ""),
        ]
    finally:
        services.close()


def test_withdraw_closes_her_open_milestones(programme: Cli) -> None:
    programme.ok(
        "match", "start", "--cohort", "Kent 2026", MENTEE, MENTOR, "--on", START.isoformat()
    )
    on = TODAY - timedelta(days=1)
    programme.ok(
        "cohort",
        "withdraw",
        "Kent 2026",
        MENTEE,
        "--on",
        on.isoformat(),
        "--reason",
        "Moved to a role outside the sector",
    )
    services = programme.services()
    try:
        place = services.cohorts.place(_mentee_place(services))
        assert (place.status, place.withdrawn_reason) == (
            "withdrawn",
            "Moved to a role outside the sector",
        )
        states = {m.state.value for m in services.progress.milestones(person_id=place.person_id)}
        assert states == {"withdrawn"}
        assert services.matches.current_match(place.id) is None
    finally:
        services.close()
    assert "reason" in programme.refused(
        2, "cohort", "withdraw", "Kent 2026", MENTOR, "--on", on.isoformat(), "--reason", " "
    )
    assert "No one" in programme.refused(
        4,
        "cohort",
        "withdraw",
        "Kent 2026",
        "nobody@x.gov.uk",
        "--on",
        on.isoformat(),
        "--reason",
        "x",
    )
    programme.ok("person", "add", "--first", "Dee", "--last", "Shah", "--email", "dee@x.gov.uk")
    assert "not in this cohort" in programme.refused(
        4,
        "cohort",
        "withdraw",
        "Kent 2026",
        "dee@x.gov.uk",
        "--on",
        on.isoformat(),
        "--reason",
        "x",
    )


# --- import of a cohort that started months ago -------------------------------


@pytest.mark.parametrize(
    "choice, stored",
    [("done", "done"), ("not-applicable", "not_applicable"), (None, "not_started")],
)
def test_import_says_what_became_of_milestones_already_due(
    cli: Cli, tmp_path: Path, choice: str | None, stored: str
) -> None:
    import csv

    started = TODAY - timedelta(days=200)
    sheet = tmp_path / "kent.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First name", "Last name", "Email", "Organisation", "Role", "Start date"])
        writer.writerow(
            ["Ada", "Okoro", MENTEE, "Kent County Council", "Mentee", started.isoformat()]
        )
        writer.writerow(
            ["Bea", "Lloyd", MENTOR, "Essex County Council", "Mentor", started.isoformat()]
        )
    args = ["import", str(sheet), "--cohort", "Kent 2026"]
    if choice:
        args += ["--past-milestones", choice]
    code, out, err = cli(*args)
    assert code == 0, err
    said = {"done": "marked done", "not-applicable": "marked not applicable", None: "left open"}
    assert f"3 milestones were already due at import: {said[choice]}" in out
    services = cli.services()
    try:
        person = services.people.by_email(MENTEE)
        by_title = {m.title: m for m in services.progress.milestones(person_id=person.id)}
    finally:
        services.close()
    due_already = (
        "Module or course completed",
        "Public speaking or visibility task",
        "Shadowing or secondment",
    )
    assert {by_title[t].status for t in due_already} == {stored}
    assert by_title["First mentoring session"].state.value == "waiting"
    assert by_title["Promotion or new role"].status == "not_started"
    with pytest.raises(SystemExit) as refused:  # argparse refuses it before anything runs
        cli("import", str(sheet), "--past-milestones", "later")
    assert refused.value.code == 2


def test_an_ended_match_reads_as_ended_in_her_progress_summary(
    programme: Cli, tmp_path: Path
) -> None:
    import pypdf

    programme.ok(
        "match", "start", "--cohort", "Kent 2026", MENTEE, MENTOR, "--on", START.isoformat()
    )
    ended = START + timedelta(days=20)
    programme.ok(
        "match",
        "end",
        "--cohort",
        "Kent 2026",
        MENTEE,
        "--on",
        ended.isoformat(),
        "--reason",
        "Mentor changed jobs",
    )
    report = tmp_path / "ada.pdf"
    code, _, err = programme("report", "person", MENTEE, "-o", str(report))
    assert code == 0, err
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(report).pages)
    assert "Not matched" in text  # no current mentor
    assert "Bea Lloyd, ended early" in text and "Mentor changed jobs" in text


def test_session_log_on_a_match_on_hold_needs_anyway(programme: Cli) -> None:
    programme.ok(
        "match", "start", "--cohort", "Kent 2026", MENTEE, MENTOR, "--on", START.isoformat()
    )
    services = programme.services()
    try:
        current = services.matches.current_match(_mentee_place(services))
        assert current is not None
        services.matches.hold(current.id, on=TODAY - timedelta(days=10), reason="Leave")
    finally:
        services.close()
    held = TODAY - timedelta(days=2)
    log = ("session", "log", "--cohort", "Kent 2026", MENTEE, "--on", held.isoformat())
    said = programme.refused(5, *log)
    assert f"on hold since {TODAY - timedelta(days=10):%d/%m/%Y}" in said
    assert "--anyway" in said
    services = programme.services()
    try:
        assert services.matches.sessions(current.id) == []
    finally:
        services.close()
    programme.ok(*log, "--anyway")
    # A session held before the hold began is history caught up on: nothing to confirm.
    programme.ok(*log[:-1], (TODAY - timedelta(days=20)).isoformat())
    services = programme.services()
    try:
        assert len(services.matches.sessions(current.id)) == 2
    finally:
        services.close()
