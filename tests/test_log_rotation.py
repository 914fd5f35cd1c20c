"""The log file rotates as RotatingFileHandler would, without importing logging.handlers."""

from __future__ import annotations

import logging
import stat
import subprocess
import sys
from pathlib import Path

from women_in_ddat.logging_setup import _PrivateRotatingFileHandler


def _log_lines(handler: logging.Handler, count: int) -> None:
    logger = logging.getLogger("women_in_ddat.test_rotation")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        for number in range(count):
            logger.info("line %03d %s", number, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()


def _written(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_rotation_leaves_the_same_files_as_the_standard_rotating_handler(tmp_path: Path) -> None:
    import logging.handlers

    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    handler = _PrivateRotatingFileHandler(ours / "app.log", max_bytes=200, backups=2)
    standard = logging.handlers.RotatingFileHandler(
        theirs / "app.log", maxBytes=200, backupCount=2, encoding="utf-8", delay=True
    )
    for h in (handler, standard):
        h.setFormatter(logging.Formatter("%(message)s"))
        _log_lines(h, 14)  # 50 bytes a line, three to a file: five files' worth, three kept

    assert list(_written(ours)) == ["app.log", "app.log.1", "app.log.2"]
    assert _written(ours) == _written(theirs)
    assert _written(ours)["app.log.2"].startswith("line 006 ")
    for path in ours.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_log_under_the_limit_is_appended_to_not_rotated(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_text("earlier\n", encoding="utf-8")
    handler = _PrivateRotatingFileHandler(path, max_bytes=10_000, backups=5)
    handler.setFormatter(logging.Formatter("%(message)s"))
    _log_lines(handler, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["app.log"]
    assert path.read_text(encoding="utf-8").splitlines()[0] == "earlier"
    assert len(path.read_text(encoding="utf-8").splitlines()) == 4


def test_setting_up_the_log_does_not_import_logging_handlers(tmp_path: Path) -> None:
    probe = (
        "import sys, logging; from women_in_ddat.logging_setup import configure_logging; "
        "configure_logging(); logging.getLogger('women_in_ddat').info('start'); "
        "print('logging.handlers' in sys.modules)"
    )
    env = {"WOMEN_IN_DDAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
    assert "start" in next(tmp_path.rglob("*.log")).read_text(encoding="utf-8")
