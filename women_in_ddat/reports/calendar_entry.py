"""An event as a calendar entry (.ics, RFC 5545) that Outlook and other clients open.

One VEVENT per day. The first day carries the event's UID; day n of a
longer event carries that UID with "-dayN" before its "@" (RFC 5545 gives
each entry its own UID unless it is an instance of a recurrence, which
Outlook handles poorly). The UIDs never change, so an update (the same
UIDs, a higher SEQUENCE) replaces each day already in a calendar, even one
moved to another date. Times are
Europe/London wall-clock times with the zone's VTIMEZONE included, so a day
in June reads 09:30 BST and one in December 09:30 GMT. A cancelled event is
written as METHOD:CANCEL with STATUS:CANCELLED. The organiser is the
programme's reply address from the messages settings (``organiser``); a
programme with none set gets METHOD:PUBLISH, which needs no organiser.

A day taken off the event by an update (its entries past the new last day,
services.events.EventRow.dropped_days) goes out again with its UID, the
higher SEQUENCE and STATUS:CANCELLED, so calendars remove it instead of
keeping a day that no longer happens.

A file attached to an email goes one day to a file (``calendar_per_day``):
Outlook takes only the first VEVENT of an invitation that arrives by email
(MS-STANOICAL 2.2.175), so a two-day course sent as one file would reach
her calendar as its first day alone. Each file holds the same entry, UID
and SEQUENCE as the whole-event file, so either kind updates the other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from women_in_ddat.domain.enums import EventKind
from women_in_ddat.reports.file_names import readable_stem
from women_in_ddat.services.events import EventRow
from women_in_ddat.services.messages import MessageSettings
from women_in_ddat.storage.atomic import atomic_path

LONDON = ZoneInfo("Europe/London")
PRODUCT_ID = "-//women_in_ddat//Mentoring programme events//EN"


def calendar_for(
    event: EventRow,
    *,
    organiser_email: str = "",
    now: datetime | None = None,
    only_day: int | None = None,
) -> icalendar.Calendar:
    """The event's calendar; ``only_day``: that day's entry alone (counted from 1)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if organiser_email:
        cal.add("method", "CANCEL" if event.cancelled else "REQUEST")
    else:
        # REQUEST and CANCEL must name an organiser (RFC 5546); without one, a published
        # entry each calendar files as it is (a cancelled one says STATUS:CANCELLED).
        cal.add("method", "PUBLISH")
    several = len(event.days) > 1
    entries = [(number, day, event.cancelled) for number, day in enumerate(event.days, start=1)] + [
        (dropped.number, dropped, True) for dropped in event.dropped_days
    ]
    if only_day is not None:
        entries = [entry for entry in entries if entry[0] == only_day]
    for number, day, cancelled in entries:
        start = datetime.combine(day.on_date, day.starts_at, tzinfo=LONDON)
        entry = icalendar.Event()
        entry.add("uid", day_uid(event.ics_uid, number))
        entry.add("sequence", event.ics_sequence)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", start)
        entry.add("dtend", datetime.combine(day.on_date, day.ends_at, tzinfo=LONDON))
        if number > len(event.days):
            title = f"Cancelled: {event.title} ({day.on_date.strftime('%d %B %Y')})"
        elif several:
            title = f"{event.title} (day {number} of {len(event.days)})"
        else:
            title = event.title
        entry.add("summary", title)
        place = ", ".join(part for part in (event.venue, event.online_link) if part)
        if place:
            entry.add("location", place)
        if event.online_link:
            entry.add("url", event.online_link)
        entry.add("description", _description(event))
        entry.add("categories", [EventKind(event.kind).label])
        entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        entry.add("transp", "OPAQUE")
        if organiser_email:
            entry.add("organizer", f"mailto:{organiser_email}")
        cal.add_component(entry)
    dates = [day.on_date for _, day, _ in entries]
    if dates:
        # The zone's changes around the event only: the whole 1970-2038 table is 5 kB of noise.
        first, last = min(dates), max(dates)
        cal.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 1, 12, 31)
        )
    return cal


def calendar_per_day(
    event: EventRow, *, organiser_email: str = "", now: datetime | None = None
) -> list[tuple[str, icalendar.Calendar]]:
    """One (file name, calendar) per day, days taken off included, for attaching to email."""
    numbers = list(range(1, len(event.days) + 1)) + [d.number for d in event.dropped_days]
    stem = readable_stem(event.title, "Event")
    files = []
    for number in numbers:
        if len(numbers) == 1:
            name = f"{stem}.ics"
        elif number > len(event.days):
            name = f"{stem} - day {number} cancelled.ics"
        else:
            name = f"{stem} - day {number} of {len(event.days)}.ics"
        calendar = calendar_for(event, organiser_email=organiser_email, now=now, only_day=number)
        files.append((name, calendar))
    return files


def organiser(settings: MessageSettings) -> str:
    """Where replies to an invitation go: the programme's Reply-To, else its From address."""
    return settings.reply_to or settings.sender


def day_uid(uid: str, number: int) -> str:
    """The UID of the event's day ``number`` (counted from 1)."""
    if number == 1:
        return uid
    local, at, domain = uid.partition("@")
    return f"{local}-day{number}{at}{domain}"


def _description(event: EventRow) -> str:
    lines = [event.title]
    if event.cohort:
        lines.append(f"{event.programme}: {event.cohort}")
    if event.venue:
        lines.append(f"Venue: {event.venue}")
    if event.online_link:
        lines.append(f"Join online: {event.online_link}")
    if event.required:
        lines.append("Attendance is required to complete the programme.")
    if event.cancelled:
        lines.append("This event is cancelled.")
    return "\n".join(lines)


def write_ics(event: EventRow, target: Path, *, organiser_email: str = "") -> Path:
    """Write the event's calendar entry to ``target`` (0600, atomically)."""
    data = calendar_for(event, organiser_email=organiser_email).to_ical()
    with atomic_path(Path(target), what="calendar entry") as tmp:
        tmp.write_bytes(data)
    return Path(target)
