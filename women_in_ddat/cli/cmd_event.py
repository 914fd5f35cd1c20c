"""``women-in-ddat event ...``: training days and other events, their invitations and registers."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import time

KINDS = ("training_day", "workshop", "networking", "visibility_or_speaking", "celebration")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    event = subparsers.add_parser("event", help="plan events, invite people, keep the register")
    actions = event.add_subparsers(dest="event_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="plan an event; prints its id")
    add.add_argument("--cohort", metavar="NAME", help="the cohort (default: the whole programme)")
    add.add_argument("--title", required=True, metavar="TEXT")
    add.add_argument("--on", required=True, metavar="DATE", help="its (first) day, YYYY-MM-DD")
    add.add_argument("--until", metavar="DATE", help="its last day, for an event of several days")
    add.add_argument(
        "--from", dest="starts", default="09:30", metavar="HH:MM", help="default 09:30"
    )
    add.add_argument("--to", dest="ends", default="16:30", metavar="HH:MM", help="default 16:30")
    add.add_argument("--kind", default="training_day", choices=KINDS)
    add.add_argument("--venue", default="", metavar="TEXT")
    add.add_argument("--link", default="", metavar="URL", help="the online meeting's link")
    add.add_argument("--capacity", type=int, metavar="N")
    add.add_argument("--required", action="store_true", help="required for completion")
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="list events")
    listing.add_argument("--cohort", metavar="NAME")
    listing.set_defaults(func=run_list)

    invite = actions.add_parser(
        "invite", help="invite the cohort's mentees, mentors, sponsors, or chosen people"
    )
    invite.add_argument("event_id", type=int, metavar="EVENT_ID")
    invite.add_argument("--mentees", action="store_true")
    invite.add_argument("--mentors", action="store_true")
    invite.add_argument(
        "--sponsors",
        action="store_true",
        help="the cohort's sponsors (those invited as sponsors to its other events)",
    )
    invite.add_argument(
        "--sponsor", nargs="+", default=[], metavar="E", help="these people, as sponsors"
    )
    invite.add_argument("--email", nargs="+", default=[], metavar="E")
    invite.set_defaults(func=run_invite)

    rsvp = actions.add_parser("rsvp", help="record people's replies to the invitation")
    rsvp.add_argument("event_id", type=int, metavar="EVENT_ID")
    rsvp.add_argument("emails", nargs="+", metavar="EMAIL")
    reply = rsvp.add_mutually_exclusive_group(required=True)
    for choice in ("accepted", "declined", "no_reply"):
        reply.add_argument(
            f"--{choice.replace('_', '-')}", dest="rsvp", action="store_const", const=choice
        )
    rsvp.set_defaults(func=run_rsvp)

    mark = actions.add_parser("mark", help="mark people attended, absent or apologies")
    mark.add_argument("event_id", type=int, metavar="EVENT_ID")
    mark.add_argument("emails", nargs="+", metavar="EMAIL")
    status = mark.add_mutually_exclusive_group(required=True)
    for choice in ("attended", "absent", "apologies", "left_early"):
        status.add_argument(
            f"--{choice.replace('_', '-')}", dest="status", action="store_const", const=choice
        )
    mark.add_argument("--day", metavar="DATE", help="the day (default: every day of the event)")
    mark.set_defaults(func=run_mark)

    attendance = actions.add_parser(
        "attendance", help="record attendance from a Teams attendance report or a register sheet"
    )
    attendance.add_argument("event_id", type=int, metavar="EVENT_ID")
    attendance.add_argument("file", metavar="FILE")
    attendance.add_argument("--day", metavar="DATE", help="the day (default: the report's date)")
    attendance.add_argument(
        "--minimum",
        type=int,
        metavar="PERCENT",
        default=50,
        help="share of the meeting that counts as attended (Teams; default 50)",
    )
    attendance.add_argument("--dry-run", action="store_true", help="show, record nothing")
    attendance.add_argument(
        "--skip-invalid", action="store_true", help="record the usable rows, list the rest"
    )
    attendance.set_defaults(func=run_attendance)

    undo = actions.add_parser("undo-attendance", help="undo an attendance import")
    undo.add_argument("import_id", type=int, metavar="IMPORT_ID")
    undo.set_defaults(func=run_undo)

    ics = actions.add_parser("ics", help="write the event's calendar entry (.ics)")
    ics.add_argument("event_id", type=int, metavar="EVENT_ID")
    ics.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    ics.set_defaults(func=run_ics)

    sheet = actions.add_parser("register", help="write the sign-in sheet (PDF)")
    sheet.add_argument("event_id", type=int, metavar="EVENT_ID")
    sheet.add_argument("--day", metavar="DATE", help="the day (default: the first)")
    sheet.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    sheet.set_defaults(func=run_register)

    cancel = actions.add_parser("cancel", help="cancel an event (then send its .ics again)")
    cancel.add_argument("event_id", type=int, metavar="EVENT_ID")
    cancel.set_defaults(func=run_cancel)

    for parser in (add, listing, invite, rsvp, mark, attendance, undo, ics, sheet, cancel, event):
        add_db_option(parser)


def _time(text: str, option: str) -> time:
    from datetime import time

    from women_in_ddat.errors import InvalidInput

    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option} takes a time written as HH:MM.") from None


def run_add(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import day, open_programme, optional_day
    from women_in_ddat.domain.enums import EventKind
    from women_in_ddat.services.events import DayPlan, EventInput, days_between

    first = day(args.on, "--on")
    last = optional_day(args.until, "--until") or first
    starts, ends = _time(args.starts, "--from"), _time(args.ends, "--to")
    days = tuple(DayPlan(d.on_date, starts, ends) for d in days_between(first, last))
    services = open_programme(args)
    try:
        cohort_id = services.cohorts.by_name(args.cohort).id if args.cohort else None
        event = services.events.plan(
            cohort_id,
            EventInput(
                title=args.title,
                days=days,
                kind=EventKind(args.kind),
                venue=args.venue,
                online_link=args.link,
                capacity=args.capacity,
                required=args.required,
            ),
        )
    finally:
        services.close()
    print(event.id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        cohort_id = services.cohorts.by_name(args.cohort).id if args.cohort else None
        events = services.events.events(cohort_id)
    finally:
        services.close()
    for e in events:
        flags = ", ".join(
            f for f, on in (("required", e.required), ("cancelled", e.cancelled)) if on
        )
        print(
            "\t".join(
                [
                    str(e.id),
                    e.when,
                    e.title,
                    e.cohort or "(programme)",
                    f"{e.invited} invited, {e.accepted} accepted, {e.no_reply} no reply",
                    flags,
                ]
            ).rstrip()
        )
    return 0


def run_invite(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.errors import InvalidInput

    if not (args.mentees or args.mentors or args.sponsors or args.sponsor or args.email):
        raise InvalidInput(
            "Say whom to invite: --mentees, --mentors, --sponsors, --sponsor E and/or --email E."
        )
    services = open_programme(args)
    try:
        ids = [int(services.people.by_email(e).id or 0) for e in args.email]
        sponsor_ids = [int(services.people.by_email(e).id or 0) for e in args.sponsor]
        made = services.events.invite(
            args.event_id,
            mentees=args.mentees,
            mentors=args.mentors,
            sponsors=args.sponsors,
            person_ids=ids,
            sponsor_ids=sponsor_ids,
        )
        total = services.events.get(args.event_id).invited
    finally:
        services.close()
    print(f"Invited {made} more people ({total} invited in all).")
    return 0


def run_rsvp(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.domain.enums import Rsvp

    reply = Rsvp(args.rsvp)
    services = open_programme(args)
    try:
        for email in args.emails:
            person_id = int(services.people.by_email(email).id or 0)
            services.events.set_rsvp(args.event_id, person_id, reply)
    finally:
        services.close()
    print(f"Recorded {len(args.emails)} replies: {reply.label.lower()}.")
    return 0


def run_mark(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import counted, open_programme, optional_day
    from women_in_ddat.domain.enums import AttendanceStatus

    on = optional_day(args.day, "--day")
    status = AttendanceStatus(args.status)
    services = open_programme(args)
    try:
        days = services.events.day_ids(args.event_id, on)
        ids = [int(services.people.by_email(e).id or 0) for e in args.emails]
        changed = services.events.mark(
            args.event_id, [(pid, day_id, status) for pid in ids for day_id in days]
        )
    finally:
        services.close()
    print(
        f"Marked {counted(len(ids), 'person', 'people')} {status.label.lower()}"
        f" on {counted(len(days), 'day')} ({counted(changed, 'mark')})."
    )
    return 0


def run_attendance(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.cli.common import open_programme, optional_day
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.importing.attendance_files import preview_attendance

    on = optional_day(args.day, "--day")
    if not 1 <= args.minimum <= 100:
        raise InvalidInput("--minimum is a percentage from 1 to 100.")
    services = open_programme(args)
    try:
        preview = preview_attendance(
            services.event_attendance,
            args.event_id,
            Path(args.file),
            on=on,
            minimum_share=args.minimum / 100,
        )
        for line in preview.lines:
            if line.problem:
                who = line.email or line.name or "(no name)"
                print(f"row {line.row_number}: {who}: {line.problem}")
        usable = preview.usable
        counts: dict[str, int] = {}
        for line in usable:
            counts[line.status] = counts.get(line.status, 0) + 1
        summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(counts.items()))
        minimum = (
            f"; at least {preview.minimum_minutes} of {preview.meeting_minutes} minutes counts as attended"
            if preview.minimum_minutes
            else ""
        )
        if args.dry_run:
            print(
                f"Dry run for {preview.day.isoformat()}: {len(usable)} rows would be recorded "
                f"({summary or 'none'}), {len(preview.problems)} cannot be used{minimum}. "
                "Nothing was recorded."
            )
            return 0
        applied = services.event_attendance.apply(preview, skip_invalid=args.skip_invalid)
    finally:
        services.close()
    print(
        f"Recorded {applied.recorded} marks for {preview.day.isoformat()} ({summary or 'none'}); "
        f"{applied.rejected} rows skipped{minimum}. "
        f"Undo with: event undo-attendance {applied.import_id}"
    )
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        count = services.event_attendance.undo(args.import_id)
    finally:
        services.close()
    print(f"Undid attendance import {args.import_id}: {count} marks put back.")
    return 0


def run_ics(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.cli.common import open_programme
    from women_in_ddat.reports.calendar_entry import organiser, write_ics

    services = open_programme(args)
    try:
        event = services.events.get(args.event_id)
        organiser_email = organiser(services.messages.settings())
    finally:
        services.close()
    write_ics(event, Path(args.output), organiser_email=organiser_email)
    what = "cancellation" if event.cancelled else "calendar entry"
    print(f"Wrote the {what} (sequence {event.ics_sequence}) to {args.output}.")
    return 0


def run_register(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.cli.common import open_programme, optional_day
    from women_in_ddat.reports.sign_in_sheet import write_sign_in_sheet

    on = optional_day(args.day, "--day")
    services = open_programme(args)
    try:
        event = services.events.get(args.event_id)
        people = services.events.register(args.event_id)
    finally:
        services.close()
    rendered = write_sign_in_sheet(event, people, Path(args.output), on=on)
    print(f"Wrote the sign-in sheet for {len(people)} people to {args.output}.")
    for warning in rendered.warnings:
        print(warning)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        event = services.events.cancel(args.event_id)
    finally:
        services.close()
    print(
        f"Cancelled event {event.id}; send its .ics again (event ics) to take it out of calendars."
    )
    return 0
