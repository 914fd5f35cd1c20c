"""packaging/licences.py: the bundle's licences folder lists what ships, with each licence's text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from licences import write_licences  # noqa: E402


def test_only_what_is_bundled_is_listed_each_with_its_licence_files(tmp_path: Path) -> None:
    import PySide6.QtCore
    import sqlalchemy

    target = tmp_path / "licences"
    write_licences(
        target,
        [PySide6.QtCore.__file__, sqlalchemy.__file__],
        app_version="1.2.3",
        app_authors="the women_in_ddat team",
    )

    index = {c["name"]: c for c in json.loads((target / "index.json").read_text(encoding="utf-8"))}
    assert index["Women in DDaT"]["version"] == "1.2.3"
    assert index["SQLAlchemy"]["licence"] == "MIT"
    assert index["Qt"]["licence"] == "LGPL-3.0-only"
    assert "pytest" not in index and "numpy" not in index  # installed, not bundled
    for component in index.values():
        assert component["files"], component["name"]
        for name in component["files"]:
            assert (target / name).is_file(), name
    qt_files = {Path(f).name for f in index["Qt"]["files"]}
    assert {"NOTICE.txt", "LGPL-3.0.txt", "GPL-3.0.txt"} <= qt_files
    lgpl = (target / "qt" / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl
    assert "the women_in_ddat team" in (target / "women-in-ddat" / "LICENSE.txt").read_text(
        encoding="utf-8"
    )
    assert "DejaVu" in (target / "dejavu-fonts" / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    noto = (target / "noto-sans-fonts" / "LICENSE-Noto.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in noto
    assert index["Droid Sans Fallback font"]["licence"] == "Apache-2.0"
    assert index["Symbola font"]["files"]
    listing = (target / "INDEX.txt").read_text(encoding="utf-8")
    assert "SQLAlchemy 2." in listing and "Qt 6." in listing
