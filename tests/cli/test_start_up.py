"""A command line that names a command builds and imports only that command.

Start-up is most of a small import's time, so ``women-in-ddat import``
must load neither the other commands nor SQLAlchemy, SQLModel, ReportLab,
SciPy or Qt.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.importing.corpus import HEADER, PEOPLE, write_xlsxwriter
from women_in_ddat.cli.main import COMMAND_MODULES, MODULE_OF_COMMAND, build_parser, named_command


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    every = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(MODULE_OF_COMMAND) == set(every)
    assert set(MODULE_OF_COMMAND.values()) == set(COMMAND_MODULES)
    for command, module in MODULE_OF_COMMAND.items():
        only = build_parser(command)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert command in only and set(only) <= {
            c for c, m in MODULE_OF_COMMAND.items() if m == module
        }


@pytest.mark.parametrize(
    "argv, command",
    [
        (["import", "f.xlsx"], "import"),
        (["--db", "import", "import", "f.xlsx"], "import"),  # a database file called "import"
        (["--db=x.db", "migrate-to", "postgresql://h/db"], "migrate-to"),
        (["restore", "b.db", "--yes"], "restore"),
        (["--help", "import"], None),  # the full help
        (["-h"], None),
        (["bogus"], None),  # argparse lists every command in its refusal
        ([], None),  # the app
    ],
)
def test_the_named_command_is_found(argv: list[str], command: str | None) -> None:
    assert named_command(argv) == command


# The modules loaded, printed as the process ends (an import ends it with os._exit).
LOADED = """
import os, runpy, sys
def report_loaded():
    names = {m.split(".")[0] for m in sys.modules} | {m for m in sys.modules if m.startswith("women_in_ddat.cli.")}
    print(sorted(names), file=sys.stderr, flush=True)
end = os._exit
os._exit = lambda code: (report_loaded(), end(code))
sys.argv = ["women-in-ddat", *sys.argv[1:]]
try:
    runpy.run_module("women_in_ddat", run_name="__main__")
except SystemExit as exc:
    code = exc.code
report_loaded()
sys.exit(code)
"""


def test_an_import_loads_only_what_it_needs(db_path: Path, tmp_path: Path) -> None:
    from women_in_ddat.services.context import Services

    # A programme exists (as after its first cohort); creating the very first
    # programme reads the model's defaults, which does load SQLModel.
    services = Services.open(str(db_path))
    services.cohorts.create_cohort("Earlier cohort")
    services.close()
    sheet = write_xlsxwriter(tmp_path / "c.xlsx", {"Cohort": [HEADER, *PEOPLE]})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            LOADED,
            "import",
            str(sheet),
            "--cohort",
            "Kent 2026",
            "--db",
            str(db_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "5 created" in result.stdout
    loaded = set(eval(result.stderr.strip().splitlines()[-1]))
    heavy = {"sqlalchemy", "sqlmodel", "alembic", "reportlab", "scipy", "numpy", "PySide6"}
    assert loaded & heavy == set()
    assert {m for m in loaded if m.startswith("women_in_ddat.cli.")} == {
        "women_in_ddat.cli.main",
        "women_in_ddat.cli.cmd_import",
        "women_in_ddat.cli.common",
    }
