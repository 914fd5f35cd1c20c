"""What Help > About says about licences: the app's, and those of what it includes.

An installed build (packaging/build.py) carries a ``licences`` folder beside
its Python modules: every bundled component's licence files and an
``index.json`` listing them (packaging/licences.py writes it). Run from a
source checkout there is no such folder: the libraries are the ones
installed with pip, each with its own licence in its package metadata.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Named first in the About box; the rest are counted.
PRINCIPAL = ("Python", "Qt", "DejaVu fonts")


def licences_folder() -> Path | None:
    """The bundle's licences folder, when running as an installed build."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is None:
        return None
    folder = Path(bundle) / "licences"
    return folder if (folder / "index.json").is_file() else None


def licence_summary() -> str:
    folder = licences_folder()
    if folder is None:
        from PySide6.QtCore import qVersion

        return (
            "Free software under the MIT licence. It runs on Python and Qt "
            f"{qVersion()} (LGPL-3.0) as installed with it; every library keeps its own "
            "licence in its installed package."
        )
    try:
        components = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        by_name = {c["name"]: c for c in components}
    except (OSError, ValueError, KeyError, TypeError):
        return f"Free software under the MIT licence. Licences of what it includes: {folder}"
    named = [
        f"{by_name[n]['name']} {by_name[n]['version']} ({by_name[n]['licence']})"
        for n in PRINCIPAL
        if n in by_name
    ]
    others = len(components) - len(named) - 1  # the app itself is listed too
    return (
        "Free software under the MIT licence. It includes "
        + ", ".join(named)
        + f" and {others} other libraries, each under its own licence. "
        f"Their licences and a list of them (INDEX.txt) are in {folder}"
    )
