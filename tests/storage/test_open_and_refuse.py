"""Opening a database: what is created, and what is refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from women_in_ddat.errors import DatabaseRefused
from women_in_ddat.storage.database import open_database
from women_in_ddat.storage.preflight import parse_target, redact_url
from women_in_ddat.storage.schema_versions import HEAD_REVISION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_private_and_at_head(db_path: Path) -> None:
    db = open_database(str(db_path))
    try:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        with db.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                == HEAD_REVISION
            )
    finally:
        db.dispose()
    # No temporary file left beside it.
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_every_connection_has_the_safety_pragmas(db_path: Path) -> None:
    db = open_database(str(db_path))
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    finally:
        db.dispose()


def test_foreign_keys_are_enforced_in_sessions(services) -> None:
    from sqlalchemy.exc import IntegrityError

    from women_in_ddat.domain.models import Participation

    with pytest.raises(IntegrityError), services.db.transaction() as session:
        session.add(Participation(person_id=999, cohort_id=999, role="mentee"))
        session.flush()


def _refused_untouched(path: Path, expected: str) -> None:
    before = digest(path)
    with pytest.raises(DatabaseRefused, match=expected):
        open_database(str(path))
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "nothing written beside it"


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store" / "empty.db"
    path.parent.mkdir()
    path.touch()
    _refused_untouched(path, "empty")


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store" / "notes.db"
    path.parent.mkdir()
    path.write_text("Minutes of the programme board\n" * 100, encoding="utf-8")
    _refused_untouched(path, "not a SQLite database")


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store" / "other.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    _refused_untouched(path, "not a women-in-DDaT programme")


def test_newer_schema_is_refused(demo_db_path: Path) -> None:
    conn = sqlite3.connect(demo_db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    _refused_untouched(demo_db_path, "newer version")


@pytest.mark.parametrize("damage", ["truncate", "bitflip"])
def test_damaged_database_is_refused(demo_db_path: Path, damage: str) -> None:
    data = bytearray(demo_db_path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 3]
    else:
        # Scribble over the middle of the file: b-tree pages, not the header.
        for i in range(len(data) // 2, len(data) // 2 + 4096):
            data[i] ^= 0x5A
    demo_db_path.write_bytes(bytes(data))
    _refused_untouched(demo_db_path, "damaged")


def test_folder_at_database_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "programme.db"
    folder.mkdir()
    with pytest.raises(DatabaseRefused, match="folder"):
        open_database(str(folder))


def test_sqlite_url_and_path_mean_the_same_file(db_path: Path) -> None:
    assert parse_target(f"sqlite:///{db_path}").sqlite_path == db_path
    assert parse_target(str(db_path)).sqlite_path == db_path


def test_server_url_password_never_shown() -> None:
    assert (
        redact_url("postgresql+psycopg://coord:s3cret@db.example/prog")
        == "postgresql+psycopg://coord@db.example/prog"
    )
    assert "s3cret" not in parse_target("postgresql+psycopg://coord:s3cret@db/prog").display_name


def test_reopening_keeps_data(services, db_target: str) -> None:
    from women_in_ddat.services.people import PersonInput

    services.people.create(PersonInput(email="a@b.gov.uk", first_name="Ann"))
    services.close()
    again = open_database(db_target)
    try:
        with again.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM person").scalar() == 1
    finally:
        again.dispose()


def test_creation_never_clobbers_a_file_that_appeared_meanwhile(
    tmp_path: Path, monkeypatch
) -> None:
    """If another process creates the database while we build ours, theirs is kept."""
    from women_in_ddat.storage import migrations

    path = tmp_path / "race.db"

    original = migrations.upgrade_to_head

    def upgrade_then_someone_else_creates(engine):
        original(engine)
        shutil.copyfile(engine.url.database, path)  # a valid programme appears at the target
        with sqlite3.connect(path) as conn:
            conn.execute(
                "INSERT INTO programme (name, description, retention_months, created_at, updated_at, version) "
                "VALUES ('theirs', '', 24, '2026-01-01', '2026-01-01', 1)"
            )

    monkeypatch.setattr(migrations, "upgrade_to_head", upgrade_then_someone_else_creates)
    db = open_database(str(path))
    db.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM programme").fetchall() == [("theirs",)]
    assert not [p for p in tmp_path.iterdir() if "creating" in p.name]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    path.chmod(0)
    with pytest.raises(DatabaseRefused):
        open_database(str(path))


@pytest.mark.sqlite_only(reason="SQLite's file lock (a server locks rows)")
def test_reads_never_take_the_write_lock(services, db_path: Path) -> None:
    """A read session stays deferred: another writer can still start (BEGIN IMMEDIATE)."""
    with services.db.reading() as session:
        session.execute(text("SELECT count(*) FROM person")).scalar_one()
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the read held it
            other.execute("ROLLBACK")
        finally:
            other.close()


@pytest.mark.sqlite_only(reason="SQLite's file lock (a server locks rows)")
def test_write_sessions_take_the_write_lock_up_front(services, db_path: Path) -> None:
    with services.db.transaction() as session:
        session.execute(text("SELECT count(*) FROM person")).scalar_one()
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
