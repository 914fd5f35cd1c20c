"""Child process for the crash trials: does one kind of work until it is killed.

    python crash_child.py OPERATION DATABASE [EXTRA]

Prints "ready" once its imports are done, so the parent's random delay
lands inside the work, not inside Python's start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

BATCH = 150


def bulk_write(database: Path) -> None:
    """Many people in one transaction, as an import writes them."""
    from women_in_ddat.domain.models import Person
    from women_in_ddat.storage.database import open_database

    db = open_database(str(database))
    print("ready", flush=True)
    round_no = 0
    while True:
        round_no += 1
        with db.transaction() as session:
            for i in range(BATCH):
                session.add(
                    Person(
                        first_name="Crash",
                        last_name=f"Trial {i}",
                        email=f"r{round_no}-{i}-{id(session)}@trial.gov.uk",
                    )
                )
        print(f"committed {round_no}", flush=True)


def real_import(database: Path, files: list[str]) -> None:
    """The real import, through the command line's own entry point, one file after another.

    Each file goes into its own cohort; every import also takes its automatic backup first.
    """
    from women_in_ddat.cli.main import main

    # A dry run first loads every module the import uses, and writes nothing.
    if main(["--db", str(database), "import", files[0], "--dry-run"]) != 0:
        raise SystemExit("the dry run failed")
    print("ready", flush=True)
    for number, file in enumerate(files, start=1):
        status = main(["--db", str(database), "import", file, "--cohort", f"Crash cohort {number}"])
        print(f"imported {number} status {status}", flush=True)


def backup(database: Path, destination: Path) -> None:
    from women_in_ddat.storage.backup import backup_sqlite

    print("ready", flush=True)
    while True:
        backup_sqlite(database, destination)


def automatic_backups(database: Path) -> None:
    """The automatic backup taken before an import, an erasure or a restore, again and again."""
    from women_in_ddat.storage.backup import automatic_backup

    print("ready", flush=True)
    while True:
        automatic_backup(database, reason="crash-trial")


def restore(database: Path, backup: Path) -> None:
    """The real restore (staged copy, audit record, backup of what it replaces), again and again."""
    from women_in_ddat.services.backups import restore_recorded

    print("ready", flush=True)
    while True:
        restore_recorded(backup, database)


def export(database: Path, output: Path) -> None:
    """Exports in every format beside the database, as ``export -o`` writes them."""
    import xlsxwriter  # noqa: F401  (imported before "ready")

    from women_in_ddat.services.exporting import export as export_dataset

    print("ready", flush=True)
    while True:
        for fmt in ("csv", "xlsx", "json"):
            export_dataset(str(database), "people", fmt, str(output.with_suffix(f".{fmt}")))


def migrate(database: Path) -> None:
    from women_in_ddat.storage import database as storage_database
    from women_in_ddat.storage import migrations  # noqa: F401  (imported before "ready")

    print("ready", flush=True)
    storage_database.open_database(str(database)).dispose()
    print("done", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    operation, target = sys.argv[1], Path(sys.argv[2])
    if operation == "bulk_write":
        bulk_write(target)
    elif operation == "import":
        real_import(target, sys.argv[3:])
    elif operation == "backup":
        backup(target, Path(sys.argv[3]))
    elif operation == "automatic_backups":
        automatic_backups(target)
    elif operation == "restore":
        restore(target, Path(sys.argv[3]))
    elif operation == "export":
        export(target, Path(sys.argv[3]))
    elif operation == "migrate":
        migrate(target)
    else:
        raise SystemExit(f"unknown operation {operation}")
