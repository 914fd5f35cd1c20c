"""Errors a coordinator may see.

Every failure that reaches a person is one of these, carrying a sentence
that says what went wrong and what to do. Messages never contain names or
email addresses: they may be logged.
"""

from __future__ import annotations

from typing import NamedTuple


class UserFacingError(Exception):
    """A failure with a message fit to show as it is."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseRefused(UserFacingError):
    """The database at the chosen path cannot be used safely; it was not touched.

    ``latest_backup`` is the newest automatic backup, when there is one, so
    the app can offer to restore it.
    """

    exit_code = 3

    def __init__(self, message: str, latest_backup: object = None) -> None:
        super().__init__(message)
        self.latest_backup = latest_backup


class DatabaseReadOnly(DatabaseRefused):
    """The database (file or disk) cannot be written; whatever was being saved was not."""

    def __init__(self, name: str = "", message: str | None = None) -> None:
        what = f"The database {name}" if name else "The database"
        super().__init__(
            message
            or f"{what} is read-only, so nothing was changed: make the file writable "
            "(or work on a copy you can write to) and try again."
        )


class NotFound(UserFacingError):
    exit_code = 4


class InvalidInput(UserFacingError):
    """Bad values for a record. ``problems`` maps a field name to what is wrong with it."""

    exit_code = 2

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = dict(problems or {})


class Conflict(UserFacingError):
    """The action clashes with the data as it now is (a rule, or someone else's change)."""

    exit_code = 5


class NeedsConfirmation(Conflict):
    """The programme's rules ask the coordinator first; nothing was done.

    ``situation`` says what she is asked about ("This match is on hold since
    01/12/2026"); the action is repeated with her confirmation.
    """

    def __init__(self, situation: str, consequence: str) -> None:
        super().__init__(f"{situation}; {consequence}")
        self.situation = situation


class FieldDifference(NamedTuple):
    """One field two coordinators saved differently, as display text for a side-by-side table."""

    caption: str
    saved_now: str
    yours: str


class EditConflict(Conflict):
    """Someone else saved the record after this edit began; nothing of this edit was saved.

    ``yours`` holds the values this save would have written and ``theirs``
    the values stored now, for the same fields (``their_version`` is the
    stored version), so both versions can be shown side by side;
    ``differences`` lists, as display text, only the fields where they
    differ. They hold personal data: show them, never log them (the message
    names no one and no value).
    """

    def __init__(
        self,
        message: str,
        yours: dict[str, object],
        theirs: dict[str, object],
        their_version: int,
        differences: tuple[FieldDifference, ...] = (),
    ) -> None:
        super().__init__(message)
        self.yours = yours
        self.theirs = theirs
        self.their_version = their_version
        self.differences = tuple(differences)


class FileProblem(UserFacingError):
    """A file could not be read or written; whatever was there before is unchanged."""

    exit_code = 6
