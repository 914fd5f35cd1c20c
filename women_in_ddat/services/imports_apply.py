"""Writing an import: plan every row against the database, then write once.

Within one write transaction (SQLite: BEGIN IMMEDIATE, so nothing moves
between planning and writing) each valid row is planned: is the person
new, what would change, which participation and match it needs, and
which of the hard matching rules it would break. Strict imports stop there
if any row has a problem; otherwise the changes are written as one
ImportBatch, every created or changed record listed with its version so
the batch can be undone while nobody has touched those records since.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from women_in_ddat.domain.enums import (
    MATCH_STATUSES_USING_CAPACITY,
    AuditAction,
    CohortStatus,
    ImportStatus,
    MatchStatus,
    MilestoneAnchor,
    MilestoneStatus,
    OrganisationKind,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.values import clean_text, name_key
from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.imports import (
    PAST_MILESTONE_CHOICES,
    PERSON_COLUMNS,
    ImportOptions,
    ImportOutcome,
    ImportRecord,
    RowProblem,
)
from women_in_ddat.services.imports_sql import Sql, as_date, quoted, to_json
from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.storage.backup import backup_before

log = logging.getLogger(__name__)

# CohortService.create_cohort's default programme (a test holds them equal).
DEFAULT_PROGRAMME = "Women in DDaT Mentoring"
DEFAULT_MENTOR_CAPACITY = 2
PLAN_CHUNK = 5000  # rows planned between progress steps
MATCH_RATIONALE = "Named on the cohort spreadsheet."
NOT_YET_KNOWN_BY_EMAIL = (
    "the mentor named is neither in this file nor in this cohort yet: imported without a match; "
    "the match is proposed when that mentor is imported into this cohort"
)
NOT_YET_KNOWN_BY_NAME = (
    "the mentor named is neither in this file nor in this cohort yet: imported without a match "
    "(give the mentor's email to have the match proposed when she is imported)"
)
CURRENT_MATCH_STATUSES = tuple(s.value for s in MATCH_STATUSES_USING_CAPACITY)
MENTEE, MENTOR = ParticipantRole.MENTEE.value, ParticipantRole.MENTOR.value
WITHDRAWN = ParticipationStatus.WITHDRAWN.value

_PERSON_FIELDS = ("id", "version", "email", "organisation_id", *PERSON_COLUMNS)
_PERSON_SELECT = quoted(_PERSON_FIELDS)


@dataclass(slots=True)
class _Member:
    """Someone already in the cohort."""

    participation_id: int
    person_id: int
    role: str
    status: str
    start_date: date | None
    version: int
    capacity: int
    email: str
    name_key: str
    org_id: int | None
    line_manager_email: str
    # The mentor her row named in an earlier import, not known then.
    pending_mentor_email: str = ""


# Slots: one per row, and a slotted one is made faster.
@dataclass(slots=True)
class _Plan:
    record: ImportRecord
    person: dict[str, Any] | None  # the stored person, if any
    person_changes: dict[str, Any] = field(default_factory=dict)
    org_key: str | None = None  # organisation to set, by name_key
    member: _Member | None = None  # the person's current place in the cohort
    role: str | None = None
    start_date_change: bool = False
    mentor_plan: _Plan | None = None
    mentor_member: _Member | None = None
    new_match: bool = False
    mentees_assigned: int = 0
    # The mentor this mentee's row names who is not known yet, to remember on her place.
    pending_mentor_email: str | None = None
    # Mentees already in the cohort who named this mentor before she was imported.
    waiting_mentees: list[_Member] = field(default_factory=list)

    @property
    def changes_pending_mentor(self) -> bool:
        if self.pending_mentor_email is None:
            return False
        stored = self.member.pending_mentor_email if self.member is not None else ""
        return self.pending_mentor_email != stored

    @property
    def creates_person(self) -> bool:
        return self.person is None

    @property
    def creates_participation(self) -> bool:
        return self.member is None and self.role is not None

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.creates_person
            or self.person_changes
            or self.org_key is not None
            or self.creates_participation
            or self.start_date_change
            or self.new_match
            or self.changes_pending_mentor
            or bool(self.waiting_mentees)
        )


@dataclass
class _Cohort:
    id: int | None
    name: str
    start_date: date | None
    programme_id: int | None
    members: list[_Member] = field(default_factory=list)
    # mentee participation id -> (match id, mentor participation id)
    current_matches: dict[int, tuple[int, int]] = field(default_factory=dict)
    mentor_load: dict[int, int] = field(default_factory=dict)
    _by_person: dict[int, _Member] | None = None

    def member_of_person(self, person_id: int) -> _Member | None:
        if self._by_person is None:
            self._by_person = {m.person_id: m for m in self.members}
        return self._by_person.get(person_id)


def apply_import(
    sql: Sql,
    records: list[ImportRecord],
    options: ImportOptions,
    *,
    actor: str,
    progress: Progress = NO_PROGRESS,
) -> ImportOutcome:
    """Plan and (unless refused or a dry run) write ``records``. Commits once."""
    if options.past_milestones not in PAST_MILESTONE_CHOICES:
        raise InvalidInput(
            "Milestones already due at import can be left open, marked done or marked "
            f"not applicable, not '{options.past_milestones}'.",
            {"past_milestones": "open, done or not_applicable"},
        )
    outcome = ImportOutcome(dry_run=options.dry_run)
    with sql.transaction(write=not options.dry_run):
        progress.step(0, 100, "Checking rows against the database")
        _mark_duplicate_emails(records)
        cohort = _load_cohort(sql, options.cohort) if options.cohort else None
        if cohort is not None:
            outcome.cohort = cohort.name
            outcome.cohort_created = cohort.id is None
        orgs = dict(sql.all("SELECT name_key, id FROM organisation"))
        org_keys_by_id = {v: k for k, v in orgs.items()}
        people = _load_people(sql, [r.email for r in records if not r.problems])
        plans: list[_Plan] = []
        # A chunk of rows at a time, between progress steps: one comprehension
        # per chunk, not a loop body per row.
        for start in range(0, len(records), PLAN_CHUNK):
            progress.step(5 + 15 * start // len(records), 100, "Checking rows against the database")
            plans += [
                _plan_person(
                    record, people.get(record.email), orgs, org_keys_by_id, cohort, outcome
                )
                for record in records[start : start + PLAN_CHUNK]
                if not record.problems
            ]
        if cohort is not None:
            _plan_matches(plans, records, cohort, org_keys_by_id, outcome)
        valid = [p for p in plans if not p.record.problems]
        rejected = [r for r in records if r.problems]
        outcome.rejected = len(rejected)
        outcome.rejected_records = rejected
        outcome.problems = sorted((pr for r in rejected for pr in r.problems), key=lambda p: p.ref)
        outcome.created = sum(1 for p in valid if p.person is None)
        outcome.updated = sum(1 for p in valid if p.person is not None and p.changes_anything)
        outcome.unchanged = len(valid) - outcome.created - outcome.updated
        outcome.matches_created = sum(1 for p in valid if p.new_match) + sum(
            len(p.waiting_mentees) for p in valid
        )
        outcome.warnings = sorted(outcome.warnings, key=lambda w: w.ref)
        outcome.past_milestones_as = options.past_milestones
        if cohort is not None and cohort.id is not None:
            # Counted while planning, so a dry run says it too.
            outcome.past_milestones = _count_past_due(sql, cohort, valid)
        refused = bool(rejected) and not options.skip_invalid
        if options.dry_run or refused or not (outcome.created or outcome.updated):
            sql.rollback()
            return outcome
        progress.step(20, 100, "Taking a backup")
        with backup_before(sql.sqlite_path, reason="before-import"):
            outcome.batch_id = _write(sql, valid, cohort, orgs, options, outcome, actor, progress)
            progress.step(99, 100, "Saving")
            sql.commit()
    outcome.written = True
    log.info("import batch %s written: %s", outcome.batch_id, outcome.counts())
    return outcome


# Planning ---------------------------------------------------------------


def _mark_duplicate_emails(records: list[ImportRecord]) -> None:
    emails = [record.email for record in records]
    if len(set(emails)) == len(emails):
        return  # no address is on two rows (the usual file): nothing to count
    counts = Counter(emails)
    repeated = {email for email, count in counts.items() if count > 1 and email}
    if not repeated:
        return
    groups: dict[str, list[ImportRecord]] = {}
    for record in records:
        if record.email in repeated:
            groups.setdefault(record.email, []).append(record)
    for group in groups.values():
        for record in group:
            others = ", ".join(str(o.ref) for o in group if o is not record)
            record.problem("email", f"the same email address is also on {others}")


def _load_cohort(sql: Sql, name: str) -> _Cohort:
    key = name_key(name)
    for cohort_id, cohort_name, start, programme_id in sql.all(
        "SELECT id, name, start_date, programme_id FROM cohort"
    ):
        if name_key(cohort_name) == key:
            cohort = _Cohort(cohort_id, cohort_name, as_date(start), programme_id)
            _load_members(sql, cohort)
            return cohort
    return _Cohort(None, clean_text(name), None, None)


def _load_members(sql: Sql, cohort: _Cohort) -> None:
    for row in sql.all(
        "SELECT pa.id, pa.person_id, pa.role, pa.status, pa.start_date, pa.version, pa.mentor_capacity, "
        "p.email, p.first_name, p.last_name, p.organisation_id, p.line_manager_email, "
        "pa.pending_mentor_email "
        "FROM participation pa JOIN person p ON p.id = pa.person_id WHERE pa.cohort_id = ?",
        (cohort.id,),
    ):
        (
            pid,
            person_id,
            role,
            status,
            start,
            version,
            capacity,
            email,
            first,
            last,
            org_id,
            manager,
            pending,
        ) = row
        cohort.members.append(
            _Member(
                pid,
                person_id,
                role,
                status,
                as_date(start),
                version,
                capacity,
                email,
                name_key(f"{first} {last}"),
                org_id,
                manager,
                pending or "",
            )
        )
    marks = ", ".join("?" * len(CURRENT_MATCH_STATUSES))
    for match_id, mentee_pid, mentor_pid in sql.all(
        "SELECT id, mentee_participation_id, mentor_participation_id FROM mentoring_match "  # noqa: S608
        f"WHERE cohort_id = ? AND status IN ({marks})",
        (cohort.id, *CURRENT_MATCH_STATUSES),
    ):
        cohort.current_matches[mentee_pid] = (match_id, mentor_pid)
        cohort.mentor_load[mentor_pid] = cohort.mentor_load.get(mentor_pid, 0) + 1


def _load_people(sql: Sql, emails: list[str]) -> dict[str, dict[str, Any]]:
    """The stored person of each address in ``emails`` that has one, by email."""
    # Counted only as far as it matters: LIMIT keeps this cheap in a large programme.
    stored = sql.one(
        "SELECT COUNT(*) FROM (SELECT 1 FROM person LIMIT ?) AS first_few", (len(emails) + 1,)
    )
    rows: Iterable[tuple[Any, ...]]
    if stored is not None and stored[0] <= len(emails):
        # No more people stored than addresses to look up (a new programme's
        # first imports): one pass over them beats a lookup per address.
        wanted = set(emails)
        rows = (
            row
            for row in sql.all(f"SELECT {_PERSON_SELECT} FROM person")  # noqa: S608
            if row[2] in wanted
        )
    else:
        rows = sql.where_in(
            f"SELECT {_PERSON_SELECT} FROM person WHERE email IN ({{}})",  # noqa: S608
            emails,
        )
    return {row[2]: dict(zip(_PERSON_FIELDS, row, strict=True)) for row in rows}


# Organisation names repeat down a sheet; each is keyed once.
_org_key = lru_cache(maxsize=4096)(name_key)


def _lost_letters_match(new: str, stored: str) -> bool:
    """'Wi?niewska' is what 'Wiśniewska' became in an encoding without 'ś'."""
    pattern = "".join("." if c == "?" else re.escape(c) for c in new)
    return re.fullmatch(pattern, stored) is not None


def _plan_person(
    record: ImportRecord,
    person: dict[str, Any] | None,
    orgs: dict[str, int],
    org_keys_by_id: dict[int, str],
    cohort: _Cohort | None,
    outcome: ImportOutcome,
) -> _Plan:
    plan = _Plan(record, person)
    if person is None:
        if not record.person.get("first_name"):
            record.problem("first_name", "a first name is required for someone new")
        for column in sorted(record.lossy - {"organisation"}) if record.lossy else ():
            record.problem(
                _FIELD_OF.get(column, column),
                "a '?' stands where a letter was lost when the file was saved "
                "(an encoding without that letter); correct it in the file",
            )
    else:
        for column, value in record.person.items():
            stored = person[column]
            if value == stored:
                continue
            if column in record.lossy:
                if _lost_letters_match(value, stored):
                    outcome.notices.append(
                        RowProblem(
                            record.ref,
                            record.columns.get(_FIELD_OF.get(column, column), ""),
                            "a '?' stands for a letter lost when the file was saved; kept the stored spelling",
                        )
                    )
                    continue
                record.problem(
                    _FIELD_OF.get(column, column),
                    "a '?' stands where a letter was lost when the file was saved; correct it in the file",
                )
                continue
            plan.person_changes[column] = value
    if record.organisation:
        key = _org_key(record.organisation)
        if "organisation" in record.lossy and key not in orgs:
            known = next((k for k in orgs if _lost_letters_match(key, k)), None)
            if known is None:
                record.problem(
                    "organisation",
                    "a '?' stands where a letter was lost when the file was saved; correct it in the file",
                )
            else:
                outcome.notices.append(
                    RowProblem(
                        record.ref,
                        record.columns.get("organisation", ""),
                        "a '?' stands for a letter lost when the file was saved; used the organisation on record",
                    )
                )
                key = known
        current = org_keys_by_id.get(person["organisation_id"]) if person else None
        if key != current:
            plan.org_key = key
    if cohort is None:
        return plan
    if person is not None:
        plan.member = cohort.member_of_person(person["id"])
    if plan.member is not None:
        plan.role = plan.member.role
        if record.role and record.role != plan.member.role:
            record.problem(
                "role",
                f"already in this cohort as a {plan.member.role}; change the role in the app, not by import",
            )
        if record.start_date and record.start_date != plan.member.start_date:
            plan.start_date_change = True
    else:
        plan.role = record.role
        if record.role is None:
            record.problem(
                "role",
                "say whether this person is a mentee or a mentor "
                "(a Role column, or a sheet named Mentees or Mentors)",
            )
    return plan


_FIELD_OF = {"current_role_family": "ddat_family", "current_role": "ddat_role"}


def _plan_matches(
    plans: list[_Plan],
    records: list[ImportRecord],
    cohort: _Cohort,
    org_keys_by_id: dict[int, str],
    outcome: ImportOutcome,
) -> None:
    by_email = {p.record.email: p for p in plans}
    by_name: dict[str, list[_Plan]] = {}
    # Rows naming their mentor by name need every row by name; most give an email.
    if any(p.record.mentor_name_key for p in plans):
        for plan in plans:
            if plan.record.name_key:
                by_name.setdefault(plan.record.name_key, []).append(plan)
    rejected = [r for r in records if r.problems]
    rejected_by_email = {r.email: r for r in rejected if r.email}
    rejected_by_name = {r.name_key: r for r in rejected if r.name_key}
    members_by_email = {m.email: m for m in cohort.members}
    members_by_name: dict[str, list[_Member]] = {}
    for known in cohort.members:
        members_by_name.setdefault(known.name_key, []).append(known)
    planned_load: dict[int, int] = {}

    for plan in plans:
        record = plan.record
        if not (record.mentor_email or record.mentor_name_key) or record.problems:
            continue
        if plan.role != MENTEE:
            record.problem("mentor", "only a mentee's row can name a mentor")
            continue
        ref_email, ref_name = record.mentor_email, record.mentor_name_key
        target: _Plan | None = None
        if ref_email:
            target = by_email.get(ref_email)
        else:
            named = by_name.get(ref_name, [])
            if len(named) > 1:
                record.problem(
                    "mentor", "more than one row has that name; give the mentor's email instead"
                )
                continue
            target = named[0] if named else None
        named_row = (
            target.record
            if target is not None
            else (rejected_by_email.get(ref_email) if ref_email else rejected_by_name.get(ref_name))
        )
        if named_row is not None and named_row.rejected:
            named_role = target.role if target is not None else named_row.role
            if named_role not in (None, MENTOR):
                record.problem(
                    "mentor", "the person named as mentor is not a mentor in this cohort"
                )
            else:
                record.problem("mentor", f"the mentor's own row ({named_row.ref}) has problems")
            continue
        member: _Member | None = None
        if target is not None:
            member = target.member
        elif ref_email:
            member = members_by_email.get(ref_email)
        else:
            candidates = members_by_name.get(ref_name, [])
            mentors = [m for m in candidates if m.role == MENTOR]
            if len(mentors) > 1:
                record.problem(
                    "mentor", "more than one mentor in this cohort has that name; give an email"
                )
                continue
            member = mentors[0] if mentors else (candidates[0] if candidates else None)
        if target is None and member is None:
            # Mentors often arrive in a sheet of their own later: she is imported
            # unmatched, and the match is proposed when that mentor is.
            plan.pending_mentor_email = ref_email
            outcome.warnings.append(
                RowProblem(
                    record.ref,
                    record.columns.get("mentor", ""),
                    NOT_YET_KNOWN_BY_EMAIL if ref_email else NOT_YET_KNOWN_BY_NAME,
                )
            )
            continue
        mentor_role = target.role if target is not None else member.role  # type: ignore[union-attr]
        if mentor_role != MENTOR:
            record.problem("mentor", "the person named as mentor is not a mentor in this cohort")
            continue
        problems = _hard_rule_problems(plan, target, member, cohort, org_keys_by_id, planned_load)
        if problems is None:
            continue  # already matched with this mentor: nothing to do
        if problems:
            for reason in problems:
                record.problem("mentor", reason)
            continue
        plan.mentor_plan, plan.mentor_member, plan.new_match = target, member, True
        plan.pending_mentor_email = ""  # matched now: nothing left to wait for
        if member is not None:
            planned_load[member.participation_id] = planned_load.get(member.participation_id, 0) + 1
        elif target is not None:
            target.mentees_assigned += 1
    _plan_waiting_matches(plans, cohort, org_keys_by_id, planned_load, outcome)


def _plan_waiting_matches(
    plans: list[_Plan],
    cohort: _Cohort,
    org_keys_by_id: dict[int, str],
    planned_load: dict[int, int],
    outcome: ImportOutcome,
) -> None:
    """Propose the matches mentees named in earlier imports, now that their mentor is here.

    Only for a mentee whose row is not in this file (a row in it says what
    it wants itself), and only within the hard matching rules.
    """
    waiting: dict[str, list[_Member]] = {}
    for member in cohort.members:
        if member.pending_mentor_email and member.role == MENTEE:
            waiting.setdefault(member.pending_mentor_email, []).append(member)
    if not waiting:
        return
    in_file = {p.member.participation_id for p in plans if p.member is not None}
    for target in plans:
        mentees = waiting.get(target.record.email)
        if not mentees or target.record.problems or target.role != MENTOR:
            continue
        for mentee in mentees:
            if mentee.participation_id in in_file:
                continue
            stored = {
                "organisation_id": mentee.org_id,
                "line_manager_email": mentee.line_manager_email,
            }
            as_plan = _Plan(ImportRecord(target.record.ref), stored, member=mentee, role=MENTEE)
            problems = _hard_rule_problems(
                as_plan, target, target.member, cohort, org_keys_by_id, planned_load
            )
            if problems is None:
                continue  # already matched with her
            if problems:
                reasons = "; ".join(problems)
                outcome.warnings.append(
                    RowProblem(
                        target.record.ref,
                        "",
                        f"a mentee already in this cohort named this mentor in an earlier import; "
                        f"the match was not proposed: {reasons}",
                    )
                )
                continue
            target.waiting_mentees.append(mentee)
            if target.member is not None:
                load = planned_load.get(target.member.participation_id, 0)
                planned_load[target.member.participation_id] = load + 1
            else:
                target.mentees_assigned += 1
            outcome.notices.append(
                RowProblem(
                    target.record.ref,
                    "",
                    "proposed the match a mentee already in this cohort asked for in an earlier import",
                )
            )


def _hard_rule_problems(
    mentee: _Plan,
    target: _Plan | None,
    member: _Member | None,
    cohort: _Cohort,
    org_keys_by_id: dict[int, str],
    planned_load: dict[int, int],
) -> list[str] | None:
    """The matching rules this pairing breaks; None when it already exists."""
    if mentee.member is not None and mentee.member.participation_id in cohort.current_matches:
        _, mentor_pid = cohort.current_matches[mentee.member.participation_id]
        if member is not None and member.participation_id == mentor_pid:
            return None
        return ["already has a current match with another mentor; change it in the app"]
    problems = []
    mentee_org = mentee.org_key or _stored_org_key(mentee.person, org_keys_by_id)
    if target is not None:
        mentor_org = target.org_key or _stored_org_key(target.person, org_keys_by_id)
        mentor_email = target.record.email
    else:
        assert member is not None
        mentor_org = org_keys_by_id.get(member.org_id) if member.org_id else None
        mentor_email = member.email
    if mentee_org and mentee_org == mentor_org:
        problems.append("the mentor works in the mentee's own organisation")
    manager = mentee.record.person.get("line_manager_email") or (
        mentee.person["line_manager_email"] if mentee.person else ""
    )
    if manager and manager == mentor_email:
        problems.append("the mentor is the mentee's line manager")
    for who, m in (("mentee", mentee.member), ("mentor", member)):
        if m is not None and m.status == WITHDRAWN:
            problems.append(f"the {who} has withdrawn from this cohort")
    if member is not None:
        load = cohort.mentor_load.get(member.participation_id, 0) + planned_load.get(
            member.participation_id, 0
        )
        if load >= member.capacity:
            problems.append("the mentor has no capacity left")
    return problems


def _stored_org_key(person: dict[str, Any] | None, org_keys_by_id: dict[int, str]) -> str | None:
    if person is None or person["organisation_id"] is None:
        return None
    return org_keys_by_id.get(person["organisation_id"])


# Writing ----------------------------------------------------------------


class _ChangeLog:
    """Every record the batch creates or changes, for undo.

    Records created in bulk are kept as runs of consecutive ids
    (``import_created``: one row per run); the rest, with what a changed
    record was before, a row each (``import_change``).
    """

    def __init__(self) -> None:
        self._changes: list[tuple[str, int, str, int, str]] = []
        self._runs: list[tuple[str, int, int]] = []

    def add(
        self, entity: str, entity_id: int, action: str, version_after: int, before: str
    ) -> None:
        self._changes.append((entity, entity_id, action, version_after, before))

    def created(self, entity: str, ids: list[int]) -> None:
        self._runs += [(entity, first, last) for first, last in id_runs(ids)]

    def write(self, sql: Sql, batch_id: int) -> None:
        if self._changes:
            sql.bulk(
                "import_change",
                ("batch_id", "entity", "entity_id", "action", "version_after", "before_json"),
                [(batch_id, *change) for change in self._changes],
            )
        if self._runs:
            sql.bulk(
                "import_created",
                ("batch_id", "entity", "first_id", "last_id"),
                [(batch_id, *run) for run in self._runs],
            )


def id_runs(ids: list[int]) -> list[tuple[int, int]]:
    """Distinct ids (new primary keys) as runs of consecutive ids: [9, 3, 4, 5] is [(3, 5), (9, 9)]."""
    ordered = sorted(ids)
    if not ordered:
        return []
    if ordered[-1] - ordered[0] == len(ordered) - 1:
        return [(ordered[0], ordered[-1])]  # the usual case: no other writer took an id meanwhile
    runs = [(ordered[0], ordered[0])]
    for i in ordered[1:]:
        if i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


_MILESTONE_COLUMNS = (
    "participation_id",
    "template_id",
    "title",
    "category",
    "required",
    "due_date",
    "completed_on",
    "status",
    "evidence_note",
    "anchor",
    "due_offset_days",
    "created_at",
    "updated_at",
    "version",
)


def _write(
    sql: Sql,
    plans: list[_Plan],
    cohort: _Cohort | None,
    orgs: dict[str, int],
    options: ImportOptions,
    outcome: ImportOutcome,
    actor: str,
    progress: Progress,
) -> int:
    now = sql.stamp(datetime.now(UTC))
    changes = _ChangeLog()

    if cohort is not None and cohort.id is None:
        _create_cohort(sql, cohort, plans, options, now, changes)

    progress.step(30, 100, "Writing organisations")
    new_orgs: dict[str, str] = {}
    for plan in plans:
        if plan.org_key and plan.org_key not in orgs and plan.org_key not in new_orgs:
            new_orgs[plan.org_key] = clean_text(plan.record.organisation)
    if new_orgs:
        ids = sql.insert(
            "organisation",
            ("name", "name_key", "kind", "region", "created_at", "updated_at", "version"),
            [
                (name, key, OrganisationKind.OTHER.value, "", now, now, 1)
                for key, name in new_orgs.items()
            ],
        )
        for key, org_id in zip(new_orgs, ids, strict=True):
            orgs[key] = org_id
        changes.created("organisation", ids)

    progress.step(40, 100, "Writing people")
    person_ids: dict[int, int] = {}  # id(plan) -> person id
    creating = [p for p in plans if p.creates_person]
    new_ids = _insert_people(sql, creating, orgs, now)
    for plan, person_id in zip(creating, new_ids, strict=True):
        person_ids[id(plan)] = person_id
    changes.created("person", new_ids)
    updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for plan in plans:
        if plan.person is None:
            continue
        person_ids[id(plan)] = plan.person["id"]
        changed: dict[str, Any] = dict(plan.person_changes)
        if plan.org_key:
            changed["organisation_id"] = orgs[plan.org_key]
        if not changed:
            continue
        before = {column: plan.person[column] for column in changed}
        updates.setdefault(tuple(changed), []).append((*changed.values(), now, plan.person["id"]))
        changes.add(
            "person", plan.person["id"], "update", plan.person["version"] + 1, to_json(before)
        )
    # One statement per set of changed columns (a re-import changes the same few).
    for columns, rows in updates.items():
        assignments = ", ".join(f'"{column}" = ?' for column in columns)
        sql.many(
            f"UPDATE person SET {assignments}, version = version + 1, updated_at = ? WHERE id = ?",  # noqa: S608
            rows,
        )

    if cohort is not None:
        progress.step(60, 100, "Adding people to the cohort")
        mentee_ids = _write_participations(sql, plans, cohort, person_ids, now, changes)
        _settle_past_milestones(sql, cohort, mentee_ids, options, outcome)
        progress.step(80, 100, "Writing matches")
        _write_matches(sql, plans, cohort, now, changes)

    progress.step(90, 100, "Recording the import")
    batch_id = sql.insert(
        "import_batch",
        (
            "source_name",
            "file_sha256",
            "cohort_id",
            "imported_at",
            "imported_by",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
            "status",
            "undone_at",
        ),
        [
            (
                options.source_name[:255],
                options.file_sha256,
                cohort.id if cohort else None,
                now,
                actor[:100],
                outcome.created,
                outcome.updated,
                outcome.unchanged,
                outcome.rejected,
                ImportStatus.APPLIED.value,
                None,
            )
        ],
    )[0]
    changes.write(sql, batch_id)
    sql.run(
        "INSERT INTO audit_event (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (
            now,
            actor[:100],
            AuditAction.IMPORT.value,
            "import_batch",
            str(batch_id),
            outcome.counts(),
        ),
    )
    return batch_id


def _insert_people(sql: Sql, creating: list[_Plan], orgs: dict[str, int], now: Any) -> list[int]:
    # A person column that no new person's row fills is written once into the
    # statement (as '', or NULL for the organisation) instead of being bound
    # for each of thousands of rows: binding a value costs more than storing it.
    given: set[str] = set()
    for plan in creating:
        given.update(plan.record.person)
    person_columns = [column for column in PERSON_COLUMNS if column in given]
    blanks = [""] * len(person_columns)
    fixed: dict[str, Any] = {column: "" for column in PERSON_COLUMNS if column not in given}
    if any(plan.org_key for plan in creating):
        columns = ("email", "organisation_id", *person_columns)
        rows = [
            (
                plan.record.email,
                orgs[plan.org_key] if plan.org_key else None,
                *map(plan.record.person.get, person_columns, blanks),
            )
            for plan in creating
        ]
    else:
        columns = ("email", *person_columns)
        rows = [
            (plan.record.email, *map(plan.record.person.get, person_columns, blanks))
            for plan in creating
        ]
        fixed["organisation_id"] = None
    return sql.insert(
        "person",
        columns,
        rows,
        fixed={
            **fixed,
            "preferred_name": "",
            "pronouns": "",
            "current_level": "",
            "target_role_family": "",
            "target_role": "",
            "target_level": "",
            "open_to_remote": True,
            "consent_to_store": False,
            "consent_to_share_with_sponsor": False,
            "consent_to_case_study": False,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        },
    )


def _create_cohort(
    sql: Sql,
    cohort: _Cohort,
    plans: list[_Plan],
    options: ImportOptions,
    now: Any,
    changes: _ChangeLog,
) -> None:
    programme_id = _programme_for_new_cohort(sql, options.programme, now, changes)
    starts = [p.record.start_date for p in plans if p.record.start_date]
    # A new cohort starts when its first participant does: milestones are due from then.
    cohort.start_date = min(starts) if starts else None
    cohort.programme_id = programme_id
    cohort.id = sql.insert(
        "cohort",
        (
            "programme_id",
            "name",
            "place",
            "start_date",
            "end_date",
            "status",
            "created_at",
            "updated_at",
            "version",
        ),
        [
            (
                programme_id,
                cohort.name,
                "",
                sql.day(cohort.start_date),
                None,
                CohortStatus.DRAFT.value,
                now,
                now,
                1,
            )
        ],
    )[0]
    changes.add("cohort", cohort.id, "create", 1, "")


def _programme_for_new_cohort(sql: Sql, wanted: str | None, now: Any, changes: _ChangeLog) -> int:
    programmes = sql.all("SELECT id, name FROM programme ORDER BY id")
    if wanted is None and len(programmes) == 1:
        return int(programmes[0][0])
    name = clean_text(wanted) if wanted else DEFAULT_PROGRAMME
    for programme_id, existing in programmes:
        if name_key(existing) == name_key(name):
            return int(programme_id)
    # A new programme gets the standard milestones, as CohortService gives it.
    from women_in_ddat.domain.models import Programme
    from women_in_ddat.services.cohorts import STANDARD_MILESTONES

    retention = Programme.model_fields["retention_months"].default
    programme_id = sql.insert(
        "programme",
        ("name", "description", "retention_months", "created_at", "updated_at", "version"),
        [(name, "", retention, now, now, 1)],
    )[0]
    sql.insert(
        "milestone_template",
        (
            "programme_id",
            "cohort_id",
            "title",
            "category",
            "due_offset_days",
            "anchor",
            "required",
            "position",
        ),
        [
            (
                programme_id,
                None,
                title,
                category.value,
                offset,
                anchor.value,
                sql.flag(required),
                position,
            )
            for position, (title, category, offset, anchor, required) in enumerate(
                STANDARD_MILESTONES
            )
        ],
    )
    changes.add("programme", programme_id, "create", 1, "")
    return programme_id


def _write_participations(
    sql: Sql,
    plans: list[_Plan],
    cohort: _Cohort,
    person_ids: dict[int, int],
    now: Any,
    changes: _ChangeLog,
) -> list[int]:
    """Add the new members; returns the new mentees' place ids."""
    assert cohort.id is not None
    joining = [p for p in plans if p.creates_participation]
    cohort_start = cohort.start_date
    rows = [
        (
            person_ids[id(plan)],
            plan.role,
            max(DEFAULT_MENTOR_CAPACITY, plan.mentees_assigned) if plan.role == MENTOR else 0,
            sql.day(plan.record.start_date or cohort_start),
            plan.pending_mentor_email or "",
        )
        for plan in joining
    ]
    ids = sql.insert(
        "participation",
        ("person_id", "role", "mentor_capacity", "start_date", "pending_mentor_email"),
        rows,
        fixed={
            "cohort_id": cohort.id,
            "status": ParticipationStatus.ACCEPTED.value,
            "withdrawn_reason": "",
            "goals": "",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        },
    )
    for plan, participation_id in zip(joining, ids, strict=True):
        plan.member = _Member(
            participation_id,
            person_ids[id(plan)],
            plan.role or "",
            "",
            None,
            1,
            0,
            "",
            "",
            None,
            "",
        )
    changes.created("participation", ids)
    _update_places(sql, plans, {id(plan) for plan in joining}, now, changes)
    mentee_ids = [pid for plan, pid in zip(joining, ids, strict=True) if plan.role == MENTEE]
    _write_milestones(sql, cohort, mentee_ids, now)
    return mentee_ids


def _update_places(
    sql: Sql, plans: list[_Plan], joined: set[int], now: Any, changes: _ChangeLog
) -> None:
    """Change the places already in the cohort: a new start date, the mentor she waits for.

    A mentee waiting for a mentor this import brings in stops waiting (her
    match is written next). One statement per set of changed columns, one
    change record per place, as undo restores it.
    """
    updates: list[tuple[_Member, dict[str, Any]]] = []
    for plan in plans:
        member = plan.member
        if member is not None and id(plan) not in joined:
            changed: dict[str, Any] = {}
            if plan.start_date_change:
                changed["start_date"] = plan.record.start_date
            if plan.changes_pending_mentor:
                changed["pending_mentor_email"] = plan.pending_mentor_email
            if changed:
                updates.append((member, changed))
        updates += [(mentee, {"pending_mentor_email": ""}) for mentee in plan.waiting_mentees]
    by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for member, changed in updates:
        values = [sql.day(v) if k == "start_date" else v for k, v in changed.items()]
        by_columns.setdefault(tuple(changed), []).append((*values, now, member.participation_id))
        before = {
            "start_date": member.start_date,
            "pending_mentor_email": member.pending_mentor_email,
        }
        changes.add(
            "participation",
            member.participation_id,
            "update",
            member.version + 1,
            to_json({column: before[column] for column in changed}),
        )
    for columns, rows in by_columns.items():
        assignments = ", ".join(f"{column} = ?" for column in columns)
        sql.many(
            f"UPDATE participation SET {assignments}, version = version + 1, updated_at = ? "  # noqa: S608
            "WHERE id = ?",
            rows,
        )


def _write_milestones(sql: Sql, cohort: _Cohort, participation_ids: list[int], now: Any) -> None:
    """Every new mentee gets each template milestone: one INSERT ... SELECT per 500 mentees.

    A cohort of thousands has tens of thousands of milestones; building
    them in the database instead of in Python is what keeps an import
    close to the speed of reading the file. Each keeps its template's
    anchor and offset; none has a due date yet: an imported match is only
    proposed, and until her first match starts every milestone of hers
    waits (services.milestone_rules).
    """
    templates = _templates(sql, cohort)
    if not templates or not participation_ids:
        return
    values = ", ".join("(?, ?, ?, ?, ?, ?, ?)" for _ in templates)
    params: list[Any] = []
    for position, (template_id, title, category, required, offset, anchor) in enumerate(templates):
        params += [template_id, title, category, sql.flag(bool(required)), position, anchor, offset]
    columns = quoted(_MILESTONE_COLUMNS)
    # SQLite: the ids as parameters, 500 at a time. PostgreSQL: 2,000 at a
    # time as one array, so the driver neither parses a statement of
    # thousands of placeholders nor converts each id (and each chunk's sort
    # stays in memory).
    size = 500 if sql.sqlite else 2000
    for start in range(0, len(participation_ids), size):
        chunk = participation_ids[start : start + size]
        where, ids = _ids_condition(sql, "p.id", chunk)
        sql.run(
            "WITH t (template_id, title, category, required, position, anchor, "  # noqa: S608
            f"due_offset_days) AS (VALUES {values}) "
            f"INSERT INTO milestone ({columns}) "
            "SELECT p.id, t.template_id, t.title, t.category, t.required, NULL, NULL, ?, '', "
            "t.anchor, t.due_offset_days, ?, ?, 1 "
            f"FROM participation p CROSS JOIN t WHERE {where} "
            "ORDER BY p.id, t.position",
            (*params, MilestoneStatus.NOT_STARTED.value, now, now, *ids),
        )


def _ids_condition(sql: Sql, column: str, chunk: list[int]) -> tuple[str, tuple[Any, ...]]:
    if sql.sqlite:
        return f"{column} IN ({', '.join('?' * len(chunk))})", tuple(chunk)
    return f"{column} = ANY(CAST(? AS bigint[]))", (chunk,)


def _settle_past_milestones(
    sql: Sql,
    cohort: _Cohort,
    mentee_ids: list[int],
    options: ImportOptions,
    outcome: ImportOutcome,
) -> None:
    """Milestones already due at import by their anchor: counted, and left open or settled.

    A cohort that started months ago would otherwise greet her first match
    with every early milestone overdue at once. "Already due" is the
    anchor's date (the cohort start, or her own) plus the offset, before
    today; milestones anchored on her match cannot be (it has not started).
    Marked done, one is dated its due date; left open, it waits for her match.
    """
    starts = {
        pid: as_date(start)
        for pid, start in sql.where_in(
            "SELECT id, start_date FROM participation WHERE id IN ({})", mentee_ids
        )
    }
    past = _past_due(cohort, _templates(sql, cohort), starts)
    outcome.past_milestones = len(past)
    if options.past_milestones == "open" or not past:
        return
    done = options.past_milestones == "done"
    status = MilestoneStatus.DONE.value if done else MilestoneStatus.NOT_APPLICABLE.value
    note = "Already due when imported" if done else ""
    sql.many(
        "UPDATE milestone SET status = ?, completed_on = ?, due_date = ?, evidence_note = ? "
        "WHERE participation_id = ? AND template_id = ?",
        [
            (status, sql.day(due) if done else None, sql.day(due), note, pid, template_id)
            for pid, template_id, due in past
        ],
    )


def _past_due(
    cohort: _Cohort, templates: list[tuple[Any, ...]], starts: dict[int, date | None]
) -> list[tuple[int, int, date]]:
    """(place, template, date it fell due) for each new mentee's milestone due before today."""
    today = date.today()
    found = []
    for template_id, _title, _category, _required, offset, anchor in templates:
        for pid, own_start in starts.items():
            if anchor == MilestoneAnchor.COHORT_START.value:
                start = cohort.start_date
            elif anchor == MilestoneAnchor.MENTEE_START.value:
                start = own_start or cohort.start_date
            else:
                continue  # her match has not started
            if start is not None and start + timedelta(days=offset) < today:
                found.append((pid, template_id, start + timedelta(days=offset)))
    return found


def _count_past_due(sql: Sql, cohort: _Cohort, plans: list[_Plan]) -> int:
    """How many of the new mentees' milestones will be already due (as _settle_past_milestones counts)."""
    joining = [p for p in plans if p.creates_participation and p.role == MENTEE]
    if not joining:
        return 0
    starts = {i: plan.record.start_date or cohort.start_date for i, plan in enumerate(joining)}
    return len(_past_due(cohort, _templates(sql, cohort), starts))


def _templates(sql: Sql, cohort: _Cohort) -> list[tuple[Any, ...]]:
    """The cohort's own milestone templates if it has any, else its programme's (not retired)."""
    columns = "id, title, category, required, due_offset_days, anchor"
    own = sql.all(
        f"SELECT {columns} FROM milestone_template WHERE cohort_id = ? AND retired = ? "  # noqa: S608
        "ORDER BY position, id",
        (cohort.id, sql.flag(False)),
    )
    has_own = sql.one("SELECT count(*) FROM milestone_template WHERE cohort_id = ?", (cohort.id,))
    if own or (has_own and has_own[0]):
        return own
    return sql.all(
        f"SELECT {columns} FROM milestone_template WHERE programme_id = ? AND retired = ? "  # noqa: S608
        "ORDER BY position, id",
        (cohort.programme_id, sql.flag(False)),
    )


def _write_matches(
    sql: Sql,
    plans: list[_Plan],
    cohort: _Cohort,
    now: Any,
    changes: _ChangeLog,
) -> None:
    pairs = []
    for plan in plans:
        for mentee in plan.waiting_mentees:
            assert plan.member is not None
            pairs.append((mentee.participation_id, plan.member.participation_id))
        if not plan.new_match:
            continue
        mentor = plan.mentor_plan.member if plan.mentor_plan is not None else plan.mentor_member
        assert plan.member is not None and mentor is not None
        pairs.append((plan.member.participation_id, mentor.participation_id))
    ids = sql.insert(
        "mentoring_match",
        ("mentee_participation_id", "mentor_participation_id"),
        pairs,
        fixed={
            "cohort_id": cohort.id,
            "status": MatchStatus.PROPOSED.value,
            "start_date": None,
            "end_date": None,
            "rationale": MATCH_RATIONALE,
            "pinned": False,
            "status_reason": "",
            "status_changed_by": "",
            "status_changed_at": None,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        },
    )
    changes.created("match", ids)
