"""Where the app remembers window layout and the programmes opened (QSettings).

An INI file beside the other per-user files: under ``WOMEN_IN_DDAT_HOME``
when it is set (tests, portable use), else in the platform's config folder.
It never holds personal data: geometry, splitter sizes, a page name, the
folders she last saved each kind of file in, and the paths and programme
names of the last few databases opened. Still, it is hers alone (0600).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from women_in_ddat import APP_NAME
from women_in_ddat.paths import HOME_ENV

LAST_DATABASE = "database/last"
RECENT_DATABASES = "database/recent"
RECENT_LIMIT = 6


@dataclass(frozen=True)
class RecentProgramme:
    target: str  # a file path or a database URL, as opened
    name: str  # the programme names it held when last opened ("" if none yet)


def settings_path() -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "config" / "settings.ini"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.ini"


def app_settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _private(path)
    return QSettings(str(path), QSettings.Format.IniFormat)


def _private(path: Path) -> None:
    """The settings name her programmes' files and folders: readable by her alone.

    The file is made 0600 before QSettings first writes it (it rewrites the file keeping
    its mode); one left readable by others by an older version is narrowed.
    """
    try:
        if not path.exists():
            path.touch(mode=0o600)
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        if path.parent.stat().st_mode & 0o077:
            path.parent.chmod(0o700)
    except OSError:  # a read-only or foreign folder: QSettings still reads it
        pass


def remembered_database() -> str | None:
    value = app_settings().value(LAST_DATABASE, "", type=str)
    return str(value) or None


def remember_database(target: str, programme_name: str | None = None) -> None:
    """``target`` is the database to open next time and heads the recent list.

    Without a ``programme_name`` the name it was last listed with is kept.
    """
    settings = app_settings()
    settings.setValue(LAST_DATABASE, target)
    recent = recent_programmes()
    if programme_name is None:
        programme_name = next((r.name for r in recent if r.target == target), "")
    kept = [r for r in recent if r.target != target]
    _store_recent(settings, [RecentProgramme(target, programme_name), *kept])
    settings.sync()


def recent_programmes() -> list[RecentProgramme]:
    """The last few databases opened, newest first (an unreadable list reads as empty)."""
    raw = app_settings().value(RECENT_DATABASES, "", type=str)
    try:
        entries = json.loads(str(raw)) if raw else []
    except ValueError:
        return []
    found: list[RecentProgramme] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("target"), str):
            found.append(RecentProgramme(entry["target"], str(entry.get("name", ""))))
    return found[:RECENT_LIMIT]


def forget_recent(target: str | None = None) -> None:
    """Take ``target`` off the recent list (every entry when None)."""
    settings = app_settings()
    kept = [] if target is None else [r for r in recent_programmes() if r.target != target]
    _store_recent(settings, kept)
    settings.sync()


def _store_recent(settings: QSettings, recent: list[RecentProgramme]) -> None:
    entries = [{"target": r.target, "name": r.name} for r in recent[:RECENT_LIMIT]]
    settings.setValue(RECENT_DATABASES, json.dumps(entries))
