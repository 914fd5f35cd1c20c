"""The spin boxes' arrows: styling a QSpinBox's border makes Qt draw "–" unless the style sheet
gives the arrows (a tester saw "–" on the capacity and duration boxes)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSpinBox, QStyle, QStyleOptionSpinBox

pytestmark = pytest.mark.gui


def _dark_run_widths(spin: QSpinBox, part: QStyle.SubControl) -> list[int]:
    """Per pixel row of the button, how many pixels are drawn dark (the arrow)."""
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    rect = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, spin)
    image = spin.grab().toImage()
    widths = []
    for y in range(rect.top(), rect.bottom() + 1):
        dark = sum(
            1
            for x in range(rect.left(), rect.right() + 1)
            if QColor(image.pixel(x, y)).lightness() < 150
        )
        if dark:
            widths.append(dark)
    return widths


@pytest.mark.parametrize(
    ("part", "widening"),
    [(QStyle.SubControl.SC_SpinBoxUp, True), (QStyle.SubControl.SC_SpinBoxDown, False)],
)
def test_each_spin_box_button_shows_an_arrow(qtbot, context, part, widening) -> None:
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setRange(0, 100)
    spin.setValue(50)  # both arrows live
    spin.resize(120, spin.sizeHint().height())
    spin.show()
    qtbot.waitExposed(spin)
    widths = _dark_run_widths(spin, part)
    assert len(widths) >= 3, widths  # a triangle, not a one-pixel dash
    assert (widths[0] < widths[-1]) is widening, widths  # pointing up, or down
