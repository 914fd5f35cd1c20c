"""The app's icon (resources/icons/women-in-ddat.svg), for its windows and task bar."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from women_in_ddat.resources import resource_path

ICON_FILE = ("icons", "women-in-ddat.svg")
# The installed desktop entry's name (packaging/build.py): Wayland and GNOME
# match windows to it for the icon and name in the dock.
DESKTOP_FILE_NAME = "women-in-ddat"


def app_icon() -> QIcon:
    """The icon; Qt draws it at each size when first shown (an empty icon if the file is missing)."""
    return QIcon(str(resource_path(*ICON_FILE)))
