"""The fixed vocabularies of a mentoring programme.

Stored as their string values so the database reads plainly and works the
same on SQLite and PostgreSQL. ``label`` is the wording a coordinator sees.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> _Labelled:
        """Accept the value or the label in any case, with spaces or underscores."""
        key = " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())
        for member in cls:
            if key in (member.value.replace("_", " "), member.label.lower()):
                return member
        raise ValueError(f"not a {cls.__name__}: expected one of {', '.join(m.value for m in cls)}")


class OrganisationKind(_Labelled):
    COUNTY_COUNCIL = "county_council"
    DISTRICT_COUNCIL = "district_council"
    UNITARY_COUNCIL = "unitary_council"
    CENTRAL_GOVERNMENT = "central_government"
    NHS = "nhs"
    OTHER_PUBLIC_BODY = "other_public_body"
    PRIVATE_SECTOR = "private_sector"
    OTHER = "other"


class CohortStatus(_Labelled):
    DRAFT = "draft"
    INTAKE_OPEN = "intake_open"
    INTAKE_CLOSED = "intake_closed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


COHORT_TRANSITIONS: dict[CohortStatus, frozenset[CohortStatus]] = {
    CohortStatus.DRAFT: frozenset({CohortStatus.INTAKE_OPEN, CohortStatus.CANCELLED}),
    CohortStatus.INTAKE_OPEN: frozenset(
        {CohortStatus.INTAKE_CLOSED, CohortStatus.DRAFT, CohortStatus.CANCELLED}
    ),
    CohortStatus.INTAKE_CLOSED: frozenset(
        {CohortStatus.IN_PROGRESS, CohortStatus.INTAKE_OPEN, CohortStatus.CANCELLED}
    ),
    CohortStatus.IN_PROGRESS: frozenset({CohortStatus.COMPLETED, CohortStatus.CANCELLED}),
    CohortStatus.COMPLETED: frozenset(),
    CohortStatus.CANCELLED: frozenset(),
}


class ParticipantRole(_Labelled):
    MENTEE = "mentee"
    MENTOR = "mentor"


class ParticipationStatus(_Labelled):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class MatchStatus(_Labelled):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


MATCH_TRANSITIONS: dict[MatchStatus, frozenset[MatchStatus]] = {
    MatchStatus.PROPOSED: frozenset({MatchStatus.ACTIVE, MatchStatus.ENDED_EARLY}),
    MatchStatus.ACTIVE: frozenset(
        {MatchStatus.ON_HOLD, MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY}
    ),
    MatchStatus.ON_HOLD: frozenset(
        {MatchStatus.ACTIVE, MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY}
    ),
    MatchStatus.COMPLETED: frozenset(),
    MatchStatus.ENDED_EARLY: frozenset(),
}

# A match in one of these states holds one unit of the mentor's capacity.
MATCH_STATUSES_USING_CAPACITY = frozenset(
    {MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.ON_HOLD}
)


class MilestoneCategory(_Labelled):
    FIRST_SESSION = "first_session"
    DEVELOPMENT_PLAN = "development_plan"
    LEARNING = "learning"
    VISIBILITY = "visibility"
    SHADOWING = "shadowing"
    CAREER_MOVE = "career_move"
    OTHER = "other"


class MilestoneAnchor(_Labelled):
    COHORT_START = "cohort_start"
    MENTEE_START = "mentee_start"
    MATCH_START = "match_start"


class MilestoneStatus(_Labelled):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"
    # Set by a rule when her place ends with the milestone still open.
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class SessionFormat(_Labelled):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    OTHER = "other"


class AssessmentPoint(_Labelled):
    BASELINE = "baseline"
    MID = "mid"
    END = "end"


class Assessor(_Labelled):
    SELF = "self"
    MENTOR = "mentor"


class ScoreKind(_Labelled):
    CONFIDENCE = "confidence"
    SKILL = "skill"


class SkillLevel(_Labelled):
    """The DDaT framework's four skill levels, in ascending order."""

    AWARENESS = "awareness"
    WORKING = "working"
    PRACTITIONER = "practitioner"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return list(SkillLevel).index(self) + 1


class SkillDirection(_Labelled):
    WANTS_TO_GROW = "wants_to_grow"
    OFFERS = "offers"


class OutcomeKind(_Labelled):
    PROMOTION = "promotion"
    NEW_ROLE = "new_role"
    SECONDMENT = "secondment"
    ACTING_UP = "acting_up"
    QUALIFICATION = "qualification"
    SPEAKING_OR_VISIBILITY = "speaking_or_visibility"
    BECAME_MENTOR = "became_mentor"
    LEFT_ORGANISATION = "left_organisation"
    LEFT_SECTOR = "left_sector"


class ImportStatus(_Labelled):
    APPLIED = "applied"
    UNDONE = "undone"


class AuditAction(_Labelled):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"
    UNDO_IMPORT = "undo_import"
    EXPORT = "export"
    ERASE = "erase"
    BACKUP = "backup"
    RESTORE = "restore"
    REPORT = "report"
    DEMO = "demo"
    SEND = "send"
    DRAFT = "draft"  # messages written as drafts for Outlook: not sent by us


# The confidence statements asked at baseline, mid-point and end (1 to 5).
CONFIDENCE_ITEMS: dict[str, str] = {
    "ddat_skills": "I am confident in my DDaT skills",
    "speaking_up": "I am confident speaking up and being visible",
    "senior_role": "I am confident applying for a more senior role",
    "network": "I have a professional network I can draw on",
    "leadership": "I see myself as a leader in DDaT",
}
CONFIDENCE_MIN, CONFIDENCE_MAX = 1, 5


class EventKind(_Labelled):
    TRAINING_DAY = "training_day"
    WORKSHOP = "workshop"
    NETWORKING = "networking"
    VISIBILITY_OR_SPEAKING = "visibility_or_speaking"
    CELEBRATION = "celebration"


class Rsvp(_Labelled):
    NO_REPLY = "no_reply"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AttendanceStatus(_Labelled):
    ATTENDED = "attended"
    ABSENT = "absent"
    APOLOGIES = "apologies"
    LEFT_EARLY = "left_early"


# Statuses that count as having been there: the register's tick, the dashboard's "missed a
# day of a required event", her certificate and the reports' days attended all use these.
# Left early is attended, leaving early (a Teams report's short stay is one): she was there.
PRESENT_STATUSES = frozenset({AttendanceStatus.ATTENDED, AttendanceStatus.LEFT_EARLY})
PRESENT_VALUES = tuple(sorted(s.value for s in PRESENT_STATUSES))


class AttendanceSource(_Labelled):
    MANUAL = "manual"
    TEAMS = "teams"
    REGISTER = "register"


class MessageStatus(_Labelled):
    QUEUED = "queued"
    SENT = "sent"
    # Written as an .eml draft for her to send from Outlook.
    DRAFTED = "drafted"
    FAILED = "failed"
    SKIPPED = "skipped"
