"""A reference to one record, as navigation passes it between pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordRef:
    """The record an item is about: ``kind`` is person, cohort, match or milestone."""

    kind: str
    id: int
    person_id: int | None = None
