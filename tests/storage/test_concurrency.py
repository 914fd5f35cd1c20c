"""Two coordinators at once, over two real connections, on SQLite and on PostgreSQL.

Each coordinator is her own Services object (her own engine and
connections) or her own import; a barrier starts them together so their
work really overlaps. Whatever the interleaving: both succeed, or one is
told to try again (and then does); nothing is duplicated and nothing is
silently overwritten.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.importing.corpus import HEADER, write_csv
from women_in_ddat.domain.models import Cohort, Organisation, Participation, Person
from women_in_ddat.errors import Conflict, EditConflict
from women_in_ddat.importing.run import ImportSettings, run_import
from women_in_ddat.services.context import Services
from women_in_ddat.services.people import PersonInput

COHORT = "Kent 2026"


def at_once(*work: Callable[[], object]) -> list[object]:
    """Run each callable on its own thread, released together; each one's result or exception."""
    start = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(i: int) -> None:
        start.wait(timeout=30)
        try:
            results[i] = work[i]()
        except Exception as exc:  # the test inspects what each one met
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a coordinator never finished"
    return results


@pytest.fixture
def second(db_target: str, services):  # type: ignore[no-untyped-def]
    """A second coordinator on the same database, with her own connections."""
    svc = Services.open(db_target, actor="second coordinator")
    yield svc
    svc.close()


def people_file(path: Path, numbers: range, *, upper: bool = False) -> Path:
    rows = []
    for n in numbers:
        email = f"person{n}@org{n % 7}.gov.uk"
        rows.append(
            [
                f"First{n}",
                f"Last{n}",
                email.upper() if upper else email,
                f"Council {n % 7}",
                "Analyst",
                "Mentee",
                "Data",
                "12/01/2026",
                "",
            ]
        )
    return write_csv(path, [HEADER, *rows])


def import_file(db_target: str, path: Path):  # type: ignore[no-untyped-def]
    settings = ImportSettings(cohort=COHORT, use_remembered_mappings=False)
    return run_import(db_target, path, settings, actor="tester").outcome


def assert_told_to_try_again(result: object) -> None:
    assert isinstance(result, Conflict), f"expected success or a clear 'try again', got {result!r}"
    assert "try again" in result.message.lower()


def test_overlapping_imports_at_once_leave_each_person_once(
    services, db_target: str, tmp_path: Path
) -> None:
    # 0-199 and 100-299: a hundred people in both files, the second file's emails in capitals.
    first = people_file(tmp_path / "first.csv", range(0, 200))
    second = people_file(tmp_path / "second.csv", range(100, 300), upper=True)
    results = at_once(lambda: import_file(db_target, first), lambda: import_file(db_target, second))
    for result, path in zip(results, (first, second), strict=True):
        if isinstance(result, Exception):
            assert_told_to_try_again(result)
            import_file(db_target, path)  # and trying again works
    with services.db.reading() as session:
        emails = session.scalars(select(Person.email)).all()
        assert len(emails) == 300
        assert len({e.lower() for e in emails}) == 300
        assert session.scalar(select(func.count()).select_from(Cohort)) == 1
        assert session.scalar(select(func.count()).select_from(Organisation)) == 7
        assert session.scalar(select(func.count()).select_from(Participation)) == 300


def test_two_coordinators_save_the_same_person_at_once(services, second) -> None:
    """Both opened version 1: exactly one save lands; the other is shown both versions."""
    for round_ in range(5):
        person = services.people.create(
            PersonInput(
                email=f"shared{round_}@kent.gov.uk", first_name="Shared", job_title="Analyst"
            )
        )
        mine = PersonInput(job_title="Lead analyst", phone="01632 960001")
        theirs = PersonInput(job_title="Head of data", phone="01632 960002")
        results = at_once(
            lambda p=person, d=mine: services.people.update(p.id, d, expected_version=1),
            lambda p=person, d=theirs: second.people.update(p.id, d, expected_version=1),
        )
        saved = [r for r in results if not isinstance(r, Exception)]
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(saved) == 1 and len(refused) == 1, results
        conflict = refused[0]
        assert isinstance(conflict, EditConflict), conflict
        winner = saved[0]
        stored = services.people.get(person.id)
        assert (stored.job_title, stored.phone, stored.version) == (
            winner.job_title,
            winner.phone,
            2,
        )
        # Both versions, for the coordinator to compare: what she tried, and what is stored.
        assert conflict.theirs == {"job_title": stored.job_title, "phone": stored.phone}
        assert conflict.yours["job_title"] in {"Lead analyst", "Head of data"} - {stored.job_title}
        assert conflict.their_version == 2
        assert "differs from yours in: phone, job title." in conflict.message
        assert (
            stored.job_title not in conflict.message
        )  # values stay out of a message that may be logged


def test_a_save_racing_past_the_version_check_is_still_caught(
    services, second, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves read version 1 and pass the check before either writes (PostgreSQL).

    The version in the UPDATE's WHERE clause catches the second. SQLite never
    gets this far: a writing transaction holds the file's write lock from
    its start, so the second save reads version 2 and is refused at the check.
    """
    from women_in_ddat.services import people as people_module

    person = services.people.create(PersonInput(email="race@kent.gov.uk", first_name="Race"))
    both_checked = threading.Barrier(2)
    real_apply = people_module.apply_person_values

    def apply_once_both_have_read(session, row, cleaned):  # type: ignore[no-untyped-def]
        if backend == "postgresql":
            both_checked.wait(timeout=30)
        return real_apply(session, row, cleaned)

    monkeypatch.setattr(people_module, "apply_person_values", apply_once_both_have_read)
    results = at_once(
        lambda: services.people.update(
            person.id, PersonInput(job_title="First"), expected_version=1
        ),
        lambda: second.people.update(
            person.id, PersonInput(job_title="Second"), expected_version=1
        ),
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], EditConflict), results
    stored = services.people.get(person.id)
    assert stored.version == 2
    assert refused[0].theirs == {"job_title": stored.job_title}
    assert refused[0].yours == {"job_title": ({"First", "Second"} - {stored.job_title}).pop()}


def test_an_edit_and_an_import_of_the_same_people_at_once(
    services, second, db_target: str, tmp_path: Path
) -> None:
    """A coordinator edits people while another imports new job titles for them.

    Each edit either lands (and the import, if it also lands, changes only
    its own column) or is refused with both versions; an import that lost
    the race says try again. Every change that was reported saved is there.
    """
    import_file(db_target, people_file(tmp_path / "start.csv", range(0, 50)))
    people = [services.people.by_email(f"person{n}@org{n % 7}.gov.uk") for n in range(50)]
    retitled = tmp_path / "retitled.csv"
    rows = [
        [
            f"First{n}",
            f"Last{n}",
            f"person{n}@org{n % 7}.gov.uk",
            f"Council {n % 7}",
            "Senior analyst",
            "Mentee",
            "Data",
            "12/01/2026",
            "",
        ]
        for n in range(50)
    ]
    write_csv(retitled, [HEADER, *rows])

    def edit_everyone() -> list[object]:
        outcomes: list[object] = []
        for p in people:
            try:
                second.people.update(
                    p.id, PersonInput(phone=f"01632 {p.id:06d}"), expected_version=p.version
                )
                outcomes.append("saved")
            except EditConflict as exc:
                outcomes.append(exc)
        return outcomes

    imported, edits = at_once(lambda: import_file(db_target, retitled), edit_everyone)
    if isinstance(imported, Exception):
        assert_told_to_try_again(imported)
    import_landed = not isinstance(imported, Exception)
    for p, outcome in zip(people, edits, strict=True):
        stored = services.people.get(p.id)
        if outcome == "saved":
            assert stored.phone == f"01632 {p.id:06d}", "a saved edit was overwritten"
        else:
            assert isinstance(outcome, EditConflict)
            assert outcome.theirs["phone"] == stored.phone == ""
            assert import_landed and stored.job_title == "Senior analyst"
        if import_landed:
            assert stored.job_title == "Senior analyst", "an imported change was overwritten"
        else:
            assert stored.job_title == "Analyst"
        assert stored.version == 1 + (outcome == "saved") + import_landed
    assert services.people.count() == 50


@pytest.mark.sqlite_only(
    reason="SQLite's writers give up after the busy timeout; PostgreSQL's wait their turn"
)
def test_a_write_lock_held_too_long_says_try_again_and_writes_nothing(
    services, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from women_in_ddat.storage import preflight

    person = services.people.create(PersonInput(email="busy@kent.gov.uk", first_name="Busy"))
    monkeypatch.setattr(preflight, "BUSY_TIMEOUT_MS", 200)  # new connections give up after 0.2 s
    busy = Services.open(str(db_path), actor="second coordinator")
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with pytest.raises(Conflict) as edit:
            busy.people.update(person.id, PersonInput(job_title="Lead"), expected_version=1)
        with pytest.raises(Conflict) as imported:
            import_file(str(db_path), people_file(tmp_path / "p.csv", range(3)))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        busy.close()
    for refusal in (edit.value, imported.value):
        assert not isinstance(refusal, EditConflict)  # nothing changed, so nothing to compare
        assert_told_to_try_again(refusal)
    assert services.people.count() == 1 and services.people.get(person.id).version == 1
