"""``women-in-ddat import FILE [--cohort NAME] [--sheet NAME] [--dry-run] [--skip-invalid]``.

Also ``--list`` (recent imports), ``--undo BATCH`` and ``--template FILE``
(a clean cohort spreadsheet to hand out).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from women_in_ddat.domain.wording import counted

if TYPE_CHECKING:
    from collections.abc import Callable

    from women_in_ddat.importing.run import ImportReport

EXIT_ROWS_REFUSED = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    parser = subparsers.add_parser(
        "import",
        help="import people from a cohort spreadsheet (xlsx, xlsm, xls, ods, csv, txt)",
        description="Strict by default: if any row is invalid nothing is written and every problem "
        "is listed by sheet, row and column. Each import is one batch that --undo takes back.",
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="the spreadsheet to import")
    parser.add_argument(
        "--cohort",
        metavar="NAME",
        help="add everyone to this cohort (created if it does not exist)",
    )
    parser.add_argument("--programme", metavar="NAME", help="the programme of a new cohort")
    parser.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help="read only this sheet (repeatable; names a hidden sheet too)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; write nothing"
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and list the rejected ones",
    )
    parser.add_argument(
        "--rejects", metavar="FILE.xlsx", help="also save the rejected rows, with why, to send back"
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="a CSV's encoding (default: BOM, else UTF-8, else cp1252)",
    )
    parser.add_argument(
        "--delimiter",
        metavar="D",
        help="a CSV's delimiter: comma, semicolon, tab or bar (default: sniffed)",
    )
    parser.add_argument(
        "--past-milestones",
        choices=("open", "done", "not-applicable"),
        default="open",
        help="what becomes of milestones already due when the cohort started before today: "
        "left open (shown overdue; the default), marked done, or marked not applicable",
    )
    parser.add_argument("--list", action="store_true", help="list recent imports")
    parser.add_argument(
        "--undo", type=int, metavar="BATCH", help="undo an import batch (see --list)"
    )
    parser.add_argument(
        "--template", metavar="FILE.xlsx", help="save a blank cohort template spreadsheet"
    )
    add_db_option(parser)
    parser.set_defaults(func=run, start=start)


def start(args: argparse.Namespace) -> None:
    """Begin reading the file on a thread while the rest of the command loads.

    Called before logging is set up, and so never raises: anything wrong
    here (an unknown --encoding, say) is met again by ``run``, which then
    reads the file in line and reports it.
    """
    args.read_ahead = None
    if not args.file or args.template or args.list or args.undo is not None:
        return
    from pathlib import Path

    from women_in_ddat.importing.read_ahead import start_reading
    from women_in_ddat.importing.reading import ReadOptions
    from women_in_ddat.importing.text_files import resolve_delimiter, resolve_encoding

    try:
        options = ReadOptions(
            args.sheet, resolve_encoding(args.encoding), resolve_delimiter(args.delimiter)
        )
        args.read_ahead = start_reading(Path(args.file), options)
    except Exception:  # see above: run() meets it again
        args.read_ahead = None


def run(args: argparse.Namespace) -> int:
    import sys

    from women_in_ddat.errors import InvalidInput

    if args.template:
        from pathlib import Path

        from women_in_ddat.cli.common import database_target
        from women_in_ddat.importing.template import save_template
        from women_in_ddat.services.framework_document import framework_of_database

        save_template(Path(args.template), framework_of_database(database_target(args)))
        print(f"Cohort template saved to {args.template}.")
        return 0
    if args.list:
        return _list(args)
    if args.undo is not None:
        return _undo(args)
    if not args.file:
        raise InvalidInput("Name the file to import (or use --list, --undo or --template).")
    from pathlib import Path

    from women_in_ddat.cli.common import database_target
    from women_in_ddat.importing.fields import FIELD_BY_KEY
    from women_in_ddat.importing.run import ImportSettings, run_import
    from women_in_ddat.importing.text_files import resolve_delimiter, resolve_encoding
    from women_in_ddat.services.actor import current_actor

    settings = ImportSettings(
        cohort=args.cohort,
        programme=args.programme,
        dry_run=args.dry_run,
        skip_invalid=args.skip_invalid,
        sheets=args.sheet,
        encoding=resolve_encoding(args.encoding),
        delimiter=resolve_delimiter(args.delimiter),
        past_milestones=args.past_milestones.replace("-", "_"),
    )
    read_ahead = getattr(args, "read_ahead", None)
    report = _without_cycle_collection(
        lambda: run_import(
            database_target(args),
            Path(args.file),
            settings,
            actor=current_actor(),
            read_ahead=read_ahead,
        )
    )
    prepared, outcome = report.prepared, report.outcome
    for sheet in prepared.used:
        assert sheet.mapping is not None
        suggested = sheet.mapping.suggestions()
        unmapped = [
            sheet.mapping.column_label(i)
            + (f" [closest field: {FIELD_BY_KEY[suggested[i]].label}]" if i in suggested else "")
            for i in sheet.mapping.unmapped
        ]
        if unmapped:
            print(f"Sheet '{sheet.table.name}': columns not imported: {', '.join(unmapped)}")
    for note in prepared.notes:
        print(f"Note: {note}")
    for notice in outcome.notices:
        print(f"Note: {notice}")
    for warning in outcome.warnings:
        print(f"Warning: {warning}")
    if outcome.problems:
        print("Rejected rows:" if (outcome.written or args.skip_invalid) else "Problems:")
        for problem in outcome.problems:
            print(f"  {problem}")
    if args.rejects and outcome.rejected_records:
        from women_in_ddat.importing.rejects import save_rejected_rows

        save_rejected_rows(Path(args.rejects), prepared, outcome)
        print(f"Rejected rows saved to {args.rejects}.")
    if outcome.cohort_created and (outcome.written or outcome.dry_run):
        print(f"Cohort '{outcome.cohort}' {'would be' if outcome.dry_run else 'was'} created.")
    if outcome.matches_created and (outcome.written or outcome.dry_run):
        print(
            f"{counted(outcome.matches_created, 'match', 'matches')} "
            f"{'would be' if outcome.dry_run else ('was' if outcome.matches_created == 1 else 'were')} proposed."
        )
    if outcome.past_milestones_note():
        print(outcome.past_milestones_note())
    print(outcome.summary_line())  # last: scripts read the counts from the final line
    code = EXIT_ROWS_REFUSED if outcome.refused else 0
    if args.ends_process:
        from women_in_ddat.cli.main import end_process

        end_process(code)  # here, while the report is held: freeing it is teardown too
    sys.stdout.flush()
    return code


def _without_cycle_collection(job: Callable[[], ImportReport]) -> ImportReport:
    """Run ``job`` with Python's cycle collector paused.

    An import builds a few objects per cell and frees them only at the end;
    the collector would walk them all again and again (a tenth of a large
    import's time) to find cycles the import does not make. This is a
    short-lived process, so the pause ends with the job.
    """
    import gc

    was_enabled = gc.isenabled()  # cli.main pauses it for the whole command
    gc.freeze()  # what start-up loaded is never garbage: leave it out of every pass
    gc.disable()
    try:
        return job()
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()


def _list(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        batches = services.imports.batches()
    finally:
        services.close()
    if not batches:
        print("No imports yet.")
    for b in batches:
        when = str(b.imported_at)[:16]
        print(
            f"{b.id:>5}  {when}  {b.status:<8} {b.source_name}  -> {b.cohort or '(no cohort)'}: "
            f"{b.created} created, {b.updated} updated, {b.unchanged} unchanged, {b.rejected} rejected"
        )
    return 0


def _undo(args: argparse.Namespace) -> int:
    from women_in_ddat.cli.common import open_programme

    services = open_programme(args)
    try:
        outcome = services.imports.undo(args.undo)
    finally:
        services.close()
    print(outcome.summary_line())
    return 0
