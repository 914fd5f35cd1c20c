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


# Modules the UI may not import even inside a function: pages get frozen values from services.
UI_FORBIDDEN = (
    "women_in_ddat.domain.models",
    "women_in_ddat.services.imports_sql",
    "women_in_ddat.services.imports_undo",
    "women_in_ddat.services.imports_apply",
    "women_in_ddat.storage.readers",
)


def test_the_ui_never_imports_table_classes_or_import_sql_even_lazily() -> None:
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        bad = sorted(m for m in _imported_modules(path) if m.startswith(UI_FORBIDDEN))
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {', '.join(bad)}")
    assert offenders == []


def _table_classes() -> set[str]:
    tree = ast.parse((PACKAGE / "domain" / "models.py").read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(k.arg == "table" for k in node.keywords)
    }


def test_services_hand_back_frozen_values_never_table_rows() -> None:
    """A row handed out of its session can be changed and saved by mistake; a record cannot."""
    tables = _table_classes()
    offenders = []
    for path in (PACKAGE / "services").glob("*.py"):
        for cls in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(cls, ast.ClassDef) or not cls.name.endswith("Service"):
                continue
            for method in cls.body:
                if (
                    isinstance(method, ast.FunctionDef)
                    and not method.name.startswith("_")
                    and method.returns is not None
                ):
                    named = {n.id for n in ast.walk(method.returns) if isinstance(n, ast.Name)}
                    if named & tables:
                        offenders.append(f"{path.name}: {cls.name}.{method.name}")
    assert tables and offenders == []


def _calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.append(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def test_services_are_built_only_by_the_one_registry() -> None:
    """Pages and commands ask ``Services`` (services/context.py) and never build a service."""
    offenders = []
    for folder in ("ui", "cli"):
        for path in (PACKAGE / folder).rglob("*.py"):
            built = [
                name for name in _calls(path) if name.endswith("Service") and name != "Service"
            ]
            if built:
                offenders.append(f"{path.relative_to(ROOT)}: {', '.join(sorted(set(built)))}")
    assert offenders == []


def _page_classes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", "") == "Page" for base in node.bases)
    ]


def test_every_page_lives_under_ui_pages_and_is_mounted_one_way() -> None:
    """One kind of page: a ``Page`` under ui/pages/, built by main_window's PAGE_FACTORIES."""
    outside = [
        str(path.relative_to(ROOT))
        for path in (PACKAGE / "ui").rglob("*.py")
        if "pages" not in path.relative_to(PACKAGE / "ui").parts and _page_classes(path)
    ]
    assert outside == []
    main_window = PACKAGE / "ui" / "main_window.py"
    assert "importlib" not in _imported_modules(main_window)  # no page loaded by a string
    tree = ast.parse(main_window.read_text(encoding="utf-8"))
    factories = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and getattr(node.target, "id", "") == "PAGE_FACTORIES"
        and isinstance(node.value, ast.Dict)
    )
    mounted = {
        module
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in {v.id for v in factories.values}  # type: ignore[attr-defined]
        for module in (
            inner.module for inner in ast.walk(node) if isinstance(inner, ast.ImportFrom)
        )
    }
    top_pages = {
        f"women_in_ddat.ui.pages.{path.stem}"
        if path.parent.name == "pages"
        else f"women_in_ddat.ui.pages.{path.parent.name}"
        for path in (PACKAGE / "ui" / "pages").rglob("*.py")
        if any(name.endswith("Page") for name in _page_classes(path))
    }
    assert top_pages - mounted == set()


def test_one_table_model_and_one_progress_runner() -> None:
    duplicates = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ClassDef)
                and node.name == "RowsModel"
                and not relative.endswith("models/rows.py")
            ):
                duplicates.append(f"{relative}: RowsModel")
        if "QProgressDialog" in _calls(path) and not relative.endswith("ui/tasks.py"):
            duplicates.append(f"{relative}: QProgressDialog")
    assert duplicates == []
