"""Restoring a backup, the restore recorded in the audit trail it brings back."""

from __future__ import annotations

from pathlib import Path

from women_in_ddat.domain.enums import AuditAction
from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.base import Service
from women_in_ddat.storage.backup import restore_sqlite
from women_in_ddat.storage.database import open_database


class BackupService(Service):
    def restore(self, backup: Path) -> Path | None:
        """Replace the programme's file with ``backup``, all or nothing.

        The restore is written into the backup's own audit trail (on a
        private copy, upgraded to the current schema if it is older) before
        anything is replaced: the restored programme records its restore,
        and if that record fails nothing has changed. Returns the backup of
        what was replaced.
        """
        database = self.db.sqlite_path
        if database is None:
            raise InvalidInput("Only a programme kept in a file can be restored from a backup.")

        self.db.dispose()  # no open connection may hold the file while it is replaced
        return restore_recorded(Path(backup), database, self.actor)


def restore_recorded(backup: Path, database: Path, actor: str | None = None) -> Path | None:
    """Restore ``backup`` over the file ``database``, the restore recorded in it; all or nothing.

    For when the programme is not open (the command line, or a damaged file).
    """

    def record_restore(copy: Path) -> None:
        restored = open_database(str(copy), create=False, backup_before_upgrade=False)
        try:
            with restored.transaction() as session:
                Service(restored, actor).audit(session, AuditAction.RESTORE, "database", "")
        finally:
            restored.dispose()

    return restore_sqlite(backup, database, prepare=record_restore)
