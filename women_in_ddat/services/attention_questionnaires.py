"""Needs attention, questionnaires: forms written for a point and not returned.

One group per cohort and point (the baseline forms of a cohort are one
matter, its mid-point forms another), naming the first few people to chase.
Only people sent a form are chased: a cohort whose questionnaires went out
another way has nothing here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from women_in_ddat.domain.questionnaire_items import POINT_TITLES
from women_in_ddat.domain.records import RecordRef
from women_in_ddat.services.attention import (
    MOST_URGENT,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.questionnaires import outstanding_in


def questionnaires_outstanding(session: Session, today: date) -> list[AttentionGroup]:
    kind = AttentionKind.QUESTIONNAIRE_OUTSTANDING
    groups = []
    for waiting in outstanding_in(session):
        days = (today - waiting.written_on).days if waiting.written_on else 0
        title = POINT_TITLES.get(waiting.point, waiting.point)
        items = tuple(
            AttentionItem(
                kind=kind,
                headline=name,
                detail=f"{title} questionnaire sent {uk_date(waiting.written_on)}",
                since=waiting.written_on,
                days=days,
                cohort_id=waiting.cohort_id,
                opens=RecordRef("person", person_id, person_id),
            )
            for person_id, name in waiting.people[:MOST_URGENT]
        )
        count = len(waiting.people)
        groups.append(
            AttentionGroup(
                kind=kind,
                cohort_id=waiting.cohort_id,
                headline=waiting.cohort,
                detail=f"{title}: {count} of {waiting.written} not returned",
                count=count,
                days=days,
                most_urgent=items,
                opens=SignalRef(
                    "cohort",
                    waiting.cohort_id,
                    signal=kind,
                    cohort_name=waiting.cohort,
                    point=waiting.point,
                ),
            )
        )
    return by_urgency(groups)
