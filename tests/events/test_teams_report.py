"""The Teams attendance report, as downloaded, applied to a day of an event."""

from __future__ import annotations

import codecs
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.events.teams_files import TEAMS_SECTIONS, write_teams_report
from women_in_ddat.domain.enums import AttendanceSource, AttendanceStatus
from women_in_ddat.domain.models import EventAttendance
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.importing.attendance_files import (
    parse_duration,
    parse_teams_time,
    preview_attendance,
    read_attendance_file,
)

JUNE_24 = date(2026, 6, 24)


def statuses(services, event_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The day's marks by email, as the register shows them."""
    event = services.events.get(event_id)
    day = next(d.id for d in event.days if d.on_date == JUNE_24)
    return {
        row.email: row.status_on(day)
        for row in services.events.register(event_id)
        if row.status_on(day)
    }


def test_the_file_is_read_as_teams_writes_it(tmp_path) -> None:
    path = write_teams_report(tmp_path / "meetingAttendanceReport.csv")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF16_LE) and b"\t\x00" in raw

    read = read_attendance_file(path)

    assert read.source is AttendanceSource.TEAMS
    assert read.meeting_title == "Top Talent training day"
    assert read.meeting_day == JUNE_24
    assert read.meeting_minutes == 6 * 60 + 3
    # Siân joined twice: one row with her whole time, not one per join.
    assert [line.name for line in read.lines] == [
        "Ruth Ode",
        "Siân Jones",
        "Amy Lee",
        "Zoë Brown",
        "Someone Else",
    ]
    sian = read.lines[1]
    assert (sian.email, sian.minutes) == ("sian.jones@kent.gov.uk", 5 * 60 + 12)
    assert read.lines[2].email == "amy.lee@kent.gov.uk"  # lower-cased
    assert read.lines[3].email == ""  # the guest


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("5h 58m 57s", 358), ("44m 20s", 44), ("59s", 0), ("2h", 120), ("", None), ("soon", None)],
)
def test_durations(text: str, minutes: int | None) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "04/03/2026, 09:05:07",  # a UK organiser's report
        "3/4/26, 9:05:07 AM",  # a US organiser's
        "3/4/26, 9:05:07\u202fAM",  # the new Teams puts a narrow no-break space before AM
    ],
)
def test_meeting_times_in_the_organisers_locale(text: str) -> None:
    assert parse_teams_time(text) == datetime(2026, 3, 4, 9, 5, 7)


def test_people_are_matched_by_email_then_by_name_and_the_rest_listed(
    services, cohort, tmp_path
) -> None:
    path = write_teams_report(tmp_path / "report.csv")
    preview = preview_attendance(services.event_attendance, cohort.event_id, path)

    assert preview.day == JUNE_24
    assert preview.minimum_minutes == round(363 * 0.5)
    found = {line.name: (line.matched_by, line.status) for line in preview.usable}
    assert found == {
        "Ruth Ode": ("email", "attended"),
        "Siân Jones": ("email", "attended"),
        "Amy Lee": ("email", "left_early"),  # 44 minutes of 363
        "Zoë Brown": ("name", "attended"),  # a guest without an email, found by her name
    }
    assert [(line.row_number, line.name) for line in preview.problems] == [(15, "Someone Else")]


def test_the_minimum_time_is_configurable(services, cohort, tmp_path) -> None:
    path = write_teams_report(tmp_path / "report.csv")
    preview = preview_attendance(
        services.event_attendance, cohort.event_id, path, minimum_share=0.1
    )
    assert {line.name: line.status for line in preview.usable}["Amy Lee"] == "attended"


def test_strict_refuses_the_whole_file_and_records_nothing(services, cohort, tmp_path) -> None:
    path = write_teams_report(tmp_path / "report.csv")
    preview = preview_attendance(services.event_attendance, cohort.event_id, path)

    with pytest.raises(InvalidInput, match="1 rows cannot be used"):
        services.event_attendance.apply(preview)

    with services.db.reading() as session:
        assert session.scalar(select(func.count(EventAttendance.id))) == 0


def test_skip_invalid_records_the_rest_and_undo_puts_back_what_was_there(
    services, cohort, tmp_path
) -> None:
    # Amy had sent apologies by hand; the report then says she was there briefly.
    day = services.events.day_ids(cohort.event_id, JUNE_24)[0]
    services.events.mark(cohort.event_id, [(cohort.people["amy"], day, AttendanceStatus.APOLOGIES)])
    path = write_teams_report(tmp_path / "report.csv")
    preview = preview_attendance(services.event_attendance, cohort.event_id, path)

    applied = services.event_attendance.apply(preview, skip_invalid=True)

    assert (applied.recorded, applied.rejected) == (4, 1)
    assert statuses(services, cohort.event_id) == {
        "ruth.ode@essex.gov.uk": "attended",
        "sian.jones@kent.gov.uk": "attended",
        "amy.lee@kent.gov.uk": "left_early",
        "zoe.brown@thurrock.gov.uk": "attended",
    }

    assert services.event_attendance.undo(applied.import_id) == 4
    assert statuses(services, cohort.event_id) == {"amy.lee@kent.gov.uk": "apologies"}
    with pytest.raises(Conflict, match="undone already"):
        services.event_attendance.undo(applied.import_id)


def test_undo_is_refused_once_a_mark_was_changed_by_hand(services, cohort, tmp_path) -> None:
    path = write_teams_report(tmp_path / "report.csv")
    preview = preview_attendance(services.event_attendance, cohort.event_id, path)
    applied = services.event_attendance.apply(preview, skip_invalid=True)
    services.events.mark(
        cohort.event_id, [(cohort.people["amy"], preview.day_id, AttendanceStatus.ATTENDED)]
    )

    with pytest.raises(Conflict, match="changed by hand"):
        services.event_attendance.undo(applied.import_id)
    assert statuses(services, cohort.event_id)["amy.lee@kent.gov.uk"] == "attended"


def test_someone_who_came_uninvited_is_invited_and_undo_takes_that_back(
    services, cohort, tmp_path
) -> None:
    services.events.invite(cohort.event_id, mentees=True)  # not Ruth, the mentor
    path = write_teams_report(tmp_path / "report.csv")
    preview = preview_attendance(services.event_attendance, cohort.event_id, path)
    applied = services.event_attendance.apply(preview, skip_invalid=True)
    assert services.events.get(cohort.event_id).invited == 4

    services.event_attendance.undo(applied.import_id)
    assert services.events.get(cohort.event_id).invited == 3


def test_a_report_for_another_day_is_refused(services, cohort, tmp_path) -> None:
    rows = [list(r) for r in TEAMS_SECTIONS]
    rows[3] = ["Start time", "01/07/2026, 09:28:12"]
    path = write_teams_report(tmp_path / "report.csv", rows)
    with pytest.raises(InvalidInput, match="no day on 2026-07-01"):
        preview_attendance(services.event_attendance, cohort.event_id, path)
    # Said which day, it is used.
    preview = preview_attendance(services.event_attendance, cohort.event_id, path, on=JUNE_24)
    assert preview.day == JUNE_24
