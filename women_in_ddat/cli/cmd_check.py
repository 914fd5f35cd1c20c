"""``women-in-ddat check``: integrity and foreign-key check; non-zero on any fault."""

from __future__ import annotations

import argparse

from women_in_ddat.domain.wording import counted


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser("check", help="check the database's integrity and references")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from women_in_ddat.cli.common import database_target
    from women_in_ddat.errors import DatabaseRefused
    from women_in_ddat.storage.partial_files import remove_stale_partials
    from women_in_ddat.storage.preflight import (
        SchemaState,
        check_sqlite_file,
        parse_target,
        sqlite_integrity_problems,
    )

    target = parse_target(database_target(args))
    if target.sqlite_path is None:
        from women_in_ddat.storage.database import open_database

        open_database(target.url, create=False).dispose()
        print(f"{target.display_name}: reachable and at a known schema version.")
        return 0
    state, revision = check_sqlite_file(target.sqlite_path)
    if state is SchemaState.MISSING:
        raise DatabaseRefused(f"There is no database at {target.sqlite_path}.")
    remove_stale_partials(target.sqlite_path)
    problems = sqlite_integrity_problems(target.sqlite_path)
    if problems:
        print(f"{target.display_name}: {counted(len(problems), 'problem')} found:", file=sys.stderr)
        for problem in problems[:50]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    note = (
        ""
        if state is SchemaState.CURRENT
        else " (an older schema: it is upgraded, after a backup, when next opened)"
    )
    print(f"{target.display_name}: integrity ok, references ok, schema {revision}{note}.")
    return 0
