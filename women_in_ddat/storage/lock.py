"""One writer at a time: a lock file beside the database.

The lock says which computer holds it, which process, and since when. A
lock left by a process that has died on this computer is taken over; a
lock held from another computer is never taken over silently (its owner
may be mid-import over a network share): the caller is told who holds it
and since when, and must ask the coordinator before forcing it.
(QLockFile's stale-lock timeout would let a second PC steal a live lock.)
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from women_in_ddat.errors import UserFacingError


@dataclass(frozen=True)
class LockInfo:
    host: str
    pid: int
    since: str

    @property
    def since_text(self) -> str:
        try:
            return datetime.fromisoformat(self.since).strftime("%d %B %Y at %H:%M")
        except ValueError:
            return self.since


class LockedElsewhere(UserFacingError):
    """Another computer holds the database."""

    exit_code = 7

    def __init__(self, info: LockInfo) -> None:
        super().__init__(
            f"The database is in use on the computer '{info.host}' (since {info.since_text}). "
            "Using it from two computers at once can damage it."
        )
        self.info = info


class LockedHere(UserFacingError):
    """Another copy of the app on this computer holds the database."""

    exit_code = 7

    def __init__(self, info: LockInfo) -> None:
        super().__init__(
            "The database is already open in another window of women-in-DDaT on this computer."
        )
        self.info = info


def lock_path_for(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (without disturbing it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would end the process on Windows (TerminateProcess): ask instead.
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        # ERROR_ACCESS_DENIED (5): it exists, run by someone else.
        return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined,unused-ignore]
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return bool(code.value == 259)  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def read_lock(path: Path) -> LockInfo | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(str(raw["host"]), int(raw["pid"]), str(raw["since"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # Unreadable or half-written: treat as held by an unknown computer.
        return LockInfo("unknown", -1, "")


class DatabaseLock:
    def __init__(self, database: Path, *, host: str | None = None, pid: int | None = None) -> None:
        self.path = lock_path_for(database)
        self.host = host or socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        self.held = False

    def _write_new(self) -> bool:
        info = LockInfo(self.host, self.pid, datetime.now().isoformat(timespec="seconds"))
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(info), handle)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def acquire(self, *, force: bool = False) -> None:
        """Take the lock, or raise LockedHere / LockedElsewhere saying who has it."""
        for _ in range(3):
            if self._write_new():
                self.held = True
                return
            info = read_lock(self.path)
            if info is None:
                continue  # released meanwhile: try again
            if info.host == self.host and info.pid == self.pid:
                self.held = True
                return
            if info.host == self.host and not pid_alive(info.pid):
                self.path.unlink(missing_ok=True)  # left by a crash on this computer
                continue
            if force:
                self.path.unlink(missing_ok=True)
                continue
            if info.host == self.host:
                raise LockedHere(info)
            raise LockedElsewhere(info)
        raise LockedElsewhere(read_lock(self.path) or LockInfo("unknown", -1, ""))

    def release(self) -> None:
        if not self.held:
            return
        info = read_lock(self.path)
        if info is not None and info.host == self.host and info.pid == self.pid:
            self.path.unlink(missing_ok=True)
        self.held = False

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
