"""One way to find the files shipped in ``resources/``.

In a source checkout they sit at the top of the repository; in an installed
wheel they are packaged as ``women_in_ddat/resources`` (see pyproject). The
installable app (packaging/women-in-ddat.spec) uses the wheel's layout inside
its bundle folder (``sys._MEIPASS``), where this module's ``__file__`` points.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_root() -> Path:
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
