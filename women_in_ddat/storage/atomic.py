"""Writing files so that a failure never leaves a half-written one behind.

The content goes to a temporary file in the same folder (created readable
by the user only), is flushed to disk, and only then renamed over the
target. A full disk, a cancel or a crash leaves the previous file as it was
and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

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
    target: Path, *, what: str = "file", before_replace: Callable[[], None] | None = None
) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces ``target`` on success.

    ``before_replace`` runs once the content is safely on disk and before it
    replaces ``target`` (to record the file in the audit trail, say): if it
    fails, nothing is published and the temporary file is removed.
    """
    target = Path(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
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


@contextmanager
def atomic_open(
    target: Path, mode: str = "w", *, what: str = "file", **kwargs: object
) -> Iterator[IO]:
    with atomic_path(target, what=what) as tmp, open(tmp, mode, **kwargs) as handle:  # type: ignore[call-overload]
        yield handle


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
