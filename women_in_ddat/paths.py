"""Where the programme's files live.

One place decides it, so tests and ``--db`` can point everything elsewhere:
``WOMEN_IN_DDAT_HOME`` moves the data, log and backup folders together
(tests set it per test); ``--db`` / ``WOMEN_IN_DDAT_DB`` choose the database.
"""

from __future__ import annotations

import os
from pathlib import Path

from women_in_ddat import APP_NAME

DB_ENV = "WOMEN_IN_DDAT_DB"
HOME_ENV = "WOMEN_IN_DDAT_HOME"
DEFAULT_DB_NAME = "programme.db"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def data_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user only where we create it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resolve_database_target(cli_value: str | None) -> str:
    """``--db`` wins, then ``WOMEN_IN_DDAT_DB``, then the platform's data folder.

    Returns a path or a SQLAlchemy URL, as given.
    """
    if cli_value:
        return cli_value
    env_value = os.environ.get(DB_ENV)
    if env_value:
        return env_value
    return str(default_database_path())
