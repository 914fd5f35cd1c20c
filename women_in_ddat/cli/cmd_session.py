"""``women-in-ddat session log``: a mentoring session held."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    session = subparsers.add_parser("session", help="log a mentoring session")
    actions = session.add_subparsers(dest="session_action", metavar="ACTION", required=True)
    log = actions.add_parser(
        "log",
        help="log a session of a mentee's current match (her first completes its milestone)",
    )
    log.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    log.add_argument("mentee", metavar="MENTEE_EMAIL")
    log.add_argument("--on", required=True, metavar="DATE", help="when it was held (YYYY-MM-DD)")
    log.add_argument("--minutes", type=int, default=60, metavar="N", help="how long (default 60)")
    log.add_argument(
        "--anyway",
        action="store_true",
        help="log it even though the match is on hold (or was completed before that day)",
    )
    add_db_option(log)
    log.set_defaults(func=run_log)
    add_db_option(session)


def run_log(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import day, member, open_programme
    from women_in_ddat.errors import Conflict, NeedsConfirmation, NotFound

    on = day(args.on, "--on")
    services = open_programme(args)
    try:
        mentee = member(services, args.cohort, args.mentee, "mentee")
        current = services.matches.current_match(mentee.participation_id)
        if current is None:
            raise NotFound("That mentee has no current match to log a session against.")
        try:
            services.matches.log_session(
                current.id, held_on=on, duration_minutes=args.minutes, confirmed=args.anyway
            )
        except NeedsConfirmation as ask:  # the programme's rules ask first: here, by a flag
            raise Conflict(
                f"{ask.situation}; no session was logged. Add --anyway to log it all the same."
            ) from None
    finally:
        services.close()
    print(
        f"Logged a {args.minutes}-minute session of {args.mentee} with {current.mentor_email} on {on}."
    )
    return 0
