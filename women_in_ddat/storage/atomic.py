"""Writing files so that a failure never leaves a half-written one behind.

The content goes to a temporary file in the same folder (created readable
by the user only), is flushed to disk, and only then renamed over the
target. A full disk or a cancel leaves the previous file as it was and no
temporary file behind; a crash may leave the temporary file, which the
next command clears up (see partial_files).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from women_in_ddat.errors import FileProblem


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or type(exc).__name__


@contextmanager
def atomic_path(
    target: Path,
    *,
    what: str = "file",
    before_replace: Callable[[], None] | None = None,
    may_stream: bool = True,
) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces ``target`` on success.

    ``before_replace`` runs once the content is safely on disk and before it
    replaces ``target`` (to record the file in the audit trail, say): if it
    fails, nothing is published and the temporary file is removed.

    A target that is not a file is never replaced (see ``output_target``):
    a symbolic link has the file it points to written, atomically; a
    device or a named pipe is written into directly (the yielded path is
    the target itself, and ``before_replace`` runs before anything goes
    out) unless ``may_stream`` is false, when it is refused like a folder.
    """
    target, streams = output_target(Path(target), what=what, may_stream=may_stream)
    if streams:
        # What streams out cannot be called back: ``before_replace`` (the
        # audit record) runs before the first byte, and if it fails none goes.
        if before_replace is not None:
            before_replace()
        try:
            yield target
        except OSError as exc:
            raise FileProblem(
                f"Cannot write the {what} to {target}: {describe_os_error(exc)}."
            ) from exc
        return
    from women_in_ddat.storage.partial_files import partial_prefix, remove_stale_partials_of

    remove_stale_partials_of(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=partial_prefix(target.name), suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise FileProblem(
            f"Cannot write the {what} {target.name}: {describe_os_error(exc)}."
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise FileProblem(
            f"Cannot write the {what} {target.name}: {describe_os_error(exc)}. "
            "Any earlier version of it is unchanged."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def output_target(
    target: Path, *, what: str = "file", may_stream: bool = True
) -> tuple[Path, bool]:
    """Where writing to ``target`` goes, and whether it is written into directly.

    A symbolic link stands for the file it points to (written in its
    place, the link kept). A character device (``/dev/null``, a terminal)
    or a named pipe is written into, never replaced. A folder, a socket or
    a block device is refused: replacing one would break what it is.
    """
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        mode = target.stat().st_mode
    except OSError:
        return target, False  # nothing there yet (or unreadable: the write will say)
    if stat.S_ISREG(mode):
        return target, False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        if may_stream:
            return target, True
        kind = "a device" if stat.S_ISCHR(mode) else "a named pipe"
        raise FileProblem(f"Cannot write the {what} to {target}: it is {kind}; choose a file name.")
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISBLK(mode):
        kind = "a block device (a disk)"
    else:
        kind = "not a regular file"
    raise FileProblem(
        f"Cannot write the {what} to {target}: it is {kind}, which is never replaced; "
        "choose a file name."
    )


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents readable by the user only (0700).

    ``Path.mkdir(parents=True, mode=...)`` gives the mode to the last folder
    only; the parents would be world-readable, and their names may be people's.
    """
    missing = []
    current = Path(folder)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue  # made meanwhile by another process
        os.chmod(path, 0o700)  # exactly: mkdir's mode passes through the umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
