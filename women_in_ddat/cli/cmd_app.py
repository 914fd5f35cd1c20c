"""``women-in-ddat`` with no command (or ``app``): the desktop app."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser("app", help="open the desktop app (the default)")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import database_target
    from women_in_ddat.ui.app import run_app

    return run_app(database_target(args))
