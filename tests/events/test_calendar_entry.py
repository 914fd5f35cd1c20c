"""The .ics calendar entry, parsed back with icalendar as a calendar client would."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from women_in_ddat.reports.calendar_entry import write_ics
from women_in_ddat.services.events import DayPlan, EventInput

LONDON = ZoneInfo("Europe/London")
ORGANISER = "talent@cambs.gov.uk"


def read_back(path):  # type: ignore[no-untyped-def]
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, [c for c in cal.walk("VEVENT")]


def test_one_entry_per_day_in_london_time_across_the_clock_change(services, tmp_path) -> None:
    # The clocks go back at 02:00 on 25 October 2026: the 24th is BST (UTC+1), the 25th GMT
    # (UTC+0). The same 09:30 on the wall is 08:30 UTC one day and 09:30 UTC the next.
    data = EventInput(
        title="Autumn training",
        days=(
            DayPlan(date(2026, 10, 24), time(9, 30), time(16, 0)),
            DayPlan(date(2026, 10, 25), time(9, 30), time(16, 0)),
        ),
        venue="Shire Hall, Cambridge",
        online_link="https://teams.microsoft.com/l/meetup-join/abc",
    )
    event = services.events.plan(None, data)
    target = write_ics(event, tmp_path / "autumn.ics", organiser_email=ORGANISER)

    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    cal, entries = read_back(target)
    assert str(cal["METHOD"]) == "REQUEST"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert len(entries) == 2
    starts = [e.decoded("DTSTART") for e in entries]
    assert [s.tzinfo.key if hasattr(s.tzinfo, "key") else str(s.tzinfo) for s in starts] == [
        "Europe/London",
        "Europe/London",
    ]
    assert [s.replace(tzinfo=None) for s in starts] == [
        datetime(2026, 10, 24, 9, 30),
        datetime(2026, 10, 25, 9, 30),
    ]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(0)]
    utc = [s.astimezone(ZoneInfo("UTC")).time() for s in starts]
    assert utc == [time(8, 30), time(9, 30)]
    for e in entries:
        assert "Shire Hall, Cambridge" in str(e["LOCATION"])
        assert "https://teams.microsoft.com/l/meetup-join/abc" in str(e["LOCATION"])
        assert str(e["STATUS"]) == "CONFIRMED"
        assert int(e["SEQUENCE"]) == 0
    # Each day is its own entry, with a UID of its own derived from the event's.
    uids = [str(e["UID"]) for e in entries]
    assert uids[0] == event.ics_uid and len(set(uids)) == 2


def test_an_update_keeps_the_uids_and_raises_the_sequence(services, cohort, tmp_path) -> None:
    before = services.events.get(cohort.event_id)
    _, first = read_back(write_ics(before, tmp_path / "first.ics", organiser_email=ORGANISER))
    moved = EventInput(
        title="Top Talent training (new venue)",
        days=(DayPlan(date(2026, 6, 24), time(10, 0), time(16, 0)), DayPlan(date(2026, 6, 26))),
        venue="Essex Record Office",
        required=True,
    )
    after = services.events.update(cohort.event_id, moved, expected_version=before.version)
    _, second = read_back(write_ics(after, tmp_path / "second.ics", organiser_email=ORGANISER))

    assert [str(e["UID"]) for e in second] == [str(e["UID"]) for e in first]
    assert [int(e["SEQUENCE"]) for e in second] == [1, 1]
    assert second[0].decoded("DTSTART") == datetime(2026, 6, 24, 10, 0, tzinfo=LONDON)
    assert second[1].decoded("DTSTART").date() == date(2026, 6, 26)
    assert "Essex Record Office" in str(second[0]["LOCATION"])


def test_a_cancellation_says_so_with_the_same_uids(services, cohort, tmp_path) -> None:
    planned = services.events.get(cohort.event_id)
    cancelled = services.events.cancel(cohort.event_id)
    cal, entries = read_back(
        write_ics(cancelled, tmp_path / "cancel.ics", organiser_email=ORGANISER)
    )

    assert str(cal["METHOD"]) == "CANCEL"
    assert [str(e["STATUS"]) for e in entries] == ["CANCELLED", "CANCELLED"]
    assert [int(e["SEQUENCE"]) for e in entries] == [planned.ics_sequence + 1] * 2
    assert str(entries[0]["UID"]) == planned.ics_uid


def test_a_day_taken_off_the_event_goes_out_cancelled(services, cohort, tmp_path) -> None:
    three_days = EventInput(
        title="Top Talent training",
        days=tuple(DayPlan(date(2026, 6, d)) for d in (24, 25, 26)),
        required=True,
    )
    sent = services.events.update(cohort.event_id, three_days)
    _, first = read_back(write_ics(sent, tmp_path / "first.ics", organiser_email=ORGANISER))
    day3_uid = str(first[2]["UID"])

    # The 25th is dropped: the 26th becomes day 2, and day 3's entry must leave calendars.
    two_days = EventInput(
        title="Top Talent training",
        days=tuple(DayPlan(date(2026, 6, d)) for d in (24, 26)),
        required=True,
    )
    after = services.events.update(cohort.event_id, two_days, expected_version=sent.version)
    cal, second = read_back(write_ics(after, tmp_path / "second.ics", organiser_email=ORGANISER))

    assert str(cal["METHOD"]) == "REQUEST"
    by_uid = {str(e["UID"]): e for e in second}
    assert set(by_uid) == {str(e["UID"]) for e in first}
    assert [int(e["SEQUENCE"]) for e in second] == [sent.ics_sequence + 1] * 3
    gone = by_uid[day3_uid]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert gone.decoded("DTSTART") == datetime(2026, 6, 26, 9, 30, tzinfo=LONDON)
    kept = [e for e in second if str(e["UID"]) != day3_uid]
    assert [str(e["STATUS"]) for e in kept] == ["CONFIRMED", "CONFIRMED"]
    assert [e.decoded("DTSTART").date() for e in kept] == [date(2026, 6, 24), date(2026, 6, 26)]

    # Given a third day again, day 3's entry is a day of the event once more, not a cancellation.
    again = services.events.update(cohort.event_id, three_days, expected_version=after.version)
    _, third = read_back(write_ics(again, tmp_path / "third.ics", organiser_email=ORGANISER))
    assert [str(e["STATUS"]) for e in third] == ["CONFIRMED"] * 3
    assert [str(e["UID"]) for e in third] == [str(e["UID"]) for e in first]


def test_every_invitation_names_its_organiser(services, tmp_path) -> None:
    event = services.events.plan(
        None, EventInput(title="Kick-off", days=(DayPlan(date(2026, 9, 1)),))
    )
    cal, [entry] = read_back(write_ics(event, tmp_path / "kick-off.ics", organiser_email=ORGANISER))
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(entry["ORGANIZER"]) == f"mailto:{ORGANISER}"


def test_without_an_organiser_the_entry_is_published_not_requested(services, tmp_path) -> None:
    # RFC 5546: a REQUEST or CANCEL must name its organiser; Outlook files a PUBLISH as it is.
    event = services.events.plan(
        None, EventInput(title="Kick-off", days=(DayPlan(date(2026, 9, 1)),))
    )
    cal, [entry] = read_back(write_ics(event, tmp_path / "kick-off.ics"))
    assert str(cal["METHOD"]) == "PUBLISH"
    assert "ORGANIZER" not in entry
    cancelled = services.events.cancel(event.id)
    cal, [entry] = read_back(write_ics(cancelled, tmp_path / "cancelled.ics"))
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(entry["STATUS"]) == "CANCELLED"
