"""Help > About names the app's licence and, in an installed build, what it includes and where the licences are."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
from licences import write_licences

pytestmark = pytest.mark.gui


def test_about_from_a_source_checkout_names_the_licence_and_qt(window, messages) -> None:
    window.show_about()
    title, text = messages.told[-1]
    assert title == "About"
    assert "Free software under the MIT licence." in text
    assert f"Qt {qVersion()} (LGPL-3.0)" in text


def test_about_in_an_installed_build_points_at_the_bundled_licences(
    window, messages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy
    import PySide6.QtCore

    licences = tmp_path / "licences"
    components = write_licences(
        licences,
        [PySide6.QtCore.__file__, numpy.__file__],
        app_version="9.9.9",
        app_authors="the team",
    )
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    window.show_about()

    text = messages.told[-1][1]
    others = len(components) - 4  # the app, Python, Qt and the fonts are named
    assert f"Qt {qVersion()} (LGPL-3.0-only)" in text
    assert "DejaVu fonts" in text and "Python 3." in text
    assert f"and {others} other libraries" in text
    assert str(licences) in text
