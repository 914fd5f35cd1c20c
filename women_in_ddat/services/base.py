"""What every service shares: the database, who is acting, and the audit trail."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from women_in_ddat.domain.enums import AuditAction
from women_in_ddat.domain.models import AuditEvent, utcnow
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.services.actor import current_actor
from women_in_ddat.storage.database import Database


class Service:
    def __init__(self, db: Database, actor: str | None = None) -> None:
        self.db = db
        self.actor = actor or current_actor()

    def audit(
        self,
        session: Session,
        action: AuditAction,
        entity: str,
        entity_id: object,
        detail: str = "",
    ) -> None:
        """Record who did what to which record. ``detail`` must hold no personal data."""
        session.add(
            AuditEvent(
                actor=self.actor,
                action=action.value,
                entity=entity,
                entity_id=str(entity_id),
                detail=detail[:500],
            )
        )

    def audit_rules(self, session: Session, changes: list[tuple[int, str]]) -> None:
        """Record what the programme's rules changed as a consequence of this action."""
        for milestone_id, what in changes:
            self.audit(session, AuditAction.UPDATE, "milestone", milestone_id, f"rule: {what}")


_Row = TypeVar("_Row")


def get_or_404(session: Session, model: type[_Row], row_id: int, what: str) -> _Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"That {what} no longer exists (id {row_id}).")
    return row


def touch(row: Any, expected_version: int | None = None, what: str = "record") -> None:
    """Mark a row changed: bump its version (refusing a stale edit) and its timestamp."""
    if expected_version is not None and row.version != expected_version:
        raise Conflict(
            f"This {what} was changed by someone else since you opened it. "
            "Reload it to see their changes, then try again."
        )
    row.version += 1
    if "updated_at" in type(row).model_fields:  # some versioned rows keep no timestamp
        row.updated_at = utcnow()
