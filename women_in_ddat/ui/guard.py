"""What happens when something goes wrong in the app.

A ``UserFacingError`` from a service is shown as its one-line message; the
service has already rolled back, so the data is as it was. Anything else
is unexpected: it is logged (without personal data), shown as a dialog
that says nothing was changed, and the app carries on.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QWidget

from women_in_ddat.errors import UserFacingError
from women_in_ddat.ui import dialogs

T = TypeVar("T")
log = logging.getLogger("women_in_ddat.ui")


def attempt(parent: QWidget | None, title: str, action: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a user action: ``(True, result)``, or ``(False, None)`` after showing why it was refused."""
    try:
        return True, action()
    except UserFacingError as exc:
        log.info("%s refused: %s", title, type(exc).__name__)
        dialogs.show_problem(parent, title, exc.message)
        return False, None


def unexpected_error_text(exc_type: type[BaseException]) -> str:
    from women_in_ddat.logging_setup import log_file_path

    return (
        f"Something unexpected went wrong ({exc_type.__name__}). Whatever you were doing was "
        f"not saved, and your data is as it was before. Details are in the log: {log_file_path()}"
    )


def install_dialog_excepthook() -> Callable[..., Any]:
    """Route exceptions that escape a slot to the log and a dialog; returns the old hook."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        from women_in_ddat.logging_setup import log_exception

        if isinstance(exc, UserFacingError):
            dialogs.show_problem(QApplication.activeWindow(), "Cannot do that", exc.message)
            return
        log_exception("unexpected error in the app", exc_type, exc, tb)
        dialogs.show_problem(
            QApplication.activeWindow(), "Unexpected error", unexpected_error_text(exc_type)
        )

    sys.excepthook = hook
    return previous
