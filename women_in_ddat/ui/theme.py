"""The app's look: one style sheet, and colours that carry meaning chosen per theme.

Overdue red on a light background is unreadable on a dark one, and
neither belongs in a high-contrast theme, where the system's own colours
must be used. Meaning is never carried by colour alone (an overdue row also
says "Overdue" and is bold).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QStyleHints
from PySide6.QtWidgets import QApplication

from women_in_ddat.resources import resource_path


class Tone(Enum):
    BAD = "bad"
    WARN = "warn"
    GOOD = "good"
    NEUTRAL = "neutral"


# (light theme, dark theme)
_TONES = {
    Tone.BAD: ("#b71c1c", "#ff8a80"),
    Tone.WARN: ("#8a4b00", "#ffcc80"),
    Tone.GOOD: ("#1b5e20", "#a5d6a7"),
    Tone.NEUTRAL: ("#37474f", "#cfd8dc"),
}

# Chart series, distinguishable in both themes and by people with red-green colour blindness.
_SERIES = (
    ("#1565c0", "#90caf9"),
    ("#ef6c00", "#ffb74d"),
    ("#6a1b9a", "#ce93d8"),
    ("#00838f", "#80deea"),
)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


# Held for the life of the app: with a temporary QStyleHints wrapper, PySide6
# invalidates the QAccessibilityHints wrapper got from it ("already deleted").
_style_hints: list[QStyleHints] = []


def is_high_contrast() -> bool:
    if not _style_hints:
        _style_hints.append(QGuiApplication.styleHints())
    try:
        preference = _style_hints[0].accessibility().contrastPreference()
    except (RuntimeError, AttributeError):  # Qt older than 6.10: no such hint
        return False
    return preference == Qt.ContrastPreference.HighContrast


def tone_colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    palette = palette or QGuiApplication.palette()
    if is_high_contrast():
        return palette.color(QPalette.ColorRole.Text)
    light, dark = _TONES[tone]
    return QColor(dark if is_dark(palette) else light)


def series_colour(index: int, palette: QPalette | None = None) -> QColor:
    palette = palette or QGuiApplication.palette()
    if is_high_contrast():
        return palette.color(
            QPalette.ColorRole.Highlight if index % 2 == 0 else QPalette.ColorRole.Text
        )
    light, dark = _SERIES[index % len(_SERIES)]
    return QColor(dark if is_dark(palette) else light)


STYLE_PREFIX = "style"


def style_sheet() -> str:
    path = resource_path("style", "app.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # an unstyled app still works


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    # The style sheet's images (url(style:arrow-up.svg)), wherever the app is installed.
    QDir.addSearchPath(STYLE_PREFIX, str(resource_path("style")))
    app.setStyleSheet(style_sheet())
