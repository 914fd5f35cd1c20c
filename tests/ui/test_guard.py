from __future__ import annotations

import logging
import sys

import pytest

from women_in_ddat.errors import Conflict
from women_in_ddat.ui.guard import attempt, install_dialog_excepthook

pytestmark = pytest.mark.gui


def test_a_refusal_is_shown_as_its_message(qapp, messages) -> None:
    def refused() -> None:
        raise Conflict("This match has ended; sessions can no longer be logged against it.")

    ok, result = attempt(None, "Cannot log the session", refused)
    assert (ok, result) == (False, None)
    assert messages.problems == [
        (
            "Cannot log the session",
            "This match has ended; sessions can no longer be logged against it.",
        )
    ]
    assert attempt(None, "fine", lambda: 42) == (True, 42)


def test_an_unexpected_error_shows_a_dialog_logs_without_personal_data_and_the_app_goes_on(
    qapp, messages, caplog
) -> None:
    previous = install_dialog_excepthook()
    try:
        try:
            raise KeyError("zoe.hughes@essex.gov.uk")  # a driver might quote a row like this
        except KeyError:
            with caplog.at_level(logging.ERROR, logger="women_in_ddat"):
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    ((title, text),) = messages.problems
    assert title == "Unexpected error"
    assert "KeyError" in text and "as it was before" in text
    assert "zoe.hughes" not in text
    assert caplog.records, "the error was not logged"
    assert all("zoe.hughes" not in r.getMessage() for r in caplog.records)
    assert "KeyError" in caplog.records[-1].getMessage()
