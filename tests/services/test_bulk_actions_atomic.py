"""Actions over several records are all or nothing; a file is recorded only once it is written.

Issue #7. Each test makes the action fail part-way for real, either with a
record changed meanwhile (a stale version) or with the fault injector of the
UI's fault tests (tests/ui/fault_injection.py: an ORM flush or a file write
that raises), then checks that nothing at all was saved or recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.ui.fault_injection import FaultInjector, InjectedFault
from women_in_ddat.domain.enums import AuditAction, MilestoneStatus
from women_in_ddat.domain.models import AuditEvent, Cohort, Person
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.reports.jobs import ReportKind, ReportRequest, report_job
from women_in_ddat.reports.subject_access import save_subject_access_pdf
from women_in_ddat.services.jobs import NO_PROGRESS
from women_in_ddat.services.progress import MilestoneChange
from women_in_ddat.storage.backup import automatic_backup

ZOE = "zoe.hughes@essex.gov.uk"


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultInjector]:
    injector = FaultInjector(monkeypatch)
    yield injector
    injector.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own for what the tests write (the database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def audit_count(svc, action: AuditAction | None = None) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count(AuditEvent.id))
    if action is not None:
        query = query.where(AuditEvent.action == action.value)
    with svc.db.reading() as session:
        return int(session.scalar(query) or 0)


def open_milestones(svc, count: int):  # type: ignore[no-untyped-def]
    rows = svc.progress.milestones(open_only=True)[:count]
    assert len(rows) == count
    return rows


def statuses(svc, ids: list[int]) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {m.id: m.status for m in svc.progress.milestones() if m.id in ids}


# --- milestones ---------------------------------------------------------------------------


def test_several_milestones_change_together(demo_services) -> None:
    svc = demo_services
    rows = open_milestones(svc, 3)
    before = audit_count(svc)
    changed = svc.progress.set_milestones(
        [MilestoneChange(m.id, MilestoneStatus.DONE, expected_version=m.version) for m in rows]
    )
    assert [m.id for m in changed] == [m.id for m in rows]
    after = {m.id: m for m in svc.progress.milestones() if m.id in {r.id for r in rows}}
    assert {m.status for m in after.values()} == {MilestoneStatus.DONE.value}
    assert {m.completed_on for m in after.values()} == {date.today()}
    assert all(after[r.id].version == r.version + 1 for r in rows)
    assert audit_count(svc) == before + 3


def test_one_milestone_changed_meanwhile_refuses_the_whole_set(demo_services) -> None:
    svc = demo_services
    first, second = open_milestones(svc, 2)
    svc.progress.set_milestone(second.id, status=MilestoneStatus.IN_PROGRESS)  # someone else
    before = statuses(svc, [first.id, second.id])
    with pytest.raises(Conflict, match="changed by someone else"):
        svc.progress.set_milestones(
            [
                MilestoneChange(m.id, MilestoneStatus.NOT_APPLICABLE, expected_version=m.version)
                for m in (first, second)
            ]
        )
    assert statuses(svc, [first.id, second.id]) == before
    assert before[first.id] == first.status  # the first, valid change was rolled back too


def test_a_fault_writing_the_second_milestone_leaves_the_first_as_it_was(
    demo_services, faults: FaultInjector
) -> None:
    svc = demo_services
    rows = open_milestones(svc, 2)
    before = statuses(svc, [m.id for m in rows])
    faults.arm({"db"}, part_way="Milestone")
    with pytest.raises(InjectedFault):
        svc.progress.set_milestones(
            [MilestoneChange(m.id, MilestoneStatus.NOT_APPLICABLE) for m in rows]
        )
    faults.disarm()
    assert faults.fired == ["db"]
    assert statuses(svc, [m.id for m in rows]) == before


def test_a_future_completion_date_refuses_before_anything_is_written(demo_services) -> None:
    svc = demo_services
    rows = open_milestones(svc, 2)
    tomorrow = date.fromordinal(date.today().toordinal() + 1)
    with pytest.raises(Exception, match="in the future"):
        svc.progress.set_milestones(
            [
                MilestoneChange(rows[0].id, MilestoneStatus.DONE),
                MilestoneChange(rows[1].id, MilestoneStatus.DONE, completed_on=tomorrow),
            ]
        )
    assert statuses(svc, [m.id for m in rows]) == {m.id: m.status for m in rows}


# --- pins ---------------------------------------------------------------------------------


def cohort_matches(svc):  # type: ignore[no-untyped-def]
    with svc.db.reading() as session:
        cohort_ids = list(session.scalars(select(Cohort.id).order_by(Cohort.id)))
    for cohort_id in cohort_ids:
        matches = svc.matching.cohort_matches(cohort_id)
        if len(matches) >= 2:
            return cohort_id, matches
    raise AssertionError("the demo has no cohort with two matches")


def test_pinning_several_matches_is_all_or_nothing(demo_services) -> None:
    svc = demo_services
    cohort_id, matches = cohort_matches(svc)
    svc.matching.set_pinned_many({m.id: None for m in matches[:2]}, False)
    first, second = svc.matching.cohort_matches(cohort_id)[:2]
    # Someone else pins the second and unpins it again meanwhile (its version moves on).
    svc.matching.set_pinned(second.id, True)
    svc.matching.set_pinned(second.id, False)
    with pytest.raises(Conflict):
        svc.matching.set_pinned_many({first.id: first.version, second.id: second.version}, True)
    now = {m.id: m for m in svc.matching.cohort_matches(cohort_id)}
    assert now[first.id].pinned == first.pinned and now[first.id].version == first.version

    fresh = {m.id: m.version for m in (now[first.id], now[second.id])}
    svc.matching.set_pinned_many(fresh, True)
    pinned = {m.id: m.pinned for m in svc.matching.cohort_matches(cohort_id)}
    assert pinned[first.id] and pinned[second.id]


def test_a_fault_pinning_the_second_match_leaves_the_first_unpinned(
    demo_services, faults: FaultInjector
) -> None:
    svc = demo_services
    cohort_id, matches = cohort_matches(svc)
    chosen = matches[:2]
    svc.matching.set_pinned_many({m.id: None for m in chosen}, False)
    faults.arm({"db"}, part_way="Match")
    with pytest.raises(InjectedFault):
        svc.matching.set_pinned_many({m.id: None for m in chosen}, True)
    faults.disarm()
    assert not any(
        m.pinned for m in svc.matching.cohort_matches(cohort_id) if m.id in {c.id for c in chosen}
    )


# --- erasure ------------------------------------------------------------------------------


def people_count(svc) -> int:  # type: ignore[no-untyped-def]
    with svc.db.reading() as session:
        return int(session.scalar(select(func.count(Person.id))) or 0)


def test_erasing_several_people_with_one_unknown_erases_nobody(demo_services) -> None:
    svc = demo_services
    zoe = svc.people.by_email(ZOE)
    before = people_count(svc)
    with pytest.raises(NotFound):
        svc.personal_data.erase_many([zoe.id, 999_999])
    assert people_count(svc) == before
    assert svc.people.by_email(ZOE).id == zoe.id
    assert audit_count(svc, AuditAction.ERASE) == 0


def test_a_fault_erasing_the_second_person_leaves_everyone(
    demo_services, faults: FaultInjector
) -> None:
    svc = demo_services
    ids = [p.id for p in svc.people.rows()[:3]]
    before = people_count(svc)
    faults.arm({"db"}, part_way="Person")
    with pytest.raises(InjectedFault):
        svc.personal_data.erase_many(ids)
    faults.disarm()
    assert people_count(svc) == before


@pytest.mark.sqlite_only(reason="reads the SQLite file and its journal byte by byte")
def test_erasing_several_people_leaves_no_trace_in_the_file(
    demo_services, demo_db_path: Path
) -> None:
    svc = demo_services
    people = [svc.people.by_email(ZOE), *[p for p in svc.people.rows()[:2]]]
    people = list({p.id: p for p in people}.values())
    emails = [p.email for p in people]
    raw_before = demo_db_path.read_bytes()
    assert all(e.encode() in raw_before for e in emails)
    summaries = svc.personal_data.erase_many([p.id for p in people])
    assert len(summaries) == len(people)
    svc.close()
    raw = demo_db_path.read_bytes()
    journal = demo_db_path.with_name(demo_db_path.name + "-journal")
    for email in emails:
        assert email.encode() not in raw, "an erased email is still in the database file"
        assert not journal.exists() or email.encode() not in journal.read_bytes()


# --- subject access and reports: recorded only once written -------------------------------


def test_subject_access_json_is_recorded_once_written(demo_services, out: Path) -> None:
    svc = demo_services
    before = audit_count(svc, AuditAction.EXPORT)
    with pytest.raises(Exception, match="Cannot write"):
        svc.personal_data.save_subject_access_json(ZOE, out / "missing" / "zoe.json")
    assert audit_count(svc, AuditAction.EXPORT) == before
    target = out / "zoe.json"
    svc.personal_data.save_subject_access_json(ZOE, target)
    assert ZOE in target.read_text(encoding="utf-8")
    assert audit_count(svc, AuditAction.EXPORT) == before + 1


def test_a_failed_file_write_records_no_subject_access(
    demo_services, faults: FaultInjector, out: Path
) -> None:
    svc = demo_services
    before = audit_count(svc, AuditAction.EXPORT)
    faults.arm({"file"})
    with pytest.raises(InjectedFault):
        svc.personal_data.save_subject_access_json(ZOE, out / "zoe.json")
    with pytest.raises(InjectedFault):
        save_subject_access_pdf(svc.personal_data, ZOE, out / "zoe.pdf")
    faults.disarm()
    assert audit_count(svc, AuditAction.EXPORT) == before
    assert list(out.iterdir()) == []


def test_a_failed_record_publishes_no_subject_access(
    demo_services, faults: FaultInjector, out: Path
) -> None:
    svc = demo_services
    (out / "zoe.json").write_text("an earlier export", encoding="utf-8")
    faults.arm({"db"})
    with pytest.raises(InjectedFault):
        svc.personal_data.save_subject_access_json(ZOE, out / "zoe.json")
    with pytest.raises(InjectedFault):
        save_subject_access_pdf(svc.personal_data, ZOE, out / "zoe.pdf")
    faults.disarm()
    assert sorted(p.name for p in out.iterdir()) == ["zoe.json"]
    assert (out / "zoe.json").read_text(encoding="utf-8") == "an earlier export"


@pytest.mark.parametrize("kind", [ReportKind.COHORT, ReportKind.BATCH])
def test_a_report_whose_record_fails_is_not_published(
    demo_services, faults: FaultInjector, out: Path, kind: ReportKind
) -> None:
    svc = demo_services
    output = out / ("summaries" if kind is ReportKind.BATCH else "cohort.pdf")
    request = ReportRequest(kind, "Top Talent Essex 2025", output, workers=1)
    before = audit_count(svc, AuditAction.REPORT)
    faults.arm({"db"})
    with pytest.raises(InjectedFault):
        report_job(svc.db, "tester", request)(NO_PROGRESS)
    faults.disarm()
    assert list(out.rglob("*")) == []
    assert audit_count(svc, AuditAction.REPORT) == before
    outcome = report_job(svc.db, "tester", request)(NO_PROGRESS)
    assert outcome.files and all(p.read_bytes()[:5] == b"%PDF-" for p in outcome.files)
    assert audit_count(svc, AuditAction.REPORT) == before + 1


# --- restore ------------------------------------------------------------------------------


@pytest.mark.sqlite_only(reason="a backup is restored over the SQLite file")
def test_a_restore_records_itself_in_the_restored_audit_trail(
    demo_services, demo_db_path: Path, faults: FaultInjector
) -> None:
    svc = demo_services
    backup = automatic_backup(demo_db_path, reason="by-hand")
    zoe = svc.people.by_email(ZOE)
    svc.people.delete(zoe.id)
    before = demo_db_path.read_bytes()

    faults.arm({"db"})
    with pytest.raises(InjectedFault):
        svc.backups.restore(backup)
    faults.disarm()
    with pytest.raises(NotFound):
        svc.people.by_email(ZOE)  # nothing was restored
    assert demo_db_path.read_bytes() == before
    assert not [p for p in demo_db_path.parent.iterdir() if p.name.endswith(".part")]

    svc.backups.restore(backup)
    assert svc.people.by_email(ZOE).first_name == zoe.first_name
    assert audit_count(svc, AuditAction.RESTORE) == 1
