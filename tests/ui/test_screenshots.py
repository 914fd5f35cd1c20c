from __future__ import annotations

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
