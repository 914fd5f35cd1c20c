"""Programmes, cohorts, who takes part in them, and milestone templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    COHORT_TRANSITIONS,
    AuditAction,
    CohortStatus,
    MatchStatus,
    MilestoneAnchor,
    MilestoneCategory,
    MilestoneStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    Milestone,
    MilestoneTemplate,
    Participation,
    Person,
    Programme,
)
from women_in_ddat.domain.values import clean_multiline, clean_text, name_key
from women_in_ddat.domain.wording import counted
from women_in_ddat.errors import Conflict, EditConflict, InvalidInput, NotFound
from women_in_ddat.services import milestone_rules
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.edit_conflicts import (
    Compared,
    as_display,
    edit_conflict,
    refuse_if_stale,
    showing_both_versions,
)
from women_in_ddat.services.match_history import CURRENT_MATCH_STATUSES, transition
from women_in_ddat.services.people import PersonInput, create_person_in, validate_person_input

# The milestones a typical women-in-DDaT programme asks of every mentee.
STANDARD_MILESTONES: tuple[tuple[str, MilestoneCategory, int, MilestoneAnchor, bool], ...] = (
    (
        "First mentoring session",
        MilestoneCategory.FIRST_SESSION,
        14,
        MilestoneAnchor.MATCH_START,
        True,
    ),
    (
        "Development plan agreed",
        MilestoneCategory.DEVELOPMENT_PLAN,
        30,
        MilestoneAnchor.MATCH_START,
        True,
    ),
    (
        "Module or course completed",
        MilestoneCategory.LEARNING,
        120,
        MilestoneAnchor.COHORT_START,
        True,
    ),
    (
        "Public speaking or visibility task",
        MilestoneCategory.VISIBILITY,
        150,
        MilestoneAnchor.COHORT_START,
        True,
    ),
    (
        "Shadowing or secondment",
        MilestoneCategory.SHADOWING,
        180,
        MilestoneAnchor.COHORT_START,
        False,
    ),
    (
        "Promotion or new role",
        MilestoneCategory.CAREER_MOVE,
        365,
        MilestoneAnchor.COHORT_START,
        False,
    ),
)


@dataclass(frozen=True)
class CohortSummary:
    id: int
    name: str
    programme: str
    place: str
    start_date: date | None
    end_date: date | None
    status: str
    mentees: int | None  # None: not counted (``summaries(counted=False)``)
    mentors: int | None
    version: int
    programme_id: int = 0


@dataclass(frozen=True)
class MemberRow:
    participation_id: int
    person_id: int
    display_name: str
    email: str
    role: str
    status: str
    mentor_capacity: int


def find_cohort(session: Session, name: str) -> Cohort | None:
    key = name_key(name)
    for cohort in session.scalars(
        select(Cohort).where(func.lower(col(Cohort.name)) == clean_text(name).lower())
    ):
        return cohort
    # Fall back to a Unicode-aware comparison (SQLite's lower() is ASCII-only).
    for cohort in session.scalars(select(Cohort)):
        if name_key(cohort.name) == key:
            return cohort
    return None


STANDARD_PROGRAMME = "Women in DDaT Mentoring"


def default_programme_name(session: Session) -> str:
    """The file's only programme, else the standard one."""
    names = session.scalars(select(col(Programme.name)).limit(2)).all()
    return names[0] if len(names) == 1 else STANDARD_PROGRAMME


def ensure_programme(session: Session, name: str) -> Programme:
    name = clean_text(name)
    programme = session.scalar(select(Programme).where(col(Programme.name) == name))
    if programme is None:
        programme = Programme(name=name)
        session.add(programme)
        session.flush()
        add_standard_templates(session, programme)
    return programme


def add_standard_templates(session: Session, programme: Programme) -> None:
    for position, (title, category, offset, anchor, required) in enumerate(STANDARD_MILESTONES):
        session.add(
            MilestoneTemplate(
                programme_id=programme.id,
                title=title,
                category=category.value,
                due_offset_days=offset,
                anchor=anchor.value,
                required=required,
                position=position,
            )
        )


def templates_for(
    session: Session, cohort: Cohort, *, include_retired: bool = False
) -> list[MilestoneTemplate]:
    """The cohort's own templates if it has any, else its programme's (retired ones left out)."""

    def query(where: ColumnElement[bool]) -> list[MilestoneTemplate]:
        statement = select(MilestoneTemplate).where(where)
        if not include_retired:
            statement = statement.where(col(MilestoneTemplate.retired).is_(False))
        return list(
            session.scalars(
                statement.order_by(col(MilestoneTemplate.position), col(MilestoneTemplate.id))
            )
        )

    if has_own_templates(session, cohort.id):
        return query(col(MilestoneTemplate.cohort_id) == cohort.id)
    return query(col(MilestoneTemplate.programme_id) == cohort.programme_id)


def has_own_templates(session: Session, cohort_id: int | None) -> bool:
    return (
        session.scalar(
            select(func.count(col(MilestoneTemplate.id))).where(
                col(MilestoneTemplate.cohort_id) == cohort_id
            )
        )
        or 0
    ) > 0


def apply_templates_to_participation(
    session: Session, cohort: Cohort, participation: Participation, match_start: date | None = None
) -> int:
    """Give a mentee each template milestone she lacks; returns how many were added.

    Due dates come from the anchors as they stand (``match_start`` is kept
    for callers written before the rules: her match's start is read from
    the database).
    """
    if participation.role != ParticipantRole.MENTEE.value:
        return 0
    have = set(
        session.scalars(
            select(col(Milestone.title)).where(col(Milestone.participation_id) == participation.id)
        )
    )
    anchors = milestone_rules.anchor_dates(session, participation)
    added = 0
    for template in templates_for(session, cohort):
        if template.title in have:
            continue
        session.add(milestone_rules.milestone_from_template(template, participation, anchors))
        added += 1
    return added


@dataclass(frozen=True)
class CohortRecord:
    """A cohort as stored: its values, not the table row."""

    id: int
    programme_id: int
    name: str
    place: str
    start_date: date | None
    end_date: date | None
    status: str
    version: int

    @classmethod
    def of(cls, cohort: Cohort) -> CohortRecord:
        return cls(**{f.name: getattr(cohort, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class ParticipationRecord:
    """Her place in a cohort as stored: its values, not the table row."""

    id: int
    person_id: int
    cohort_id: int
    role: str
    status: str
    withdrawn_reason: str
    ended_on: date | None
    mentor_capacity: int
    start_date: date | None
    goals: str
    pending_mentor_email: str
    version: int

    @classmethod
    def of(cls, part: Participation) -> ParticipationRecord:
        return cls(**{f.name: getattr(part, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class TemplateRecord:
    """A milestone template as stored: its values, not the table row."""

    id: int
    programme_id: int | None
    cohort_id: int | None
    title: str
    category: str
    due_offset_days: int
    anchor: str
    required: bool
    position: int
    retired: bool

    @classmethod
    def of(cls, template: MilestoneTemplate) -> TemplateRecord:
        return cls(**{f.name: getattr(template, f.name) for f in fields(cls)})


COHORT_CAPTIONS = {"name": "Name", "place": "Place", "start_date": "Starts", "end_date": "Ends"}


def cohort_edit_conflict(
    stored: Cohort | CohortRecord, submitted: dict[str, object]
) -> EditConflict:
    """The cohort's details as saved now beside what this save holds."""
    return edit_conflict(
        "cohort",
        (
            Compared(key, COHORT_CAPTIONS[key], getattr(stored, key), value)
            for key, value in submitted.items()
        ),
        stored.version,
    )


PLACE_CAPTIONS = {
    "status": "Status",
    "withdrawn_reason": "Why she withdrew",
    "goals": "Goals",
    "mentor_capacity": "Mentor capacity",
    "start_date": "Place starts",
}
# How the audit trail names each changed field (never its value: reasons and goals are free text).
PLACE_AUDIT_NAMES = {
    "status": "status",
    "withdrawn_reason": "reason",
    "goals": "goals",
    "mentor_capacity": "capacity",
    "start_date": "start date",
}
# How far before her cohort starts a place may begin (an early start for a pilot or induction).
EARLIEST_PLACE_START = timedelta(days=366)


@dataclass(frozen=True)
class PlaceValues:
    """What a coordinator can change about a cohort place."""

    status: str
    withdrawn_reason: str
    goals: str
    mentor_capacity: int
    start_date: date | None

    @classmethod
    def of(cls, part: Participation) -> PlaceValues:
        return cls(
            status=part.status,
            withdrawn_reason=part.withdrawn_reason,
            goals=part.goals,
            mentor_capacity=part.mentor_capacity,
            start_date=part.start_date,
        )


# Given the values stored now, the row and the mentor's current mentees: the values to save.
PlaceChange = Callable[[PlaceValues, Participation, int], PlaceValues]


@dataclass(frozen=True)
class PlaceDetail:
    """One cohort place for its edit form: who, where, as what, and the version shown."""

    id: int
    person_id: int
    person_name: str
    cohort_id: int
    cohort: str
    cohort_start: date | None
    cohort_end: date | None
    role: str
    status: str
    withdrawn_reason: str
    goals: str
    mentor_capacity: int
    start_date: date | None
    current_mentees: int
    version: int


# Matches that take up a place of the mentor's capacity: her current match (one list, kept there).
CURRENT_STATUSES = CURRENT_MATCH_STATUSES


def mentor_load(
    session: Session, mentor_participation_id: int, *, excluding_match: int | None = None
) -> int:
    """How many mentees a mentor has now (proposed, active or on hold)."""
    query = select(func.count(col(Match.id))).where(
        col(Match.mentor_participation_id) == mentor_participation_id,
        col(Match.status).in_(CURRENT_STATUSES),
    )
    if excluding_match is not None:
        query = query.where(col(Match.id) != excluding_match)
    return session.scalar(query) or 0


def _current_mentees(session: Session, part: Participation) -> int:
    """A mentor's load; 0 for a mentee."""
    if part.role != ParticipantRole.MENTOR.value:
        return 0
    return mentor_load(session, int(part.id or 0))


def place_problems(
    role: str, cohort: Cohort, stored: PlaceValues, wanted: PlaceValues, in_use: int
) -> dict[str, str]:
    """What is wrong with the values to save, by field.

    Only what changes is checked, so a place kept from before a rule (a
    mentor over capacity after an import) can still have its goals saved.
    """
    problems: dict[str, str] = {}
    status_or_reason_changed = (wanted.status, wanted.withdrawn_reason) != (
        stored.status,
        stored.withdrawn_reason,
    )
    if (
        wanted.status == ParticipationStatus.WITHDRAWN.value
        and not wanted.withdrawn_reason
        and status_or_reason_changed
    ):
        problems["withdrawn_reason"] = "say why she withdrew"
    if wanted.mentor_capacity != stored.mentor_capacity:
        if role != ParticipantRole.MENTOR.value:
            problems["mentor_capacity"] = "only a mentor has a capacity"
        elif wanted.mentor_capacity < 1:
            problems["mentor_capacity"] = "at least 1"
        elif wanted.mentor_capacity < in_use:
            problems["mentor_capacity"] = (
                f"she has {in_use} current mentee{'s' if in_use != 1 else ''} already"
            )
    start = wanted.start_date
    if start is not None and start != stored.start_date:
        if cohort.end_date is not None and start > cohort.end_date:
            problems["start_date"] = "after the cohort ends"
        elif cohort.start_date is not None and start < cohort.start_date - EARLIEST_PLACE_START:
            problems["start_date"] = "more than a year before the cohort starts"
    return problems


def place_edit_conflict(stored: Participation, submitted: dict[str, object]) -> EditConflict:
    """The cohort place as saved now beside what this save holds."""

    def status_label(value: object) -> str:
        try:
            return ParticipationStatus(str(value)).label
        except ValueError:
            return str(value)

    return edit_conflict(
        "cohort place",
        (
            Compared(
                key,
                PLACE_CAPTIONS[key],
                getattr(stored, key),
                value,
                status_label if key == "status" else as_display,
            )
            for key, value in submitted.items()
        ),
        stored.version,
    )


class CohortService(Service):
    def create_cohort(
        self,
        name: str,
        *,
        programme: str | None = None,
        place: str = "",
        start_date: date | None = None,
        end_date: date | None = None,
        status: CohortStatus = CohortStatus.DRAFT,
    ) -> CohortRecord:
        name = clean_text(name)
        problems = {}
        if not name:
            problems["name"] = "a cohort needs a name"
        if start_date and end_date and end_date < start_date:
            problems["end_date"] = "the end date is before the start date"
        if problems:
            raise InvalidInput("Please correct the highlighted fields.", problems)
        with self.db.transaction() as session:
            if find_cohort(session, name) is not None:
                raise InvalidInput(
                    "A cohort with that name exists already.", {"name": "already in use"}
                )
            prog = ensure_programme(session, programme or default_programme_name(session))
            cohort = Cohort(
                programme_id=prog.id,
                name=name,
                place=clean_text(place),
                start_date=start_date,
                end_date=end_date,
                status=status.value,
            )
            session.add(cohort)
            session.flush()
            self.audit(session, AuditAction.CREATE, "cohort", cohort.id)
            return CohortRecord.of(cohort)

    def update_cohort(
        self,
        cohort_id: int,
        *,
        expected_version: int | None = None,
        name: str | None = None,
        place: str | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
    ) -> CohortRecord:
        name = None if name is None else clean_text(name)
        place = None if place is None else clean_text(place)
        given = (
            ("name", name),
            ("place", place),
            ("start_date", start_date),
            ("end_date", end_date),
        )
        submitted: dict[str, object] = {key: value for key, value in given if value is not None}

        def changed_meanwhile(stored: Cohort | None = None) -> EditConflict:
            return cohort_edit_conflict(stored or self.get(cohort_id), submitted)

        with (
            showing_both_versions(expected_version, changed_meanwhile),
            self.db.transaction() as session,
        ):
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            refuse_if_stale(cohort.version, expected_version, lambda: changed_meanwhile(cohort))
            if name is not None:
                if not name:
                    raise InvalidInput("A cohort needs a name.", {"name": "a cohort needs a name"})
                other = find_cohort(session, name)
                if other is not None and other.id != cohort.id:
                    raise InvalidInput(
                        "A cohort with that name exists already.", {"name": "already in use"}
                    )
                cohort.name = name
            if place is not None:
                cohort.place = place
            if start_date is not None:
                cohort.start_date = start_date
            if end_date is not None:
                cohort.end_date = end_date
            if cohort.start_date and cohort.end_date and cohort.end_date < cohort.start_date:
                raise InvalidInput(
                    "The end date is before the start date.",
                    {"end_date": "before the start date"},
                )
            touch(cohort)
            self.audit(session, AuditAction.UPDATE, "cohort", cohort.id)
            # Milestones anchored on the cohort start (or on hers, when she has none) move with it.
            self.audit_rules(session, milestone_rules.follow_cohort_anchors(session, cohort.id))
            return CohortRecord.of(cohort)

    def set_status(self, cohort_id: int, status: CohortStatus) -> CohortRecord:
        with self.db.transaction() as session:
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            current = CohortStatus(cohort.status)
            if status == current:
                return CohortRecord.of(cohort)
            if status not in COHORT_TRANSITIONS[current]:
                raise Conflict(
                    f"A cohort cannot go from {current.label.lower()} to {status.label.lower()}."
                )
            cohort.status = status.value
            touch(cohort)
            self.audit(session, AuditAction.UPDATE, "cohort", cohort.id, f"status {status.value}")
            return CohortRecord.of(cohort)

    def get(self, cohort_id: int) -> CohortRecord:
        with self.db.reading() as session:
            return CohortRecord.of(get_or_404(session, Cohort, cohort_id, "cohort"))

    def by_name(self, name: str) -> CohortRecord:
        with self.db.reading() as session:
            cohort = find_cohort(session, name)
            if cohort is None:
                raise NotFound(f"There is no cohort called '{clean_text(name)}'.")
            return CohortRecord.of(cohort)

    def names(self) -> list[tuple[int, str]]:
        """Every cohort's id and name, newest first (a filter's choices: no counting)."""
        with self.db.reading() as session:
            return [
                (int(cohort_id), name)
                for cohort_id, name in session.execute(
                    select(col(Cohort.id), col(Cohort.name)).order_by(
                        col(Cohort.start_date).desc(), col(Cohort.name)
                    )
                )
            ]

    def statuses(self) -> list[tuple[int, str, str]]:
        """Every cohort's id, name and status, newest first (a chooser's items: no counting)."""
        with self.db.reading() as session:
            return [
                (int(cohort_id), name, status)
                for cohort_id, name, status in session.execute(
                    select(col(Cohort.id), col(Cohort.name), col(Cohort.status)).order_by(
                        col(Cohort.start_date).desc(), col(Cohort.name)
                    )
                )
            ]

    def head_counts(self) -> dict[int, tuple[int, int]]:
        """Each cohort's mentees and mentors taking part (withdrawn places left out).

        It groups every place: 20 ms at 100,000 people, so a page asks on a worker.
        """
        counts: dict[int, tuple[int, int]] = {}
        with self.db.reading() as session:
            for cohort_id, role, n in session.execute(
                select(col(Participation.cohort_id), col(Participation.role), func.count())
                .where(col(Participation.status) != ParticipationStatus.WITHDRAWN.value)
                .group_by(col(Participation.cohort_id), col(Participation.role))
            ):
                mentees, mentors = counts.get(cohort_id, (0, 0))
                if role == ParticipantRole.MENTEE.value:
                    counts[cohort_id] = (n, mentors)
                elif role == ParticipantRole.MENTOR.value:
                    counts[cohort_id] = (mentees, n)
        return counts

    def summaries(self, *, counted: bool = True) -> list[CohortSummary]:
        """Every cohort, newest first; ``counted=False`` leaves the head counts out (None)."""
        counts = self.head_counts() if counted else {}
        with self.db.reading() as session:
            rows = session.execute(
                select(Cohort, col(Programme.name))
                .join(Programme, col(Programme.id) == col(Cohort.programme_id))
                .order_by(col(Cohort.start_date).desc(), col(Cohort.name))
            ).all()
        return [
            CohortSummary(
                id=c.id,
                name=c.name,
                programme=prog,
                place=c.place,
                start_date=c.start_date,
                end_date=c.end_date,
                status=c.status,
                mentees=counts.get(c.id, (0, 0))[0] if counted else None,
                mentors=counts.get(c.id, (0, 0))[1] if counted else None,
                version=c.version,
                programme_id=c.programme_id,
            )
            for c, prog in rows
        ]

    def add_participant(
        self,
        cohort_id: int,
        person_id: int,
        role: ParticipantRole,
        *,
        status: ParticipationStatus = ParticipationStatus.ACCEPTED,
        mentor_capacity: int | None = None,
        start_date: date | None = None,
        goals: str = "",
    ) -> ParticipationRecord:
        with self.db.transaction() as session:
            participation = self._add_participant_in(
                session, cohort_id, person_id, role, status, mentor_capacity, start_date, goals
            )
            self.audit(session, AuditAction.CREATE, "participation", participation.id, role.value)
            return ParticipationRecord.of(participation)

    def add_new_person(
        self,
        cohort_id: int,
        data: PersonInput,
        role: ParticipantRole,
        *,
        status: ParticipationStatus = ParticipationStatus.ACCEPTED,
        mentor_capacity: int | None = None,
        start_date: date | None = None,
    ) -> ParticipationRecord:
        """Record a new person and add her to the cohort in one action: both or neither."""
        cleaned = validate_person_input(data, creating=True)
        with self.db.transaction() as session:
            person = create_person_in(session, cleaned)
            self.audit(session, AuditAction.CREATE, "person", person.id)
            participation = self._add_participant_in(
                session,
                cohort_id,
                int(person.id or 0),
                role,
                status,
                mentor_capacity,
                start_date,
                "",
            )
            self.audit(session, AuditAction.CREATE, "participation", participation.id, role.value)
            return ParticipationRecord.of(participation)

    def _add_participant_in(
        self,
        session: Session,
        cohort_id: int,
        person_id: int,
        role: ParticipantRole,
        status: ParticipationStatus,
        mentor_capacity: int | None,
        start_date: date | None,
        goals: str,
    ) -> Participation:
        cohort = get_or_404(session, Cohort, cohort_id, "cohort")
        get_or_404(session, Person, person_id, "person")
        clash = session.scalar(
            select(Participation).where(
                col(Participation.cohort_id) == cohort_id, col(Participation.person_id) == person_id
            )
        )
        if clash is not None:
            raise Conflict(f"This person is already in the cohort as a {clash.role}.")
        capacity = (
            mentor_capacity
            if mentor_capacity is not None
            else (2 if role == ParticipantRole.MENTOR else 0)
        )
        if role == ParticipantRole.MENTOR and capacity < 1:
            raise InvalidInput(
                "A mentor needs room for at least one mentee.",
                {"mentor_capacity": "at least 1"},
            )
        participation = Participation(
            person_id=person_id,
            cohort_id=cohort_id,
            role=role.value,
            status=status.value,
            mentor_capacity=capacity if role == ParticipantRole.MENTOR else 0,
            start_date=start_date or cohort.start_date,
            goals=clean_multiline(goals),
        )
        session.add(participation)
        session.flush()
        apply_templates_to_participation(session, cohort, participation)
        # A promotion already credited to this cohort completes her career-move milestone.
        self.audit_rules(session, milestone_rules.follow_outcomes(session, person_id))
        return participation

    def place(self, participation_id: int) -> PlaceDetail:
        """One cohort place as its edit form shows it, with the version it answers to."""
        with self.db.reading() as session:
            part = get_or_404(session, Participation, participation_id, "participation")
            person = get_or_404(session, Person, part.person_id, "person")
            cohort = get_or_404(session, Cohort, part.cohort_id, "cohort")
            return PlaceDetail(
                id=int(part.id or 0),
                person_id=person.id,
                person_name=person.display_name,
                cohort_id=cohort.id,
                cohort=cohort.name,
                cohort_start=cohort.start_date,
                cohort_end=cohort.end_date,
                role=part.role,
                status=part.status,
                withdrawn_reason=part.withdrawn_reason,
                goals=part.goals,
                mentor_capacity=part.mentor_capacity,
                start_date=part.start_date,
                current_mentees=_current_mentees(session, part),
                version=part.version,
            )

    def update_participation(
        self,
        participation_id: int,
        *,
        expected_version: int | None,
        status: ParticipationStatus,
        withdrawn_reason: str,
        goals: str,
        mentor_capacity: int,
        start_date: date | None,
        ended_on: date | None = None,
    ) -> ParticipationRecord:
        """Save a cohort place as its form holds it: every field is replaced by what is given.

        ``ended_on``: the day she withdrew or her place was completed, when
        the status becomes one of those (default today; never in the future).

        ``mentor_capacity`` is 0 for a mentee. A stale ``expected_version``
        is refused with both versions; nothing is written.
        """
        status = ParticipationStatus(status)
        wanted = PlaceValues(
            status=status.value,
            # A reason belongs to a withdrawal only; any other status clears it.
            withdrawn_reason=clean_text(withdrawn_reason)
            if status == ParticipationStatus.WITHDRAWN
            else "",
            goals=clean_multiline(goals),
            mentor_capacity=mentor_capacity,
            start_date=start_date,
        )
        if ended_on is not None and ended_on > date.today():
            raise InvalidInput(
                "A place cannot end on a future date.", {"ended_on": "in the future"}
            )
        return self._save_place(
            participation_id,
            expected_version,
            lambda _stored, _part, _in_use: wanted,
            ended_on=ended_on,
        )

    def set_participation_status(
        self,
        participation_id: int,
        status: ParticipationStatus,
        *,
        reason: str = "",
        expected_version: int | None = None,
    ) -> ParticipationRecord:
        reason = clean_text(reason)
        if status == ParticipationStatus.WITHDRAWN and not reason:
            raise InvalidInput("Say why the person withdrew.", {"reason": "a reason is required"})
        return self._save_place(
            participation_id,
            expected_version,
            lambda stored, _part, _in_use: replace(
                stored,
                status=status.value,
                withdrawn_reason=reason if status == ParticipationStatus.WITHDRAWN else "",
            ),
        )

    def set_goals(
        self, participation_id: int, goals: str, *, expected_version: int | None = None
    ) -> ParticipationRecord:
        goals = clean_multiline(goals)
        return self._save_place(
            participation_id,
            expected_version,
            lambda stored, _part, _in_use: replace(stored, goals=goals),
        )

    def set_mentor_capacity(
        self, participation_id: int, capacity: int, *, expected_version: int | None = None
    ) -> ParticipationRecord:
        def with_capacity(stored: PlaceValues, part: Participation, in_use: int) -> PlaceValues:
            # Refused as a clash with the data (as before the form existed), not as bad input.
            if part.role != ParticipantRole.MENTOR.value:
                raise Conflict("Only a mentor has a capacity.")
            if capacity >= 1 and capacity < in_use:
                raise Conflict(f"This mentor already has {counted(in_use, 'current mentee')}.")
            return replace(stored, mentor_capacity=capacity)

        return self._save_place(participation_id, expected_version, with_capacity)

    def _save_place(
        self,
        participation_id: int,
        expected_version: int | None,
        change: PlaceChange,
        *,
        ended_on: date | None = None,
    ) -> ParticipationRecord:
        """One transaction: check the version, work out the new values, check them, write, audit.

        ``change`` gets the values stored now, the row and the mentor's
        current mentees, and returns the values to save.
        """
        submitted: dict[str, object] = {}

        def changed_meanwhile(stored: Participation | None = None) -> EditConflict:
            if stored is None:
                with self.db.reading() as session:
                    stored = get_or_404(session, Participation, participation_id, "participation")
            return place_edit_conflict(stored, submitted)

        with (
            showing_both_versions(expected_version, changed_meanwhile),
            self.db.transaction() as session,
        ):
            part = get_or_404(session, Participation, participation_id, "participation")
            stored = PlaceValues.of(part)
            in_use = _current_mentees(session, part)
            wanted = change(stored, part, in_use)
            submitted.update(vars(wanted))
            refuse_if_stale(part.version, expected_version, lambda: changed_meanwhile(part))
            cohort = get_or_404(session, Cohort, part.cohort_id, "cohort")
            problems = place_problems(part.role, cohort, stored, wanted, in_use)
            if problems:
                raise InvalidInput("Please correct the highlighted fields.", problems)
            changed = [key for key, value in vars(wanted).items() if getattr(stored, key) != value]
            if not changed:
                return ParticipationRecord.of(part)
            for key in changed:
                setattr(part, key, getattr(wanted, key))
            touch(part)
            rule_changes = self._place_rules(session, part, stored, ended_on)
            # Field names and the status only: the reason and goals are free text.
            self.audit(
                session,
                AuditAction.UPDATE,
                "participation",
                part.id,
                ", ".join(
                    f"status {wanted.status}" if key == "status" else PLACE_AUDIT_NAMES[key]
                    for key in changed
                ),
            )
            self.audit_rules(session, rule_changes)
            return ParticipationRecord.of(part)

    def _place_rules(
        self, session: Session, part: Participation, before: PlaceValues, on: date | None
    ) -> list[tuple[int, str]]:
        """What her place's new status and start date mean for her milestones and match."""
        changes: list[tuple[int, str]] = []
        ended = (ParticipationStatus.WITHDRAWN.value, ParticipationStatus.COMPLETED.value)
        part_id = int(part.id or 0)
        if part.status != before.status:
            if part.status == ParticipationStatus.WITHDRAWN.value:
                part.ended_on = on or date.today()
                changes += self._end_current_match(session, part, part.ended_on)
                changes += milestone_rules.close_open_milestones(
                    session, part_id, MilestoneStatus.WITHDRAWN.value
                )
            elif part.status == ParticipationStatus.COMPLETED.value:
                part.ended_on = on or date.today()
                if before.status == ParticipationStatus.WITHDRAWN.value:
                    changes += milestone_rules.reopen_closed_milestones(session, part_id)
                changes += milestone_rules.close_open_milestones(
                    session, part_id, MilestoneStatus.CLOSED.value
                )
            elif before.status in ended:
                part.ended_on = None
                changes += milestone_rules.reopen_closed_milestones(session, part_id)
        if part.start_date != before.start_date:
            changes += milestone_rules.follow_anchors(session, [part_id])
        return changes

    def _end_current_match(
        self, session: Session, part: Participation, on: date
    ) -> list[tuple[int, str]]:
        """She withdrew: her current matches end with her place (their history says why).

        A mentor's withdrawal ends her mentees' matches too: they are unmatched
        again, and a coordinator sees that, not a match with nobody in it.
        """
        mentee = part.role == ParticipantRole.MENTEE.value
        side = col(Match.mentee_participation_id) if mentee else col(Match.mentor_participation_id)
        who = "She withdrew" if mentee else "The mentor withdrew"
        changes: list[tuple[int, str]] = []
        for match in session.scalars(
            select(Match).where(side == part.id, col(Match.status).in_(CURRENT_STATUSES))
        ):
            # A match cannot end before it began (a withdrawal typed as of an earlier day).
            on_day = max(on, match.start_date) if match.start_date else on
            changes += transition(
                session,
                match,
                MatchStatus.ENDED_EARLY,
                on=on_day,
                reason=f"{who}: {part.withdrawn_reason}".strip(": "),
                by=self.actor,
            )
            self.audit(session, AuditAction.UPDATE, "match", match.id, "status ended_early")
        return changes

    def withdraw(self, participation_id: int, on: date, reason: str) -> ParticipationRecord:
        """She withdrew on ``on``: her open milestones are withdrawn, her current match ends."""
        reason = clean_text(reason)
        if not reason:
            raise InvalidInput("Say why she withdrew.", {"reason": "a reason is required"})
        if on > date.today():
            raise InvalidInput(
                "A withdrawal cannot be dated in the future.", {"on": "in the future"}
            )
        return self._save_place(
            participation_id,
            None,
            lambda stored, _part, _in_use: replace(
                stored, status=ParticipationStatus.WITHDRAWN.value, withdrawn_reason=reason
            ),
            ended_on=on,
        )

    def complete_place(self, participation_id: int, on: date | None = None) -> ParticipationRecord:
        """Her place is completed: what is still open is closed (never overdue, not counted)."""
        return self._save_place(
            participation_id,
            None,
            lambda stored, _part, _in_use: replace(
                stored, status=ParticipationStatus.COMPLETED.value, withdrawn_reason=""
            ),
            ended_on=on,
        )

    def reopen_place(self, participation_id: int) -> ParticipationRecord:
        """Her place runs again: milestones her ending closed are open again."""
        return self._save_place(
            participation_id,
            None,
            lambda stored, _part, _in_use: replace(
                stored, status=ParticipationStatus.ACTIVE.value, withdrawn_reason=""
            ),
        )

    def members(self, cohort_id: int) -> list[MemberRow]:
        with self.db.reading() as session:
            rows = session.execute(
                select(Participation, Person)
                .join(Person, col(Person.id) == col(Participation.person_id))
                .where(col(Participation.cohort_id) == cohort_id)
                .order_by(col(Participation.role), col(Person.last_name), col(Person.first_name))
            ).all()
        return [
            MemberRow(
                participation_id=p.id,
                person_id=person.id,
                display_name=person.display_name,
                email=person.email,
                role=p.role,
                status=p.status,
                mentor_capacity=p.mentor_capacity,
            )
            for p, person in rows
        ]

    def apply_templates(self, cohort_id: int) -> int:
        """Give every mentee of the cohort the template milestones she lacks."""
        with self.db.transaction() as session:
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            added = 0
            mentees = session.scalars(
                select(Participation).where(
                    col(Participation.cohort_id) == cohort_id,
                    col(Participation.role) == ParticipantRole.MENTEE.value,
                )
            ).all()
            for part in mentees:
                match_start = session.scalar(
                    select(col(Match.start_date))
                    .where(col(Match.mentee_participation_id) == part.id)
                    .order_by(col(Match.id))
                )
                added += apply_templates_to_participation(session, cohort, part, match_start)
            self.audit(
                session, AuditAction.UPDATE, "cohort", cohort_id, f"templates applied: {added}"
            )
            return added

    def templates(self, cohort_id: int) -> list[TemplateRecord]:
        with self.db.reading() as session:
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            return [TemplateRecord.of(t) for t in templates_for(session, cohort)]
