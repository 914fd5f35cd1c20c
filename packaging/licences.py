"""The licences of everything a frozen build holds, written into one folder.

Called from the PyInstaller spec once the analysis knows which files go into
the bundle: a distribution is listed when any of its installed files is
bundled, so the list is what ships, not what happens to be installed in the
build environment. Besides the Python distributions: Python itself, Qt
(the PySide6 wheels carry no licence file; the LGPL text is kept in
packaging/third-party/), the report fonts and the app's own licence.

The folder holds ``INDEX.txt`` (readable by a person and shown by
Help > About), ``index.json`` (the same list for the app) and one
sub-folder of licence files per component.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LICENCE_FILE = re.compile(r"(licen[cs]e|copying|notice|authors|copyright)", re.IGNORECASE)

MIT_TEXT = """\
MIT License

Copyright (c) {holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

QT_NOTICE = """\
Qt {version} and Qt for Python (PySide6, shiboken6) are used under the GNU
Lesser General Public License version 3 (LGPL-3.0-only); its text and the
GNU GPL version 3 it builds on are in this folder.

The Qt libraries are shipped unmodified as separate shared libraries in the
application's folder, so they can be replaced with another build of the same
Qt version. Qt's source code: https://download.qt.io/official_releases/qt/
PySide6's source code: https://code.qt.io/cgit/pyside/pyside-setup.git/
Qt bundles third-party code (for example FreeType, HarfBuzz, libpng, PCRE2,
zlib); its attributions: https://doc.qt.io/qt-6/licenses-used-in-qt.html
"""


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    files: tuple[str, ...]  # relative to the licences folder


def licence_of(dist: metadata.Distribution) -> str:
    """The SPDX expression if the metadata has one, else the short licence field or classifier."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 80:
        return field
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see the licence files"


def licence_files(dist: metadata.Distribution) -> list[Path]:
    found = []
    for record in dist.files or []:
        parts = record.parts
        in_metadata = parts and parts[0].endswith((".dist-info", ".egg-info"))
        if in_metadata and (LICENCE_FILE.search(record.name) or "licenses" in parts):
            path = Path(str(dist.locate_file(record)))
            if path.is_file():
                found.append(path)
    return found


def bundled_distributions(bundled_files: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that own at least one of ``bundled_files``."""
    bundled = {str(Path(f).resolve()) for f in bundled_files}
    chosen: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or name.lower().replace("_", "-") in chosen or name == "women-in-ddat":
            continue
        for record in dist.files or []:
            if str(Path(str(dist.locate_file(record))).resolve()) in bundled:
                chosen[name.lower().replace("_", "-")] = dist
                break
    return sorted(chosen.values(), key=lambda d: d.metadata["Name"].lower())


def python_licence() -> Path | None:
    for folder in (sysconfig.get_paths()["stdlib"], sys.base_prefix):
        candidate = Path(folder) / "LICENSE.txt"
        if candidate.is_file():
            return candidate
    return None


def _metadata_licence(dist: metadata.Distribution, folder: Path) -> str:
    """For a distribution shipping no licence file: what its metadata says, written down."""
    meta = dist.metadata
    text = (meta.get("License") or meta.get("License-Expression") or licence_of(dist)).strip()
    home = meta.get("Home-page") or ", ".join(meta.get_all("Project-URL") or [])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "LICENSE-from-metadata.txt").write_text(
        f"{meta['Name']} {dist.version} ships no licence file; its package metadata says:\n\n"
        f"{text}\n\nProject: {home}\n",
        encoding="utf-8",
    )
    return f"{folder.name}/LICENSE-from-metadata.txt"


def _copy(files: Iterable[Path], target: Path, folder: str) -> tuple[str, ...]:
    names = []
    (target / folder).mkdir(parents=True, exist_ok=True)
    for source in files:
        name = source.name
        while (target / folder / name).exists():  # two LICENSE files in one distribution
            name = f"{source.parent.name}-{name}"
        shutil.copyfile(source, target / folder / name)
        names.append(f"{folder}/{name}")
    return tuple(names)


def write_licences(
    target: Path, bundled_files: Iterable[str], *, app_version: str, app_authors: str
) -> list[Component]:
    """Write the licences folder for a bundle holding ``bundled_files``; the components listed."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / "women-in-ddat").mkdir()
    (target / "women-in-ddat" / "LICENSE.txt").write_text(
        MIT_TEXT.format(holder=app_authors), encoding="utf-8"
    )
    components = [Component("Women in DDaT", app_version, "MIT", ("women-in-ddat/LICENSE.txt",))]

    python = python_licence()
    components.append(
        Component(
            "Python",
            sys.version.split()[0],
            "PSF-2.0",
            _copy([python], target, "python") if python else (),
        )
    )
    dists = bundled_distributions(bundled_files)
    pyside = next((d for d in dists if d.metadata["Name"].lower().startswith("pyside6")), None)
    if pyside is not None:
        (target / "qt").mkdir()
        (target / "qt" / "NOTICE.txt").write_text(
            QT_NOTICE.format(version=pyside.version), encoding="utf-8"
        )
        files = (
            "qt/NOTICE.txt",
            *_copy(sorted((HERE / "third-party").glob("*GPL*")), target, "qt"),
        )
        components.append(Component("Qt", pyside.version, "LGPL-3.0-only", files))
    fonts = ROOT / "resources" / "fonts"
    components.append(
        Component(
            "DejaVu fonts",
            "2.37",
            "Bitstream-Vera AND LicenseRef-Arev",
            _copy(fonts.glob("LICENSE*"), target, "dejavu-fonts"),
        )
    )
    # The fonts for the other scripts (made by packaging/report_fonts.py).
    for name, version, licence, licence_file in (
        (
            "Noto Sans fonts",
            "2.x (Debian 20201225)",
            "OFL-1.1",
            fonts / "scripts" / "LICENSE-Noto.txt",
        ),
        (
            "Droid Sans Fallback font",
            "Debian 6.0.1r16",
            "Apache-2.0",
            fonts / "fallback" / "LICENSE-DroidSansFallback.txt",
        ),
        (
            "Symbola font",
            "2.60",
            "LicenseRef-Symbola-free-for-any-use",
            fonts / "fallback" / "LICENSE-Symbola.txt",
        ),
    ):
        folder = name.lower().replace(" ", "-")
        components.append(Component(name, version, licence, _copy([licence_file], target, folder)))
    qt_files = next((c.files for c in components if c.name == "Qt"), ())
    for dist in dists:
        name = dist.metadata["Name"]
        files = _copy(licence_files(dist), target, name.lower())
        if not files and name.lower().startswith(("pyside6", "shiboken6")):
            files = qt_files  # Qt for Python's wheels carry no licence file
        elif not files:
            files = (_metadata_licence(dist, target / name.lower()),)
        components.append(Component(name, dist.version, licence_of(dist), files))

    (target / "index.json").write_text(
        json.dumps([asdict(c) for c in components], indent=1), encoding="utf-8"
    )
    lines = [
        f"Women in DDaT {app_version} and the software it includes.",
        "",
        *(
            f"{c.name} {c.version}: {c.licence}" + "".join(f"\n    {f}" for f in c.files)
            for c in components
        ),
        "",
    ]
    (target / "INDEX.txt").write_text("\n".join(lines), encoding="utf-8")
    return components
