"""Entry point of ``women-in-ddat``.

Start-up matters (scripts call this in loops), so this module and the
``cmd_*`` modules import only argparse at the top; each command imports
what it needs when it runs. Nothing here imports Qt or ReportLab unless
the command is about the app or a report.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from women_in_ddat import APP_NAME, __version__

# Sub-command modules, in the order --help lists them.
COMMAND_MODULES = (
    "cmd_new",
    "cmd_demo",
    "cmd_cohort",
    "cmd_person",
    "cmd_match",
    "cmd_session",
    "cmd_milestone",
    "cmd_outcome",
    "cmd_event",
    "cmd_import",
    "cmd_export",
    "cmd_report",
    "cmd_message",
    "cmd_questionnaire",
    "cmd_framework",
    "cmd_backup",
    "cmd_check",
    "cmd_migrate",
    "cmd_app",
)

# The module of each command, so that a command line naming one builds
# (and imports) only that one (tests/cli/test_start_up.py holds this true).
MODULE_OF_COMMAND = {
    "new": "cmd_new",
    "demo": "cmd_demo",
    "cohort": "cmd_cohort",
    "session": "cmd_session",
    "milestone": "cmd_milestone",
    "outcome": "cmd_outcome",
    "event": "cmd_event",
    "import": "cmd_import",
    "export": "cmd_export",
    "report": "cmd_report",
    "message": "cmd_message",
    "questionnaire": "cmd_questionnaire",
    "match": "cmd_match",
    "framework": "cmd_framework",
    "person": "cmd_person",
    "backup": "cmd_backup",
    "restore": "cmd_backup",
    "check": "cmd_check",
    "migrate-to": "cmd_migrate",
    "app": "cmd_app",
}

EXIT_UNEXPECTED = 70

# Bulk commands run with Python's cycle collector paused from the start:
# short-lived, they make many objects and no garbage cycles, and the passes
# over the few hundred modules their start-up loads would free nothing (an
# import's own work is paused too: see cmd_import). Run from the command
# line, they end their process without tearing the interpreter down.
BULK_COMMANDS = frozenset({"import"})


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names before any help option, if it names a known one."""
    values_follow = False
    for arg in argv:
        if values_follow:
            values_follow = False
        elif arg == "--db":
            values_follow = True
        elif arg.startswith("-"):
            if arg in ("-h", "--help"):
                return None
        else:
            return arg if arg in MODULE_OF_COMMAND else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for every command, or for ``command`` only (a faster start)."""
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Run a women-in-DDaT mentoring programme. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="the programme database: a file path or a SQLAlchemy URL "
        "(default: $WOMEN_IN_DDAT_DB, else the platform's data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (MODULE_OF_COMMAND[command],) if command else COMMAND_MODULES:
        try:
            module = importlib.import_module(f"women_in_ddat.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"women_in_ddat.cli.{name}":
                continue  # a command not built yet in this checkout
            raise
        module.register(subparsers)
    return parser


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db`` is accepted after the sub-command too (``women-in-ddat demo --db x.db``)."""
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def main(argv: Sequence[str] | None = None) -> int:
    command = named_command(sys.argv[1:] if argv is None else argv)
    if command not in BULK_COMMANDS or not gc.isenabled():
        return _main(argv, command)
    gc.disable()
    try:
        code = _main(argv, command, ends_process=argv is None)
    finally:
        gc.enable()
    if argv is None:
        end_process(code)
    return code


def end_process(code: int) -> NoReturn:
    """End the process of a finished bulk command without tearing the interpreter down.

    For the command line's own process (``args.ends_process``; never when a
    caller passes ``argv``), once the command's database is committed and
    closed and its output written. Teardown would only free, one by one,
    the command's data and every object of the few hundred modules loaded
    (~11 ms of a 10,000-row import) in a process about to end. The log is
    closed and the output flushed here instead, which is all of teardown
    that leaves a trace.
    """
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            pass
    os._exit(code)


def _main(argv: Sequence[str] | None, command: str | None, *, ends_process: bool = False) -> int:
    parser = build_parser(command)
    args = parser.parse_args(argv)
    args.ends_process = ends_process  # see end_process
    start = getattr(args, "start", None)
    if start is not None:
        # Work that needs only the arguments (an import's file read) begins
        # before the log and the rest load; a command's start never raises.
        start(args)

    import logging

    from women_in_ddat.errors import UserFacingError
    from women_in_ddat.logging_setup import configure_logging, log_exception

    try:
        configure_logging()
    except OSError:
        pass  # no writable log folder: carry on without a log file
    handler = getattr(args, "func", None)
    if handler is None:
        from women_in_ddat.cli.cmd_app import run as run_app

        handler = run_app
    try:
        return int(handler(args) or 0)
    except UserFacingError as exc:
        logging.getLogger("women_in_ddat").info(
            "%s failed: %s", args.command or "app", type(exc).__name__
        )
        from women_in_ddat.cli.common import one_line
        from women_in_ddat.errors import InvalidInput

        message = one_line(exc) if isinstance(exc, InvalidInput) else exc.message
        print(f"{APP_NAME}: {message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrupted; nothing was left half-done.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        from women_in_ddat.logging_setup import log_file_path
        from women_in_ddat.storage.faults import explain

        known = explain(exc, _database_name(args))
        if known is not None:  # a read-only database or a full disk, met where no one expected
            logging.getLogger("women_in_ddat").info(
                "%s failed: %s, from %s",
                args.command or "app",
                type(known).__name__,
                type(exc).__name__,
            )
            print(f"{APP_NAME}: {known.message}", file=sys.stderr)
            return known.exit_code
        log_exception(
            f"{args.command or 'app'} failed unexpectedly", type(exc), exc, exc.__traceback__
        )
        print(
            f"{APP_NAME}: unexpected error ({type(exc).__name__}); nothing was changed. "
            f"Details are in {log_file_path()}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _database_name(args: argparse.Namespace) -> str:
    """The database's file name for a message, or "" (never fails)."""
    try:
        from women_in_ddat.paths import resolve_database_target
        from women_in_ddat.storage.preflight import parse_target

        return parse_target(resolve_database_target(getattr(args, "db", None))).display_name
    except Exception:
        return ""


def gui_main() -> int:
    return main([])


if __name__ == "__main__":
    sys.exit(main())
