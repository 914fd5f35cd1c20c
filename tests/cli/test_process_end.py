"""An import run from the command line ends its process without tearing the interpreter down.

Nothing may be lost by that: every line of output (more than a pipe holds),
the exit code, the log's last lines and the committed rows.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.importing.corpus import HEADER, PEOPLE, write_csv
from women_in_ddat.logging_setup import LOG_FILE_NAME

BAD_ROWS = 3_000  # ~200 KB of problem lines: more than a pipe's buffer


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "women_in_ddat", *argv], capture_output=True, text=True, timeout=120
    )


def test_every_line_the_code_the_log_and_the_rows_survive_the_quick_end(
    tmp_path: Path, db_path: Path, private_home: Path
) -> None:
    bad = [
        ["Ada", f"Row{i}", f"not-an-address-{i}", "", "", "mentee", "", "", ""]
        for i in range(BAD_ROWS)
    ]
    sheet = write_csv(tmp_path / "c.csv", [HEADER, *PEOPLE, *bad])

    refused = run_cli("import", str(sheet), "--db", str(db_path))
    assert refused.returncode == 2, refused.stderr
    assert refused.stdout.count("not a valid email address") == BAD_ROWS

    result = run_cli("import", str(sheet), "--skip-invalid", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert sum("not a valid email address" in line for line in lines) == BAD_ROWS
    assert (
        lines[-1] == f"Imported (batch 1): 5 created, 0 updated, 0 unchanged, {BAD_ROWS} rejected."
    )
    log = (private_home / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "import batch 1 written" in log.splitlines()[-1]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM person").fetchone() == (5,)

    missing = run_cli("import", str(tmp_path / "gone.xlsx"), "--db", str(db_path))
    assert (missing.returncode, missing.stdout) == (6, "")  # FileProblem
    assert missing.stderr == "women-in-ddat: gone.xlsx does not exist.\n"
