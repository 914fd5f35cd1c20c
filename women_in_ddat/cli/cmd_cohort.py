"""``women-in-ddat cohort add|join|withdraw``: cohorts and who takes part in them."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    cohort = subparsers.add_parser("cohort", help="add a cohort; add or withdraw its members")
    actions = cohort.add_subparsers(dest="cohort_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a cohort to the programme")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--start", dest="start_on", required=True, metavar="DATE", help="its start (YYYY-MM-DD)"
    )
    add.add_argument("--end", metavar="DATE", help="its end (YYYY-MM-DD)")
    add.add_argument(
        "--programme",
        metavar="NAME",
        help="the programme it belongs to (default: the file's only programme)",
    )
    add_db_option(add)
    add.set_defaults(func=run_add)

    join = actions.add_parser("join", help="add a recorded person to a cohort")
    join.add_argument("name", metavar="NAME", help="the cohort's name")
    join.add_argument("email", metavar="EMAIL")
    join.add_argument("--as", dest="role", required=True, choices=("mentee", "mentor"))
    join.add_argument(
        "--start", dest="start_on", metavar="DATE", help="her own start (default: the cohort's)"
    )
    join.add_argument(
        "--capacity", type=int, metavar="N", help="a mentor's room for mentees (default 2)"
    )
    add_db_option(join)
    join.set_defaults(func=run_join)

    withdraw = actions.add_parser(
        "withdraw", help="record that a member withdrew (her open milestones close)"
    )
    withdraw.add_argument("name", metavar="NAME", help="the cohort's name")
    withdraw.add_argument("email", metavar="EMAIL")
    withdraw.add_argument("--on", required=True, metavar="DATE", help="when (YYYY-MM-DD)")
    withdraw.add_argument("--reason", required=True, metavar="TEXT", help="why she withdrew")
    add_db_option(withdraw)
    withdraw.set_defaults(func=run_withdraw)
    add_db_option(cohort)


def run_add(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import day, open_programme, optional_day
    from women_in_ddat.errors import Conflict, NotFound

    start, end = day(args.start_on, "--start"), optional_day(args.end, "--end")
    services = open_programme(args)
    try:
        try:
            services.cohorts.by_name(args.name)
        except NotFound:
            pass
        else:
            raise Conflict("A cohort with that name exists already; nothing was changed.")
        cohort = services.cohorts.create_cohort(
            args.name,
            programme=args.programme,
            start_date=start,
            end_date=end,
        )
    finally:
        services.close()
    print(f"Added the cohort '{cohort.name}', starting {cohort.start_date}.")
    return 0


def run_join(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme, optional_day
    from women_in_ddat.domain.enums import ParticipantRole

    start = optional_day(args.start_on, "--start")
    services = open_programme(args)
    try:
        cohort = services.cohorts.by_name(args.name)
        person = services.people.by_email(args.email)
        place = services.cohorts.add_participant(
            int(cohort.id or 0),
            int(person.id or 0),
            ParticipantRole(args.role),
            mentor_capacity=args.capacity,
            start_date=start,
        )
    finally:
        services.close()
    print(f"Added {args.email} to {cohort.name} as a {args.role}, from {place.start_date}.")
    return 0


def run_withdraw(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import day, member, open_programme

    on = day(args.on, "--on")
    services = open_programme(args)
    try:
        place = member(services, args.name, args.email)
        services.cohorts.withdraw(place.participation_id, on, args.reason)
    finally:
        services.close()
    print(f"Recorded that {args.email} withdrew from {args.name} on {on}.")
    return 0
