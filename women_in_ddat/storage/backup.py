"""Backups with SQLite's online backup API (never a file copy), and restore.

Automatic backups go to ``<database folder>/<database name>.backups/`` and
are kept in rotation: the newest of each of the last 7 days, 4 weeks and 6
months, plus the three newest whatever their age.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from women_in_ddat.errors import DatabaseRefused, FileProblem
from women_in_ddat.storage.atomic import atomic_path, describe_os_error, make_private_folder
from women_in_ddat.storage.partial_files import partial_prefix, remove_stale_partials
from women_in_ddat.storage.preflight import SchemaState, check_sqlite_file, connect_sqlite

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".db"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_NEWEST = 7, 4, 6, 3


def backup_dir_for(database: Path) -> Path:
    return database.parent / f"{database.name}.backups"


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy a live database into ``destination`` atomically and verify the copy."""
    destination = Path(destination)
    if destination.resolve() == Path(source).resolve():
        raise FileProblem("A backup cannot overwrite the database it is taken from.")
    try:
        make_private_folder(destination.parent)
    except OSError as exc:
        raise FileProblem(f"Cannot create the backup folder: {describe_os_error(exc)}.") from exc
    src = connect_sqlite(source)
    try:
        with atomic_path(destination, what="backup", may_stream=False) as tmp:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                ok = dst.execute("PRAGMA quick_check").fetchall()
            except sqlite3.Error as exc:
                full = "full" in str(exc).lower()
                raise FileProblem(
                    "Cannot write the backup: "
                    + ("the disk is full." if full else f"{exc}.")
                    + " Any earlier backup is unchanged."
                ) from exc
            finally:
                dst.close()
            if [tuple(r) for r in ok] != [("ok",)]:
                raise FileProblem("The backup copy failed its integrity check; no backup was kept.")
    finally:
        src.close()
    return destination


def automatic_backup(
    database: Path, *, reason: str, now: datetime | None = None, prune: bool = True
) -> Path:
    """A rotated backup taken before risky work (upgrade, import, erase, restore)."""
    now = now or datetime.now()
    safe_reason = "".join(c if c.isalnum() or c == "-" else "-" for c in reason)[:40]
    folder = backup_dir_for(database)
    name = f"{database.stem}-{now:%Y%m%d-%H%M%S-%f}-{safe_reason}{BACKUP_SUFFIX}"
    path = backup_sqlite(database, folder / name)
    log.info("automatic backup taken (%s)", safe_reason)
    if prune:
        prune_backups(folder, now=now)
    return path


def change_counter(database: Path) -> bytes | None:
    """SQLite's file change counter (header bytes 24-27): it moves at every commit."""
    try:
        with open(database, "rb") as handle:
            handle.seek(24)
            return handle.read(4)
    except OSError:
        return None


@contextmanager
def backup_before(database: Path | None, *, reason: str) -> Iterator[Path | None]:
    """An automatic backup for the work inside; dropped if that work fails having changed nothing.

    Work that fails (a read-only file, a full disk) rolls back, and its
    backup is then a copy of what is still there: kept, every attempt
    would add one until the disk is full. Rotation runs once the work is
    over, so a dropped backup never pushed an older one out. ``database``
    None (a server database, whose backups are its own) takes none.
    """
    if database is None:
        yield None
        return
    before = change_counter(database)
    path = automatic_backup(database, reason=reason, prune=False)
    try:
        yield path
    except BaseException:
        if before is not None and change_counter(database) == before:
            path.unlink(missing_ok=True)
            log.info("automatic backup dropped: the work it was taken for changed nothing")
        raise
    finally:
        prune_backups(backup_dir_for(database))


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in ``folder``, newest first (by the time in their name)."""
    found = []
    if not folder.is_dir():
        return []
    for path in folder.glob(f"*{BACKUP_SUFFIX}"):
        parts = path.stem.split("-")
        for i in range(len(parts) - 2):
            try:
                taken = datetime.strptime("-".join(parts[i : i + 3]), "%Y%m%d-%H%M%S-%f")
            except ValueError:
                continue
            found.append(BackupFile(path, taken))
            break
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backups_to_keep(backups: list[BackupFile]) -> set[Path]:
    """The rotation: newest overall, and the newest per day, ISO week and month."""
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    for key_of, limit in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: tuple(d.isocalendar())[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for b in backups:  # newest first: the first seen per period is its newest
            key = key_of(b.taken_at)
            if key in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(key)
            keep.add(b.path)
    return keep


def prune_backups(folder: Path, *, now: datetime | None = None) -> list[Path]:
    backups = list_backups(folder)
    keep = backups_to_keep(backups)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                log.warning("could not remove an old backup")
    return removed


def latest_backup(database: Path) -> Path | None:
    backups = list_backups(backup_dir_for(database))
    return backups[0].path if backups else None


def restore_sqlite(
    backup: Path, database: Path, *, prepare: Callable[[Path], None] | None = None
) -> Path | None:
    """Replace ``database`` with ``backup`` after checking the backup.

    The backup must pass the same checks as any database we open. What it
    replaces is kept first as an automatic backup (returned). The copy goes
    through the backup API into the live file, inside SQLite's own
    transaction, so a crash mid-way leaves the old contents.

    ``prepare(copy)``, if given, runs first on a private copy of the backup
    (to record the restore in the audit trail it brings back, say): that
    copy is what is restored, and if ``prepare`` fails nothing has changed.
    """
    remove_stale_partials(database)
    if not Path(backup).is_file():
        raise FileProblem(f"There is no backup file {Path(backup).name}.")
    state, _ = check_sqlite_file(Path(backup))
    if state is SchemaState.MISSING:
        raise FileProblem(f"There is no backup file {Path(backup).name}.")
    staged = _staged_copy(Path(backup), database) if prepare is not None else None
    try:
        if prepare is not None and staged is not None:
            prepare(staged)
        kept = _restore_from(staged or Path(backup), database)
    finally:
        if staged is not None:
            for leftover in (staged, *(staged.with_name(staged.name + s) for s in SIDE_FILES)):
                leftover.unlink(missing_ok=True)
    log.info("database restored from a backup")
    return kept


def _restore_from(backup: Path, database: Path) -> Path | None:
    """Keep what ``database`` holds as a backup, then copy ``backup`` into it."""
    kept: Path | None = None
    if database.exists():
        try:
            check_sqlite_file(database)
        except DatabaseRefused:
            # The current file is damaged (that may be why we restore): keep
            # it byte for byte beside the backups instead.
            folder = backup_dir_for(database)
            make_private_folder(folder)
            kept = folder / f"{database.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
            os.replace(database, kept)
        else:
            with backup_before(database, reason="before-restore") as kept:
                _copy_into(backup, database)
            return kept
    _copy_into(backup, database)
    return kept


def _copy_into(backup: Path, database: Path) -> None:
    """Copy ``backup`` into ``database`` (in SQLite's own transaction), or make it anew."""
    src = connect_sqlite(backup)
    try:
        if database.exists():
            dst = connect_sqlite(database)
            try:
                src.backup(dst)
            finally:
                dst.close()
        else:
            with atomic_path(database, what="database") as tmp:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
    finally:
        src.close()


SIDE_FILES = ("-journal", "-wal", "-shm")


def _staged_copy(backup: Path, database: Path) -> Path:
    """A private copy of ``backup`` beside ``database`` (same disk, so no surprise later)."""
    try:
        fd, name = tempfile.mkstemp(
            prefix=partial_prefix(database.name, "restoring-"), suffix=".part", dir=database.parent
        )
    except OSError as exc:
        raise FileProblem(f"Cannot prepare the restore: {describe_os_error(exc)}.") from exc
    os.close(fd)
    staged = Path(name)
    src = connect_sqlite(backup)
    try:
        dst = sqlite3.connect(staged)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return staged


def ensure_daily_backup(database: Path, *, now: datetime | None = None) -> Path | None:
    """Take the day's automatic backup if none was taken in the last 24 hours."""
    now = now or datetime.now()
    backups = list_backups(backup_dir_for(database))
    if backups and (now - backups[0].taken_at).total_seconds() < 24 * 3600:
        return None
    return automatic_backup(database, reason="daily", now=now)
