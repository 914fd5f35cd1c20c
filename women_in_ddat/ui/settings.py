"""Where the app remembers window layout and the last database (QSettings).

An INI file beside the other per-user files: under ``WOMEN_IN_DDAT_HOME``
when it is set (tests, portable use), else in the platform's config folder.
It never holds personal data: geometry, splitter sizes, a page name, and
the path of the last database opened.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from women_in_ddat import APP_NAME
from women_in_ddat.paths import HOME_ENV

LAST_DATABASE = "database/last"


def settings_path() -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "config" / "settings.ini"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.ini"


def app_settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return QSettings(str(path), QSettings.Format.IniFormat)


def remembered_database() -> str | None:
    value = app_settings().value(LAST_DATABASE, "", type=str)
    return str(value) or None


def remember_database(target: str) -> None:
    settings = app_settings()
    settings.setValue(LAST_DATABASE, target)
    settings.sync()
