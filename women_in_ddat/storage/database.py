"""Opening the programme database, and the unit of work services use.

``open_database`` is the only way in: it refuses unusable files (see
preflight), creates a new database atomically (built beside the target and
renamed into place, so a crash never leaves a half-made file), and upgrades
an older schema after a backup.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from women_in_ddat.errors import Conflict, DatabaseRefused
from women_in_ddat.storage.contention import lost_a_race, try_again
from women_in_ddat.storage.faults import explain
from women_in_ddat.storage.partial_files import remove_stale_partials, writer_tag
from women_in_ddat.storage.preflight import (
    DatabaseTarget,
    SchemaState,
    check_sqlite_file,
    classify_revision,
    connect_sqlite,
    create_private_file,
    parse_target,
)

log = logging.getLogger(__name__)


class Database:
    """An open programme database: an engine plus short-lived sessions."""

    def __init__(self, target: DatabaseTarget, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        # Same pool; marks transactions that will write (see _begin).
        self._writer = engine.execution_options(women_in_ddat_writes=True)

    @property
    def display_name(self) -> str:
        return self.target.display_name

    @property
    def sqlite_path(self) -> Path | None:
        return self.target.sqlite_path

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together, or not at all."""
        session = Session(self._writer, expire_on_commit=False, autoflush=True)
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise Conflict(
                "Someone else changed this record while you were editing it; nothing was saved. "
                "Reload it to see their changes, then try again."
            ) from exc
        except BaseException as exc:
            session.rollback()
            if lost_a_race(exc):  # the write lock stayed busy, or a server-side clash
                raise try_again() from exc
            known = explain(exc, self.display_name)
            if known is not None and known is not exc:  # a read-only file, a full disk
                raise known from exc
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look: never commits.

        close() ends the transaction and detaches the objects with their
        loaded values intact (a rollback would expire them first).
        """
        session = Session(self.engine, expire_on_commit=False, autoflush=False)
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        creator=lambda: connect_sqlite(path),
        # One connection per thread; SQLite serialises writers anyway.
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A writing transaction takes the write lock at the start, not at
        # its first write: two writers then queue on busy_timeout instead
        # of one failing mid-way after reading stale data. Reads stay
        # deferred so they never block a writer (or each other).
        writes = conn.get_execution_options().get("women_in_ddat_writes", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _server_engine(url: str) -> Engine:
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # bad URL or missing driver
        raise DatabaseRefused(
            f"Cannot use the database URL ({type(exc).__name__}: {exc})."
        ) from exc


def make_engine(target: DatabaseTarget) -> Engine:
    if target.sqlite_path is not None:
        return _sqlite_engine(target.sqlite_path)
    return _server_engine(target.url)


def open_database(
    value: str, *, create: bool = True, backup_before_upgrade: bool = True
) -> Database:
    """Open (and if need be create or upgrade) the database at a path or URL."""
    target = parse_target(value)
    if target.sqlite_path is not None:
        return _open_sqlite(target, create=create, backup_before_upgrade=backup_before_upgrade)
    return _open_server(target)


def _open_sqlite(target: DatabaseTarget, *, create: bool, backup_before_upgrade: bool) -> Database:
    path = target.sqlite_path
    assert path is not None
    try:
        state, revision = check_sqlite_file(path)
    except DatabaseRefused as refused:
        raise with_restore_hint(refused, path) from refused
    remove_stale_partials(path)
    if state is SchemaState.MISSING:
        if not create:
            raise DatabaseRefused(f"There is no database at {path}.")
        _create_sqlite(path)
    elif state is SchemaState.OLDER:
        from women_in_ddat.storage.backup import backup_before

        with backup_before(
            path if backup_before_upgrade else None, reason=f"before-upgrade-from-{revision}"
        ):
            engine = _sqlite_engine(path)
            try:
                from women_in_ddat.storage.migrations import upgrade_to_head

                upgrade_to_head(engine)
            finally:
                engine.dispose()
    return Database(target, _sqlite_engine(path))


def with_restore_hint(refused: DatabaseRefused, path: Path) -> DatabaseRefused:
    """Point at the newest automatic backup, if there is one, so recovery is one step."""
    from women_in_ddat.storage.backup import latest_backup

    backup = latest_backup(path)
    if backup is None:
        return refused
    return DatabaseRefused(
        f"{refused.message} The latest backup is {backup.name} "
        f'(restore it with: women-in-ddat restore "{backup}" --yes).',
        latest_backup=backup,
    )


def _create_sqlite(path: Path) -> None:
    from women_in_ddat.storage.migrations import upgrade_to_head

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DatabaseRefused(
            f"Cannot create the folder for {path.name} ({exc.strerror})."
        ) from exc
    building = path.with_name(f".{path.name}.creating-{writer_tag()}")
    try:
        building.unlink(missing_ok=True)
        create_private_file(building)
        engine = _sqlite_engine(building)
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()
        # No-clobber publish: if another process created the database
        # meanwhile, keep theirs.
        try:
            os.link(building, path)
        except FileExistsError:
            pass
    except OSError as exc:
        raise DatabaseRefused(f"Cannot create {path.name} ({exc.strerror or exc}).") from exc
    finally:
        building.unlink(missing_ok=True)
    log.info("created a new programme database")


def _open_server(target: DatabaseTarget) -> Database:
    engine = _server_engine(target.url)
    try:
        with engine.connect() as conn:
            has_version = conn.execute(
                text("SELECT 1 FROM information_schema.tables WHERE table_name = 'alembic_version'")
            ).first()
            revisions = (
                [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
                if has_version
                else []
            )
            other_tables = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                )
            ).scalar_one()
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseRefused(
            f"Cannot reach the database at {target.display_name} ({type(exc.orig).__name__})."
        ) from exc
    from women_in_ddat.storage.migrations import upgrade_to_head

    if not revisions:
        if other_tables:
            engine.dispose()
            raise DatabaseRefused(
                f"{target.display_name} already holds tables that are not a women-in-DDaT programme."
            )
        upgrade_to_head(engine)
    else:
        state, _ = classify_revision(target.display_name, revisions)
        if state is SchemaState.OLDER:
            log.warning("upgrading a server database; its own backups (pg_dump) are the safety net")
            upgrade_to_head(engine)
    return Database(target, engine)
