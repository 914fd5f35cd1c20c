"""The app's windows carry its icon, drawn from resources/icons/women-in-ddat.svg."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from women_in_ddat.ui.app import application

pytestmark = pytest.mark.gui


def test_the_application_icon_is_drawn_from_the_shipped_drawing(qapp) -> None:
    app = application()
    pixmap = app.windowIcon().pixmap(64, 64)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    # The purple square and the white and gold figures: a drawing, not a blank.
    centre = QColor(image.pixel(32, 32))
    colours = {image.pixel(x, y) for x in range(0, 64, 4) for y in range(0, 64, 4)}
    assert len(colours) >= 4, colours
    assert centre.alpha() == 255
    assert app.desktopFileName() == "women-in-ddat"
