"""The imports a programme has had: list them, and take one back.

Reading a spreadsheet and writing it is the file side's job
(``women_in_ddat.importing.run``: ``prepare`` then ``apply_prepared``, one
batch per import); this service is what the wizard and ``import --list`` /
``import --undo`` ask about batches already written, so neither opens the
import connection itself.
"""

from __future__ import annotations

from women_in_ddat.services.base import Service
from women_in_ddat.services.imports import BatchRow
from women_in_ddat.services.imports_sql import import_connection
from women_in_ddat.services.imports_undo import UndoOutcome, list_batches, undo_batch


class ImportService(Service):
    def database(self) -> str:
        """The import connection's target: the file path on SQLite, else the server URL."""
        target = self.db.target
        return str(target.sqlite_path) if target.sqlite_path is not None else target.url

    def batches(self, limit: int = 50) -> list[BatchRow]:
        """The latest ``limit`` import batches, newest first."""
        with import_connection(self.database()) as sql:
            return list_batches(sql, limit=limit)

    def undo(self, batch_id: int) -> UndoOutcome:
        """Take batch ``batch_id`` back (refused if its records were edited since)."""
        with import_connection(self.database()) as sql:
            return undo_batch(sql, batch_id, actor=self.actor)
