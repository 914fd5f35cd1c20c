"""packaging/wix.py: the Windows installer's source names every file of the build, once."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PureWindowsPath

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from wix import msi_version, wix_source  # noqa: E402

NS = {"w": "http://wixtoolset.org/schemas/v4/wxs"}


def test_every_file_is_installed_once_under_the_install_folder(tmp_path: Path) -> None:
    app = tmp_path / "women-in-ddat"
    files = [
        "women-in-ddat.exe",
        "_internal/python312.dll",
        "_internal/licences/INDEX.txt",
        "_internal/women_in_ddat/resources/fonts/DejaVuSans.ttf",
        "_internal/PySide6/Qt6Core.dll",
    ]
    for name in files:
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_bytes(b"x")

    root = ET.fromstring(wix_source(app, tmp_path / "icon.ico", "0.1.0"))

    package = root.find("w:Package", NS)
    assert package is not None and package.get("Scope") == "perUserOrMachine"
    assert package.get("Version") == "0.1.0"
    install = root.find(".//w:Directory[@Id='INSTALLFOLDER']", NS)
    sources = {PureWindowsPath(f.get("Source")) for f in install.iter(f"{{{NS['w']}}}File")}
    assert sources == {PureWindowsPath(app / name) for name in files}
    ids = [
        e.get("Id")
        for e in root.iter()
        if e.tag.split("}")[1] in ("Component", "File", "Directory")
    ]
    assert len(ids) == len(set(ids)) and all(len(i) <= 72 and i[0].isalpha() for i in ids)
    components = {c.get("Id") for c in root.iter(f"{{{NS['w']}}}Component")}
    referenced = {r.get("Id") for r in root.iter(f"{{{NS['w']}}}ComponentRef")}
    assert components == referenced
    shortcut = root.find(".//w:Shortcut", NS)
    assert shortcut.get("Target") == "[INSTALLFOLDER]women-in-ddat.exe"


def test_msi_versions_are_three_numbers() -> None:
    assert msi_version("0.1.0") == "0.1.0"
    assert msi_version("1.2") == "1.2.0"
    assert msi_version("2.0.1rc1") == "2.0.1"
