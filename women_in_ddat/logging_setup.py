"""A rotating log file in the platform log folder, and a last-resort excepthook.

What we log: actions, record ids, counts, tracebacks. What we never log:
names, email addresses, free text typed by a coordinator. Messages of our
own exceptions are written to be safe to log (see errors.py); tracebacks
include only code and exception types plus those messages. As a second line
of defence, exception values from third-party code are replaced by their
type name, because a driver's message may quote a row.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from io import TextIOWrapper
from pathlib import Path
from types import TracebackType

from women_in_ddat.errors import UserFacingError
from women_in_ddat.paths import ensure_private_dir, log_dir

LOG_FILE_NAME = "women-in-ddat.log"
_configured_path: Path | None = None


def log_file_path() -> Path:
    return log_dir() / LOG_FILE_NAME


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def _open(self) -> TextIOWrapper:
        stream = super()._open()
        try:
            Path(self.baseFilename).chmod(0o600)
        except OSError:
            pass
        return stream


def configure_logging(level: int = logging.INFO) -> Path:
    """Idempotent: the first call sets up the file, later calls return its path."""
    global _configured_path
    path = log_file_path()
    if _configured_path == path:
        return path
    ensure_private_dir(path.parent)
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("women_in_ddat")
    for old in list(root.handlers):
        if isinstance(old, _PrivateRotatingFileHandler):
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(level)
    _configured_path = path
    return path


def safe_traceback(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """A traceback whose exception text cannot carry personal data.

    Only our own UserFacingError messages (written to be loggable) are kept;
    every other exception is reduced to its type, frames and line numbers.
    """
    lines = []
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    chain: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 5:
        if isinstance(current, UserFacingError):
            chain.append(f"{type(current).__name__}: {current.message}")
        else:
            chain.append(f"{type(current).__module__}.{type(current).__name__}")
        current = current.__cause__ or current.__context__
    return (
        "Traceback (most recent call last):\n"
        + "\n".join(lines)
        + "\n"
        + "\n  caused by ".join(chain)
    )


def log_exception(
    message: str,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    logging.getLogger("women_in_ddat").error("%s\n%s", message, safe_traceback(exc_type, exc, tb))


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log_exception("unhandled exception", exc_type, exc, tb)
        sys.stderr.write(
            f"women-in-ddat: unexpected error ({exc_type.__name__}); details are in {log_file_path()}\n"
        )

    sys.excepthook = hook
