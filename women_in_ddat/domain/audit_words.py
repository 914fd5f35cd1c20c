"""The audit trail in a coordinator's words: "Import", "Person", "Mentoring session".

The trail stores internal names (a table, an export's dataset, an action) so
that it reads the same in every version of the app. Whatever shows it to her
words it here, once; a name not listed (a table added later) still reads as
words: ``skill_interest`` becomes "Skill interest".
"""

from __future__ import annotations

from women_in_ddat.domain.search_text import fold_for_search

# What was acted on: a table, or the dataset an export wrote.
RECORD_WORDS: dict[str, str] = {
    "assessment": "Questionnaire answers",
    "assessment_score": "Questionnaire answers",
    "attendance_import": "Attendance import",
    "cohort": "Cohort",
    "database": "Database",
    "equality_record": "Equality answers",
    "erased_participant_tally": "Erased people count",
    "event": "Event",
    "event_attendance": "Event attendance",
    "event_day": "Event day",
    "event_dropped_day": "Event day",
    "event_invitation": "Event invitation",
    "feedback": "Feedback",
    "import_batch": "Import",
    "import_change": "Import",
    "import_created": "Import",
    "mailing": "Message",
    "mailing_recipient": "Message",
    "match": "Match",
    "match_status_change": "Match",
    "mentoring_match": "Match",
    "mentoring_session": "Mentoring session",
    "message": "Message",
    "message_template": "Message template",
    "milestone": "Milestone",
    "milestone_template": "Milestone template",
    "organisation": "Organisation",
    "outcome": "Outcome",
    "participation": "Cohort place",
    "person": "Person",
    "person_skill_interest": "Person",
    "programme": "Programme",
    "questionnaire_collection": "Questionnaire collection",
    "questionnaire_collection_change": "Questionnaire collection",
    "questionnaire_form": "Questionnaire",
    "reference_framework": "Capability framework",
    "session": "Mentoring session",
    # The datasets an export writes (services/exporting.py DATASETS).
    "people": "People",
    "participants": "Participants",
    "matches": "Matches",
    "milestones": "Milestones",
    "sessions": "Mentoring sessions",
    "outcomes": "Outcomes",
    "attendance": "Attendance",
    "assessments": "Questionnaire answers",
    "organisations": "Organisations",
}

# What was done (domain.enums.AuditAction's values), as a log line says it.
ACTION_WORDS: dict[str, str] = {
    "create": "Added",
    "update": "Changed",
    "delete": "Deleted",
    "import": "Imported",
    "undo_import": "Import undone",
    "export": "Exported",
    "erase": "Erased",
    "backup": "Backed up",
    "restore": "Restored",
    "report": "Report written",
    "demo": "Demo data added",
    "send": "Sent",
    "draft": "Drafts written",
}


def _readable(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").split()).capitalize()


def record_words(entity: str) -> str:
    """What an audit line's record is, in her words ("Import" for ``import_batch``)."""
    return RECORD_WORDS.get(entity) or _readable(entity)


def action_words(action: str) -> str:
    """What an audit line's action is, in her words ("Changed" for ``update``)."""
    return ACTION_WORDS.get(action) or _readable(action)


def names_worded(words: dict[str, str], typed: str) -> list[str]:
    """The internal names whose wording contains ``typed`` (a search of what she sees)."""
    wanted = fold_for_search(typed).strip()
    return sorted(
        name for name, said in words.items() if wanted and wanted in fold_for_search(said)
    )
