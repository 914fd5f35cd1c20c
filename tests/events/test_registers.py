"""Register spreadsheets: one from LibreOffice, a hand-typed csv, an Excel workbook."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from pypdf import PdfReader

from women_in_ddat.domain.enums import AttendanceSource
from women_in_ddat.errors import FileProblem, InvalidInput
from women_in_ddat.importing.attendance_files import preview_attendance, read_attendance_file
from women_in_ddat.reports.sign_in_sheet import write_sign_in_sheet
from women_in_ddat.services.events import DayPlan, EventInput, sheet_code

FILES = Path(__file__).parent / "files"
JUNE_25 = date(2026, 6, 25)


def recorded(services, event_id: int, on: date) -> dict[str, str]:  # type: ignore[no-untyped-def]
    day = services.events.day_ids(event_id, on)[0]
    return {
        r.email: r.status_on(day) for r in services.events.register(event_id) if r.status_on(day)
    }


def test_a_libreoffice_register_is_read_below_its_title_rows(services, cohort) -> None:
    read = read_attendance_file(FILES / "register_libreoffice.ods")
    assert read.source is AttendanceSource.REGISTER
    assert [(line.name, line.email, line.status and line.status.value) for line in read.lines] == [
        ("Siân Jones", "sian.jones@kent.gov.uk", "attended"),
        ("Amy Lee", "", "absent"),
        ("Zoë Brown", "zoe.brown@thurrock.gov.uk", "apologies"),
        ("Ruth Ode", "ruth.ode@essex.gov.uk", "attended"),
    ]

    preview = preview_attendance(
        services.event_attendance, cohort.event_id, FILES / "register_libreoffice.ods", on=JUNE_25
    )
    services.event_attendance.apply(preview)

    assert recorded(services, cohort.event_id, JUNE_25) == {
        "sian.jones@kent.gov.uk": "attended",
        "amy.lee@kent.gov.uk": "absent",  # found by her name
        "zoe.brown@thurrock.gov.uk": "apologies",
        "ruth.ode@essex.gov.uk": "attended",
    }


def test_a_hand_typed_csv(services, cohort, tmp_path) -> None:
    # Typed in Notepad on a council laptop: Windows line ends, cp1252, odd spacing and case.
    path = tmp_path / "register.csv"
    path.write_bytes(
        "email , Present\r\n"
        " SIAN.JONES@kent.gov.uk ,Y\r\n"
        "amy.lee@kent.gov.uk,\r\n"
        "\r\n"
        "zoe.brown@thurrock.gov.uk, sent apologies\r\n"
        "ruth.ode@essex.gov.uk,maybe\r\n".encode("cp1252")
    )
    preview = preview_attendance(services.event_attendance, cohort.event_id, path, on=JUNE_25)
    assert [(line.row_number, line.problem) for line in preview.problems] == [
        (6, "the attended column is not understood")
    ]
    with pytest.raises(InvalidInput):
        services.event_attendance.apply(preview)
    services.event_attendance.apply(preview, skip_invalid=True)

    assert recorded(services, cohort.event_id, JUNE_25) == {
        "sian.jones@kent.gov.uk": "attended",
        "amy.lee@kent.gov.uk": "absent",
        "zoe.brown@thurrock.gov.uk": "apologies",
    }


def test_an_excel_register_by_full_name(services, cohort, tmp_path) -> None:
    path = tmp_path / "register.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Day 2")
    for r, row in enumerate(
        [["Full name", "Attendance"], ["Sian Jones", "Present"], ["ZOË BROWN", "Absent"]]
    ):
        sheet.write_row(r, 0, row)
    book.close()

    preview = preview_attendance(services.event_attendance, cohort.event_id, path, on=JUNE_25)
    # "Sian" without the circumflex is still Siân; case is ignored.
    assert {line.person_name: line.status for line in preview.usable} == {
        "Siân Jones": "attended",
        "Zoë Brown": "absent",
    }


def test_a_sheet_without_a_register_is_refused_in_one_line(tmp_path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Organisation\nSiân Jones,Kent\n", encoding="utf-8")
    with pytest.raises(FileProblem, match="no register"):
        read_attendance_file(path)


def test_a_register_for_a_multi_day_event_needs_its_day(services, cohort) -> None:
    with pytest.raises(InvalidInput, match="several days"):
        preview_attendance(
            services.event_attendance, cohort.event_id, FILES / "register_libreoffice.ods"
        )


def test_the_sign_in_sheet_typed_back_by_its_codes(services, cohort, tmp_path) -> None:
    # The codes are read off the printed sheet itself, as the coordinator would.
    services.events.invite(cohort.event_id, mentees=True)
    event = services.events.get(cohort.event_id)
    people = services.events.register(cohort.event_id)
    sheet = write_sign_in_sheet(event, people, tmp_path / "sheet.pdf", on=JUNE_25).path
    text = " ".join(page.extract_text() or "" for page in PdfReader(sheet).pages)
    codes = dict(re.findall(r"(E\d+-\d+)\n(\S+ \S+)", text))
    codes = {name: code for code, name in codes.items()}
    assert set(codes) == {"Siân Jones", "Amy Lee", "Zoë Brown"}

    other = services.events.plan(cohort.id, EventInput("Panel", (DayPlan(date(2026, 9, 1)),)))
    services.events.invite(other.id, mentees=True)
    elsewhere = sheet_code(other.id, services.events.register(other.id)[0].invitation_id)
    path = tmp_path / "typed.csv"
    path.write_text(
        "Code,Attended\n"
        f"{codes['Siân Jones']},y\n"
        f"{codes['Amy Lee'].lower().replace('-', ' ')},apologies\n"
        f"{codes['Zoë Brown']},\n"
        f"{elsewhere},y\n"
        "E1-99999,y\n"
        "Siân,y\n",
        encoding="utf-8",
    )
    preview = preview_attendance(services.event_attendance, cohort.event_id, path, on=JUNE_25)
    assert {(line.person_name, line.matched_by, line.status) for line in preview.usable} == {
        ("Siân Jones", "code", "attended"),
        ("Amy Lee", "code", "apologies"),
        ("Zoë Brown", "code", "absent"),
    }
    assert [(line.row_number, line.problem) for line in preview.problems] == [
        (5, f"{elsewhere} is a code from another event's sheet"),
        (6, "no one on this event's sheet has the code E1-99999"),
        (7, "Siân is not a sign-in sheet code"),
    ]
    services.event_attendance.apply(preview, skip_invalid=True)
    assert recorded(services, cohort.event_id, JUNE_25) == {
        "sian.jones@kent.gov.uk": "attended",
        "amy.lee@kent.gov.uk": "apologies",
        "zoe.brown@thurrock.gov.uk": "absent",
    }
