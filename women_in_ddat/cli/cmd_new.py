"""``women-in-ddat --db FILE new --programme NAME``: a new, empty programme file."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "new",
        help="create a new, empty programme file at --db (refused if the file exists)",
        description="Creates the file named by --db, readable by you only, holding one empty "
        "programme with the standard milestones. Nothing is touched if the file exists.",
    )
    parser.add_argument("--programme", required=True, metavar="NAME", help="the programme's name")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import database_target
    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.services.programme_file import create_programme_file
    from women_in_ddat.storage.preflight import parse_target

    target = parse_target(database_target(args))
    if target.sqlite_path is None:
        raise InvalidInput(
            "new makes a programme file; for a shared database, create the programme in a "
            "file and move it there with migrate-to."
        )
    path = create_programme_file(target.sqlite_path, args.programme)
    print(f"Created the programme '{args.programme.strip()}' in {path}.")
    return 0
