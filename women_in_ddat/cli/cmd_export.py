"""``women-in-ddat export {people|participants|matches|milestones|sessions|outcomes|attendance|assessments|feedback|organisations} --format F -o FILE``."""

from __future__ import annotations

import argparse

DATASET_NAMES = (
    "people",
    "participants",
    "matches",
    "milestones",
    "sessions",
    "outcomes",
    "attendance",
    "assessments",
    "feedback",
    "organisations",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "export",
        help="export people, participants, matches, milestones, sessions, outcomes, attendance, "
        "assessments, feedback or organisations as CSV, xlsx or JSON",
        description="CSV is UTF-8 with a BOM; in CSV, text starting with = + - @ is prefixed "
        "with ' so it never runs as a formula (the import takes the ' off again); xlsx text "
        "cells are text cells, which never run. JSON is a list of objects.",
    )
    parser.add_argument("dataset", choices=DATASET_NAMES)
    parser.add_argument("--format", "-f", choices=("csv", "xlsx", "json"), default="csv")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the file to write, or - for standard output",
    )
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from women_in_ddat.cli.common import database_target
    from women_in_ddat.services.actor import current_actor
    from women_in_ddat.services.exporting import export

    count = export(
        database_target(args), args.dataset, args.format, args.output, actor=current_actor()
    )
    if args.output != "-":
        print(f"Exported {count} {args.dataset} rows to {args.output}.", file=sys.stderr)
    return 0
