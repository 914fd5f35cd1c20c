"""Sessions, outcomes and the import history as lazy lists: counted, windowed, filtered, sorted in SQL.

Each query is asked a few rows at a time (a window far smaller than the
page's, so every list here spans several windows) and the windows joined up
are checked against the rows read whole by the services' own full lists,
filtered and sorted in Python. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from women_in_ddat.domain.enums import MatchStatus, OutcomeKind, ParticipantRole, SessionFormat
from women_in_ddat.domain.models import ImportBatch
from women_in_ddat.domain.search_text import fold_for_search
from women_in_ddat.services.import_history_list import ImportHistoryList
from women_in_ddat.services.list_query import ListQuery, ListSpec
from women_in_ddat.services.outcome_list import OutcomeList
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.session_list import SessionList

STEP = 3  # rows asked at a time: every list below spans several windows


def _every_window(query: ListQuery[Any], spec: ListSpec) -> list[Any]:
    """The rows of ``query``, asked ``STEP`` at a time until a short window ends them."""
    rows: list[Any] = []
    while True:
        window = list(query.window(spec, len(rows), STEP))
        rows += window
        if len(window) < STEP:
            return rows


def _sorted(rows: Sequence[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    """The rows in ``key``'s order, ties by id (both reversed when descending)."""
    return sorted(rows, key=lambda r: (key(r), r.id), reverse=descending)


@dataclass(frozen=True)
class Pairs:
    zoe: int
    ana: int
    cara: int
    zoe_match: int
    cara_match: int


@pytest.fixture
def pairs(services) -> Pairs:  # type: ignore[no-untyped-def]
    """Ana mentors Zoë and Cara; the sessions differ in day, length, format and note."""
    s = services
    cohort = s.cohorts.create_cohort("Top Talent Kent 2026", start_date=date(2026, 1, 5))

    def person(first: str, last: str) -> int:
        email = f"{fold_for_search(first)}.{last.lower()}@kent.gov.uk"
        return int(s.people.create(PersonInput(email=email, first_name=first, last_name=last)).id)

    zoe, ana, cara = person("Zoë", "Hughes"), person("Ana", "Ortiz"), person("Cara", "Bell")
    places = {
        who: s.cohorts.add_participant(cohort.id, who, role, mentor_capacity=cap).id
        for who, role, cap in (
            (zoe, ParticipantRole.MENTEE, None),
            (cara, ParticipantRole.MENTEE, None),
            (ana, ParticipantRole.MENTOR, 2),
        )
    }
    start = date.today() - timedelta(days=200)
    matches = {
        who: s.matches.create_match(
            places[who], places[ana], status=MatchStatus.ACTIVE, start_date=start
        ).id
        for who in (zoe, cara)
    }
    formats = list(SessionFormat)
    notes = ["Café chat", "Career plan", "", "CV review", "stretch project", "cafe again", ""]
    for n, note in enumerate(notes):
        s.matches.log_session(
            matches[zoe],
            held_on=start + timedelta(days=10 * (n // 2)),  # two sessions a day: ties by id
            duration_minutes=(30, 90, 60)[n % 3],
            format=formats[n % len(formats)],
            note=note,
        )
    for n in range(2):
        s.matches.log_session(
            matches[cara], held_on=start + timedelta(days=5 + n), note=f"Cara's session {n}"
        )
    return Pairs(zoe, ana, cara, matches[zoe], matches[cara])


def test_a_matchs_sessions_come_a_window_at_a_time_newest_first(services, pairs) -> None:
    sessions = SessionList(services.db, match_id=pairs.zoe_match)
    everything = services.matches.sessions(pairs.zoe_match)  # newest first, ties newest first
    assert sessions.count(ListSpec()) == len(everything) == 7
    assert [s.id for s in _every_window(sessions, ListSpec())] == [s.id for s in everything]
    assert all(s.partner_name == "" for s in _every_window(sessions, ListSpec()))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("held_on", lambda s: s.held_on),
        ("minutes", lambda s: s.duration_minutes),
        ("format", lambda s: SessionFormat(s.format).label),
        ("note", lambda s: s.note.lower()),
    ],
)
def test_a_matchs_sessions_sort_in_sql_with_ties_by_id(
    services, pairs, sort: str, key: Callable[[Any], Any], descending: bool
) -> None:
    sessions = SessionList(services.db, match_id=pairs.zoe_match)
    spec = ListSpec(sort=sort, descending=descending)
    expected = _sorted(services.matches.sessions(pairs.zoe_match), key, descending)
    assert [s.id for s in _every_window(sessions, spec)] == [s.id for s in expected]


def test_a_persons_sessions_name_the_other_side(services, pairs) -> None:
    mentor = SessionList(services.db, person_id=pairs.ana)
    assert mentor.count(ListSpec()) == 9
    partners = {s.match_id: s.partner_name for s in _every_window(mentor, ListSpec())}
    assert partners == {pairs.zoe_match: "Zoë Hughes", pairs.cara_match: "Cara Bell"}
    mentee = SessionList(services.db, person_id=pairs.zoe)
    assert mentee.count(ListSpec()) == 7
    assert {s.partner_name for s in _every_window(mentee, ListSpec())} == {"Ana Ortiz"}
    # Her page's order is the detail's: the latest first.
    detail = services.person_detail.detail(pairs.ana)
    assert [s.id for s in _every_window(mentor, ListSpec())] == [s.id for s in detail.sessions]
    by_partner = _every_window(mentor, ListSpec(sort="with", descending=True))
    assert [s.partner_name for s in by_partner] == ["Zoë Hughes"] * 7 + ["Cara Bell"] * 2
    assert [s.id for s in by_partner[:7]] == sorted((s.id for s in by_partner[:7]), reverse=True)


def test_sessions_are_found_by_note_format_and_partner(services, backend, pairs) -> None:
    mentor = SessionList(services.db, person_id=pairs.ana)
    everything = _every_window(mentor, ListSpec())

    def found(text: str) -> list[int]:
        spec = ListSpec(text=text)
        rows = _every_window(mentor, spec)
        assert mentor.count(spec) == len(rows)
        return [s.id for s in rows]

    assert found("CAREER") == [s.id for s in everything if s.note == "Career plan"]
    assert found("cara session") == [s.id for s in everything if s.match_id == pairs.cara_match]
    assert found("phone") == [s.id for s in everything if s.format == "phone"]
    assert found("hughes STRETCH") == [s.id for s in everything if s.note == "stretch project"]
    if backend == "sqlite":  # accents are folded on SQLite only (PostgreSQL folds case)
        cafes = [s.id for s in everything if s.note in ("Café chat", "cafe again")]
        assert found("zoe cafe") == found("Zoë Café") == cafes
    assert found("nobody") == []


@pytest.fixture
def ledger(services, pairs) -> int:  # type: ignore[no-untyped-def]
    """Zoë's outcomes: eight, two on one day, with a role, a cohort or neither."""
    cohort = services.cohorts.summaries()[0].id
    today = date.today()
    recorded = [
        (OutcomeKind.QUALIFICATION, 300, "BCS Business Analysis Foundation", None, "", ""),
        (OutcomeKind.PROMOTION, 200, "Promoted at last", cohort, "Senior", "Data analyst"),
        (OutcomeKind.SPEAKING_OR_VISIBILITY, 200, "Spoke at the Café Scientifique", None, "", ""),
        (OutcomeKind.ACTING_UP, 150, "", cohort, "Lead", "Product manager"),
        (OutcomeKind.BECAME_MENTOR, 100, "Mentoring in Top Talent Kent", cohort, "", ""),
        (OutcomeKind.SECONDMENT, 90, "To the GDS", None, "", "Delivery manager"),
        (OutcomeKind.NEW_ROLE, 60, "", None, "Principal", ""),
        (OutcomeKind.QUALIFICATION, 30, "cafe barista course", None, "", ""),
    ]
    for kind, days, description, cohort_id, level, role in recorded:
        services.progress.record_outcome(
            pairs.zoe,
            kind,
            today - timedelta(days=days),
            description=description,
            cohort_id=cohort_id,
            level=level,
            role=role,
        )
    return pairs.zoe


def _outcomes(services, person_id: int) -> list[Any]:  # type: ignore[no-untyped-def]
    return list(services.person_detail.detail(person_id).outcomes)


def test_her_outcomes_come_a_window_at_a_time_newest_first(services, ledger) -> None:
    outcomes = OutcomeList(services.db, ledger)
    everything = _sorted(_outcomes(services, ledger), lambda o: o.occurred_on, descending=True)
    assert outcomes.count(ListSpec()) == len(everything) == 8
    assert _every_window(outcomes, ListSpec()) == everything  # the very lines the dialogs take
    assert OutcomeList(services.db, ledger + 1000).count(ListSpec()) == 0


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("occurred_on", lambda o: o.occurred_on),
        ("kind", lambda o: OutcomeKind(o.kind).label),
        ("cohort", lambda o: o.cohort.lower()),
        ("role", lambda o: " ".join(x for x in (o.level, o.role) if x).lower()),
        ("description", lambda o: o.description.lower()),
    ],
)
def test_her_outcomes_sort_in_sql_with_ties_by_id(
    services, ledger, sort: str, key: Callable[[Any], Any], descending: bool
) -> None:
    outcomes = OutcomeList(services.db, ledger)
    everything = _outcomes(services, ledger)
    expected = _sorted(everything, key, descending)
    if sort == "cohort":  # no cohort is a blank: last either way
        expected = _sorted([o for o in everything if o.cohort], key, descending) + _sorted(
            [o for o in everything if not o.cohort], key, descending
        )
    spec = ListSpec(sort=sort, descending=descending)
    assert [o.id for o in _every_window(outcomes, spec)] == [o.id for o in expected]


def test_her_outcomes_are_found_by_kind_description_cohort_and_role(
    services, backend, ledger
) -> None:
    outcomes = OutcomeList(services.db, ledger)
    everything = _every_window(outcomes, ListSpec())

    def found(text: str) -> list[str]:
        spec = ListSpec(text=text)
        rows = _every_window(outcomes, spec)
        assert outcomes.count(spec) == len(rows)
        return [o.description or o.role or o.level for o in rows]

    assert found("QUALIFICATION") == ["cafe barista course", "BCS Business Analysis Foundation"]
    assert found("kent 2026") == [o.description or o.role for o in everything if o.cohort]
    assert found("product lead") == ["Product manager"]
    assert found("principal") == ["Principal"]
    assert found("SCIENTIFIQUE") == ["Spoke at the Café Scientifique"]
    if backend == "sqlite":  # accents are folded on SQLite only
        cafes = ["cafe barista course", "Spoke at the Café Scientifique"]
        assert found("cafe") == found("Café") == cafes


@pytest.fixture
def history(services) -> int:  # type: ignore[no-untyped-def]
    """Eleven import batches (written as the importer writes them), two undone."""
    cohort = services.cohorts.create_cohort("Top Talent Essex 2025").id
    start = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    with services.db.transaction() as session:
        for n in range(11):
            session.add(
                ImportBatch(
                    source_name=("Essex cohort.xlsx", "Kent Ł list.csv", "medway.ods")[n % 3],
                    file_sha256=f"{n:064x}",
                    cohort_id=cohort if n % 2 else None,
                    # Two imports a day: the id orders those of the same moment.
                    imported_at=start + timedelta(days=n // 2),
                    imported_by=("coordinator", "Zoë Hughes")[n % 2],
                    created_count=(5, 0, 12)[n % 3],
                    updated_count=n,
                    rejected_count=n % 4,
                    status="undone" if n in (3, 7) else "applied",
                )
            )
    return 11


def test_every_import_is_listed_newest_first_without_a_cap(services, history) -> None:
    batches = ImportHistoryList(services.db)
    latest = services.imports.batches(limit=1000)  # the importer's own reading, newest first
    assert batches.count(ListSpec()) == len(latest) == history
    rows = _every_window(batches, ListSpec())
    assert [b.id for b in rows] == [b.id for b in latest]
    assert [
        (b.source_name, b.cohort, b.created, b.updated, b.rejected, b.status) for b in rows
    ] == [(b.source_name, b.cohort, b.created, b.updated, b.rejected, b.status) for b in latest]
    assert all(isinstance(b.imported_at, datetime) for b in rows)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("imported_at", lambda b: b.imported_at),
        ("source", lambda b: b.source_name.lower()),
        ("created", lambda b: b.created),
        ("updated", lambda b: b.updated),
        ("rejected", lambda b: b.rejected),
        ("by", lambda b: b.imported_by.lower()),
        ("status", lambda b: b.status),
    ],
)
def test_the_import_history_sorts_in_sql_with_ties_by_id(
    services, history, sort: str, key: Callable[[Any], Any], descending: bool
) -> None:
    batches = ImportHistoryList(services.db)
    expected = _sorted(_every_window(batches, ListSpec()), key, descending)
    spec = ListSpec(sort=sort, descending=descending)
    assert [b.id for b in _every_window(batches, spec)] == [b.id for b in expected]


def test_the_import_history_blank_cohorts_sort_last_either_way(services, history) -> None:
    batches = ImportHistoryList(services.db)
    for descending in (False, True):
        rows = _every_window(batches, ListSpec(sort="cohort", descending=descending))
        assert [b.cohort for b in rows] == ["Top Talent Essex 2025"] * 5 + [""] * 6


def test_the_import_history_is_found_by_file_cohort_who_and_state(
    services, backend, history
) -> None:
    batches = ImportHistoryList(services.db)
    everything = _every_window(batches, ListSpec())

    def found(text: str) -> list[int]:
        spec = ListSpec(text=text)
        rows = _every_window(batches, spec)
        assert batches.count(spec) == len(rows)
        return [b.id for b in rows]

    assert found("MEDWAY") == [b.id for b in everything if b.source_name == "medway.ods"]
    assert found("undone") == [b.id for b in everything if b.status == "undone"]
    assert found("essex 2025 hughes") == [b.id for b in everything if b.cohort]
    assert found("100%") == []  # a percent sign is a letter typed, not a wildcard
    if backend == "sqlite":  # accents and special letters folded on SQLite only
        assert found("kent l list") == [
            b.id for b in everything if b.source_name.startswith("Kent")
        ]
