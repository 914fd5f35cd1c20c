"""The log: where it goes, who can read it, and that it carries no personal data."""

from __future__ import annotations

import logging
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from women_in_ddat.errors import InvalidInput
from women_in_ddat.logging_setup import configure_logging, log_exception, safe_traceback


def test_log_goes_to_the_private_home_and_is_private(private_home: Path) -> None:
    path = configure_logging()
    logging.getLogger("women_in_ddat.test").info("hello")
    assert path.is_relative_to(private_home)
    assert "hello" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_tracebacks_keep_our_messages_but_drop_foreign_exception_text() -> None:
    try:
        raise ValueError("Zoë Hughes <zoe@essex.gov.uk> is a duplicate")
    except ValueError as exc:
        text = safe_traceback(type(exc), exc, exc.__traceback__)
    assert "Zoë" not in text and "zoe@" not in text
    assert "builtins.ValueError" in text and "test_logging.py" in text
    with pytest.raises(InvalidInput) as caught:
        raise InvalidInput("Please correct the highlighted fields.")
    exc = caught.value
    assert "Please correct the highlighted fields." in safe_traceback(
        type(exc), exc, exc.__traceback__
    )


def test_chained_exceptions_are_scrubbed_too(private_home: Path) -> None:
    path = configure_logging()
    try:
        try:
            raise KeyError("siân@wales.gov.uk")
        except KeyError as inner:
            raise RuntimeError("while importing Ольга Петренко") from inner
    except RuntimeError as exc:
        log_exception("import failed", type(exc), exc, exc.__traceback__)
    content = path.read_text(encoding="utf-8")
    assert "import failed" in content and "KeyError" in content
    assert "siân" not in content and "Ольга" not in content


def test_unexpected_cli_error_is_one_line_and_logged_without_the_value(
    tmp_path: Path, private_home: Path
) -> None:
    probe = "\n".join(
        [
            "import sys",
            "from women_in_ddat.cli import main as m, cmd_check",
            "def boom(args): raise RuntimeError('secret-name@example.gov.uk')",
            "cmd_check.run = boom",
            "sys.exit(m.main(['check']))",
        ]
    )
    env = {"WOMEN_IN_DDAT_HOME": str(private_home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 70
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unexpected error (RuntimeError)" in result.stderr
    assert "secret-name" not in result.stderr
    log = next(private_home.rglob("*.log")).read_text(encoding="utf-8")
    assert "RuntimeError" in log and "secret-name" not in log
