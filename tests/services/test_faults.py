"""Full disks, refused databases with a way back, and the audit log export."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from women_in_ddat.errors import DatabaseRefused, FileProblem
from women_in_ddat.services.exporting import export
from women_in_ddat.storage.backup import automatic_backup, backup_sqlite
from women_in_ddat.storage.database import open_database


@pytest.fixture
def full_disk(monkeypatch):
    """Every write to a temporary ``.part`` file fails as on a full disk."""
    real_open = open

    def failing_open(file, mode="r", *args, **kwargs):
        if ("w" in mode or "a" in mode or "+" in mode) and str(file).endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    real_write_bytes = Path.write_bytes

    def failing_write_bytes(self, data):
        if self.name.endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write_bytes)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_onto_a_full_disk_keeps_the_old_file(
    demo_db_target: str, tmp_path: Path, fmt: str, full_disk
) -> None:
    target = tmp_path / "out" / f"people.{fmt}"
    target.parent.mkdir()
    target.write_text("yesterday's good export", encoding="utf-8")
    with pytest.raises(FileProblem, match="disk is full|Cannot write"):
        export(demo_db_target, "people", fmt, str(target))
    assert target.read_text(encoding="utf-8") == "yesterday's good export"
    assert os.listdir(target.parent) == [target.name], "no temporary file left behind"


def test_backup_onto_a_full_disk_keeps_the_old_backup(
    demo_db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "backups" / "programme.db"
    backup_sqlite(demo_db_path, target)
    good = target.read_bytes()

    class FullDiskConnection:
        def __init__(self, real):
            self._real = real

        def backup(self, dst, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name):
            return getattr(self._real, name)

    from women_in_ddat.storage import backup as backup_module

    real_connect = backup_module.connect_sqlite
    monkeypatch.setattr(
        backup_module, "connect_sqlite", lambda p, **k: FullDiskConnection(real_connect(p, **k))
    )
    with pytest.raises(FileProblem, match="disk is full"):
        backup_sqlite(demo_db_path, target)
    assert target.read_bytes() == good
    assert os.listdir(target.parent) == [target.name]


def test_refused_database_points_at_the_latest_backup(demo_db_path: Path) -> None:
    backup = automatic_backup(demo_db_path, reason="daily")
    demo_db_path.write_bytes(b"\x00" * 4096)
    with pytest.raises(DatabaseRefused) as caught:
        open_database(str(demo_db_path))
    assert caught.value.latest_backup == backup
    assert backup.name in caught.value.message


def test_audit_log_lists_and_exports_without_personal_data(demo_services, tmp_path: Path) -> None:
    from women_in_ddat.services.people import PersonInput

    person = demo_services.people.create(
        PersonInput(email="new.mentee@essex.gov.uk", first_name="Nadia")
    )
    events = demo_services.audit_log.events(entity="person", entity_id=str(person.id))
    assert [(e.action, e.entity) for e in events] == [("create", "person")]
    out = tmp_path / "audit.csv"
    count = demo_services.audit_log.export_csv(out)
    text = out.read_text(encoding="utf-8-sig")
    assert count >= 2 and "demo programme loaded" in text
    assert "Nadia" not in text and "new.mentee" not in text
