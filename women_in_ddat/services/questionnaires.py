"""Questionnaires that come back by themselves: one way in for PDF forms and Forms exports.

A returned questionnaire arrives as ``ReturnedAnswers`` (read from a
filled PDF form by its hidden key, or from a row of a Microsoft Forms or
Google Forms export by her email). ``preview`` matches each to her place
and point and checks it: a form issued to nobody here, a form filled in by
someone else, a questionnaire returned twice with different answers, an
answer that is not one of the choices, a question left blank. ``collect``
then saves every valid one as her assessment (confidence statements and the
skills of her target role, exactly as answers typed in are saved, so the
paired baseline-to-later analysis counts them alike) and her feedback, in
one transaction: strict refuses everything if any is invalid, skip-invalid
saves the rest, dry-run saves nothing. ``undo`` puts back what a
collection replaced, unless those answers have changed since.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    AssessmentPoint,
    Assessor,
    AuditAction,
    ParticipantRole,
    ScoreKind,
    SkillLevel,
)
from women_in_ddat.domain.models import (
    Assessment,
    AssessmentScore,
    Cohort,
    Feedback,
    Participation,
    Person,
    QuestionnaireCollection,
    QuestionnaireCollectionChange,
    QuestionnaireForm,
    utcnow,
)
from women_in_ddat.domain.questionnaire_items import (
    CONFIDENCE_LABELS,
    FEEDBACK_QUESTIONS,
    QUOTE,
    QUOTE_CONSENT,
    QUOTE_CONSENT_LABELS,
    RECOMMEND,
    SATISFACTION,
    WHAT_CHANGED,
    WHAT_SHOULD_CHANGE,
    has_feedback,
    normalised,
    parse_confidence,
    parse_consent,
    parse_recommend,
    parse_satisfaction,
    parse_skill,
)
from women_in_ddat.errors import Conflict, InvalidInput, NotFound
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.progress import assessment_for

POINTS = tuple(p.value for p in AssessmentPoint)
CONFIDENCE = "confidence"
SKILL = "skill"
FEEDBACK = "feedback"


def field_token(text: str) -> str:
    """A PDF field name's part for a skill: ASCII letters, digits and underscores only."""
    import re

    return re.sub(r"[^a-z0-9]+", "_", normalised(text).encode("ascii", "ignore").decode()).strip(
        "_"
    )


# --- what comes in ------------------------------------------------------------


@dataclass(frozen=True)
class ReturnedAnswers:
    """One returned questionnaire as read, before it is matched to anyone.

    ``answers`` keys: ``confidence:<item>``, ``skill:<skill name or field token>``,
    ``feedback:<key>``; values as written in the form or the export cell.
    """

    source: str
    answers: Mapping[str, object]
    form_key: str = ""
    email: str = ""
    name: str = ""
    completed_on: date | None = None


@dataclass(frozen=True)
class PreviewItem:
    source: str
    person_name: str = ""
    email: str = ""
    cohort: str = ""
    point: str = ""
    participation_id: int | None = None
    role: str = ""
    confidence: dict[str, int] = field(default_factory=dict)
    skills: dict[str, str] = field(default_factory=dict)
    feedback: dict[str, object] = field(default_factory=dict)
    completed_on: date | None = None
    # Questions she was asked and left blank (shown; the rest is saved).
    missing: tuple[str, ...] = ()
    # What makes it invalid (refused by strict, skipped by skip-invalid).
    problems: tuple[str, ...] = ()
    # Worth saying, changes nothing (a copy returned twice, counted once).
    notes: tuple[str, ...] = ()
    # Nothing to save: the same answers are already saved, or came in another file here.
    already_saved: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def answer_count(self) -> int:
        return len(self.confidence) + len(self.skills) + len(self.feedback)


@dataclass(frozen=True)
class CollectionPreview:
    items: tuple[PreviewItem, ...]
    # Columns of a Forms export that match no question, and files that are no questionnaire.
    unmatched_columns: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()

    @property
    def to_save(self) -> tuple[PreviewItem, ...]:
        return tuple(i for i in self.items if i.valid and not i.already_saved)

    @property
    def invalid(self) -> tuple[PreviewItem, ...]:
        return tuple(i for i in self.items if not i.valid)


@dataclass(frozen=True)
class CollectionResult:
    preview: CollectionPreview
    collection_id: int | None
    saved: int
    skipped: int
    dry_run: bool


@dataclass(frozen=True)
class FormToWrite:
    """One person's questionnaire to write as a fillable PDF form."""

    form_key: str
    participation_id: int
    name: str
    email: str
    cohort: str
    point: str
    role: str
    # Confidence statements and skills are asked of mentees only.
    confidence_items: tuple[str, ...]
    skills: tuple[str, ...]
    feedback: bool


@dataclass(frozen=True)
class Outstanding:
    """A cohort's questionnaires written for a point and not yet returned."""

    cohort_id: int
    cohort: str
    point: str
    written: int
    people: tuple[tuple[int, str], ...]  # (person id, name)
    written_on: date | None = None


@dataclass(frozen=True)
class FeedbackRow:
    participation_id: int
    cohort: str
    point: str
    role: str
    satisfaction: int | None
    recommend: int | None
    what_changed: str
    what_should_change: str
    quote: str
    quote_consent: str
    consent_on: date | None
    consent_withdrawn_on: date | None
    completed_on: date | None

    @property
    def publishable_as(self) -> str:
        """How her quote may be published: name, role, anonymous or none."""
        if not self.quote or self.consent_withdrawn_on is not None:
            return "none"
        return self.quote_consent


@dataclass(frozen=True)
class FeedbackSummary:
    cohort_id: int
    responses: int
    mean_satisfaction: float | None
    recommend_answers: int
    promoters: int
    detractors: int
    quotes_publishable: int

    @property
    def nps(self) -> float | None:
        """Per cent promoters (9-10) minus per cent detractors (0-6), as Net Promoter Score is."""
        if not self.recommend_answers:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.recommend_answers


def collection_name(preview: CollectionPreview) -> str:
    """A collection's description, naming nobody: returned forms are named after the person."""
    pdfs = sum(1 for i in preview.items if i.source.lower().endswith(".pdf"))
    rows = len(preview.items) - pdfs
    parts = [f"{pdfs} PDF forms"] if pdfs else []
    parts += [f"{rows} Forms export rows"] if rows else []
    return ", ".join(parts) or "nothing"


# --- the service ----------------------------------------------------------------


class QuestionnaireService(Service):
    # --- forms out ----------------------------------------------------------
    def forms_to_write(
        self, cohort_id: int, point: AssessmentPoint, only: Iterable[int] | None = None
    ) -> list[FormToWrite]:
        """One form per person in the cohort, keys fresh (recorded by ``record_forms``).

        Mentors get a form at the mid-point and end only (feedback, no confidence).
        ``only``: these places alone (a form sent to her by message).
        """
        from women_in_ddat.services.development import DevelopmentService

        info = DevelopmentService(self.db, self.actor)._framework()
        with self.db.reading() as session:
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            query = (
                select(Participation, Person)
                .join(Person, col(Person.id) == col(Participation.person_id))
                .where(col(Participation.cohort_id) == cohort_id)
                .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
            )
            if only is not None:
                query = query.where(col(Participation.id).in_(list(only)))
            rows = session.execute(query).all()
        forms = []
        for part, person in rows:
            mentee = part.role == ParticipantRole.MENTEE.value
            if part.status == "withdrawn" or (not mentee and not has_feedback(point.value)):
                continue
            skills: tuple[str, ...] = ()
            if mentee:
                from women_in_ddat.services.development import build_skill_profile

                profile = build_skill_profile(int(part.id or 0), person, {}, info)
                skills = tuple(r.skill for r in profile.rows if r.in_target_role)
            forms.append(
                FormToWrite(
                    form_key=secrets.token_hex(12),
                    participation_id=int(part.id or 0),
                    name=person.display_name,
                    email=person.email,
                    cohort=cohort.name,
                    point=point.value,
                    role=part.role,
                    confidence_items=tuple(CONFIDENCE_ITEMS) if mentee else (),
                    skills=skills,
                    feedback=has_feedback(point.value),
                )
            )
        return forms

    def record_forms(self, forms: Sequence[FormToWrite]) -> None:
        """Remember the forms written, so that each returned one finds her by its key."""
        with self.db.transaction() as session:
            for form in forms:
                session.add(
                    QuestionnaireForm(
                        form_key=form.form_key,
                        participation_id=form.participation_id,
                        point=form.point,
                    )
                )
            if forms:
                self.audit(
                    session,
                    AuditAction.CREATE,
                    "questionnaire_form",
                    forms[0].participation_id,
                    f"{len(forms)} forms written for {forms[0].point}",
                )

    def skills_of_cohort(self, cohort_id: int) -> list[str]:
        """Every skill of a mentee's target role in the cohort (for a shared Forms form)."""
        seen: dict[str, None] = {}
        for form in self.forms_to_write(cohort_id, AssessmentPoint.BASELINE):
            seen.update(dict.fromkeys(form.skills))
        return list(seen)

    # --- answers in -----------------------------------------------------------
    def preview(
        self,
        returned: Iterable[ReturnedAnswers],
        *,
        point: AssessmentPoint | None = None,
        cohort_id: int | None = None,
        unmatched_columns: Sequence[str] = (),
        unread: Sequence[str] = (),
    ) -> CollectionPreview:
        with self.db.reading() as session:
            items = _Matcher(self, session, point, cohort_id).match_all(list(returned))
        return CollectionPreview(tuple(items), tuple(unmatched_columns), tuple(unread))

    def collect(
        self,
        preview: CollectionPreview,
        *,
        source_name: str,
        skip_invalid: bool = False,
        dry_run: bool = False,
    ) -> CollectionResult:
        """Save a preview's valid answers in one transaction (strict unless ``skip_invalid``)."""
        invalid = preview.invalid
        if invalid and not skip_invalid:
            first = invalid[0]
            raise InvalidInput(
                f"{len(invalid)} of {len(preview.items)} questionnaires cannot be saved "
                f"({first.source}: {first.problems[0]}); nothing was saved. Correct them, "
                "or collect with skip-invalid to save the others."
            )
        to_save = preview.to_save
        if dry_run:
            return CollectionResult(preview, None, len(to_save), len(invalid), True)
        with self.db.transaction() as session:
            collection = QuestionnaireCollection(
                source_name=source_name[:255], collected_by=self.actor, saved_count=len(to_save)
            )
            session.add(collection)
            session.flush()
            for item in to_save:
                assert item.participation_id is not None
                before = snapshot(session, item.participation_id, item.point)
                _save(session, item)
                session.flush()
                after = snapshot(session, item.participation_id, item.point)
                session.add(
                    QuestionnaireCollectionChange(
                        collection_id=collection.id,
                        participation_id=item.participation_id,
                        point=item.point,
                        before_json=json.dumps(before, sort_keys=True),
                        after_json=json.dumps(after, sort_keys=True),
                    )
                )
            self.audit(
                session,
                AuditAction.CREATE,
                "questionnaire_collection",
                collection.id,
                f"{len(to_save)} saved, {len(invalid)} skipped",
            )
            collection_id = int(collection.id or 0)
        return CollectionResult(preview, collection_id, len(to_save), len(invalid), False)

    def undo(self, collection_id: int) -> int:
        """Put back what a collection replaced; refused if any of it changed since."""
        with self.db.transaction() as session:
            collection = get_or_404(
                session, QuestionnaireCollection, collection_id, "questionnaire collection"
            )
            if collection.status != "applied":
                raise Conflict("That collection was undone already; nothing was changed.")
            changes = list(
                session.scalars(
                    select(QuestionnaireCollectionChange)
                    .where(col(QuestionnaireCollectionChange.collection_id) == collection_id)
                    .order_by(col(QuestionnaireCollectionChange.id).desc())
                )
            )
            for change in changes:
                now = snapshot(session, change.participation_id, change.point)
                if json.dumps(now, sort_keys=True) != change.after_json:
                    raise Conflict(
                        "Some of these answers were changed after they were collected; "
                        "nothing was undone."
                    )
            for change in changes:
                _restore(
                    session, change.participation_id, change.point, json.loads(change.before_json)
                )
            collection.status = "undone"
            collection.undone_at = utcnow()
            self.audit(
                session, AuditAction.DELETE, "questionnaire_collection", collection_id, "undone"
            )
            return len(changes)

    def last_collection_id(self) -> int | None:
        with self.db.reading() as session:
            return session.scalar(
                select(col(QuestionnaireCollection.id))
                .where(col(QuestionnaireCollection.status) == "applied")
                .order_by(col(QuestionnaireCollection.id).desc())
                .limit(1)
            )

    # --- reading back ---------------------------------------------------------------
    def outstanding(self, cohort_id: int | None = None) -> list[Outstanding]:
        """Per cohort and point, who was sent a form and has returned nothing for that point."""
        with self.db.reading() as session:
            return outstanding_in(session, cohort_id)

    def feedback_of_person(self, person_id: int) -> list[FeedbackRow]:
        with self.db.reading() as session:
            rows = session.execute(
                select(Feedback, col(Cohort.name))
                .join(Participation, col(Participation.id) == col(Feedback.participation_id))
                .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
                .where(col(Participation.person_id) == person_id)
                .order_by(col(Cohort.id), col(Feedback.id))
            ).all()
        found = [_feedback_row(fb, name) for fb, name in rows]
        # Mid-point before end within each cohort (the point's name sorts "end" first).
        return sorted(found, key=lambda r: POINTS.index(r.point) if r.point in POINTS else 9)

    def feedback_summary(self, cohort_id: int) -> FeedbackSummary:
        with self.db.reading() as session:
            return feedback_summary_in(session, cohort_id)

    def withdraw_quote_consent(self, participation_id: int, point: AssessmentPoint) -> None:
        """She no longer agrees to her quote being published: dated, and kept from every report."""
        with self.db.transaction() as session:
            fb = _feedback(session, participation_id, point.value)
            if fb is None:
                raise NotFound("There is no feedback at that point to withdraw consent from.")
            _withdraw(self, session, fb)

    def withdraw_quote_consents(
        self, person_id: int, cohort_id: int | None = None, point: AssessmentPoint | None = None
    ) -> int:
        """Withdraw every consent of hers still in force (in a cohort, at a point, if given)."""
        with self.db.transaction() as session:
            query = (
                select(Feedback)
                .join(Participation, col(Participation.id) == col(Feedback.participation_id))
                .where(
                    col(Participation.person_id) == person_id,
                    col(Feedback.quote) != "",
                    col(Feedback.quote_consent) != "none",
                    col(Feedback.consent_withdrawn_on).is_(None),
                )
            )
            if cohort_id is not None:
                query = query.where(col(Participation.cohort_id) == cohort_id)
            if point is not None:
                query = query.where(col(Feedback.point) == point.value)
            found = list(session.scalars(query))
            if not found:
                raise NotFound(
                    "She has no quote with a consent to publish in force; nothing was changed."
                )
            for fb in found:
                _withdraw(self, session, fb)
            return len(found)

    def publishable_quotes(self, cohort_ids: Sequence[int]) -> list[PublishableQuote]:
        with self.db.reading() as session:
            return publishable_quotes_in(session, cohort_ids)


def _withdraw(service: QuestionnaireService, session: Session, fb: Feedback) -> None:
    if fb.consent_withdrawn_on is not None:
        raise Conflict(
            f"That consent was withdrawn already, on {fb.consent_withdrawn_on:%d/%m/%Y}; "
            "nothing was changed."
        )
    if not fb.quote or fb.quote_consent == "none":
        raise InvalidInput("That feedback has no quote agreed for publishing; nothing was changed.")
    touch(fb)
    fb.consent_withdrawn_on = date.today()
    service.audit(session, AuditAction.UPDATE, "feedback", fb.id, "quote consent withdrawn")


@dataclass(frozen=True)
class PublishableQuote:
    """A quote she agreed to publish, attributed only as far as she agreed."""

    text: str
    attribution: str
    consent_on: date
    cohort_id: int
    point: str


def publishable_quotes_in(session: Session, cohort_ids: Sequence[int]) -> list[PublishableQuote]:
    """Quotes with a dated consent to publish that is in force (services.quotes' one rule)."""
    from women_in_ddat.services.quotes import consented_quotes

    if not cohort_ids:
        return []
    return [
        PublishableQuote(q.text, q.name, q.consent_given_on, q.cohort_id, q.point)
        for q in consented_quotes(session, col(Participation.cohort_id).in_(list(cohort_ids)))
    ]


# --- matching and checking ------------------------------------------------------------


class _Matcher:
    def __init__(
        self,
        service: QuestionnaireService,
        session: Session,
        point: AssessmentPoint | None,
        cohort_id: int | None,
    ) -> None:
        from women_in_ddat.services.development import DevelopmentService, build_skill_profile

        self.session = session
        self.point = point.value if point else None
        self.cohort_id = cohort_id
        self.info = DevelopmentService(service.db, service.actor)._framework()
        self._profile = build_skill_profile
        self.all_skills = {
            key: skill
            for skill in self.info.framework.all_skills
            for key in (normalised(skill), field_token(skill))
        }

    def match_all(self, returned: list[ReturnedAnswers]) -> list[PreviewItem]:
        items = [self.match(r) for r in returned]
        return _mark_repeats(self.session, items)

    def _place(self, answers: ReturnedAnswers) -> tuple[Participation, Person, str] | str:
        """Her place and the point, or the problem that stops the match."""
        if answers.form_key:
            form = self.session.scalar(
                select(QuestionnaireForm).where(col(QuestionnaireForm.form_key) == answers.form_key)
            )
            if form is None:
                return "this form was not written by this programme (its identifier is unknown)"
            part = self.session.get(Participation, form.participation_id)
            person = self.session.get(Person, part.person_id) if part else None
            if part is None or person is None:
                return "the person this form was written for is no longer recorded"
            if self.point and form.point != self.point:
                return f"this is her {form.point} form, not a {self.point} one"
            return part, person, form.point
        if not answers.email:
            return "no email address to know whose answers these are"
        person = self.session.scalar(
            select(Person).where(col(Person.email) == answers.email.strip().lower())
        )
        if person is None:
            return f"nobody here has the email address {answers.email.strip()}"
        query = (
            select(Participation)
            .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
            .where(col(Participation.person_id) == person.id)
            .order_by(col(Cohort.start_date).desc().nulls_last(), col(Cohort.id).desc())
        )
        if self.cohort_id is not None:
            query = query.where(col(Participation.cohort_id) == self.cohort_id)
        part = self.session.scalars(query).first()
        if part is None:
            return "she is not in this cohort"
        if not self.point:
            return "the point (baseline, mid or end) is not known for this file"
        return part, person, self.point

    def match(self, answers: ReturnedAnswers) -> PreviewItem:
        place = self._place(answers)
        if isinstance(place, str):
            return PreviewItem(
                source=answers.source,
                person_name=answers.name,
                email=answers.email,
                problems=(place,),
            )
        part, person, point = place
        cohort = self.session.get(Cohort, part.cohort_id)
        mentee = part.role == ParticipantRole.MENTEE.value
        problems: list[str] = []
        notes: list[str] = []
        someone_else = self._filled_by_someone_else(answers, person, part)
        if someone_else:
            problems.append(someone_else)
        elif answers.name.strip() and normalised(answers.name) not in _names(person):
            # Her key, another name: a nickname or a correction, shown so a colleague's
            # answers on her form do not go unnoticed.
            notes.append(f"the name on the form reads '{_shown(answers.name)}'")
        target_skills: list[str] = []
        if mentee:
            profile = self._profile(int(part.id or 0), person, {}, self.info)
            target_skills = [r.skill for r in profile.rows if r.in_target_role]
        confidence: dict[str, int] = {}
        skills: dict[str, str] = {}
        feedback: dict[str, object] = {}
        for key, raw in answers.answers.items():
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            kind, _, name = key.partition(":")
            try:
                if kind == CONFIDENCE and name in CONFIDENCE_ITEMS:
                    if mentee:
                        confidence[name] = parse_confidence(raw)
                elif kind == SKILL:
                    skill = self.all_skills.get(normalised(name)) or self.all_skills.get(name)
                    if skill is None:
                        notes.append(f"the skill '{name}' is not in the framework in use; ignored")
                    elif mentee:
                        skills[skill] = parse_skill(raw).value
                elif kind == FEEDBACK and name in FEEDBACK_QUESTIONS and has_feedback(point):
                    feedback[name] = _feedback_value(name, raw)
            except ValueError:
                problems.append(f"'{_shown(raw)}' is not an answer to '{_question(kind, name)}'")
        missing = self._missing(point, mentee, target_skills, confidence, skills, feedback)
        if feedback.get(QUOTE) and QUOTE_CONSENT not in feedback:
            feedback[QUOTE_CONSENT] = "none"
            notes.append("a quote without an answer on publishing it: kept private")
        if not (confidence or skills or feedback) and not problems:
            problems.append("no question is answered")
        return PreviewItem(
            source=answers.source,
            person_name=person.display_name,
            email=person.email,
            cohort=cohort.name if cohort else "",
            point=point,
            participation_id=int(part.id or 0),
            role=part.role,
            confidence=confidence,
            skills=skills,
            feedback=feedback,
            completed_on=answers.completed_on,
            missing=tuple(missing),
            problems=tuple(problems),
            notes=tuple(notes),
        )

    def _filled_by_someone_else(
        self, answers: ReturnedAnswers, person: Person, part: Participation
    ) -> str:
        if not answers.form_key or not answers.name.strip():
            return ""
        written = normalised(answers.name)
        if written in _names(person):
            return ""
        others = self.session.scalars(
            select(Person)
            .join(Participation, col(Participation.person_id) == col(Person.id))
            .where(col(Participation.cohort_id) == part.cohort_id, col(Person.id) != person.id)
        )
        for other in others:
            if written in _names(other):
                return (
                    f"this form was written for {person.display_name} but filled in "
                    f"as {other.display_name}"
                )
        return ""

    @staticmethod
    def _missing(
        point: str,
        mentee: bool,
        target_skills: list[str],
        confidence: Mapping[str, int],
        skills: Mapping[str, str],
        feedback: Mapping[str, object],
    ) -> list[str]:
        missing = []
        if mentee:
            missing += [CONFIDENCE_ITEMS[i] for i in CONFIDENCE_ITEMS if i not in confidence]
            missing += [f"skill: {s}" for s in target_skills if s not in skills]
        if has_feedback(point):
            missing += [
                FEEDBACK_QUESTIONS[k] for k in (SATISFACTION, RECOMMEND) if k not in feedback
            ]
        return missing


def _mark_repeats(session: Session, items: list[PreviewItem]) -> list[PreviewItem]:
    """A questionnaire returned twice: counted once if the same, refused if the answers differ."""
    from dataclasses import replace

    by_place: dict[tuple[int, str], list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        if item.participation_id is not None and item.valid:
            by_place[(item.participation_id, item.point)].append(n)
    for (part_id, point), indices in by_place.items():
        first = items[indices[0]]
        if len(indices) > 1:
            differ = any(_answers(items[i]) != _answers(first) for i in indices[1:])
            sources = ", ".join(items[i].source for i in indices)
            for i in indices:
                if differ:
                    items[i] = replace(
                        items[i],
                        problems=(
                            *items[i].problems,
                            f"filled in twice with different answers ({sources}): "
                            "keep only the one she means",
                        ),
                    )
                elif i != indices[0]:
                    items[i] = replace(
                        items[i],
                        already_saved=True,
                        notes=(
                            *items[i].notes,
                            f"the same answers as {first.source}; counted once",
                        ),
                    )
            if differ:
                continue
        saved_before = session.scalar(
            select(col(QuestionnaireCollectionChange.after_json))
            .join(
                QuestionnaireCollection,
                col(QuestionnaireCollection.id) == col(QuestionnaireCollectionChange.collection_id),
            )
            .where(
                col(QuestionnaireCollectionChange.participation_id) == part_id,
                col(QuestionnaireCollectionChange.point) == point,
                col(QuestionnaireCollection.status) == "applied",
            )
            .order_by(col(QuestionnaireCollectionChange.id).desc())
            .limit(1)
        )
        if saved_before is None:
            continue
        now = snapshot(session, part_id, point)
        i = indices[0]
        if _contains(now, items[i]):
            items[i] = replace(
                items[i],
                already_saved=True,
                notes=(*items[i].notes, "already saved; nothing to change"),
            )
        else:
            items[i] = replace(
                items[i],
                problems=(
                    *items[i].problems,
                    "returned before with different answers, already saved: undo that "
                    "collection first if this one replaces it",
                ),
            )
    return items


def _names(person: Person) -> tuple[str, ...]:
    return (normalised(person.display_name), normalised(f"{person.first_name} {person.last_name}"))


def _answers(item: PreviewItem) -> tuple[object, ...]:
    return (item.confidence, item.skills, item.feedback)


def _contains(now: Mapping[str, object], item: PreviewItem) -> bool:
    """Whether what is saved now already holds every answer of ``item``."""
    saved_conf = now.get(CONFIDENCE) or {}
    saved_skill = now.get(SKILL) or {}
    saved_fb = now.get(FEEDBACK) or {}
    assert isinstance(saved_conf, dict) and isinstance(saved_skill, dict)
    assert isinstance(saved_fb, dict)
    ranks = {k: SkillLevel(v).rank for k, v in item.skills.items()}
    return (
        all(saved_conf.get(k) == v for k, v in item.confidence.items())
        and all(saved_skill.get(k) == v for k, v in ranks.items())
        and all(saved_fb.get(k) == v for k, v in item.feedback.items())
    )


def _feedback_value(key: str, raw: object) -> object:
    if key == SATISFACTION:
        return parse_satisfaction(raw)
    if key == RECOMMEND:
        return parse_recommend(raw)
    if key == QUOTE_CONSENT:
        return parse_consent(raw)
    return " ".join(str(raw).split()) if key == QUOTE else str(raw).strip()


def _question(kind: str, name: str) -> str:
    if kind == CONFIDENCE:
        return CONFIDENCE_ITEMS.get(name, name)
    if kind == FEEDBACK:
        return FEEDBACK_QUESTIONS.get(name, name)
    return f"skill: {name}"


def _shown(raw: object) -> str:
    text = " ".join(str(raw).split())
    return text if len(text) <= 40 else text[:39] + "…"


# --- saving and undoing ------------------------------------------------------------------

_FEEDBACK_FIELDS = (
    SATISFACTION,
    RECOMMEND,
    WHAT_CHANGED,
    WHAT_SHOULD_CHANGE,
    QUOTE,
    QUOTE_CONSENT,
    "consent_on",
    "consent_withdrawn_on",
    "completed_on",
)


def snapshot(session: Session, participation_id: int, point: str) -> dict[str, object]:
    """Her own answers at one point as stored: confidence, skills (ranks) and feedback."""
    state: dict[str, object] = {CONFIDENCE: None, SKILL: None, FEEDBACK: None}
    assessment = _assessment(session, participation_id, point)
    if assessment is not None:
        for kind in (ScoreKind.CONFIDENCE, ScoreKind.SKILL):
            scores = {
                s.item: s.score
                for s in session.scalars(
                    select(AssessmentScore).where(
                        col(AssessmentScore.assessment_id) == assessment.id,
                        col(AssessmentScore.kind) == kind.value,
                    )
                )
            }
            state[kind.value] = scores or None
    fb = _feedback(session, participation_id, point)
    if fb is not None:
        state[FEEDBACK] = {
            name: (value.isoformat() if isinstance(value, date) else value)
            for name in _FEEDBACK_FIELDS
            for value in (getattr(fb, name),)
        }
    return state


def _assessment(session: Session, participation_id: int, point: str) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(
            col(Assessment.participation_id) == participation_id,
            col(Assessment.point) == point,
            col(Assessment.assessor) == Assessor.SELF.value,
        )
    )


def _feedback(session: Session, participation_id: int, point: str) -> Feedback | None:
    return session.scalar(
        select(Feedback).where(
            col(Feedback.participation_id) == participation_id, col(Feedback.point) == point
        )
    )


def _replace_scores(
    session: Session,
    participation_id: int,
    point: str,
    kind: ScoreKind,
    scores: Mapping[str, int] | None,
    completed_on: date | None,
) -> None:
    """As DevelopmentService saves a questionnaire: the kind's answers replaced together."""
    assessment, existed = assessment_for(
        session, participation_id, AssessmentPoint(point), Assessor.SELF
    )
    if existed:
        touch(assessment)
    session.execute(
        delete(AssessmentScore).where(
            col(AssessmentScore.assessment_id) == assessment.id,
            col(AssessmentScore.kind) == kind.value,
        )
    )
    assessment.completed_on = completed_on or assessment.completed_on or date.today()
    for item, score in (scores or {}).items():
        session.add(
            AssessmentScore(assessment_id=assessment.id, kind=kind.value, item=item, score=score)
        )
    session.flush()


def _save(session: Session, item: PreviewItem) -> None:
    assert item.participation_id is not None
    when = item.completed_on or date.today()
    # A question she left blank keeps the answer saved before at this point (typed in
    # from a paper copy, say): a blank is no answer, not a wish to delete one.
    saved = snapshot(session, item.participation_id, item.point)
    if item.confidence:
        merged = {**(saved[CONFIDENCE] or {}), **item.confidence}  # type: ignore[dict-item]
        _replace_scores(
            session, item.participation_id, item.point, ScoreKind.CONFIDENCE, merged, when
        )
    if item.skills:
        ranks = {skill: SkillLevel(level).rank for skill, level in item.skills.items()}
        merged = {**(saved[SKILL] or {}), **ranks}  # type: ignore[dict-item]
        _replace_scores(session, item.participation_id, item.point, ScoreKind.SKILL, merged, when)
    if item.feedback:
        fb = _feedback(session, item.participation_id, item.point)
        if fb is None:
            fb = Feedback(participation_id=item.participation_id, point=item.point, role=item.role)
            session.add(fb)
        else:
            touch(fb)
        for name in (SATISFACTION, RECOMMEND, WHAT_CHANGED, WHAT_SHOULD_CHANGE, QUOTE):
            default: object = None if name in (SATISFACTION, RECOMMEND) else ""
            setattr(fb, name, item.feedback.get(name, default))
        fb.quote_consent = str(item.feedback.get(QUOTE_CONSENT, "none"))
        fb.consent_on = when if fb.quote_consent != "none" else None
        fb.consent_withdrawn_on = None
        fb.completed_on = when


def _restore(
    session: Session, participation_id: int, point: str, before: Mapping[str, Any]
) -> None:
    assessment = _assessment(session, participation_id, point)
    if before.get(CONFIDENCE) is None and before.get(SKILL) is None:
        if assessment is not None:
            session.execute(
                delete(AssessmentScore).where(col(AssessmentScore.assessment_id) == assessment.id)
            )
            session.delete(assessment)
    else:
        for kind in (ScoreKind.CONFIDENCE, ScoreKind.SKILL):
            _replace_scores(session, participation_id, point, kind, before.get(kind.value), None)
    fb = _feedback(session, participation_id, point)
    saved = before.get(FEEDBACK)
    if saved is None:
        if fb is not None:
            session.delete(fb)
    elif fb is not None:
        touch(fb)
        for name in _FEEDBACK_FIELDS:
            value = saved.get(name)
            if name in ("consent_on", "consent_withdrawn_on", "completed_on") and value:
                value = date.fromisoformat(value)
            setattr(fb, name, value)
    session.flush()


def outstanding_in(session: Session, cohort_id: int | None = None) -> list[Outstanding]:
    """Per cohort and point, who was sent a form and has returned nothing for that point.

    A withdrawn place is not chased; answers typed in count as returned.
    """
    query = (
        select(
            col(QuestionnaireForm.point),
            col(QuestionnaireForm.written_at),
            Participation,
            Person,
            Cohort,
        )
        .join(Participation, col(Participation.id) == col(QuestionnaireForm.participation_id))
        .join(Person, col(Person.id) == col(Participation.person_id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(col(Participation.status) != "withdrawn")
        .order_by(
            col(Cohort.name),
            col(QuestionnaireForm.point),
            col(Person.last_name),
            col(Person.first_name),
        )
    )
    if cohort_id is not None:
        query = query.where(col(Participation.cohort_id) == cohort_id)
    answered = _answered(session, cohort_id)
    waiting: dict[tuple[int, str, str], dict[int, str]] = defaultdict(dict)
    written: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    first_written: dict[tuple[int, str, str], date] = {}
    for point, written_at, part, person, cohort in session.execute(query):
        key = (int(cohort.id or 0), cohort.name, point)
        written[key].add(int(part.id or 0))
        day = written_at.date()
        first_written[key] = min(first_written.get(key, day), day)
        if (part.id, point) not in answered:
            waiting[key][int(person.id or 0)] = person.display_name
    order = {p: n for n, p in enumerate(POINTS)}
    return [
        Outstanding(
            cid, name, point, len(written[key]), tuple(waiting[key].items()), first_written[key]
        )
        for key in sorted(waiting, key=lambda k: (k[1], order.get(k[2], 9)))
        for cid, name, point in (key,)
        if waiting[key]
    ]


def _answered(session: Session, cohort_id: int | None) -> set[tuple[int, str]]:
    """(place, point) pairs with her own answers or feedback saved."""
    found: set[tuple[int, str]] = set()
    for model in (Assessment, Feedback):
        query = select(col(model.participation_id), col(model.point))
        if model is Assessment:
            query = query.where(col(Assessment.assessor) == Assessor.SELF.value)
        if cohort_id is not None:
            query = query.join(
                Participation, col(Participation.id) == col(model.participation_id)
            ).where(col(Participation.cohort_id) == cohort_id)
        found.update((int(p), str(pt)) for p, pt in session.execute(query))
    return found


def feedback_summary_in(session: Session, cohort_id: int) -> FeedbackSummary:
    """The cohort's feedback, each person once: her latest answer (end over mid)."""
    rows = [
        _feedback_row(fb, "")
        for fb in session.scalars(
            select(Feedback)
            .join(Participation, col(Participation.id) == col(Feedback.participation_id))
            .where(col(Participation.cohort_id) == cohort_id)
        )
    ]
    latest: dict[int, FeedbackRow] = {}
    for row in sorted(rows, key=lambda r: POINTS.index(r.point) if r.point in POINTS else 9):
        latest[row.participation_id] = row
    rated = [r.satisfaction for r in latest.values() if r.satisfaction is not None]
    recommend = [r.recommend for r in latest.values() if r.recommend is not None]
    return FeedbackSummary(
        cohort_id=cohort_id,
        responses=len(latest),
        mean_satisfaction=sum(rated) / len(rated) if rated else None,
        recommend_answers=len(recommend),
        promoters=sum(1 for r in recommend if r >= 9),
        detractors=sum(1 for r in recommend if r <= 6),
        # Every quote counts, mid and end: the reports print each one she agreed to.
        quotes_publishable=sum(1 for r in rows if r.publishable_as != "none" and r.consent_on),
    )


def _feedback_row(fb: Feedback, cohort: str) -> FeedbackRow:
    return FeedbackRow(
        participation_id=fb.participation_id,
        cohort=cohort,
        point=fb.point,
        role=fb.role,
        satisfaction=fb.satisfaction,
        recommend=fb.recommend,
        what_changed=fb.what_changed,
        what_should_change=fb.what_should_change,
        quote=fb.quote,
        quote_consent=fb.quote_consent,
        consent_on=fb.consent_on,
        consent_withdrawn_on=fb.consent_withdrawn_on,
        completed_on=fb.completed_on,
    )


__all__ = [
    "CONFIDENCE_LABELS",
    "QUOTE_CONSENT_LABELS",
    "CollectionPreview",
    "CollectionResult",
    "FeedbackRow",
    "FeedbackSummary",
    "FormToWrite",
    "Outstanding",
    "PreviewItem",
    "PublishableQuote",
    "QuestionnaireService",
    "ReturnedAnswers",
]
