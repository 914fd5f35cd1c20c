"""Partial files: the copies the app writes before it publishes a file, and clearing them up.

Every file the app writes (a backup, an export, a report, a restore's
staged copy, a new database) is first written to a hidden partial file
beside its target, then renamed into place. A process killed mid-write
(kill -9, a power cut) leaves that partial behind, often a full copy of
the programme: it would keep an erased person's data for ever.

So each partial's name says who writes it: the process id and a tag of
the computer's name, e.g. ``.people.csv.4242-1a2b3c4d-k3j9x0qa.part``.
``remove_stale_partials`` deletes, in the database's folder and its
backups folder, the partials of these names (and their SQLite journals)
whose writer on this computer has died. It never touches another
program's files, a partial being written by a live process, or anything
while another process holds the database's lock (another window or
computer may be writing). Before writing a file anywhere else (an export
in the Documents folder, say), ``remove_stale_partials_of`` clears what
earlier, interrupted writes of that same file left beside it. Partials named before the writer was part of
the name are removed once an hour old: no live writer leaves a file
untouched that long.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import shutil
import socket
import time
from pathlib import Path

log = logging.getLogger(__name__)

# SQLite's companions of a partial that is itself a database (a backup, a staged restore).
_SIDE = r"(?:-journal|-wal|-shm)?"
# mkstemp's random part: eight of [a-z0-9_].
_RANDOM = r"[a-z0-9_]{8}"
_WRITER = r"(?P<pid>\d+)-(?P<host>[0-9a-f]{8})"
PARTIAL_NAME = re.compile(rf"^\..+\.(?:restoring-)?{_WRITER}-{_RANDOM}\.part{_SIDE}$")
CREATING_NAME = re.compile(rf"^\..+\.creating-{_WRITER}{_SIDE}$")
# Names given before the writer was part of them (it cannot be told whether they are live).
LEGACY_PARTIAL_NAME = re.compile(rf"^\.(?P<target>.+)\.(?:restoring-)?{_RANDOM}\.part{_SIDE}$")
LEGACY_AGE_SECONDS = 3600


def host_tag(host: str | None = None) -> str:
    """Eight hex digits standing for this computer's name (names differ; tags are short)."""
    name = host if host is not None else socket.gethostname()
    return hashlib.blake2b(name.encode("utf-8"), digest_size=4).hexdigest()


def writer_tag() -> str:
    """The part of a partial's name that says which process writes it."""
    return f"{os.getpid()}-{host_tag()}"


def partial_prefix(target_name: str, kind: str = "") -> str:
    """The ``tempfile.mkstemp`` prefix of a partial written for ``target_name``."""
    return f".{target_name}.{kind}{writer_tag()}-"


def _alive(pid: int) -> bool:
    from women_in_ddat.storage.lock import pid_alive

    return pid_alive(pid)


def writer_gone(match: re.Match[str]) -> bool:
    """Whether the writer a name's ``pid`` and ``host`` groups stand for has died."""
    if match["host"] != host_tag():
        return False  # written from another computer: only it can tell
    pid = int(match["pid"])
    return pid != os.getpid() and not _alive(pid)


def is_stale(path: Path, *, database_name: str, now: float | None = None) -> bool:
    """Whether ``path`` is a partial of the app's own naming whose writer is gone."""
    name = path.name
    match = PARTIAL_NAME.match(name) or CREATING_NAME.match(name)
    if match is not None:
        return writer_gone(match)
    legacy = LEGACY_PARTIAL_NAME.match(name)
    if legacy is None or not legacy["target"].startswith(database_name):
        return False
    return _older_than_an_hour(path, now)


def lock_held_by_another(database: Path) -> bool:
    from women_in_ddat.storage.lock import lock_path_for, pid_alive, read_lock

    info = read_lock(lock_path_for(database))
    if info is None:
        return False
    if info.host != socket.gethostname():
        return True
    return info.pid != os.getpid() and pid_alive(info.pid)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False  # another command cleared it first
    except OSError:
        log.warning("could not remove a partial file left by an interrupted write")
        return False
    return True


def remove_stale_partials_of(target: Path) -> None:
    """Remove what earlier, interrupted writes of ``target`` left beside it (before writing it again)."""
    try:
        candidates = list(target.parent.glob(f"{glob.escape('.' + target.name)}.*"))
    except OSError:
        return
    for path in candidates:
        if is_stale(path, database_name=target.name) and _is_plain_file(path):
            _remove(path)


def remove_stale_folders(parent: Path, prefix: str) -> None:
    """Remove staging folders ``<prefix><writer>-<random>`` in ``parent`` whose writer died.

    (A report batch renders into one before moving the finished PDFs out.)
    Folders named before the writer was part of the name go once an hour old.
    """
    pattern = re.compile(rf"^{re.escape(prefix)}(?:{_WRITER}-)?{_RANDOM}$")
    try:
        candidates = list(parent.glob(f"{glob.escape(prefix)}*"))
    except OSError:
        return
    for path in candidates:
        match = pattern.match(path.name)
        if match is None or not path.is_dir() or path.is_symlink():
            continue
        if writer_gone(match) if match["pid"] else _older_than_an_hour(path):
            shutil.rmtree(path, ignore_errors=True)


def _older_than_an_hour(path: Path, now: float | None = None) -> bool:
    try:
        age = (now if now is not None else time.time()) - path.lstat().st_mtime
    except OSError:
        return False
    return age > LEGACY_AGE_SECONDS


def _is_plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def remove_stale_partials(database: Path) -> list[Path]:
    """Remove the partial files crashes left beside ``database`` and in its backups folder.

    Returns what was removed. Does nothing while another process holds the
    database's lock. A file that cannot be removed is left (and logged).
    """
    from women_in_ddat.storage.backup import backup_dir_for

    database = Path(database)
    if lock_held_by_another(database):
        return []
    removed = []
    # Backups are named after the database's stem; everything else after its name.
    for folder, name in (
        (database.parent, database.name),
        (backup_dir_for(database), database.stem),
    ):
        try:
            candidates = [p for p in folder.iterdir() if p.name.startswith(".")]
        except OSError:
            continue  # no such folder (yet), or not readable: nothing of ours to clear
        for path in candidates:
            if is_stale(path, database_name=name) and _is_plain_file(path) and _remove(path):
                removed.append(path)
    if removed:
        log.info("removed %d partial file(s) left by interrupted writes", len(removed))
    return removed
