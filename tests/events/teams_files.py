"""Attendance files built as their programs write them (see each builder)."""

from __future__ import annotations

import codecs
from pathlib import Path

# A Teams attendance report as downloaded from the meeting's Attendance tab:
# UTF-16 LE with a BOM, tab-separated, CRLF line ends, three numbered sections
# separated by a blank line. Siân joined twice: one Participants row with her
# total time, two rows under In-Meeting Activities. The guest has no email.
TEAMS_SECTIONS = [
    ["1. Summary"],
    ["Meeting title", "Top Talent training day"],
    ["Attended participants", "5"],
    ["Start time", "24/06/2026, 09:28:12"],
    ["End time", "24/06/2026, 15:31:40"],
    ["Meeting duration", "6h 3m 28s"],
    ["Average attendance time", "4h 1m 2s"],
    [],
    ["2. Participants"],
    [
        "Name",
        "First Join",
        "Last Leave",
        "In-Meeting Duration",
        "Email",
        "Participant ID (UPN)",
        "Role",
    ],
    [
        "Ruth Ode",
        "24/06/2026, 09:28:12",
        "24/06/2026, 15:31:40",
        "6h 3m 28s",
        "ruth.ode@essex.gov.uk",
        "ruth.ode@essex.gov.uk",
        "Organizer",
    ],
    [
        "Siân Jones",
        "24/06/2026, 09:29:01",
        "24/06/2026, 15:30:00",
        "5h 12m 3s",
        "sian.jones@kent.gov.uk",
        "sian.jones@kent.gov.uk",
        "Presenter",
    ],
    [
        "Amy Lee",
        "24/06/2026, 09:35:40",
        "24/06/2026, 10:20:00",
        "44m 20s",
        "AMY.LEE@kent.gov.uk",
        "amy.lee@kent.gov.uk",
        "Attendee",
    ],
    [
        "Zoë Brown (Guest)",
        "24/06/2026, 09:40:00",
        "24/06/2026, 15:00:00",
        "5h 20m 0s",
        "",
        "",
        "Attendee",
    ],
    [
        "Someone Else (External)",
        "24/06/2026, 10:00:00",
        "24/06/2026, 11:00:00",
        "1h 0m 0s",
        "",
        "",
        "Attendee",
    ],
    [],
    ["3. In-Meeting Activities"],
    ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
    [
        "Ruth Ode",
        "24/06/2026, 09:28:12",
        "24/06/2026, 15:31:40",
        "6h 3m 28s",
        "ruth.ode@essex.gov.uk",
        "Organizer",
    ],
    [
        "Siân Jones",
        "24/06/2026, 09:29:01",
        "24/06/2026, 12:00:00",
        "2h 30m 59s",
        "sian.jones@kent.gov.uk",
        "Presenter",
    ],
    [
        "Siân Jones",
        "24/06/2026, 12:48:56",
        "24/06/2026, 15:30:00",
        "2h 41m 4s",
        "sian.jones@kent.gov.uk",
        "Presenter",
    ],
    [
        "Amy Lee",
        "24/06/2026, 09:35:40",
        "24/06/2026, 10:20:00",
        "44m 20s",
        "AMY.LEE@kent.gov.uk",
        "Attendee",
    ],
    [
        "Zoë Brown (Guest)",
        "24/06/2026, 09:40:00",
        "24/06/2026, 15:00:00",
        "5h 20m 0s",
        "",
        "Attendee",
    ],
    [
        "Someone Else (External)",
        "24/06/2026, 10:00:00",
        "24/06/2026, 11:00:00",
        "1h 0m 0s",
        "",
        "Attendee",
    ],
]


def teams_report_bytes(rows: list[list[str]] = TEAMS_SECTIONS) -> bytes:
    text = "".join("\t".join(row) + "\r\n" for row in rows)
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def write_teams_report(path: Path, rows: list[list[str]] = TEAMS_SECTIONS) -> Path:
    path.write_bytes(teams_report_bytes(rows))
    return path
