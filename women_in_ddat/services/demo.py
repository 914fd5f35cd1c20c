"""A realistic, deterministic demo programme for trying the app and for tests.

It is built the way a coordinator builds one, through the same services and
rules as the app: people recorded, a cohort imported from a spreadsheet with a
past start date, members added, matches started, put on hold, ended early and
replaced, sessions logged (so first-session milestones follow), milestones
ticked, outcomes recorded (so career-move milestones and the ledger agree),
places completed and withdrawn. Every state a coordinator meets appears at
least once. Dates are laid out relative to ``today`` (so "overdue" and "due
soon" mean something); people, pairings and scores come from a seeded
generator. Loading it twice adds nothing the second time.

All but the import is one unit of work: the services run on one connection,
each action in a savepoint, and the whole demo commits once (fast, and never
half-loaded). The import comes first, on its own connection, as the import
service writes any spreadsheet; run again after a failure it changes nothing,
so the demo can simply be retried.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    AuditAction,
    CohortStatus,
    MilestoneCategory,
    MilestoneStatus,
    OrganisationKind,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
    SessionFormat,
    SkillLevel,
)
from women_in_ddat.domain.models import Organisation
from women_in_ddat.domain.reference import Framework, load_framework
from women_in_ddat.domain.values import name_key
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.services.cohorts import ensure_programme
from women_in_ddat.services.demo_events import DemoCohortEvents, plan_demo_events
from women_in_ddat.services.demo_feedback import record_demo_feedback
from women_in_ddat.services.demo_people import (  # noqa: F401 (the tests' log scan reads names here)
    MENTEE_NAMES,
    MENTOR_NAMES,
    ORGANISATIONS,
    SESSION_NOTES,
    DemoPerson,
    _email,
    demo_people,
)
from women_in_ddat.storage.database import Database

if TYPE_CHECKING:
    from women_in_ddat.services.context import Services
    from women_in_ddat.services.progress import MilestoneRow

DEMO_PROGRAMME = "Top Talent"
DEMO_MARKER_COHORT = "Top Talent Essex 2025"

GOALS = (
    "1. Lead a data project end to end.\n2. Speak at the regional DDaT meet-up.\n"
    "3. Apply for a senior role within 12 months."
)
RATIONALE = "Mentor's experience fits the mentee's target role."

# The cohort brought in from a spreadsheet months after it started, as a
# coordinator moving to the app does. Its milestones already due are kept
# open (the import's default, said here on purpose): the demo then catches up
# on most of them, and the rest show as the import's one overdue batch.
IMPORTED_COHORT = "Top Talent Kent 2026"
IMPORT_SOURCE_NAME = "top-talent-kent-2026.xlsx"
IMPORT_SHEET = "Kent 2026"
PAST_MILESTONES = "open"


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    people: int
    cohorts: int
    matches: int


@dataclass(frozen=True)
class CohortPlan:
    name: str
    place: str
    start_offset: int  # days from today
    length: int  # days
    status: CohortStatus
    mentees: slice
    mentors: slice


PLANS = (
    CohortPlan(
        "Top Talent Essex 2025",
        "Essex",
        -420,
        365,
        CohortStatus.COMPLETED,
        slice(0, 10),
        slice(0, 6),
    ),
    CohortPlan(
        IMPORTED_COHORT,
        "Kent",
        -200,
        230,
        CohortStatus.IN_PROGRESS,
        slice(10, 22),
        slice(6, 14),
    ),
    CohortPlan(
        "Top Talent Thames Gateway 2027",
        "Thurrock and Southend",
        60,
        365,
        CohortStatus.INTAKE_OPEN,
        slice(22, 26),
        slice(0, 2),
    ),
)

# Kent's mentees by place in the cohort: the states a coordinator meets in a running cohort.
QUIET = 2  # no session for the last six weeks
ON_HOLD = 3
REMATCHED = 5  # her first match ended early; a new mentor took over
NEW_ROLE_BY_HAND = 0  # her career-move milestone marked done: the outcome follows
WITHDRAWN_IN_KENT = 9
# From here on: added by hand a month ago, after the import; still waiting for a match, and
# (the programme's course milestones counting from the cohort's start) already overdue on
# some, outside the import's batch.
JOINED_LATE = 10
WITHDRAWN_IN_ESSEX = 9


def load_demo(services: Services, *, today: date | None = None) -> DemoSummary:
    """Fill the database with the demo programme (once)."""
    today = today or date.today()
    try:
        services.cohorts.by_name(DEMO_MARKER_COHORT)
    except NotFound:
        pass
    else:
        return DemoSummary(False, 0, 0, 0)
    rng = random.Random(2025)
    framework = load_framework()
    mentors, mentees = demo_people(rng, framework)
    _import_kent(services, mentors, mentees, today)
    with one_unit_of_work(services) as demo:
        return _Builder(demo, rng, framework, today, mentors, mentees).build()


@contextmanager
def one_unit_of_work(services: Services) -> Iterator[Services]:
    """The services over one transaction: each action a savepoint, one commit at the end."""
    from women_in_ddat.services.context import Services as ServicesOnOneConnection

    db = services.db
    # A writer: on SQLite the write lock is taken at the start (see storage.database).
    writer = db.engine.execution_options(women_in_ddat_writes=True)
    with writer.connect() as connection, connection.begin():
        yield ServicesOnOneConnection(_OneTransaction(db, connection), services.actor)


class _OneTransaction(Database):
    """A database whose every transaction is a savepoint of one outer transaction."""

    def __init__(self, db: Database, connection: Connection) -> None:
        super().__init__(db.target, db.engine)
        self._connection = connection

    def _session(self, *, autoflush: bool) -> Session:
        return Session(
            bind=self._connection,
            join_transaction_mode="create_savepoint",
            expire_on_commit=False,
            autoflush=autoflush,
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        session = self._session(autoflush=True)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = self._session(autoflush=False)
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        pass  # the engine belongs to the caller's database


def _import_kent(
    services: Services, mentors: list[DemoPerson], mentees: list[DemoPerson], today: date
) -> None:
    """Kent's members arrive as councils send them: a spreadsheet, months into the cohort.

    Its rows, as the import reads them from a sheet, go through the import's
    own apply stage (the file reading above it is the one layer left out):
    one batch, undoable, its cohort and milestones made by the import's rules.
    """
    from women_in_ddat.services.imports import ImportOptions, ImportRecord, RowRef
    from women_in_ddat.services.imports_apply import apply_import
    from women_in_ddat.services.imports_sql import import_connection

    plan = next(p for p in PLANS if p.name == IMPORTED_COHORT)
    start = today + timedelta(days=plan.start_offset)
    rows = [(p, ParticipantRole.MENTEE) for p in mentees[plan.mentees][:JOINED_LATE]] + [
        (p, ParticipantRole.MENTOR) for p in mentors[plan.mentors]
    ]
    records = [
        ImportRecord(
            ref=RowRef(IMPORT_SHEET, number),
            email=p.email,
            person={
                "first_name": p.first,
                "last_name": p.last,
                "job_title": p.details.job_title or "",
            },
            organisation=p.organisation,
            role=role.value,
            start_date=start,
            name_key=name_key(f"{p.first} {p.last}"),
            raw=(p.first, p.last, p.email, p.organisation, p.details.job_title, role.label, start),
        )
        for number, (p, role) in enumerate(rows, start=2)
    ]
    options = ImportOptions(
        cohort=IMPORTED_COHORT,
        programme=DEMO_PROGRAMME,
        source_name=IMPORT_SOURCE_NAME,
        past_milestones=PAST_MILESTONES,
    )
    with import_connection(services.db.target.url) as sql:
        outcome = apply_import(sql, records, options, actor=services.actor)
    if outcome.refused:
        raise Conflict(f"The demo's Kent spreadsheet was refused: {outcome.summary_line()}")


class _Builder:
    """The rest of the demo, action by action, on services over one transaction."""

    def __init__(
        self,
        services: Services,
        rng: random.Random,
        framework: Framework,
        today: date,
        mentors: list[DemoPerson],
        mentees: list[DemoPerson],
    ) -> None:
        self.services = services
        self.rng = rng
        self.framework = framework
        self.today = today
        self.mentors = mentors
        self.mentees = mentees
        self.matches = 0

    def build(self) -> DemoSummary:
        programme_id = self._organisations_and_programme()
        for p in (*self.mentors, *self.mentees):
            self._record(p)
        for plan in PLANS:
            self._cohort(plan)
        for plan in PLANS:  # the finished cohort's end-of-programme feedback
            if plan.status == CohortStatus.COMPLETED:
                end = self.today + timedelta(days=plan.start_offset + plan.length)
                record_demo_feedback(
                    self.services, plan.name, AssessmentPoint.END, end - timedelta(days=10)
                )
        alumna = self.mentees[1]
        self.services.progress.record_outcome(
            alumna.person_id,
            OutcomeKind.BECAME_MENTOR,
            self.today - timedelta(days=200),
            description="Mentoring in Top Talent Kent 2026",
        )
        with self.services.db.transaction() as session:
            self.services.people.audit(
                session, AuditAction.DEMO, "programme", programme_id, "demo programme loaded"
            )
        return DemoSummary(True, len(self.mentors) + len(self.mentees), len(PLANS), self.matches)

    # --- set-up ---------------------------------------------------------
    def _organisations_and_programme(self) -> int:
        """Reference data no coordinator action sets: what kind of body each employer is."""
        with self.services.db.transaction() as session:
            for name, kind, region in ORGANISATIONS:
                org = session.scalar(
                    select(Organisation).where(col(Organisation.name_key) == name_key(name))
                )
                if org is None:  # else the import made it, knowing only its name
                    org = Organisation(name=name, name_key=name_key(name))
                    session.add(org)
                if org.kind == OrganisationKind.OTHER.value and not org.region:
                    org.kind, org.region = kind.value, region
            programme = ensure_programme(session, DEMO_PROGRAMME)
            programme.description = (
                "A talent pipeline for women in digital, data and technology across councils."
            )
            session.flush()
            return int(programme.id or 0)

    def _record(self, p: DemoPerson) -> None:
        people = self.services.people
        try:
            existing = people.by_email(p.email)
        except NotFound:
            p.person_id = int(people.create(p.details).id or 0)
        else:  # brought in by the import: the coordinator fills in the rest
            p.person_id = int(existing.id or 0)
            people.update(p.person_id, p.details)

    # --- cohorts ----------------------------------------------------------
    def _cohort(self, plan: CohortPlan) -> None:
        cohorts = self.services.cohorts
        start = self.today + timedelta(days=plan.start_offset)
        end = start + timedelta(days=plan.length)
        if plan.name == IMPORTED_COHORT:
            cohort = cohorts.by_name(plan.name)
            cohort = cohorts.update_cohort(int(cohort.id or 0), place=plan.place, end_date=end)
            for status in (
                CohortStatus.INTAKE_OPEN,
                CohortStatus.INTAKE_CLOSED,
                CohortStatus.IN_PROGRESS,
            ):
                cohorts.set_status(int(cohort.id or 0), status)
        else:
            running = (
                CohortStatus.IN_PROGRESS if plan.status == CohortStatus.COMPLETED else plan.status
            )
            cohort = cohorts.create_cohort(
                plan.name,
                programme=DEMO_PROGRAMME,
                place=plan.place,
                start_date=start,
                end_date=end,
                status=running,
            )
        cohort_id = int(cohort.id or 0)
        places = {m.person_id: m.participation_id for m in cohorts.members(cohort_id)}
        mentors = list(self.mentors[plan.mentors])
        if plan.name == IMPORTED_COHORT:
            mentors.append(self.mentees[1])  # the pipeline at work: an Essex mentee mentors
        mentor_places = [self._mentor_place(cohort_id, p, places, start) for p in mentors]
        for j, mentee in enumerate(self.mentees[plan.mentees]):
            place = self._mentee_place(cohort_id, plan, j, mentee, places)
            if plan.status != CohortStatus.INTAKE_OPEN:
                self._mentee_year(
                    plan, cohort_id, start, end, j, mentee, place, mentors, mentor_places
                )
        joined = self.mentees[plan.mentees]
        if plan.name == IMPORTED_COHORT:
            joined = joined[:JOINED_LATE]  # the late joiners came after these events
        plan_demo_events(
            self.services,
            DemoCohortEvents(
                cohort_id,
                plan.status,
                plan.place,
                start,
                end,
                tuple(m.person_id for m in joined),
                tuple(m.person_id for m in mentors),
            ),
            self.today,
        )
        if plan.status == CohortStatus.COMPLETED:
            for place in mentor_places:
                cohorts.complete_place(place, on=end)
            cohorts.set_status(cohort_id, CohortStatus.COMPLETED)

    def _mentor_place(
        self, cohort_id: int, p: DemoPerson, places: dict[int, int], start: date
    ) -> int:
        cohorts = self.services.cohorts
        if p.person_id in places:  # imported
            place = places[p.person_id]
        else:
            place = int(
                cohorts.add_participant(
                    cohort_id,
                    p.person_id,
                    ParticipantRole.MENTOR,
                    mentor_capacity=2,
                    start_date=start,
                ).id
                or 0
            )
        cohorts.set_mentor_capacity(place, 2)
        cohorts.set_participation_status(place, ParticipationStatus.ACTIVE)
        return place

    def _mentee_place(
        self, cohort_id: int, plan: CohortPlan, j: int, mentee: DemoPerson, places: dict[int, int]
    ) -> int:
        cohorts = self.services.cohorts
        joined_late = plan.name == IMPORTED_COHORT and j >= JOINED_LATE
        if plan.status == CohortStatus.INTAKE_OPEN:
            status = ParticipationStatus.APPLIED if j % 2 else ParticipationStatus.ACCEPTED
        elif joined_late:
            status = ParticipationStatus.ACCEPTED
        else:
            status = ParticipationStatus.ACTIVE
        if mentee.person_id in places:  # imported
            place = places[mentee.person_id]
            cohorts.set_participation_status(place, status)
            cohorts.set_goals(place, GOALS)
            return place
        return int(
            cohorts.add_participant(
                cohort_id,
                mentee.person_id,
                ParticipantRole.MENTEE,
                status=status,
                goals=GOALS,
                start_date=self.today - timedelta(days=30) if joined_late else None,
            ).id
            or 0
        )

    def _mentee_year(
        self,
        plan: CohortPlan,
        cohort_id: int,
        start: date,
        end: date,
        j: int,
        mentee: DemoPerson,
        place: int,
        mentors: list[DemoPerson],
        mentor_places: list[int],
    ) -> None:
        """Her year so far, in the order things happened."""
        cohorts, matches = self.services.cohorts, self.services.matches
        completed = plan.status == CohortStatus.COMPLETED
        kent = plan.name == IMPORTED_COHORT
        if (completed and j == WITHDRAWN_IN_ESSEX) or (kent and j == WITHDRAWN_IN_KENT):
            reason = (
                "Moved to a role outside the sector" if completed else "Caring responsibilities"
            )
            cohorts.withdraw(place, start + timedelta(days=45 if completed else 60), reason)
            return
        if kent and j >= JOINED_LATE:
            return  # waiting for a match
        until = min(self.today, end)
        match_id, mentor_index = self._match(
            cohort_id, start + timedelta(days=14), mentee, place, mentors, mentor_places
        )
        if match_id is None:
            return
        if kent and j == REMATCHED:
            ended = self.today - timedelta(days=70)
            self._sessions(match_id, start + timedelta(days=14), ended)
            matches.end(match_id, on=ended, reason="Mentor changed jobs")
            others = [i for i in range(len(mentors)) if i != mentor_index]
            match_id, _ = self._match(
                cohort_id, ended + timedelta(days=14), mentee, place, mentors, mentor_places, others
            )
            assert match_id is not None
            self._sessions(match_id, ended + timedelta(days=14), until)
        elif kent and j == ON_HOLD:
            held = self.today - timedelta(days=30)
            self._sessions(match_id, start + timedelta(days=14), held)
            matches.hold(match_id, on=held, reason="Mentor on leave for six weeks")
        else:
            quiet_from = until - timedelta(days=45) if kent and j == QUIET else until
            self._sessions(match_id, start + timedelta(days=14), quiet_from)
        self._milestones(mentee, place, until, completed=completed)
        if kent and j == NEW_ROLE_BY_HAND:
            move = self._milestone(mentee, place, MilestoneCategory.CAREER_MOVE)
            self.services.progress.set_milestone(
                move.id,
                status=MilestoneStatus.DONE,
                completed_on=self.today - timedelta(days=12),
                evidence_note="New role confirmed by her line manager",
                outcome_kind=OutcomeKind.NEW_ROLE,
            )
        self._assessments(place, mentee, start, end)
        if completed:
            self._outcomes(cohort_id, end, j, mentee)
            matches.complete(match_id, on=end)
            cohorts.complete_place(place, on=end)

    # --- matches and sessions -------------------------------------------------
    def _match(
        self,
        cohort_id: int,
        on: date,
        mentee: DemoPerson,
        place: int,
        mentors: list[DemoPerson],
        mentor_places: list[int],
        allowed: list[int] | None = None,
    ) -> tuple[int | None, int]:
        """Start her match with the first mentor the hard rules allow, in a seeded order."""
        candidates = [
            i
            for i in (allowed if allowed is not None else range(len(mentors)))
            if mentors[i].organisation != mentee.organisation
        ]
        for i in sorted(candidates, key=lambda _: self.rng.random()):
            try:
                match = self.services.matches.start(
                    place, mentor_places[i], on=on, rationale=RATIONALE
                )
            except Conflict:
                continue
            self.matches += 1
            return int(match.id or 0), i
        return None, -1

    def _sessions(self, match_id: int, start: date, until: date) -> None:
        """Sessions every three to five weeks from ``start`` up to ``until``."""
        day = start
        while True:
            day = day + timedelta(days=self.rng.randint(18, 35))
            if day > until:
                return
            self.services.matches.log_session(
                match_id,
                held_on=day,
                duration_minutes=self.rng.choice((45, 60, 60, 90)),
                format=self.rng.choice(list(SessionFormat)),
                note=self.rng.choice(SESSION_NOTES),
            )

    # --- milestones, assessments, outcomes -------------------------------------
    def _her_milestones(self, mentee: DemoPerson, place: int) -> list[MilestoneRow]:
        """In the order they were made, whatever order a database sorts missing dates in."""
        return sorted(
            (
                m
                for m in self.services.progress.milestones(person_id=mentee.person_id)
                if m.participation_id == place
            ),
            key=lambda m: m.id,
        )

    def _milestone(
        self, mentee: DemoPerson, place: int, category: MilestoneCategory
    ) -> MilestoneRow:
        return next(m for m in self._her_milestones(mentee, place) if m.category == category.value)

    def _milestones(self, mentee: DemoPerson, place: int, until: date, *, completed: bool) -> None:
        """What she reached, as her coordinator ticks it off; the rules own the rest.

        The first session follows the sessions and the career move follows the
        outcome ledger, so neither is ticked here.
        """
        progress = self.services.progress
        by_rule = (MilestoneCategory.FIRST_SESSION.value, MilestoneCategory.CAREER_MOVE.value)
        for m in self._her_milestones(mentee, place):
            roll = self.rng.random() if m.due_date is not None else 1.0
            if m.category in by_rule or m.status not in (
                MilestoneStatus.NOT_STARTED.value,
                MilestoneStatus.IN_PROGRESS.value,
            ):
                continue
            if m.due_date is None:
                continue
            if m.due_date <= until and (roll < 0.7 or (completed and roll < 0.85)):
                slip = self.rng.randint(-10, 12)
                progress.set_milestone(
                    m.id,
                    status=MilestoneStatus.DONE,
                    completed_on=min(until, m.due_date - timedelta(days=slip)),
                    evidence_note="Confirmed by mentor" if roll < 0.4 else "Certificate on file",
                )
            elif m.due_date > until and roll < 0.3:
                progress.set_milestone(m.id, status=MilestoneStatus.IN_PROGRESS)
            elif not m.required and roll > 0.9:
                progress.set_milestone(m.id, status=MilestoneStatus.NOT_APPLICABLE)

    def _assessments(self, place: int, mentee: DemoPerson, start: date, end: date) -> None:
        development, rng = self.services.development, self.rng
        points = [(AssessmentPoint.BASELINE, start + timedelta(days=7))]
        if start + (end - start) / 2 <= self.today:
            points.append((AssessmentPoint.MID, start + (end - start) / 2))
        if end <= self.today:
            points.append((AssessmentPoint.END, end))
        skills = self.framework.skills_for(mentee.target_family)[:4]
        base = {item: rng.randint(1, 3) for item in CONFIDENCE_ITEMS}
        base_skill = {skill: rng.randint(1, 2) for skill in skills}
        levels = list(SkillLevel)
        for step, (point, when) in enumerate(points):
            development.record_confidence(
                place,
                point,
                {item: min(5, score + step + (rng.random() < 0.4)) for item, score in base.items()},
                completed_on=when,
            )
            development.record_skill_ratings(
                place,
                point,
                {
                    skill: levels[min(len(levels), rank + step) - 1]
                    for skill, rank in base_skill.items()
                },
                completed_on=when,
            )

    def _outcomes(self, cohort_id: int, end: date, j: int, mentee: DemoPerson) -> None:
        progress = self.services.progress
        if j % 3 == 0:  # her career-move milestone follows the ledger
            progress.record_outcome(
                mentee.person_id,
                OutcomeKind.PROMOTION,
                end - timedelta(days=30),
                description="Promoted to senior analyst",
                cohort_id=cohort_id,
                role_family=mentee.target_family,
                role=mentee.target_role,
                level=mentee.target_level,
            )
        if j % 4 == 1:
            progress.record_outcome(
                mentee.person_id,
                OutcomeKind.SPEAKING_OR_VISIBILITY,
                end - timedelta(days=90),
                description="Spoke at the East of England LocalGov Digital meet-up",
                cohort_id=cohort_id,
            )
