"""The layering rules, checked on the real code (import-linter contracts in pyproject)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "women_in_ddat"


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_ui_mentions_pyside6_even_lazily() -> None:
    """import-linter sees module-level imports; this also catches imports inside functions."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in _imported_modules(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_widgets_never_touch_sessions_or_sql() -> None:
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        modules = _imported_modules(path)
        if any(m.split(".")[0] in ("sqlalchemy", "sqlmodel", "sqlite3") for m in modules):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
