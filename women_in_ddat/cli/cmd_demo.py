"""``women-in-ddat demo``: fill the database with the demo programme."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "demo",
        help="fill the database with a realistic demo programme (running it twice adds nothing)",
    )
    parser.add_argument("--open", action="store_true", help="then open the desktop app on it")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import database_target, open_services
    from women_in_ddat.services.demo import load_demo

    services = open_services(args)
    try:
        summary = load_demo(services)
        name = services.db.display_name
    finally:
        services.close()
    if summary.created:
        print(
            f"Demo programme loaded into {name}: {summary.people} people, "
            f"{summary.cohorts} cohorts, {summary.matches} matches."
        )
    else:
        print(f"The demo programme is already in {name}; nothing was added.")
    if args.open:
        from women_in_ddat.ui.app import run_app

        return run_app(database_target(args))
    return 0
