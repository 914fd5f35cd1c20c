"""A new, empty programme file, and which programme an open file holds.

Used by ``women-in-ddat new`` and by the app's File > New programme. The
file is built under a private temporary name beside the target (schema at
head, the programme row and its standard milestone templates, one audit
event) and only then linked into place, refusing to replace anything: a
crash leaves no half-made programme, and an existing file is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from women_in_ddat.domain.enums import AuditAction
from women_in_ddat.domain.models import Programme
from women_in_ddat.domain.values import clean_text
from women_in_ddat.errors import Conflict, FileProblem, InvalidInput
from women_in_ddat.services.base import Service
from women_in_ddat.services.cohorts import ensure_programme
from women_in_ddat.storage.database import Database, open_database

PROGRAMME_NAME_LIMIT = 200  # Programme.name's column width


def create_programme_file(path: Path, programme_name: str, *, actor: str | None = None) -> Path:
    """Create a new programme database at ``path`` holding one empty programme.

    Returns the file's absolute path. Raises ``InvalidInput`` for a blank or
    over-long name, ``Conflict`` if anything already exists at ``path``
    (left as it was), ``FileProblem`` if the folder cannot be written.
    """
    name = clean_text(programme_name)
    if not name:
        raise InvalidInput("A programme needs a name.", {"programme": "a name is required"})
    if len(name) > PROGRAMME_NAME_LIMIT:
        raise InvalidInput(
            f"A programme's name is at most {PROGRAMME_NAME_LIMIT} characters.",
            {"programme": "too long"},
        )
    target = Path(path).expanduser().absolute()
    if target.exists() or target.is_symlink():
        raise Conflict(
            f"{target.name} already exists; nothing was changed. Choose a new file name."
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise FileProblem(
            f"Cannot create the folder for {target.name} ({exc.strerror or exc})."
        ) from exc
    building = target.with_name(f".{target.name}.new-{os.getpid()}")
    building.unlink(missing_ok=True)
    try:
        db = open_database(str(building))
        try:
            _add_programme(db, name, actor)
        finally:
            db.dispose()
        try:
            # No-clobber publish: a file made meanwhile by someone else is kept.
            os.link(building, target)
        except FileExistsError as exc:
            raise Conflict(
                f"{target.name} already exists; nothing was changed. Choose a new file name."
            ) from exc
        except OSError as exc:
            raise FileProblem(f"Cannot create {target.name} ({exc.strerror or exc}).") from exc
    finally:
        building.unlink(missing_ok=True)
        building.with_name(f"{building.name}-journal").unlink(missing_ok=True)
    return target


def _add_programme(db: Database, name: str, actor: str | None) -> None:
    service = Service(db, actor)
    with db.transaction() as session:
        programme = ensure_programme(session, name)
        service.audit(session, AuditAction.CREATE, "programme", programme.id, "new programme file")


def programme_names(db: Database) -> list[str]:
    """The names of the programmes the open database holds, in the order they were made."""
    with db.reading() as session:
        return list(session.scalars(select(col(Programme.name)).order_by(col(Programme.id))))
