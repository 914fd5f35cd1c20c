from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from women_in_ddat.ui import screenshots

pytestmark = pytest.mark.gui


def _distinct_colours(image: QImage) -> int:
    step = 37
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_the_readme_screenshots_come_from_the_real_window(qapp, tmp_path) -> None:
    written = screenshots.take(tmp_path)
    assert [p.name for p in written] == ["dashboard.png", "person.png"]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == screenshots.WINDOW_SIZE
        assert _distinct_colours(image) > 20, f"{path.name} looks blank"


def test_the_guides_reports_picture_shows_no_folder_of_the_builders(
    qapp, tmp_path, monkeypatch
) -> None:
    """The Reports page suggests a file in her own folder: the guide's picture shows a neutral one."""
    from women_in_ddat.ui.pages.reports import REPORT_FOLDER_SETTING
    from women_in_ddat.ui.settings import app_settings

    builder = tmp_path / "home" / "the-builder"
    (builder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(builder))
    app_settings().setValue(REPORT_FOLDER_SETTING, str(builder / "Documents"))
    shown: list[str] = []
    take_picture = screenshots._settle

    def noting_the_reports_folder() -> None:
        take_picture()
        for window in qapp.topLevelWidgets():
            page = window.current_page() if hasattr(window, "current_page") else None
            if window.isVisible() and hasattr(page, "path_edit"):
                shown.append(page.path_edit.text())

    monkeypatch.setattr(screenshots, "_settle", noting_the_reports_folder)
    written = screenshots.take_guide(tmp_path / "guide")
    assert "reports.png" in {p.name for p in written}
    assert shown and all(
        "Documents/Programme reports/" in text and "the-builder" not in text for text in shown
    ), shown
    # The builder's own home and remembered folder are hers again afterwards.
    assert str(Path.home()) == str(builder)
    assert app_settings().value(REPORT_FOLDER_SETTING) == str(builder / "Documents")
