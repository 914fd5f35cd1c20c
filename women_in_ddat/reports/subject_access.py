"""Subject access as a readable PDF: everything held about one person.

Built from the very dict the JSON export writes
(``PersonalDataService.subject_access``), so the two cannot disagree:
every table in it gets a section, and every field of every row is printed
with a label, except the internal record numbers and version counters
listed in ``OMITTED`` (they say nothing about her). Ids that point at other
records are printed as what they point at: a cohort's name, the other
person in a match, which questionnaire a score belongs to.

Tables with one row (her profile, equality answers, each cohort place)
are label/value lists; tables with many rows are tables, with the fields
that do not fit a column gathered into a last "More" column, so a field
added to the schema later still prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle
from sqlmodel import SQLModel

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    Assessor,
    AttendanceSource,
    AttendanceStatus,
    AuditAction,
    MatchStatus,
    MessageStatus,
    MilestoneAnchor,
    MilestoneCategory,
    MilestoneStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
    Rsvp,
    ScoreKind,
    SessionFormat,
    SkillDirection,
    SkillLevel,
)
from women_in_ddat.reports.blocks import (
    SPLIT_IN_ROW,
    Labelled,
    column_widths,
    facts,
    grid,
    label_of,
)
from women_in_ddat.reports.document import Heading, ReportMeta, long_date
from women_in_ddat.reports.person import FRAME_WIDTH
from women_in_ddat.reports.render import Rendered, render_to
from women_in_ddat.reports.styles import RULE, styles
from women_in_ddat.reports.text import TextGuard, escape
from women_in_ddat.services.jobs import NO_PROGRESS, Progress
from women_in_ddat.services.personal_data import PersonalDataService

KIND = "Subject access"
HEADER = "Subject access request (UK GDPR Article 15)"

# Record numbers, version counters and ids of her own person record: bookkeeping, not data about her.
OMITTED_EVERYWHERE = frozenset({"id", "version"})
OMITTED: dict[str, frozenset[str]] = {
    "person_skill_interest": frozenset({"person_id"}),
    "equality_record": frozenset({"person_id"}),
    "participation": frozenset({"person_id"}),
    "outcome": frozenset({"person_id"}),
    "import_change": frozenset({"entity_id"}),
    # The run of new ids her record is in: other people's numbers, not hers.
    "import_created": frozenset({"entity", "first_id", "last_id"}),
    "audit_event": frozenset({"entity_id"}),
    # Which import made or last set the row: bookkeeping for its undo.
    "event_invitation": frozenset({"person_id", "import_id"}),
    "event_attendance": frozenset({"invitation_id", "import_id"}),
    "mailing_recipient": frozenset({"person_id", "mailing_id"}),
}

# What the audit trail and the import history call each kind of her records.
RECORD_WORDS: dict[str, str] = {
    "person": "Her profile",
    "person_skill_interest": "Her skills",
    "equality_record": "Equality answers",
    "participation": "Cohort place",
    "mentoring_match": "Mentoring match",
    "match": "Mentoring match",
    "mentoring_session": "Mentoring session",
    "session": "Mentoring session",
    "milestone": "Milestone",
    "assessment": "Questionnaire",
    "assessment_score": "Questionnaire answer",
    "outcome": "Outcome",
    "event_invitation": "Event invitation",
    "event_attendance": "Event attendance",
    "mailing_recipient": "Message",
    "feedback": "Feedback",
    "questionnaire_form": "Questionnaire form",
    "questionnaire_collection_change": "Returned questionnaire",
}

# Fields whose values are one of our vocabularies.
ENUMS: dict[tuple[str, str], Callable[[str], Labelled]] = {
    ("person_skill_interest", "direction"): SkillDirection,
    ("participation", "role"): ParticipantRole,
    ("participation", "status"): ParticipationStatus,
    ("mentoring_match", "status"): MatchStatus,
    ("mentoring_session", "format"): SessionFormat,
    ("match_status_change", "from_status"): MatchStatus,
    ("match_status_change", "to_status"): MatchStatus,
    ("milestone", "category"): MilestoneCategory,
    ("milestone", "status"): MilestoneStatus,
    ("assessment", "point"): AssessmentPoint,
    ("assessment", "assessor"): Assessor,
    ("assessment_score", "kind"): ScoreKind,
    ("outcome", "kind"): OutcomeKind,
    ("audit_event", "action"): AuditAction,
    ("event_invitation", "rsvp"): Rsvp,
    ("event_invitation", "invited_as"): ParticipantRole,
    ("milestone", "anchor"): MilestoneAnchor,
    ("event_attendance", "status"): AttendanceStatus,
    ("event_attendance", "source"): AttendanceSource,
    ("mailing_recipient", "status"): MessageStatus,
}

LABELS: dict[str, str] = {
    "created_at": "Recorded",
    "updated_at": "Last changed",
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "organisation_id": "Organisation",
    "job_title": "Job title",
    "current_role_family": "Current role family",
    "current_role": "Current role",
    "current_level": "Current level",
    "target_role_family": "Target role family",
    "target_role": "Target role",
    "target_level": "Target level",
    "line_manager_email": "Line manager's email",
    "open_to_remote": "Open to remote mentoring",
    "consent_to_store": "Agreed to her details being kept",
    "consent_to_share_with_sponsor": "Agreed to sharing progress with her sponsor",
    "consent_to_case_study": "Agreed to appear in a case study",
    "cohort_id": "Cohort",
    "withdrawn_reason": "Reason for withdrawing",
    "mentor_capacity": "Mentees she can take",
    "start_date": "Started",
    "end_date": "Ended",
    "goals": "Goals agreed",
    "mentee_participation_id": "Mentee",
    "mentor_participation_id": "Mentor",
    "rationale": "Why this match",
    "pinned": "Kept by the coordinator",
    "status_reason": "Reason for the status",
    "status_changed_by": "Status last changed by (user account)",
    "status_changed_at": "Status last changed",
    "match_id": "With",
    "held_on": "Held on",
    "duration_minutes": "Length",
    "participation_id": "Cohort",
    "template_id": "From the programme's standard list",
    "due_date": "Due",
    "completed_on": "Completed",
    "evidence_note": "Evidence",
    "assessment_id": "Questionnaire",
    "point": "When",
    "assessor": "Filled in by",
    "item": "Statement or skill",
    "occurred_on": "Date",
    "role_family": "Role family",
    "batch_id": "Import",
    "version_after": "Version after the import",
    "before_json": "Values before the import",
    "at": "When",
    "entity": "Record",
    "actor": "Who (user account)",
    "age_band": "Age band",
    "caring_responsibilities": "Caring responsibilities",
    "sexual_orientation": "Sexual orientation",
    "recorded_at": "Recorded",
    "event_id": "Event",
    "event_day_id": "Day",
    "rsvp": "Her reply",
    "invited_at": "Invited",
    "invited_as": "Invited as",
    "minutes_present": "Minutes in the meeting",
    "before_import": "Before the last attendance import",
    "template_name": "Template",
    "address": "Sent to",
    "sent_at": "Sent (or written as a draft)",
    "email": "Email",
    "phone": "Phone",
    "pronouns": "Pronouns",
    "region": "Region",
    "notes": "Notes",
    "do_not_contact": "Asked not to be contacted",
    "skill": "Skill",
    "direction": "Wants to grow or offers",
    "role": "Role",
    "status": "Status",
    "ended_on": "Ended on",
    "pending_mentor_email": "Mentor to be matched with (email)",
    "from_status": "From",
    "to_status": "To",
    "on_date": "On",
    "reason": "Reason",
    "changed_by": "Recorded by (user account)",
    "format": "Format",
    "note": "Note",
    "title": "Title",
    "category": "Category",
    "required": "Required",
    "anchor": "Due date counted from",
    "due_offset_days": "Days from then until due",
    "due_date_manual": "Due date set by hand",
    "done_by_rule": "Marked done automatically",
    "outcome_id": "Outcome it stands for",
    "kind": "Kind",
    "score": "Score",
    "description": "Description",
    "level": "Level",
    "action": "Action",
    "detail": "Detail",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "gender": "Gender",
    "satisfaction": "Satisfaction (1 to 5)",
    "recommend": "Would recommend the programme (0 to 10)",
    "what_changed": "What changed for her",
    "what_should_change": "What the programme should change",
    "quote": "Quote",
    "quote_consent": "Consent to publish her quote",
    "consent_on": "Consent given",
    "consent_withdrawn_on": "Consent withdrawn",
    "subject": "Subject",
    "collection_id": "Collection",
    "after_json": "Values after the collection",
    "form_key": "Form key",
    "source": "Known from",
    "written_at": "Written",
}

# Ids of other records: printed as what they point at; when empty, left out (no record).
EMPTY_IDS_OMITTED = frozenset({"outcome_id", "collection_id", "batch_id"})


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    empty: str
    # Fields shown as columns (the rest go into "More"); empty = label/value lists per row.
    columns: tuple[str, ...] = ()
    fractions: tuple[float, ...] = ()
    row_title: Callable[[dict[str, Any], SubjectAccess], str] | None = None


SECTIONS: dict[str, Section] = {
    "person": Section(
        "Profile",
        "Her details as recorded by the programme.",
        "No profile is recorded.",
    ),
    "person_skill_interest": Section(
        "Skills she wants to grow or offers",
        "DDaT skills used to suggest mentors.",
        "No skills are recorded.",
        ("skill", "direction"),
        (3, 2),
    ),
    "equality_record": Section(
        "Equality monitoring answers",
        "Kept apart from her profile, never used for matching, reported only in aggregate.",
        "No equality monitoring answers are recorded.",
    ),
    "participation": Section(
        "Cohort places",
        "Each cohort she joined, as a mentee or a mentor.",
        "She has not joined a cohort.",
        row_title=lambda row, sa: sa.cohort_name(row.get("cohort_id")),
    ),
    "mentoring_match": Section(
        "Mentoring matches",
        "The other person in a match is named only; their own data is theirs.",
        "No mentoring matches are recorded.",
        (
            "cohort_id",
            "mentee_participation_id",
            "mentor_participation_id",
            "status",
            "start_date",
            "end_date",
        ),
        (2.2, 1.8, 1.8, 1.1, 1.4, 1.4),
    ),
    "match_status_change": Section(
        "Match history",
        "When each of her matches started, was put on hold or ended, why, and who recorded it.",
        "No match history is recorded.",
        ("match_id", "from_status", "to_status", "on_date", "reason", "changed_by"),
        (1.2, 1.2, 1.1, 1.5, 2.7, 1.6),
    ),
    "mentoring_session": Section(
        "Mentoring sessions",
        "Sessions held with her mentor or mentee, and the notes kept about them.",
        "No mentoring sessions are recorded.",
        ("held_on", "match_id", "duration_minutes", "format", "note"),
        (1.6, 1.8, 0.9, 1.0, 3.6),
    ),
    "milestone": Section(
        "Milestones",
        "Steps of her development plan and the evidence recorded.",
        "No milestones are recorded.",
        ("title", "category", "due_date", "completed_on", "status", "evidence_note"),
        (2.3, 1.3, 1.5, 1.5, 1.1, 2.0),
    ),
    "assessment": Section(
        "Questionnaires",
        "Confidence and skills questionnaires, at the start, middle and end of a cohort.",
        "No questionnaires are recorded.",
        ("participation_id", "point", "assessor", "completed_on", "created_at"),
        (2.6, 1.2, 1.2, 1.2, 1.6),
    ),
    "assessment_score": Section(
        "Questionnaire answers",
        "Confidence statements are scored 1 (low) to 5 (high); skills are rated from "
        "awareness (1) to expert (4).",
        "No questionnaire answers are recorded.",
        ("assessment_id", "kind", "item", "score"),
        (3.0, 1.1, 3.4, 1.5),
    ),
    "outcome": Section(
        "Outcomes",
        "Promotions, new roles and other outcomes recorded for the programme's figures.",
        "No outcomes are recorded.",
        ("occurred_on", "kind", "description", "cohort_id"),
        (1.5, 1.5, 3.2, 2.0),
    ),
    "feedback": Section(
        "Feedback",
        "Her mid-point and end-of-programme feedback: satisfaction (1 to 5), how likely she "
        "is to recommend the programme (0 to 10), what she wrote, and her consent to publish "
        "her quote (with her name, her role only, anonymously, or not at all).",
        "No feedback is recorded.",
    ),
    "questionnaire_form": Section(
        "Questionnaire forms sent",
        "The fillable questionnaire forms written for her, each with the key that "
        "recognises it when it comes back.",
        "No questionnaire forms were written for her.",
    ),
    "questionnaire_collection_change": Section(
        "Returned questionnaires",
        "Her returned questionnaires as collected: her answers before and after each "
        "collection, kept so that a collection can be undone.",
        "No returned questionnaires were collected.",
    ),
    "import_created": Section(
        "Created by import",
        "The spreadsheet import that first created her record: where her details came from.",
        "Her record was not created by an import.",
        ("batch_id",),
        (8.2,),
    ),
    "import_change": Section(
        "Import history",
        "Spreadsheet imports that changed her records; earlier values are kept so an import can "
        "be undone.",
        "No import has changed her records.",
        ("batch_id", "entity", "action", "before_json"),
        (1.2, 1.2, 0.9, 4.9),
    ),
    "event_invitation": Section(
        "Event invitations",
        "Training days and other events she was invited to, and her reply.",
        "She has not been invited to an event.",
        ("event_id", "invited_as", "rsvp", "invited_at"),
        (3.4, 1.0, 1.6, 2.2),
    ),
    "event_attendance": Section(
        "Event attendance",
        "Whether she was at each day of an event, and where that was known from (typed in, "
        "a Teams attendance report, or a register).",
        "No attendance is recorded.",
        ("event_day_id", "status", "source", "minutes_present", "recorded_at", "before_import"),
        (3.0, 1.1, 1.0, 1.0, 1.5, 1.6),
    ),
    "mailing_recipient": Section(
        "Messages to her",
        "Each message the programme sent her, wrote as a draft to her, or left her out of: when, "
        "which template, the "
        "subject and the address used. The messages' text is not kept.",
        "No messages are recorded.",
        ("created_at", "template_name", "subject", "address", "status", "reason"),
        (1.3, 1.1, 2.6, 2.0, 0.8, 1.4),
    ),
    "audit_event": Section(
        "Audit trail",
        "What was done to her records, when and by whom.",
        "Nothing is recorded in the audit trail about her records.",
        ("at", "actor", "action", "entity", "detail"),
        (1.5, 1.5, 1.1, 1.5, 2.6),
    ),
}


NAMED_IN_TITLE = "Where other records name her"


def _section_for(table: str) -> Section:
    title = table.replace("_", " ").capitalize()
    return SECTIONS.get(table, Section(title, "", f"No {title.lower()} records."))


def field_label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def field_order(table: str, row: dict[str, Any]) -> list[str]:
    """The row's printed fields in the table's column order (unknown keys last)."""
    columns = (
        SQLModel.metadata.tables[table].columns.keys() if table in SQLModel.metadata.tables else []
    )
    skip = OMITTED_EVERYWHERE | OMITTED.get(table, frozenset())
    ordered = [c for c in columns if c in row] + [k for k in row if k not in columns]
    return [
        f
        for f in ordered
        if f not in skip and not (f in EMPTY_IDS_OMITTED and row.get(f) in (None, ""))
    ]


def _python_type(table: str, name: str) -> type | None:
    meta = SQLModel.metadata.tables.get(table)
    if meta is None or name not in meta.columns:
        return None
    kind = meta.columns[name].type
    # A TypeDecorator (SQLModel's UTC datetime) says "object"; what it stores says more.
    kind = getattr(kind, "impl", kind)
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def _when(text: str) -> str:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{long_date(moment.date())}, {moment:%H:%M}"


class SubjectAccess:
    """The export's dict, with the lookups that turn ids into names."""

    def __init__(self, data: dict[str, Any], guard: TextGuard) -> None:
        self.data = data
        self.guard = guard
        self.tables: dict[str, list[dict[str, Any]]] = data["tables"]
        self.name = data["subject"]["name"]
        own = {p["id"] for p in self.tables.get("participation", [])}
        self._cohort_of_place = {
            p["id"]: p.get("cohort_id") for p in self.tables.get("participation", [])
        }
        self._people: dict[int, str] = {
            int(k): v for k, v in data.get("match_partners", {}).items()
        }
        self._people.update({pid: self.name for pid in own})
        self._partner_of_match: dict[int, int | None] = {}
        for m in self.tables.get("mentoring_match", []):
            mentee, mentor = m.get("mentee_participation_id"), m.get("mentor_participation_id")
            self._partner_of_match[m["id"]] = mentor if mentee in own else mentee
        self._assessments = {a["id"]: a for a in self.tables.get("assessment", [])}
        self._score_kinds = {
            s["id"]: s.get("kind") for s in self.tables.get("assessment_score", [])
        }

    # --- names (printed exactly, or the PDF is refused) ---------------------
    def cohort_name(self, cohort_id: int | None) -> str:
        if cohort_id is None:
            return "–"
        name = self.data.get("cohorts", {}).get(str(cohort_id))
        return self.guard.name(name, "a cohort's name") if name else f"cohort no. {cohort_id}"

    def import_name(self, batch_id: int | None) -> str:
        """The import and the spreadsheet it read: the source of what it wrote about her."""
        source = self.data.get("imports", {}).get(str(batch_id))
        if not source:
            return f"Import no. {batch_id}"
        return f"Import no. {batch_id}, from {escape(self.guard.clean(source, 'a file name'))}"

    def person_name(self, participation_id: int | None) -> str:
        name = self._people.get(participation_id) if participation_id is not None else None
        if name is None:
            return "someone since removed"
        return self.guard.name(name, "a name")

    def questionnaire(self, assessment_id: int | None) -> str:
        a = self._assessments.get(assessment_id) if assessment_id is not None else None
        if a is None:
            return f"questionnaire no. {assessment_id}"
        point = escape(label_of(AssessmentPoint, a.get("point") or ""))
        who = (
            "self" if a.get("assessor") == Assessor.SELF.value else escape(a.get("assessor") or "")
        )
        cohort = self.cohort_name(self._cohort_of_place.get(a.get("participation_id")))
        return f"{point} ({who}), {cohort}"

    def outcome(self, outcome_id: int) -> str:
        """The outcome a milestone stands for, as she would name it."""
        for o in self.tables.get("outcome", []):
            if o.get("id") == outcome_id:
                kind = escape(label_of(OutcomeKind, str(o.get("kind") or "")))
                on = o.get("occurred_on")
                return f"{kind}, {long_date(date.fromisoformat(str(on)))}" if on else kind
        return f"outcome no. {outcome_id}"

    # --- one field's value as Paragraph markup -------------------------------
    def value(self, table: str, name: str, row: dict[str, Any]) -> str:
        value = row.get(name)
        special = self._special(table, name, row)
        if special is not None:
            return special
        if value is None or value == "":
            return "–"
        kind = _python_type(table, name)
        if kind is bool or isinstance(value, bool):
            return "Yes" if value else "No"
        if kind is datetime:
            return _when(str(value))
        if kind is date:
            return long_date(date.fromisoformat(str(value)))
        enum = ENUMS.get((table, name))
        if enum is not None:
            return escape(label_of(enum, str(value)))
        if table == "equality_record" and name != "recorded_at":
            return escape(str(value).replace("_", " ").capitalize())
        return self.guard.text(str(value), f"the {field_label(name).lower()}")

    def _special(self, table: str, name: str, row: dict[str, Any]) -> str | None:
        value = row.get(name)
        if name == "organisation_id" and table == "person":
            organisation = self.data.get("organisation")
            return self.guard.name(organisation, "the organisation's name") if organisation else "–"
        if name in ("first_name", "last_name", "preferred_name") and value:
            return self.guard.name(str(value), "her name")
        if name == "cohort_id":
            return self.cohort_name(value)
        if name in ("mentee_participation_id", "mentor_participation_id"):
            return self.person_name(value)
        if name == "participation_id":
            return self.cohort_name(self._cohort_of_place.get(value))
        if name == "match_id":
            partner = self._partner_of_match.get(value) if value is not None else None
            return self.person_name(partner)
        if name == "assessment_id":
            return self.questionnaire(value)
        if name == "template_id":
            return "Yes" if value is not None else "No"
        if name == "batch_id":
            return self.import_name(value)
        if name == "event_id":
            title = self.data.get("events", {}).get(str(value))
            return self.guard.text(title, "an event's title") if title else f"event no. {value}"
        if name == "event_day_id":
            day = self.data.get("event_days", {}).get(str(value))
            if not day:
                return f"day no. {value}"
            on = long_date(date.fromisoformat(day["on"]))
            title = self.guard.text(day["event"], "an event's title")
            return f"{title}, {on}"
        if name == "outcome_id" and value is not None:
            return self.outcome(value)
        if table == "match_status_change" and name == "from_status" and not value:
            return "(new match)"
        if table == "audit_event" and name == "detail" and value:
            return self.guard.text(plain_detail(str(row.get("entity")), str(value)), "a detail")
        if name == "duration_minutes" and value is not None:
            return f"{value} min"
        if table in ("import_change", "audit_event") and name == "entity":
            return escape(RECORD_WORDS.get(str(value), str(value).replace("_", " ").capitalize()))
        if table == "import_change" and name == "action":
            return escape(str(value).capitalize())
        if table == "assessment_score" and name == "item":
            if row.get("kind") == ScoreKind.CONFIDENCE.value and value in CONFIDENCE_ITEMS:
                return escape(CONFIDENCE_ITEMS[value])
            return None
        if table == "assessment_score" and name == "score" and value is not None:
            if row.get("kind") == ScoreKind.SKILL.value:
                level = next((s.label for s in SkillLevel if s.rank == value), None)
                return f"{value} ({escape(level)})" if level else str(value)
            return f"{value} of 5"
        if name == "before_json":
            return self._earlier_values(str(value or ""))
        return None

    def _earlier_values(self, text: str) -> str:
        if not text:
            return "– (created by the import)"
        try:
            earlier = json.loads(text)
        except ValueError:
            return self.guard.text(text, "the values before an import")
        if not isinstance(earlier, dict):
            return self.guard.text(text, "the values before an import")
        lines = []
        for key, before in earlier.items():
            shown = "–" if before in (None, "") else str(before)
            lines.append(
                f"{escape(field_label(key))}: {self.guard.text(shown, 'the values before an import')}"
            )
        return "<br/>".join(lines) or "–"


# The vocabularies an audit entry's detail names values of ("status on_hold").
_STATUS_WORDS: dict[str, Callable[[str], Labelled]] = {
    "participation": ParticipationStatus,
    "match": MatchStatus,
    "mentoring_match": MatchStatus,
    "milestone": MilestoneStatus,
}
_VALUE_WORDS: tuple[Callable[[str], Labelled], ...] = (
    OutcomeKind,
    AssessmentPoint,
    ScoreKind,
    Assessor,
    Rsvp,
)


def _value_word(vocabularies: tuple[Callable[[str], Labelled], ...], word: str) -> str | None:
    for vocabulary in vocabularies:
        try:
            return vocabulary(word).label
        except ValueError:
            continue
    return None


def plain_detail(entity: str, detail: str) -> str:
    """An audit entry's detail in words: "status on_hold" -> "status: On hold", "rsvp" ->
    "her reply", "confidence baseline self" -> "confidence, baseline, self"."""
    statuses = (_STATUS_WORDS[entity],) if entity in _STATUS_WORDS else ()
    if detail.startswith("rule: "):
        return "by the programme's rules: " + detail.removeprefix("rule: ")
    parts = []
    for part in detail.split(", "):
        words = part.split(" ")
        if words[0] == "status" and len(words) == 2:
            label = _value_word((*statuses, *_STATUS_WORDS.values()), words[1])
            parts.append(f"status: {label or words[1]}")
        elif part in LABELS:
            parts.append(LABELS[part].lower() if part != "rsvp" else "her reply")
        elif len(words) > 1 and all(_value_word(_VALUE_WORDS, w) for w in words):
            parts.append(", ".join(str(_value_word(_VALUE_WORDS, w)).lower() for w in words))
        else:
            parts.append(_value_word(_VALUE_WORDS, part) or part)
    return ", ".join(parts)


def _cover(
    sa: SubjectAccess, produced: date, story_sections: list[tuple[str, int]]
) -> list[Flowable]:
    s = styles()
    data = sa.data
    name = sa.guard.name(sa.name, "her name")
    generated = _when(data["generated_at"]) if data.get("generated_at") else long_date(produced)
    cover: list[Flowable] = [
        Heading(f"Everything held about {name}", s.title, sa.name, 0),
        Paragraph(f"{escape(HEADER)} · produced {long_date(produced)}", s.subtitle),
        facts(
            [
                ("About", name),
                ("Email", sa.guard.text(data["subject"]["email"], "the email address")),
                (
                    "Organisation",
                    sa.guard.name(data["organisation"], "the organisation's name")
                    if data.get("organisation")
                    else "–",
                ),
                ("As at", escape(generated)),
            ],
            FRAME_WIDTH,
        ),
        Spacer(1, 6),
        Paragraph(
            "This document answers a subject access request: it sets out everything the mentoring "
            "programme holds about this person, one section for each kind of record, with every "
            "field of every record. Other people (a mentor or mentee) are named only. Internal "
            "record numbers and version counters, which say nothing about her, are left out.",
            s.body,
        ),
        Paragraph(
            "Equality monitoring answers are included, as asked."
            if data.get("equality_data_included")
            else "Equality monitoring answers are not included: they are kept separately and given "
            "only when asked for.",
            s.body,
        ),
        Paragraph("What is held", s.h2),
        grid(
            ["Section", "Records"],
            [[escape(title), str(count)] for title, count in story_sections],
            [5, 1],
            FRAME_WIDTH * 0.6,
        ),
    ]
    sa.guard.warnings_listed = True
    if sa.guard.warnings:
        cover.append(Spacer(1, 6))
        cover += [Paragraph(escape(w), s.note) for w in sa.guard.warnings]
        cover.append(
            Paragraph("The JSON export of the same request holds those characters exactly.", s.note)
        )
    return cover


def _rows_as_facts(
    table: str, section: Section, sa: SubjectAccess, rows: list[dict[str, Any]]
) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    for row in rows:
        if section.row_title is not None:
            out.append(Paragraph(section.row_title(row, sa), s.h2))
        pairs = [(field_label(f), sa.value(table, f, row)) for f in field_order(table, row)]
        out += [facts(pairs, FRAME_WIDTH, columns=1), Spacer(1, 4)]
    return out


@lru_cache(maxsize=1)
def _detail_style() -> ParagraphStyle:
    return ParagraphStyle("subject_access_detail", parent=styles().cell, fontSize=9, leading=11)


def _rows_as_grid(
    table: str, section: Section, sa: SubjectAccess, rows: list[dict[str, Any]]
) -> Flowable:
    """A table of the main fields; the rest of each record on a full-width line under it.

    Each record is one row of the outer table (holding a small table of its
    two lines), so a page break never parts a record from its second line;
    a record taller than a page (a very long note) splits inside itself.
    """
    s = styles()
    columns = list(section.columns)
    header = [field_label(c) for c in columns]
    main_rows = [[sa.value(table, c, row) for c in columns] for row in rows]
    widths = column_widths(header, main_rows, list(section.fractions), FRAME_WIDTH)
    padding = [
        cmd
        for cmd in s.grid.getCommands()
        if cmd[0] in ("FONTNAME", "VALIGN") or cmd[0].endswith("PADDING")
    ]
    data: list[list[Any]] = [[Paragraph(escape(h), s.cell_head) for h in header]]
    for row, cells in zip(rows, main_rows, strict=True):
        more = " · ".join(
            f"<font color='#5A5A66'>{escape(field_label(f))}:</font> {sa.value(table, f, row)}"
            for f in field_order(table, row)
            if f not in columns
        )
        lines: list[list[Any]] = [[Paragraph(cell, s.cell) for cell in cells]]
        style = list(padding)
        if more:
            lines.append([Paragraph(more, _detail_style())] + [""] * (len(columns) - 1))
            style += [
                ("SPAN", (0, 1), (-1, 1)),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                # Never between the two lines; only inside a long first line.
                ("NOSPLIT", (0, 0), (-1, 1)),
            ]
        record = Table(lines, colWidths=widths, splitByRow=0, splitInRow=SPLIT_IN_ROW)
        record.setStyle(TableStyle(style))
        data.append([record] + [""] * (len(columns) - 1))
    outer_style = [
        cmd for cmd in s.grid.getCommands() if not (cmd[0] == "LINEBELOW" and cmd[1] == (0, 1))
    ]
    outer_style += [
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 1), (-1, -1), 0),
        ("RIGHTPADDING", (0, 1), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 0),
    ]
    outer_style += [("SPAN", (0, r), (-1, r)) for r in range(1, len(data))]
    result = Table(
        data,
        colWidths=widths,
        repeatRows=1,
        hAlign="LEFT",
        splitByRow=0,
        splitInRow=SPLIT_IN_ROW,
    )
    result.setStyle(TableStyle(outer_style))
    return result


def _sort_key(table: str) -> Callable[[dict[str, Any]], tuple[str, int]]:
    when = {
        "mentoring_session": "held_on",
        "match_status_change": "at",
        "milestone": "due_date",
        "outcome": "occurred_on",
        "audit_event": "at",
    }.get(table)
    return lambda row: (str(row.get(when) or "") if when else "", int(row.get("id") or 0))


def subject_access_story(
    data: dict[str, Any], guard: TextGuard, produced: date
) -> tuple[ReportMeta, list[Flowable]]:
    s = styles()
    sa = SubjectAccess(data, guard)
    name = guard.check_name(sa.name, "her name")
    body: list[Flowable] = []
    contents: list[tuple[str, int]] = []
    for table, rows in data["tables"].items():
        section = _section_for(table)
        rows = sorted(rows, key=_sort_key(table))
        contents.append((section.title, len(rows)))
        body += [
            CondPageBreak(60),
            Heading(escape(section.title), s.h1, section.title, 1),
        ]
        if section.intro:
            body.append(Paragraph(escape(section.intro), s.note))
            body.append(Spacer(1, 3))
        if not rows:
            body.append(Paragraph(escape(section.empty), s.body))
        elif section.columns:
            body.append(_rows_as_grid(table, section, sa, rows))
        else:
            body += _rows_as_facts(table, section, sa, rows)
    named_in = data.get("named_in", [])
    contents.append((NAMED_IN_TITLE, len(named_in)))
    body += [CondPageBreak(60), Heading(escape(NAMED_IN_TITLE), s.h1, NAMED_IN_TITLE, 1)]
    body.append(
        Paragraph(
            escape(
                "Her email address where it stands in someone else's record, such as a mentee "
                "who names her as line manager, or the earlier values an import kept."
            ),
            s.note,
        )
    )
    if named_in:
        body.append(
            grid(
                ["Record", "Field"],
                [
                    [
                        sa.guard.text(str(n.get("record", "")), "a record naming her"),
                        escape(field_label(str(n.get("field", "")))),
                    ]
                    for n in named_in
                ],
                [5, 3],
                FRAME_WIDTH,
            )
        )
    else:
        body.append(Paragraph("No other record names her.", s.body))
    meta = ReportMeta(
        programme=HEADER,
        kind=KIND,
        title=f"Subject access: {name}",
        subject="Everything held about one person",
        produced=produced,
    )
    # The cover is built last: it lists what the sections could not print.
    return meta, _cover(sa, produced, contents) + body


def save_subject_access_pdf(
    personal: PersonalDataService,
    email: str,
    target: Path,
    *,
    include_equality: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Rendered:
    """Everything held about her as a PDF at ``target``, recorded as given out.

    The export is recorded only once the PDF is complete on disk, and the PDF
    published only once recorded: a failed write records nothing, and a
    failed record publishes nothing.
    """
    held = personal.held_about(email, include_equality=include_equality)
    return render_subject_access(
        held,
        target,
        progress=progress,
        before_publish=lambda: personal.record_subject_access(email),
    )


def render_subject_access(
    data: dict[str, Any],
    target: Path,
    produced: date | None = None,
    *,
    progress: Progress = NO_PROGRESS,
    before_publish: Callable[[], None] | None = None,
) -> Rendered:
    """Write the subject access PDF atomically; it is always written, whatever the names.

    Characters no font here can print show as U+FFFD and the cover lists them.
    """
    return render_to(
        Path(target),
        lambda guard, day: subject_access_story(data, guard, day),
        produced,
        progress=progress,
        before_publish=before_publish,
    )
