"""The programme's tables.

Conventions:
- Enum fields hold the enum's string value (see enums.py), so the schema is
  the same on SQLite and PostgreSQL and needs no native enum types.
- Timestamps are timezone-aware UTC (``utcnow()``); dates are calendar dates.
- ``version`` starts at 1 and is bumped on every change by the services: an
  edit carries the version it started from and is refused if the row moved.
- Deleting a person cascades to everything about them (ON DELETE CASCADE),
  so erasure cannot leave orphans behind.
- ``id`` is typed ``int``: the database gives it on insert (it is None only
  on a new row before the session flushes it), and every id the services
  read, compare or hand out comes from a stored row. Typed ``int | None``,
  every query's id column and every dataclass built from a row would need a
  check for a None that cannot be there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

# Named constraints, so Alembic's batch migrations on SQLite can find them again.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Column info marking a column that holds a person's email address (not her own
# record's): subject access lists where it names her, erasure clears it.
PERSON_EMAIL = "holds_person_email"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _fk(
    target: str, *, nullable: bool = False, ondelete: str = "CASCADE", index: bool = True
) -> Column[int]:
    """A foreign key, indexed so a delete of its target finds the referencing rows.

    ``index=False`` only where a unique constraint or index on the same table
    already leads with this column: that one serves the lookup, and a second
    index would only slow every insert (migration 0005).
    """
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


def _version_column() -> Column[int]:
    return Column("version", Integer, nullable=False, default=1)


def _versioned(column: Column[int]) -> dict[str, Any]:
    """Optimistic locking: every ORM UPDATE says WHERE version = <the version read>.

    A concurrent change (another coordinator, another process) therefore makes
    the second UPDATE match no row, and SQLAlchemy raises StaleDataError,
    which the unit of work reports as a Conflict. The services bump the
    version themselves (see services.base.touch), hence no generator.
    """
    return {"version_id_col": column, "version_id_generator": False}


_organisation_version = _version_column()


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # domain.values.name_key of the name (NFKC, case-folded, invisible
    # characters removed, spacing collapsed): "Essex County Council " and
    # "ＥＳＳＥＸ county council" are the same organisation.
    name_key: str = Field(max_length=200, unique=True)
    kind: str = Field(default="other", max_length=40)
    region: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_organisation_version)
    __mapper_args__ = _versioned(_organisation_version)


_person_version = _version_column()


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int = Field(default=None, primary_key=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(default="", max_length=100)
    preferred_name: str = Field(default="", max_length=100)
    pronouns: str = Field(default="", max_length=40)
    # Stored trimmed and lower-case; unique.
    email: str = Field(max_length=254, unique=True)
    phone: str = Field(default="", max_length=40)
    organisation_id: int | None = Field(
        default=None, sa_column=_fk("organisation.id", nullable=True, ondelete="SET NULL")
    )
    job_title: str = Field(default="", max_length=200)
    current_role_family: str = Field(default="", max_length=100)
    current_role: str = Field(default="", max_length=100)
    current_level: str = Field(default="", max_length=60)
    target_role_family: str = Field(default="", max_length=100)
    target_role: str = Field(default="", max_length=100)
    target_level: str = Field(default="", max_length=60)
    # Someone else's email: subject access and erasure find her here too (see PERSON_EMAIL).
    line_manager_email: str = Field(
        default="", max_length=254, sa_column_kwargs={"info": {PERSON_EMAIL: True}}
    )
    region: str = Field(default="", max_length=100)
    open_to_remote: bool = Field(default=True)
    notes: str = Field(default="")
    consent_to_store: bool = Field(default=False)
    consent_to_share_with_sponsor: bool = Field(default=False)
    consent_to_case_study: bool = Field(default=False)
    # She asked not to be contacted: every mailing leaves her out (and counts her).
    do_not_contact: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_person_version)
    __mapper_args__ = _versioned(_person_version)

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


class PersonSkillInterest(SQLModel, table=True):
    """A DDaT skill a person wants to grow (mentee) or offers (mentor)."""

    __tablename__ = "person_skill_interest"
    __table_args__ = (UniqueConstraint("person_id", "skill", "direction"),)

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_fk("person.id", index=False))
    skill: str = Field(max_length=120)
    direction: str = Field(max_length=20)


_equality_version = _version_column()


class EqualityRecord(SQLModel, table=True):
    """Optional equality monitoring, kept apart from the person's profile.

    Never used for matching, never exported unless asked for, reported only
    in aggregate with small groups suppressed. Every field allows
    "prefer not to say".
    """

    __tablename__ = "equality_record"

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_fk("person.id"))
    ethnicity: str = Field(default="prefer_not_to_say", max_length=80)
    disability: str = Field(default="prefer_not_to_say", max_length=80)
    age_band: str = Field(default="prefer_not_to_say", max_length=40)
    caring_responsibilities: str = Field(default="prefer_not_to_say", max_length=40)
    sexual_orientation: str = Field(default="prefer_not_to_say", max_length=80)
    recorded_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_equality_version)
    __mapper_args__ = _versioned(_equality_version)


_programme_version = _version_column()


class Programme(SQLModel, table=True):
    __tablename__ = "programme"

    id: int = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    description: str = Field(default="")
    # Personal data is due for deletion this many months after a cohort ends.
    retention_months: int = Field(default=24)
    # Equality monitoring is opt-in per programme (UK GDPR special-category data).
    collect_equality_data: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa_false()}
    )
    # Messages: the coordinator's address (From), where replies go (else From), the signature.
    message_from: str = Field(default="", max_length=254, sa_column_kwargs={"server_default": ""})
    message_reply_to: str = Field(
        default="", max_length=254, sa_column_kwargs={"server_default": ""}
    )
    message_signature: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_programme_version)
    __mapper_args__ = _versioned(_programme_version)


_cohort_version = _version_column()


class Cohort(SQLModel, table=True):
    __tablename__ = "cohort"

    id: int = Field(default=None, primary_key=True)
    programme_id: int = Field(sa_column=_fk("programme.id", ondelete="RESTRICT"))
    name: str = Field(max_length=200, unique=True)
    place: str = Field(default="", max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    status: str = Field(default="draft", max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_cohort_version)
    __mapper_args__ = _versioned(_cohort_version)


_participation_version = _version_column()


class Participation(SQLModel, table=True):
    """A person in a cohort, as mentee or mentor (one role per cohort)."""

    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("person_id", "cohort_id"),)

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_fk("person.id", index=False))
    cohort_id: int = Field(sa_column=_fk("cohort.id"))
    role: str = Field(max_length=10)
    status: str = Field(default="accepted", max_length=20)
    withdrawn_reason: str = Field(default="")
    # When her place ended (she withdrew, or it was completed); None while it runs.
    ended_on: date | None = None
    # How many mentees a mentor can take in this cohort (0 for mentees).
    mentor_capacity: int = Field(default=0)
    start_date: date | None = None
    # The development plan's goals, agreed with the mentor.
    goals: str = Field(default="")
    # A mentee's mentor as her import row named her, while that mentor is in
    # neither the file nor the cohort: importing the mentor later proposes the
    # match (subject to the hard matching rules) and clears this.
    # A mentor named by an import before she was known: found by subject access and erasure.
    pending_mentor_email: str = Field(
        default="", max_length=254, sa_column_kwargs={"info": {PERSON_EMAIL: True}}
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_participation_version)
    __mapper_args__ = _versioned(_participation_version)


_match_version = _version_column()


class Match(SQLModel, table=True):
    __tablename__ = "mentoring_match"
    __table_args__ = (Index("ix_match_cohort_status", "cohort_id", "status"),)

    id: int = Field(default=None, primary_key=True)
    cohort_id: int = Field(sa_column=_fk("cohort.id", index=False))
    mentee_participation_id: int = Field(sa_column=_fk("participation.id"))
    mentor_participation_id: int = Field(sa_column=_fk("participation.id"))
    status: str = Field(default="proposed", max_length=20)
    start_date: date | None = None
    end_date: date | None = None
    rationale: str = Field(default="")
    # Kept by the coordinator against automatic re-suggestion.
    pinned: bool = Field(default=False)
    status_reason: str = Field(default="")
    status_changed_by: str = Field(default="", max_length=100)
    status_changed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_match_version)
    __mapper_args__ = _versioned(_match_version)


class MatchStatusChange(SQLModel, table=True):
    """One step of a match's history: proposed, active, on hold, ended, with when, why and who."""

    __tablename__ = "match_status_change"

    id: int = Field(default=None, primary_key=True)
    match_id: int = Field(sa_column=_fk("mentoring_match.id"))
    # "" for the step that created the match.
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(max_length=20)
    # The day it took effect (may be in the past), as the coordinator gave it.
    on_date: date | None = None
    reason: str = Field(default="")
    changed_by: str = Field(default="", max_length=100)
    at: datetime = Field(default_factory=utcnow)


class MilestoneTemplate(SQLModel, table=True):
    """A milestone every mentee of a programme (or of one cohort) should reach."""

    __tablename__ = "milestone_template"

    id: int = Field(default=None, primary_key=True)
    programme_id: int | None = Field(default=None, sa_column=_fk("programme.id", nullable=True))
    cohort_id: int | None = Field(default=None, sa_column=_fk("cohort.id", nullable=True))
    title: str = Field(max_length=200)
    category: str = Field(default="other", max_length=30)
    due_offset_days: int = Field(default=30)
    anchor: str = Field(default="cohort_start", max_length=20)
    required: bool = Field(default=True)
    position: int = Field(default=0)
    # Retired: new mentees no longer get it; milestones made from it are kept.
    retired: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


_milestone_version = _version_column()


class Milestone(SQLModel, table=True):
    __tablename__ = "milestone"
    __table_args__ = (
        UniqueConstraint("participation_id", "title"),
        # Counting milestones by state (programme_rules.milestone_state_sql) reads this index
        # alone, not every row: the dashboard at 100,000 people.
        Index("ix_milestone_state", "participation_id", "status", "due_date"),
    )

    id: int = Field(default=None, primary_key=True)
    participation_id: int = Field(sa_column=_fk("participation.id", index=False))
    template_id: int | None = Field(
        default=None, sa_column=_fk("milestone_template.id", nullable=True, ondelete="SET NULL")
    )
    title: str = Field(max_length=200)
    category: str = Field(default="other", max_length=30)
    required: bool = Field(default=True)
    due_date: date | None = None
    completed_on: date | None = None
    status: str = Field(default="not_started", max_length=20)
    evidence_note: str = Field(default="")
    # What its due date follows (copied from its template): the due date is
    # the anchor's date plus the offset, NULL while the anchor does not exist.
    anchor: str = Field(
        default="cohort_start", max_length=20, sa_column_kwargs={"server_default": "cohort_start"}
    )
    # None: a one-off milestone with only a typed date.
    due_offset_days: int | None = None
    # Typed by hand: no rule moves it.
    due_date_manual: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    # Completed by a rule (her first session was logged), so undoing the fact undoes it.
    done_by_rule: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    # The outcome a career-move milestone stands for: one fact, one record.
    outcome_id: int | None = Field(
        default=None, sa_column=_fk("outcome.id", nullable=True, ondelete="SET NULL")
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_milestone_version)
    __mapper_args__ = _versioned(_milestone_version)


class MentoringSession(SQLModel, table=True):
    __tablename__ = "mentoring_session"

    id: int = Field(default=None, primary_key=True)
    match_id: int = Field(sa_column=_fk("mentoring_match.id"))
    held_on: date
    duration_minutes: int = Field(default=60)
    format: str = Field(default="video", max_length=20)
    note: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow)


_assessment_version = _version_column()


class Assessment(SQLModel, table=True):
    """One questionnaire: a mentee's confidence and skills at one point in the cohort."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("participation_id", "point", "assessor"),)

    id: int = Field(default=None, primary_key=True)
    participation_id: int = Field(sa_column=_fk("participation.id", index=False))
    point: str = Field(max_length=10)
    assessor: str = Field(default="self", max_length=10)
    completed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Bumped whenever its scores are replaced, so a stale questionnaire is refused.
    version: int = Field(default=1, sa_column=_assessment_version)
    __mapper_args__ = _versioned(_assessment_version)


class AssessmentScore(SQLModel, table=True):
    """A confidence statement scored 1-5, or a DDaT skill rated 1-4 (awareness..expert)."""

    __tablename__ = "assessment_score"
    __table_args__ = (UniqueConstraint("assessment_id", "kind", "item"),)

    id: int = Field(default=None, primary_key=True)
    assessment_id: int = Field(sa_column=_fk("assessment.id", index=False))
    kind: str = Field(max_length=12)
    item: str = Field(max_length=120)
    score: int


_outcome_version = _version_column()


class Outcome(SQLModel, table=True):
    __tablename__ = "outcome"

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_fk("person.id"))
    # The cohort the outcome is credited to, if any.
    cohort_id: int | None = Field(
        default=None, sa_column=_fk("cohort.id", nullable=True, ondelete="SET NULL")
    )
    kind: str = Field(max_length=30)
    occurred_on: date
    description: str = Field(default="")
    role_family: str = Field(default="", max_length=100)
    role: str = Field(default="", max_length=100)
    level: str = Field(default="", max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_outcome_version)
    __mapper_args__ = _versioned(_outcome_version)


class ErasedParticipantTally(SQLModel, table=True):
    """What an erased person contributed to a cohort's figures, with nothing personal.

    Erasure removes the person; this keeps past cohorts' aggregate counts
    (how many mentees, matched, completed) true without them.
    """

    __tablename__ = "erased_participant_tally"

    id: int = Field(default=None, primary_key=True)
    cohort_id: int = Field(sa_column=_fk("cohort.id"))
    role: str = Field(max_length=10)
    status: str = Field(max_length=20)
    was_matched: bool = Field(default=False)
    sessions_held: int = Field(default=0)
    milestones_done: int = Field(default=0)
    milestones_total: int = Field(default=0)
    erased_on: date


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"

    id: int = Field(default=None, primary_key=True)
    # The file's base name only, and its SHA-256.
    source_name: str = Field(max_length=255)
    file_sha256: str = Field(max_length=64)
    cohort_id: int | None = Field(
        default=None, sa_column=_fk("cohort.id", nullable=True, ondelete="SET NULL")
    )
    imported_at: datetime = Field(default_factory=utcnow)
    imported_by: str = Field(default="", max_length=100)
    created_count: int = Field(default=0)
    updated_count: int = Field(default=0)
    unchanged_count: int = Field(default=0)
    rejected_count: int = Field(default=0)
    status: str = Field(default="applied", max_length=10)
    undone_at: datetime | None = None


class ImportChange(SQLModel, table=True):
    """One row an import created or changed, with what it was before (for undo)."""

    __tablename__ = "import_change"

    id: int = Field(default=None, primary_key=True)
    batch_id: int = Field(sa_column=_fk("import_batch.id"))
    entity: str = Field(max_length=40)
    entity_id: int
    action: str = Field(max_length=10)
    # The row's version right after the import: undo is refused if it moved.
    version_after: int = Field(default=1)
    before_json: str = Field(default="")


class ImportCreated(SQLModel, table=True):
    """Records an import created, as runs of consecutive ids: a row per run, not per record.

    An import makes thousands of people, places and matches whose new ids
    follow on without a gap (SQLite hands them out under the write lock;
    PostgreSQL's sequence does too unless another writer takes one
    meanwhile), so undo needs only each run's first and last id. Created at
    version 1: undo is refused for any of them that has moved since.
    """

    __tablename__ = "import_created"

    id: int = Field(default=None, primary_key=True)
    batch_id: int = Field(sa_column=_fk("import_batch.id"))
    entity: str = Field(max_length=40)
    first_id: int
    last_id: int


class AuditEvent(SQLModel, table=True):
    """Who did what to which record. Never names, emails or typed text."""

    __tablename__ = "audit_event"

    id: int = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=40)
    # Row ids, or an opaque token for erased people.
    entity_id: str = Field(default="", max_length=64, index=True)
    detail: str = Field(default="", max_length=500)


class ReferenceFramework(SQLModel, table=True):
    """One imported DDaT capability framework; the newest row is the one in use.

    Kept in the programme database, not on one computer, so every
    coordinator of a shared database rates and matches against the same
    framework. Earlier rows stay as the history of what was used when.
    """

    __tablename__ = "reference_framework"

    id: int = Field(default=None, primary_key=True)
    version: str = Field(max_length=200)
    # The framework's own publication date, when the coordinator gave it.
    published_on: date | None = None
    # The CSV files' base names (never a folder path).
    source: str = Field(default="", max_length=500)
    imported_at: datetime = Field(default_factory=utcnow)
    # An actor name, as in the audit trail.
    imported_by: str = Field(default="", max_length=100)
    # The framework as JSON (built by services/framework_import.py, read by framework_document.py).
    document: str = Field(sa_column=Column(Text, nullable=False))


_event_version = _version_column()


class Event(SQLModel, table=True):
    """A training day, workshop or other gathering of one cohort, or of the whole programme."""

    __tablename__ = "event"

    id: int = Field(default=None, primary_key=True)
    programme_id: int = Field(sa_column=_fk("programme.id", ondelete="RESTRICT"))
    # None: open to the whole programme.
    cohort_id: int | None = Field(default=None, sa_column=_fk("cohort.id", nullable=True))
    title: str = Field(max_length=200)
    kind: str = Field(default="training_day", max_length=30)
    venue: str = Field(default="", max_length=300)
    online_link: str = Field(default="", max_length=1000)
    # None: no limit.
    capacity: int | None = None
    # Required for completion: her certificate waits until she attended it.
    required: bool = Field(default=False)
    # The calendar entry's identity: the same UID with a higher SEQUENCE
    # updates or cancels the entry already in her calendar.
    ics_uid: str = Field(max_length=200, unique=True)
    ics_sequence: int = Field(default=0)
    cancelled: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_event_version)
    __mapper_args__ = _versioned(_event_version)


class EventDay(SQLModel, table=True):
    """One day of an event, with its times (Europe/London wall-clock times)."""

    __tablename__ = "event_day"
    __table_args__ = (UniqueConstraint("event_id", "on_date"),)

    id: int = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_fk("event.id", index=False))
    on_date: date
    starts_at: time
    ends_at: time


class EventDroppedDay(SQLModel, table=True):
    """A day an update took off an event: its calendar entry goes out again, cancelled.

    ``number`` is the day's place in the event when it was sent (its UID,
    see reports.calendar_entry.day_uid); the date and times are those it had.
    """

    __tablename__ = "event_dropped_day"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_fk("event.id", index=False))
    number: int
    on_date: date
    starts_at: time
    ends_at: time


class EventInvitation(SQLModel, table=True):
    """A person invited to an event, and her reply."""

    __tablename__ = "event_invitation"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: int = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_fk("event.id", index=False))
    person_id: int = Field(sa_column=_fk("person.id"))
    rsvp: str = Field(default="no_reply", max_length=20)
    # Why she is on the list: "mentee", "mentor", "sponsor", or "" (chosen by name).
    invited_as: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    invited_at: datetime = Field(default_factory=utcnow)
    # Made by an attendance import (she came uninvited): its undo removes it.
    import_id: int | None = Field(
        default=None, sa_column=_fk("attendance_import.id", nullable=True, ondelete="SET NULL")
    )


class AttendanceImport(SQLModel, table=True):
    """One attendance file applied to an event (a Teams report or a register), for undo."""

    __tablename__ = "attendance_import"

    id: int = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_fk("event.id"))
    # The file's base name only, and its SHA-256.
    source_name: str = Field(max_length=255)
    file_sha256: str = Field(max_length=64)
    source: str = Field(max_length=20)
    imported_at: datetime = Field(default_factory=utcnow)
    imported_by: str = Field(default="", max_length=100)
    recorded_count: int = Field(default=0)
    rejected_count: int = Field(default=0)
    status: str = Field(default="applied", max_length=10)
    undone_at: datetime | None = None


class EventAttendance(SQLModel, table=True):
    """Whether an invited person was there on one day of an event."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("invitation_id", "event_day_id"),)

    id: int = Field(default=None, primary_key=True)
    invitation_id: int = Field(sa_column=_fk("event_invitation.id", index=False))
    event_day_id: int = Field(sa_column=_fk("event_day.id"))
    status: str = Field(max_length=20)
    source: str = Field(default="manual", max_length=20)
    # From a Teams report: her in-meeting time.
    minutes_present: int | None = None
    recorded_at: datetime = Field(default_factory=utcnow)
    # The import that last set it (undo restores what it replaced).
    import_id: int | None = Field(
        default=None, sa_column=_fk("attendance_import.id", nullable=True, ondelete="SET NULL")
    )
    # What the import replaced, as JSON ("" when the import made the row).
    before_import: str = Field(default="")


class MessageTemplate(SQLModel, table=True):
    """A message template the coordinator edited or wrote; shipped ones live in code until edited."""

    __tablename__ = "message_template"

    id: int = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, unique=True)
    subject: str = Field(max_length=300)
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    # Optional simple HTML version ("" = plain text only).
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Mailing(SQLModel, table=True):
    """One sending of a template to an audience. Holds no addresses and no bodies."""

    __tablename__ = "mailing"

    id: int = Field(default=None, primary_key=True)
    template_name: str = Field(max_length=60)
    chosen_by: str = Field(default="", max_length=100)
    # "Mentees of Kent 2026", "One person", "A selection of 12": never a name or address.
    audience: str = Field(default="", max_length=300)
    # "smtp" or "drafts".
    way: str = Field(default="smtp", max_length=10)
    created_at: datetime = Field(default_factory=utcnow)


class MailingRecipient(SQLModel, table=True):
    """One message of a mailing: to whom, at which address, and what became of it (no body)."""

    __tablename__ = "mailing_recipient"
    # Not unique per mailing and person: a mentor with two new mentees gets two introductions.
    __table_args__ = (Index("ix_mailing_recipient_person_sent", "person_id", "created_at"),)

    id: int = Field(default=None, primary_key=True)
    mailing_id: int = Field(sa_column=_fk("mailing.id"))
    person_id: int = Field(sa_column=_fk("person.id", index=False))
    template_name: str = Field(max_length=60)
    address: str = Field(default="", max_length=254)
    subject: str = Field(default="", max_length=300)
    # queued (handed over, outcome not yet known), sent, failed, skipped.
    status: str = Field(default="queued", max_length=10)
    # The server's reason for a failure, or why she was left out.
    reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


# SQLite would otherwise hand a deleted row's id to the next row, and the
# audit trail (and an import's undo list) would then point at someone else.
for _table in SQLModel.metadata.tables.values():
    _table.dialect_options["sqlite"]["autoincrement"] = True

ALL_TABLES = SQLModel.metadata


_feedback_version = _version_column()


class Feedback(SQLModel, table=True):
    """A mentee's or mentor's mid-point or end-of-programme feedback.

    Her quote is published only as ``quote_consent`` allows (name, role
    only, anonymous; "none" keeps it private), and not after
    ``consent_withdrawn_on``.
    """

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("participation_id", "point"),)

    id: int = Field(default=None, primary_key=True)
    participation_id: int = Field(sa_column=_fk("participation.id", index=False))
    point: str = Field(max_length=10)
    role: str = Field(max_length=10)
    satisfaction: int | None = None
    recommend: int | None = None
    what_changed: str = Field(default="", sa_column_kwargs={"server_default": ""})
    what_should_change: str = Field(default="", sa_column_kwargs={"server_default": ""})
    quote: str = Field(default="", sa_column_kwargs={"server_default": ""})
    quote_consent: str = Field(
        default="none", max_length=12, sa_column_kwargs={"server_default": "none"}
    )
    consent_on: date | None = None
    consent_withdrawn_on: date | None = None
    completed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_feedback_version)
    __mapper_args__ = _versioned(_feedback_version)


class QuestionnaireForm(SQLModel, table=True):
    """A form written for one person and point; its random key is printed into the form."""

    __tablename__ = "questionnaire_form"

    id: int = Field(default=None, primary_key=True)
    form_key: str = Field(max_length=40, unique=True)
    participation_id: int = Field(sa_column=_fk("participation.id"))
    point: str = Field(max_length=10)
    written_at: datetime = Field(default_factory=utcnow)


class QuestionnaireCollection(SQLModel, table=True):
    """One collection of returned questionnaires (PDF forms or a Forms export), for undo."""

    __tablename__ = "questionnaire_collection"

    id: int = Field(default=None, primary_key=True)
    # Base names only.
    source_name: str = Field(max_length=255)
    collected_at: datetime = Field(default_factory=utcnow)
    collected_by: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    saved_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    status: str = Field(
        default="applied", max_length=10, sa_column_kwargs={"server_default": "applied"}
    )
    undone_at: datetime | None = None


class QuestionnaireCollectionChange(SQLModel, table=True):
    """One person's answers at one point as a collection found them and left them."""

    __tablename__ = "questionnaire_collection_change"

    id: int = Field(default=None, primary_key=True)
    collection_id: int = Field(sa_column=_fk("questionnaire_collection.id"))
    participation_id: int = Field(sa_column=_fk("participation.id"))
    point: str = Field(max_length=10)
    before_json: str = Field(default="", sa_column_kwargs={"server_default": ""})
    after_json: str = Field(default="", sa_column_kwargs={"server_default": ""})
