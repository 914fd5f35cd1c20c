"""The ``event`` command as a coordinator types it: real processes, real files."""

from __future__ import annotations

import csv
import json
import os
import stat

import icalendar
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli.test_commands import cli
from tests.events.teams_files import write_teams_report
from women_in_ddat.services.people import PersonInput

COHORT = "Essex 2026"


def ok(*args: str, db) -> str:  # type: ignore[no-untyped-def]
    done = cli(*args, db=db)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_plan_invite_mark_import_and_write_the_files(services, cohort, db_target, tmp_path) -> None:
    # The cohort's people (and an event of its own, id 1) are made through the services.
    event_id = ok(
        "event",
        "add",
        "--cohort",
        COHORT,
        "--title",
        "Top Talent training",
        "--on",
        "2026-06-24",
        "--until",
        "2026-06-25",
        "--venue",
        "County Hall",
        "--required",
        db=db_target,
    ).strip()
    assert event_id == "2"
    assert "Invited 3 more people" in ok("event", "invite", event_id, "--mentees", db=db_target)
    ok("event", "rsvp", event_id, "sian.jones@kent.gov.uk", "--accepted", db=db_target)
    listed = ok("event", "list", "--cohort", COHORT, db=db_target).splitlines()[1]
    assert "3 invited, 1 accepted, 2 no reply" in listed
    assert listed.split("\t")[:4] == [
        "2",
        "2026-06-24 to 2026-06-25",
        "Top Talent training",
        COHORT,
    ]

    marked = ok(
        "event",
        "mark",
        event_id,
        "amy.lee@kent.gov.uk",
        "--apologies",
        "--day",
        "2026-06-25",
        db=db_target,
    )
    assert "Marked 1 person apologies on 1 day (1 mark)." in marked

    report = write_teams_report(tmp_path / "meetingAttendanceReport.csv")
    dry = ok("event", "attendance", event_id, str(report), "--dry-run", db=db_target)
    assert "row 15: Someone Else: no email" in dry and "Nothing was recorded" in dry
    strict = cli("event", "attendance", event_id, str(report), db=db_target)
    assert strict.returncode == 2 and "nothing was recorded" in strict.stderr
    assert "Traceback" not in strict.stderr
    done = ok("event", "attendance", event_id, str(report), "--skip-invalid", db=db_target)
    assert "Recorded 4 marks for 2026-06-24 (3 attended, 1 left early); 1 rows skipped" in done

    # A sponsor, invited by name as a sponsor: the sign-in sheet says so.
    services.people.create(
        PersonInput(email="director@essex.gov.uk", first_name="Dana", last_name="Price")
    )
    invited = ok("event", "invite", event_id, "--sponsor", "director@essex.gov.uk", db=db_target)
    assert "Invited 1 more people (5 invited in all)" in invited

    expected = {
        ("2026-06-24", "ruth.ode@essex.gov.uk", "attended"),
        ("2026-06-24", "sian.jones@kent.gov.uk", "attended"),
        ("2026-06-24", "amy.lee@kent.gov.uk", "left_early"),
        ("2026-06-24", "zoe.brown@thurrock.gov.uk", "attended"),
        ("2026-06-25", "amy.lee@kent.gov.uk", "apologies"),
    }
    keys = ["cohort", "event", "date", "email", "status"]
    exported = json.loads(ok("export", "attendance", "--format", "json", "-o", "-", db=db_target))
    assert list(exported[0]) == keys
    assert {(r["date"], r["email"], r["status"]) for r in exported} == expected
    assert {(r["cohort"], r["event"]) for r in exported} == {(COHORT, "Top Talent training")}
    ok("export", "attendance", "--format", "csv", "-o", str(tmp_path / "a.csv"), db=db_target)
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == keys
    assert {(r[2], r[3], r[4]) for r in rows[1:]} == expected
    ok("export", "attendance", "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"), db=db_target)
    sheet_rows = list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))
    # Excel's headings are in plain words; CSV and JSON keep the field names scripts read.
    assert list(sheet_rows[0]) == [key.capitalize() for key in keys]
    assert {(str(r[2])[:10], r[3], r[4]) for r in sheet_rows[1:]} == expected

    ics = tmp_path / "training.ics"
    ok("event", "ics", event_id, "-o", str(ics), db=db_target)
    assert stat.S_IMODE(os.stat(ics).st_mode) == 0o600
    entries = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [str(e["LOCATION"]) for e in entries] == ["County Hall", "County Hall"]

    sheet = tmp_path / "sheet.pdf"
    ok("event", "register", event_id, "-o", str(sheet), db=db_target)
    text = " ".join((p.extract_text() or "") for p in PdfReader(sheet).pages)
    # Every invited person, and Ruth who came uninvited (the report invited her).
    for name in ("Siân Jones", "Amy Lee", "Zoë Brown", "Ruth Ode", "Dana Price\nSponsor"):
        assert name in text
    assert "Signature" in text and "24 June 2026" in text

    # Without a programme address the entry is published (REQUEST needs an organiser).
    assert str(icalendar.Calendar.from_ical(ics.read_bytes())["METHOD"]) == "PUBLISH"
    ok("message", "settings", "--from", "talent@essex.gov.uk", db=db_target)
    ok("event", "cancel", event_id, db=db_target)
    ok("event", "ics", event_id, "-o", str(ics), db=db_target)
    cancelled = icalendar.Calendar.from_ical(ics.read_bytes())
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert {str(e["ORGANIZER"]) for e in cancelled.walk("VEVENT")} == {"mailto:talent@essex.gov.uk"}


def test_mistakes_are_one_line_each(cohort, db_target) -> None:
    for args, code, words in (
        (
            ("event", "add", "--cohort", COHORT, "--title", "X", "--on", "24/06/2026"),
            2,
            "YYYY-MM-DD",
        ),
        (
            ("event", "add", "--cohort", "Nowhere", "--title", "X", "--on", "2026-06-24"),
            4,
            "cohort",
        ),
        (("event", "invite", "9", "--mentees"), 4, "event"),
        (("event", "mark", "9", "amy.lee@kent.gov.uk", "--attended"), 4, "event"),
    ):
        done = cli(*args, db=db_target)
        assert done.returncode == code, (args, done.stderr)
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_libreoffice_register_dry_run_record_and_undo(cohort, db_target) -> None:
    from pathlib import Path

    register = str(Path(__file__).parent / "files" / "register_libreoffice.ods")
    event = str(cohort.event_id)

    def marks() -> set[tuple[str, str, str]]:
        out = ok("export", "attendance", "--format", "json", "-o", "-", db=db_target)
        return {(r["date"], r["email"], r["status"]) for r in json.loads(out)}

    dry = ok(
        "event", "attendance", event, register, "--day", "2026-06-25", "--dry-run", db=db_target
    )
    assert "Nothing was recorded" in dry
    assert marks() == set()

    done = ok("event", "attendance", event, register, "--day", "2026-06-25", db=db_target)
    assert "Recorded 4 marks for 2026-06-25 (1 absent, 1 apologies, 2 attended)" in done
    assert marks() == {
        ("2026-06-25", "sian.jones@kent.gov.uk", "attended"),
        ("2026-06-25", "amy.lee@kent.gov.uk", "absent"),
        ("2026-06-25", "zoe.brown@thurrock.gov.uk", "apologies"),
        ("2026-06-25", "ruth.ode@essex.gov.uk", "attended"),
    }
    import_id = done.rsplit("undo-attendance ", 1)[1].split()[0]
    assert "4 marks put back" in ok("event", "undo-attendance", import_id, db=db_target)
    assert marks() == set()
    again = cli("event", "undo-attendance", import_id, db=db_target)
    assert again.returncode != 0 and "undone already" in again.stderr
    assert "Traceback" not in again.stderr
