"""UK GDPR duties: subject access, erasure, retention and equality data.

Subject access and erasure both start from ``PERSON_GRAPH``: every table
that holds something about a person. Her rows are found by walking the
schema (services/personal_records.py): foreign keys from her record, the
audit trail's and import history's references to any of those rows, and
her email in other people's records. A table added later is covered
without a change here; tests/services/test_personal_records.py builds a
person referenced from every such column and checks that erasure leaves
no byte of her name or email in the database file.
"""

from __future__ import annotations

import json
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, func, or_, select, update
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col
from sqlmodel.main import default_registry

from women_in_ddat.domain.enums import AuditAction, MilestoneStatus, ParticipationStatus
from women_in_ddat.domain.models import (
    AuditEvent,
    Cohort,
    EqualityRecord,
    ErasedParticipantTally,
    Event,
    EventDay,
    ImportBatch,
    ImportChange,
    ImportCreated,
    Match,
    MentoringSession,
    Milestone,
    Organisation,
    Participation,
    Person,
    Programme,
    utcnow,
)
from women_in_ddat.domain.values import normalise_email
from women_in_ddat.errors import Conflict, DatabaseReadOnly, EditConflict, InvalidInput, NotFound
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.edit_conflicts import (
    Compared,
    edit_conflict,
    refuse_if_stale,
    showing_both_versions,
)
from women_in_ddat.services.personal_records import (
    NOT_PERSONAL as NOT_PERSONAL,  # part of this module's interface
)
from women_in_ddat.services.personal_records import (
    SOFT_REFERENCES,
    earlier_values_naming,
    email_mentions,
    her_row_ids,
    personal_tables,
    soft_reference_condition,
)
from women_in_ddat.storage.atomic import atomic_path

EQUALITY_CHOICES: dict[str, tuple[str, ...]] = {
    "ethnicity": (
        "prefer_not_to_say",
        "asian_or_asian_british",
        "black_african_caribbean_or_black_british",
        "mixed_or_multiple",
        "white",
        "other",
    ),
    "disability": ("prefer_not_to_say", "yes", "no"),
    "age_band": ("prefer_not_to_say", "16-24", "25-34", "35-44", "45-54", "55-64", "65+"),
    "caring_responsibilities": ("prefer_not_to_say", "yes", "no"),
    "sexual_orientation": (
        "prefer_not_to_say",
        "bisexual",
        "gay_or_lesbian",
        "heterosexual",
        "other",
    ),
}


# The question each equality field asks, and the wording of each answer.
EQUALITY_QUESTIONS: dict[str, str] = {
    "ethnicity": "Ethnic group",
    "disability": "Do you consider yourself to have a disability?",
    "age_band": "Age band",
    "caring_responsibilities": "Do you have caring responsibilities?",
    "sexual_orientation": "Sexual orientation",
}
_ANSWER_WORDING = {
    "prefer_not_to_say": "Prefer not to say",
    "asian_or_asian_british": "Asian or Asian British",
    "black_african_caribbean_or_black_british": "Black, African, Caribbean or Black British",
    "mixed_or_multiple": "Mixed or multiple ethnic groups",
    "white": "White",
    "other": "Another group",
    "yes": "Yes",
    "no": "No",
    "bisexual": "Bisexual",
    "gay_or_lesbian": "Gay or lesbian",
    "heterosexual": "Heterosexual or straight",
    "65+": "65 or over",
}
PREFER_NOT_TO_SAY = "prefer_not_to_say"


def equality_answer_label(value: str) -> str:
    return _ANSWER_WORDING.get(value, value)


@dataclass(frozen=True)
class EqualityStatus:
    """Whether equality answers may be recorded for a person, and hers if she gave any."""

    collecting: bool
    # The programmes she takes part in that collect equality data.
    programmes: tuple[str, ...]
    answers: dict[str, str] | None
    recorded_at: datetime | None
    # The answers' version, for refusing a stale save (0: none recorded yet).
    version: int = 0


@dataclass(frozen=True)
class ProgrammeEquality:
    id: int
    name: str
    collecting: bool
    people_answered: int


# The tables of a subject access export, in the order a reader meets them:
# every personal table (found by personal_records), then the import history
# and the audit trail. A table added later comes before those last three.
_READING_ORDER = (
    "person",
    "person_skill_interest",
    "equality_record",
    "participation",
    "mentoring_match",
    "mentoring_session",
    "match_status_change",
    "milestone",
    "assessment",
    "assessment_score",
    "outcome",
)
_HISTORY_TABLES = ("import_created", "import_change", "audit_event")
PERSON_GRAPH: tuple[str, ...] = (
    *[t for t in _READING_ORDER if t in personal_tables()],
    *[t for t in personal_tables() if t not in _READING_ORDER],
    *_HISTORY_TABLES,
)


@cache
def _models() -> dict[str, Any]:
    return {
        table.name: mapper.class_
        for mapper in default_registry.mappers
        if isinstance(table := mapper.local_table, Table)
    }


def _rows_about(
    session: Session, person_id: int, ids: dict[str, list[int]]
) -> dict[str, list[Any]]:
    """Her rows in every table of PERSON_GRAPH, given her row ids (``her_row_ids``)."""
    rows: dict[str, list[Any]] = {}
    for table in PERSON_GRAPH:
        model = _models()[table]
        if table in ids:
            query = select(model).where(model.id.in_(ids[table])) if ids[table] else None
        elif table in SOFT_REFERENCES:
            query = select(model).where(soft_reference_condition(table, ids))
        else:
            # Which import created her record (a source of her data): the run of new ids hers is in.
            query = select(ImportCreated).where(
                col(ImportCreated.entity) == "person",
                col(ImportCreated.first_id) <= person_id,
                col(ImportCreated.last_id) >= person_id,
            )
        rows[table] = list(session.scalars(query.order_by(model.id))) if query is not None else []
    return rows


EQUALITY_TABLES = {"equality_record"}


def _jsonable(row: Any) -> dict[str, Any]:
    out = {}
    for key, value in row.model_dump().items():
        if isinstance(value, datetime | date):
            value = value.isoformat()
        out[key] = value
    return out


@dataclass(frozen=True)
class ErasureSummary:
    token: str
    rows_removed: dict[str, int]


@dataclass(frozen=True)
class DueForDeletion:
    person_id: int
    display_name: str
    email: str
    last_cohort: str
    last_cohort_end: date
    due_since: date


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # Clamp 31 March + 1 month to 30 April.
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def subject_access_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _changes_holding(email: str, ids: dict[str, list[int]]) -> Any:
    """Import changes about others whose earlier values may hold ``email`` (the caller checks)."""
    return select(ImportChange).where(
        func.lower(col(ImportChange.before_json)).contains(email, autoescape=True),
        ~soft_reference_condition("import_change", ids),
    )


def _whose_record(session: Session, table: str, row_id: int) -> str:
    """A reader's name for someone else's record: whose it is, and which cohort for a place."""
    if table == "person":
        other = session.get(Person, row_id)
        return other.display_name if other else f"person no. {row_id}"
    if table == "participation":
        place = session.get(Participation, row_id)
        owner = session.get(Person, place.person_id) if place else None
        cohort = session.get(Cohort, place.cohort_id) if place else None
        if owner is not None and cohort is not None:
            return f"{owner.display_name}'s place in {cohort.name}"
    return f"{table} no. {row_id}"


def _named_in(session: Session, person: Person, ids: dict[str, list[int]]) -> list[dict[str, Any]]:
    """Where her email stands in someone else's record, with whose record it is."""
    named: list[dict[str, Any]] = []
    for mention in email_mentions(session, person.email, person.id):
        named.append(
            {
                "table": mention.table,
                "field": mention.column,
                "record": _whose_record(session, mention.table, mention.row_id),
            }
        )
    for change in session.scalars(_changes_holding(person.email, ids)):
        about = session.get(Person, change.entity_id) if change.entity == "person" else None
        for key in earlier_values_naming(change.before_json, person.email):
            named.append(
                {
                    "table": "import_change",
                    "field": key,
                    "record": (
                        f"{about.display_name if about else change.entity}, before import no. "
                        f"{change.batch_id}"
                    ),
                }
            )
    return named


class PersonalDataService(Service):
    def subject_access(self, email: str, *, include_equality: bool = False) -> dict[str, Any]:
        """Everything held about one person, recorded in the audit trail as given out.

        To give it out as a file, use ``save_subject_access_json`` (or the PDF's
        ``reports.subject_access.save_subject_access_pdf``): they record the
        export only once the file is complete, so a failed write records nothing.
        """
        data = self.held_about(email, include_equality=include_equality)
        self.record_subject_access(email)
        return data

    def held_about(self, email: str, *, include_equality: bool = False) -> dict[str, Any]:
        """Everything held about one person, table by table, plus names for the ids.

        Only reads: recording it as exported is ``record_subject_access``.
        """
        key = normalise_email(email)
        with self.db.reading() as session:
            person = session.scalar(select(Person).where(col(Person.email) == key))
            if person is None:
                raise NotFound("No one with that email address is recorded.")
            ids = her_row_ids(session, person.id)
            tables = {
                table: [_jsonable(r) for r in rows]
                for table, rows in _rows_about(session, person.id, ids).items()
                if include_equality or table not in EQUALITY_TABLES
            }
            named_in = _named_in(session, person, ids)
            org = (
                session.get(Organisation, person.organisation_id)
                if person.organisation_id
                else None
            )
            cohort_ids = {p["cohort_id"] for p in tables["participation"]}
            cohorts = {
                c.id: c.name
                for c in session.scalars(select(Cohort).where(col(Cohort.id).in_(cohort_ids)))
            }
            # The other people in her matches appear by name only (their own data is theirs).
            others: dict[int, str] = {}
            for m in tables["mentoring_match"]:
                for pid_col in ("mentee_participation_id", "mentor_participation_id"):
                    part = session.get(Participation, m[pid_col])
                    if part and part.person_id != person.id:
                        other = session.get(Person, part.person_id)
                        if other:
                            others[part.id] = other.display_name
            # The spreadsheet each import about her came from (where her details came from).
            batch_ids = {
                row["batch_id"]
                for table in ("import_created", "import_change")
                for row in tables.get(table, [])
            }
            imports = {
                b.id: b.source_name
                for b in session.scalars(
                    select(ImportBatch).where(col(ImportBatch.id).in_(batch_ids))
                )
            }
            # The events she was invited to, and their days, by title and date.
            event_titles = {
                e.id: e.title
                for e in session.scalars(
                    select(Event).where(
                        col(Event.id).in_(
                            {r["event_id"] for r in tables.get("event_invitation", [])}
                        )
                    )
                )
            }
            event_days = {
                d.id: {
                    "event": event_titles.get(d.event_id, "an event"),
                    "on": d.on_date.isoformat(),
                }
                for d in session.scalars(
                    select(EventDay).where(
                        col(EventDay.id).in_(
                            {r["event_day_id"] for r in tables.get("event_attendance", [])}
                        )
                    )
                )
            }
        return {
            "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "subject": {"email": person.email, "name": person.display_name},
            "organisation": org.name if org else None,
            "cohorts": {str(k): v for k, v in cohorts.items()},
            "imports": {str(k): v for k, v in imports.items()},
            "match_partners": {str(k): v for k, v in others.items()},
            "events": {str(k): v for k, v in event_titles.items()},
            "event_days": {str(k): v for k, v in event_days.items()},
            "equality_data_included": include_equality,
            "tables": tables,
            # Her email in other people's records (as their line manager, say).
            "named_in": named_in,
        }

    def record_subject_access(self, email: str) -> None:
        """Record in the audit trail that everything held about her was given out."""
        key = normalise_email(email)
        try:
            with self.db.transaction() as session:
                person_id = session.scalar(select(col(Person.id)).where(col(Person.email) == key))
                if person_id is None:
                    raise NotFound("No one with that email address is recorded.")
                self.audit(session, AuditAction.EXPORT, "person", person_id, "subject access")
        except DatabaseReadOnly as exc:
            # Giving out everything held about her is recorded, or it does not happen.
            raise DatabaseReadOnly(
                message="The subject access export was not written: the database is read-only, "
                "so it could not be recorded in the audit trail, as the law requires. "
                "Make the database writable and try again."
            ) from exc

    def save_subject_access_json(
        self, email: str, target: Path, *, include_equality: bool = False
    ) -> None:
        """Write everything held about her to ``target`` as JSON, all or nothing.

        The file is complete on disk before the export is recorded, and
        published only once recorded: a failed write records nothing, a
        failed record publishes nothing.
        """
        data = subject_access_json(self.held_about(email, include_equality=include_equality))
        with atomic_path(
            target, what="export", before_replace=lambda: self.record_subject_access(email)
        ) as tmp:
            tmp.write_bytes(data)

    def _backup_before_erasure(
        self, *, backup_first: bool = True
    ) -> AbstractContextManager[object]:
        """The backup taken before an erasure (dropped if the erasure changes nothing)."""
        from women_in_ddat.storage.backup import backup_before

        path = self.db.sqlite_path if backup_first else None
        return backup_before(path, reason="before-erase")

    def erase(self, person_id: int, *, backup_first: bool = True) -> ErasureSummary:
        """Delete the person and everything about them, keeping only anonymous tallies.

        A backup is taken first, as before any destructive action; it holds
        the person's data until it rotates out of the backups folder.
        """
        with (
            self._backup_before_erasure(backup_first=backup_first),
            self.db.transaction() as session,
        ):
            summary = self._erase_in(session, person_id)
        self._scrub_free_space()
        return summary

    def _erase_in(self, session: Session, person_id: int) -> ErasureSummary:
        """Erase one person within the caller's transaction; never commits."""
        token = "erased-" + secrets.token_hex(8)
        removed: dict[str, int] = {}
        person = get_or_404(session, Person, person_id, "person")
        today = date.today()
        for part in session.scalars(
            select(Participation).where(col(Participation.person_id) == person.id)
        ):
            matches = session.scalars(
                select(col(Match.id)).where(
                    or_(
                        col(Match.mentee_participation_id) == part.id,
                        col(Match.mentor_participation_id) == part.id,
                    )
                )
            ).all()
            sessions_held = (
                session.scalar(
                    select(func.count(col(MentoringSession.id))).where(
                        col(MentoringSession.match_id).in_(matches)
                    )
                )
                or 0
            )
            ms = (
                session.execute(
                    select(col(Milestone.status)).where(col(Milestone.participation_id) == part.id)
                )
                .scalars()
                .all()
            )
            session.add(
                ErasedParticipantTally(
                    cohort_id=part.cohort_id,
                    role=part.role,
                    status=part.status,
                    was_matched=bool(matches),
                    sessions_held=sessions_held,
                    milestones_done=sum(1 for s in ms if s == MilestoneStatus.DONE.value),
                    milestones_total=len(ms),
                    erased_on=today,
                )
            )
        ids = her_row_ids(session, person.id)
        for table, row_ids in ids.items():
            if table != "person":
                removed[table] = len(row_ids)
        # The import history is not reached by ON DELETE CASCADE: her rows' earlier values.
        gone = session.execute(
            delete(ImportChange).where(soft_reference_condition("import_change", ids))
        )
        removed["import_change"] = cast("CursorResult[Any]", gone).rowcount
        self._clear_her_email_elsewhere(session, person.email, ids, token)
        # The audit trail keeps what happened, not to whom: an opaque token.
        session.execute(
            update(AuditEvent)
            .where(soft_reference_condition("audit_event", ids))
            .values(entity_id=token)
        )
        session.delete(person)
        removed["person"] = 1
        self.audit(session, AuditAction.ERASE, "person", token)
        return ErasureSummary(token, removed)

    def _clear_her_email_elsewhere(
        self, session: Session, email: str, ids: dict[str, list[int]], token: str
    ) -> None:
        """Her email in others' records is cleared, and in the earlier values imports kept."""
        for mention in email_mentions(session, email, ids["person"][0]):
            table = SQLModel.metadata.tables[mention.table]
            values: dict[str, Any] = {mention.column: ""}
            # A stale edit of that record must not write her email back.
            if "version" in table.c:
                values["version"] = table.c.version + 1
            if "updated_at" in table.c:
                values["updated_at"] = utcnow()
            session.execute(update(table).where(table.c.id == mention.row_id).values(**values))
            self.audit(
                session,
                AuditAction.UPDATE,
                mention.table,
                mention.row_id,
                f"{mention.column} cleared: erasure of {token}",
            )
        for change in session.scalars(_changes_holding(email, ids)):
            earlier = json.loads(change.before_json)
            for key in earlier_values_naming(change.before_json, email):
                earlier[key] = ""
            change.before_json = json.dumps(earlier, ensure_ascii=False)

    def _scrub_free_space(self) -> None:
        """secure_delete zeroes deleted cells; VACUUM also rebuilds pages and indexes."""
        if self.db.engine.dialect.name == "sqlite":
            with self.db.engine.connect() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None  # an open SQLite connection
                raw.execute("VACUUM")

    def erase_by_email(self, email: str) -> ErasureSummary:
        key = normalise_email(email)
        with self.db.reading() as session:
            person_id = session.scalar(select(col(Person.id)).where(col(Person.email) == key))
        if person_id is None:
            raise NotFound("No one with that email address is recorded.")
        return self.erase(person_id)

    def due_for_deletion(self, today: date | None = None) -> list[DueForDeletion]:
        """People whose every cohort ended more than its programme's retention period ago.

        The rule is worked out per cohort (a few dozen), then the database
        names the people all of whose cohorts are due: at 100,000 people none
        is loaded unless she is due.
        """
        today = today or date.today()
        with self.db.reading() as session:
            cohorts = session.execute(
                select(
                    col(Cohort.id),
                    col(Cohort.name),
                    col(Cohort.end_date),
                    col(Programme.retention_months),
                ).join(Programme, col(Programme.id) == col(Cohort.programme_id))
            ).all()
            # An open-ended cohort (or one not due yet) keeps everyone in it.
            due_of = {
                cohort_id: (name, end, _add_months(end, months))
                for cohort_id, name, end, months in cohorts
                if end is not None and _add_months(end, months) <= today
            }
            if not due_of:
                return []
            kept = [cohort_id for cohort_id, *_ in cohorts if cohort_id not in due_of]
            in_due = select(col(Participation.person_id)).where(
                col(Participation.cohort_id).in_(sorted(due_of))
            )
            in_kept = select(col(Participation.person_id)).where(
                col(Participation.cohort_id).in_(kept)
            )
            due_people = (col(Person.id).in_(in_due), col(Person.id).not_in(in_kept))
            people = session.execute(
                select(
                    col(Person.id),
                    col(Person.first_name),
                    col(Person.preferred_name),
                    col(Person.last_name),
                    col(Person.email),
                ).where(*due_people)
            ).all()
            places: dict[int, list[int]] = {}
            for person_id, cohort_id in session.execute(
                select(col(Participation.person_id), col(Participation.cohort_id)).where(
                    col(Participation.person_id).in_(select(col(Person.id)).where(*due_people))
                )
            ):
                places.setdefault(person_id, []).append(cohort_id)
        result = []
        for person_id, first, preferred, last, email in people:
            # The cohort that ended last (by when it fell due) names her row.
            name, end, due = max(
                (due_of[c] for c in places.get(person_id, [])), key=lambda held: held[2]
            )
            shown = f"{preferred or first} {last}".strip()
            result.append(DueForDeletion(person_id, shown, email, name, end, due))
        return sorted(result, key=lambda d: (d.due_since, d.display_name))

    def erase_many(self, person_ids: list[int], progress: Any = None) -> list[ErasureSummary]:
        """Erase several people, all or none: after a failure everyone is still there.

        One backup first, one transaction for them all, then one scrub of the
        freed space (the names and emails must not linger in the file).
        """
        summaries = []
        with self._backup_before_erasure(), self.db.transaction() as session:
            for i, pid in enumerate(person_ids):
                if progress is not None:
                    progress.step(i, len(person_ids), "Erasing")
                summaries.append(self._erase_in(session, pid))
        self._scrub_free_space()
        return summaries

    # --- equality data ----------------------------------------------------
    def set_equality_collection(self, programme_id: int, enabled: bool) -> None:
        with self.db.transaction() as session:
            programme = get_or_404(session, Programme, programme_id, "programme")
            programme.collect_equality_data = enabled
            self.audit(
                session,
                AuditAction.UPDATE,
                "programme",
                programme_id,
                f"equality data {'on' if enabled else 'off'}",
            )

    def equality_settings(self) -> list[ProgrammeEquality]:
        """Every programme, whether it collects equality data, and how many have answered."""
        with self.db.reading() as session:
            programmes = list(session.scalars(select(Programme).order_by(col(Programme.name))))
            answered = dict(
                session.execute(
                    select(
                        col(Cohort.programme_id),
                        func.count(func.distinct(col(EqualityRecord.person_id))),
                    )
                    .join(Participation, col(Participation.cohort_id) == col(Cohort.id))
                    .join(
                        EqualityRecord,
                        col(EqualityRecord.person_id) == col(Participation.person_id),
                    )
                    .group_by(col(Cohort.programme_id))
                ).all()
            )
        return [
            ProgrammeEquality(p.id, p.name, p.collect_equality_data, int(answered.get(p.id, 0)))
            for p in programmes
        ]

    def equality_status(self, person_id: int) -> EqualityStatus:
        """For her page: may answers be recorded, and what she answered (never used elsewhere)."""
        with self.db.reading() as session:
            get_or_404(session, Person, person_id, "person")
            names = tuple(
                session.scalars(
                    select(col(Programme.name))
                    .distinct()
                    .join(Cohort, col(Cohort.programme_id) == col(Programme.id))
                    .join(Participation, col(Participation.cohort_id) == col(Cohort.id))
                    .where(
                        col(Participation.person_id) == person_id,
                        col(Programme.collect_equality_data).is_(True),
                    )
                    .order_by(col(Programme.name))
                )
            )
            record = session.scalar(
                select(EqualityRecord).where(col(EqualityRecord.person_id) == person_id)
            )
        answers = (
            {field: getattr(record, field) for field in EQUALITY_CHOICES}
            if record is not None
            else None
        )
        return EqualityStatus(
            collecting=bool(names),
            programmes=names,
            answers=answers,
            recorded_at=record.recorded_at if record is not None else None,
            version=record.version if record is not None else 0,
        )

    def record_equality(
        self, person_id: int, answers: dict[str, str], *, expected_version: int | None = None
    ) -> EqualityStatus:
        """Record her answers; ``expected_version`` as in ``EqualityStatus.version``.

        Returns her answers as saved, with the version the next save must name.
        """
        problems = {
            field: "not one of the offered answers"
            for field, value in answers.items()
            if field not in EQUALITY_CHOICES or value not in EQUALITY_CHOICES[field]
        }
        if problems:
            raise InvalidInput("Please choose from the offered answers.", problems)

        def changed_meanwhile() -> EditConflict:
            with self.db.reading() as session:
                stored = session.scalar(
                    select(EqualityRecord).where(col(EqualityRecord.person_id) == person_id)
                )
                return equality_edit_conflict(stored, answers)

        with (
            showing_both_versions(expected_version, changed_meanwhile),
            self.db.transaction() as session,
        ):
            get_or_404(session, Person, person_id, "person")
            enabled = session.scalar(
                select(func.count(col(Programme.id)))
                .join(Cohort, col(Cohort.programme_id) == col(Programme.id))
                .join(Participation, col(Participation.cohort_id) == col(Cohort.id))
                .where(
                    col(Participation.person_id) == person_id,
                    col(Programme.collect_equality_data).is_(True),
                )
            )
            if not enabled:
                raise Conflict("Equality monitoring is switched off for this person's programme.")
            record = session.scalar(
                select(EqualityRecord).where(col(EqualityRecord.person_id) == person_id)
            )
            stored = record
            refuse_if_stale(
                record.version if record is not None else 0,
                expected_version,
                lambda: equality_edit_conflict(stored, answers),
            )
            if record is None:
                record = EqualityRecord(person_id=person_id)
                session.add(record)
            else:
                touch(record)
            for field, value in answers.items():
                setattr(record, field, value)
            record.recorded_at = utcnow()
            session.flush()
            self.audit(session, AuditAction.UPDATE, "equality_record", record.id)
        return self.equality_status(person_id)


def equality_edit_conflict(stored: EqualityRecord | None, yours: dict[str, str]) -> EditConflict:
    """Her answers as saved now beside this save's; the message names questions, never answers."""
    return edit_conflict(
        "person's equality answers",
        (
            Compared(
                field,
                EQUALITY_QUESTIONS.get(field, field),
                getattr(stored, field) if stored is not None else None,
                value,
                lambda v: equality_answer_label(str(v)) if v is not None else "Not recorded",
            )
            for field, value in yours.items()
        ),
        stored.version if stored is not None else 0,
        name_fields=False,
    )


def suppressed_counts(counts: dict[str, int], *, threshold: int = 5) -> dict[str, int | str]:
    """Aggregate equality figures: any group under ``threshold`` shows as "fewer than 5"."""
    return {
        group: (n if n >= threshold else f"fewer than {threshold}") for group, n in counts.items()
    }


def participation_status_counts(
    session: Session, cohort_id: int, role: str = "mentee"
) -> dict[str, int]:
    """A cohort's participants by status, including people erased since (via their tallies)."""
    counts: dict[str, int] = {s.value: 0 for s in ParticipationStatus}
    for status, n in session.execute(
        select(col(Participation.status), func.count())
        .where(col(Participation.cohort_id) == cohort_id, col(Participation.role) == role)
        .group_by(col(Participation.status))
    ):
        counts[status] = counts.get(status, 0) + n
    for status, n in session.execute(
        select(col(ErasedParticipantTally.status), func.count())
        .where(
            col(ErasedParticipantTally.cohort_id) == cohort_id,
            col(ErasedParticipantTally.role) == role,
        )
        .group_by(col(ErasedParticipantTally.status))
    ):
        counts[status] = counts.get(status, 0) + n
    return counts
