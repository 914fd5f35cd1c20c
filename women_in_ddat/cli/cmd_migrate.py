"""``women-in-ddat migrate-to URL``: copy this programme into another database."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "migrate-to",
        help="copy everything into another (new, empty) database, e.g. a shared PostgreSQL one, and check the counts",
    )
    parser.add_argument(
        "url", metavar="URL", help="e.g. postgresql+psycopg://coordinator@dbhost/mentoring"
    )
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import database_target
    from women_in_ddat.storage.database import open_database
    from women_in_ddat.storage.preflight import parse_target
    from women_in_ddat.storage.transfer import copy_programme

    source = open_database(database_target(args), create=False)
    try:
        target = open_database(args.url)
        try:
            report = copy_programme(source, target)
        finally:
            target.dispose()
    finally:
        source.dispose()
    print(
        f"Copied {report.total} rows in {len(report.counts)} tables to {parse_target(args.url).display_name}; "
        "every table's count matches."
    )
    return 0
