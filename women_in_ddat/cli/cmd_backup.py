"""``women-in-ddat backup -o FILE`` and ``women-in-ddat restore FILE --yes``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from women_in_ddat.cli.main import add_db_option

    backup = subparsers.add_parser(
        "backup",
        help="copy the database to FILE safely (SQLite's backup API), then verify the copy",
    )
    backup.add_argument("-o", "--output", required=True, metavar="FILE")
    add_db_option(backup)
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup, after checking the backup; "
        "what it replaces is kept as a backup first",
    )
    restore.add_argument("backup_file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="confirm: replace the current database")
    add_db_option(restore)
    restore.set_defaults(func=run_restore)


def _sqlite_path(args: argparse.Namespace) -> Path:
    from women_in_ddat.cli.common import database_target
    from women_in_ddat.errors import FileProblem
    from women_in_ddat.storage.preflight import parse_target

    target = parse_target(database_target(args))
    if target.sqlite_path is None:
        raise FileProblem(
            "Backup and restore here are for SQLite files; back up a server database with its own tools (pg_dump)."
        )
    return target.sqlite_path


def run_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.errors import DatabaseRefused
    from women_in_ddat.storage.backup import backup_sqlite
    from women_in_ddat.storage.partial_files import remove_stale_partials
    from women_in_ddat.storage.preflight import SchemaState, check_sqlite_file

    path = _sqlite_path(args)
    state, _ = check_sqlite_file(path)
    if state is SchemaState.MISSING:
        raise DatabaseRefused(f"There is no database at {path}.")
    remove_stale_partials(path)
    written = backup_sqlite(path, Path(args.output))
    print(f"Backup written to {written} and verified.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from women_in_ddat.errors import InvalidInput
    from women_in_ddat.services.backups import restore_recorded

    if not args.yes:
        raise InvalidInput("Restoring replaces the current database: add --yes to confirm.")
    path = _sqlite_path(args)
    # Upgrades an older backup's schema and records the restore in it, before anything changes.
    kept = restore_recorded(Path(args.backup_file), path)
    print(f"Restored {path.name} from {Path(args.backup_file).name}.")
    if kept is not None:
        print(f"What it replaced is kept at {kept}.")
    return 0
