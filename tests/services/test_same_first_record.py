"""Two coordinators adding the same first record at the same moment, on PostgreSQL.

Each service checks that a questionnaire does not exist yet before adding
it; on PostgreSQL (read committed) both can pass that check, and the second
insert then meets the first at the unique index once it commits. That is a
lost race, not a fault: nothing of hers is saved, she is told to try again,
and trying again finds the questionnaire the other one saved. (On SQLite a
writing transaction holds the file's lock from its start, so the second
check already sees the first questionnaire.)
"""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta

import psycopg
import pytest

from women_in_ddat.domain.enums import AssessmentPoint, ParticipantRole
from women_in_ddat.errors import Conflict, EditConflict
from women_in_ddat.services.context import Services
from women_in_ddat.services.people import PersonInput

pytestmark = pytest.mark.postgres


def waiting_on_a_lock(url: str) -> bool:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).fetchone()
    return bool(row and row[0])


def test_the_second_coordinator_is_told_to_try_again_and_then_sees_the_first(
    pg_services, pg_url: str
) -> None:
    cohort = pg_services.cohorts.create_cohort(
        "Kent 2026", start_date=date.today() - timedelta(days=60)
    )
    person = pg_services.people.create(
        PersonInput(email="sian.jones@kent.gov.uk", first_name="Siân", last_name="Jones")
    )
    part = pg_services.cohorts.add_participant(cohort.id, person.id, ParticipantRole.MENTEE)
    second = Services.open(pg_url, actor="second coordinator")
    first = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        # The first coordinator's save has added the baseline questionnaire, not yet committed.
        first.execute(
            "INSERT INTO assessment (participation_id, point, assessor, completed_on, created_at, version) "
            "VALUES (%s, %s, 'self', %s, %s, 1)",
            (part.id, AssessmentPoint.BASELINE.value, date.today(), datetime.now()),
        )
        met: list[BaseException] = []

        def second_saves() -> None:
            try:
                second.development.record_confidence(
                    part.id, AssessmentPoint.BASELINE, {"ddat_skills": 4}, expected_version=0
                )
            except BaseException as exc:  # the test inspects what she met
                met.append(exc)

        saving = threading.Thread(target=second_saves)
        saving.start()
        deadline = time.monotonic() + 30
        while not waiting_on_a_lock(pg_url):  # her insert waits on the first one's row
            assert time.monotonic() < deadline and saving.is_alive(), met
            time.sleep(0.05)
        first.commit()
        saving.join(timeout=30)
        assert not saving.is_alive()
        [conflict] = met
        assert type(conflict) is Conflict, conflict
        assert conflict.message == (
            "Someone else was changing the programme at the same moment; nothing was saved. Try again."
        )
        # Trying again: her form still says "no questionnaire yet", so she is
        # shown the one saved meanwhile, like any other stale save.
        with pytest.raises(EditConflict):
            second.development.record_confidence(
                part.id, AssessmentPoint.BASELINE, {"ddat_skills": 4}, expected_version=0
            )
        second.development.record_confidence(
            part.id, AssessmentPoint.BASELINE, {"ddat_skills": 4}, expected_version=1
        )
        by_item = {r.item: r.self_scores for r in second.development.confidence(part.id).rows}
        assert by_item["ddat_skills"] == {"baseline": 4}
    finally:
        first.close()
        second.close()
