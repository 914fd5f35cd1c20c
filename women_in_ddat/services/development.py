"""A mentee's development: confidence and DDaT skills at baseline, mid-point and end.

Confidence is a fixed set of statements (CONFIDENCE_ITEMS) scored 1 to 5 by
the mentee and, optionally, by her mentor. Change is always paired person by
person: a cohort's change on a statement counts only the mentees who
answered it at both points, and compares each one with herself. Averages of
different groups of people at each point are never compared: people who
join late or skip the end questionnaire would otherwise move the figure.

Skills are the DDaT skills of the mentee's current and target roles, rated
awareness / working / practitioner / expert (1-4). The gap to the target
role is the level the framework asks of her target role level minus her
latest rating. When the framework in use does not say which level a role
level needs (the shipped framework lists skills per family only), the target
is taken as practitioner and the profile says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    AssessmentPoint,
    Assessor,
    AuditAction,
    ParticipantRole,
    ScoreKind,
    SkillLevel,
)
from women_in_ddat.domain.models import Assessment, AssessmentScore, Participation, Person
from women_in_ddat.domain.reference import Framework
from women_in_ddat.errors import EditConflict, InvalidInput
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.edit_conflicts import (
    Compared,
    as_display,
    edit_conflict,
    refuse_if_stale,
    showing_both_versions,
)
from women_in_ddat.services.framework_document import FrameworkInfo
from women_in_ddat.services.framework_service import FrameworkService
from women_in_ddat.services.progress import assessment_for

POINT_ORDER = (AssessmentPoint.BASELINE.value, AssessmentPoint.MID.value, AssessmentPoint.END.value)
LATER_POINTS = (AssessmentPoint.END.value, AssessmentPoint.MID.value)
ASSUMED_TARGET_LEVEL = SkillLevel.PRACTITIONER

# Scores: {participation_id: {point: {item: score}}}
ScoresByPerson = Mapping[int, Mapping[str, Mapping[str, int]]]


# --- pure: paired change ------------------------------------------------------


@dataclass(frozen=True)
class PairedChange:
    """One statement's change over the same people, each compared with herself."""

    item: str
    label: str
    people: int = 0
    mean_before: float | None = None
    mean_after: float | None = None
    improved: int = 0
    unchanged: int = 0
    declined: int = 0

    @property
    def mean_change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


def _later_answers(
    by_point: Mapping[str, Mapping[str, int]], later: str | None
) -> Mapping[str, int] | None:
    if later is not None:
        return by_point.get(later)
    return next((by_point[p] for p in LATER_POINTS if p in by_point), None)


def _summarise(item: str, label: str, pairs: list[tuple[float, float]]) -> PairedChange:
    if not pairs:
        return PairedChange(item, label)
    return PairedChange(
        item=item,
        label=label,
        people=len(pairs),
        mean_before=sum(b for b, _ in pairs) / len(pairs),
        mean_after=sum(a for _, a in pairs) / len(pairs),
        improved=sum(1 for b, a in pairs if a > b),
        unchanged=sum(1 for b, a in pairs if a == b),
        declined=sum(1 for b, a in pairs if a < b),
    )


def _before_after(
    scores: ScoresByPerson, later: str | None
) -> list[tuple[Mapping[str, int], Mapping[str, int]]]:
    """Each person's baseline and later answers, for people who gave both."""
    both = []
    for by_point in scores.values():
        before = by_point.get(AssessmentPoint.BASELINE.value)
        after = _later_answers(by_point, later)
        if before and after:
            both.append((before, after))
    return both


def paired_changes(
    scores: ScoresByPerson, *, later: str | None = None, items: Mapping[str, str] = CONFIDENCE_ITEMS
) -> list[PairedChange]:
    """Baseline against ``later`` (or each person's latest later answer), item by item."""
    pairs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for before, after in _before_after(scores, later):
        for item in before.keys() & after.keys():
            pairs[item].append((before[item], after[item]))
    ordered = [i for i in items if i in pairs] + sorted(i for i in pairs if i not in items)
    return [_summarise(item, items.get(item, item), pairs[item]) for item in ordered]


def paired_overall(scores: ScoresByPerson, *, later: str | None = None) -> PairedChange:
    """Each person's mean over the statements she answered at both points, then paired."""
    pairs = []
    for before, after in _before_after(scores, later):
        shared = before.keys() & after.keys()
        if shared:
            pairs.append(
                (
                    sum(before[i] for i in shared) / len(shared),
                    sum(after[i] for i in shared) / len(shared),
                )
            )
    return _summarise("all", "All statements", pairs)


# --- results --------------------------------------------------------------------


@dataclass(frozen=True)
class ConfidenceItemRow:
    item: str
    label: str
    # {point: score} as the mentee answered, and as her mentor saw it.
    self_scores: dict[str, int]
    mentor_scores: dict[str, int]

    @property
    def change(self) -> int | None:
        """Her own latest later score minus her own baseline."""
        before = self.self_scores.get(AssessmentPoint.BASELINE.value)
        after = next((self.self_scores[p] for p in LATER_POINTS if p in self.self_scores), None)
        return None if before is None or after is None else after - before


@dataclass(frozen=True)
class ConfidenceRecord:
    participation_id: int
    rows: list[ConfidenceItemRow]


@dataclass(frozen=True)
class CohortConfidence:
    cohort_id: int
    assessor: str
    later: str | None
    overall: PairedChange
    items: list[PairedChange]
    # Mentees with a baseline but no later answer yet (not counted in the change).
    awaiting_later: int


@dataclass(frozen=True)
class SkillRow:
    skill: str
    in_current_role: bool
    in_target_role: bool
    ratings: dict[str, SkillLevel]
    mentor_ratings: dict[str, SkillLevel]
    required: SkillLevel | None
    # "framework" when the framework names the level, "assumed" otherwise.
    required_source: str

    @property
    def latest(self) -> SkillLevel | None:
        return next((self.ratings[p] for p in reversed(POINT_ORDER) if p in self.ratings), None)

    @property
    def gap(self) -> int | None:
        """Levels still to climb to the target role's requirement (0 when met)."""
        if self.required is None or self.latest is None:
            return None
        return max(0, self.required.rank - self.latest.rank)


@dataclass(frozen=True)
class SkillProfile:
    participation_id: int
    current_role: str
    current_level: str
    target_role: str
    target_level: str
    framework: str
    rows: list[SkillRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_gap(self) -> int:
        return sum(r.gap or 0 for r in self.rows if r.in_target_role)


# --- the service ------------------------------------------------------------------


class DevelopmentService(Service):
    def _framework(self) -> FrameworkInfo:
        """The framework in use in this programme's database."""
        return FrameworkService(self.db, self.actor).current()

    def record_confidence(
        self,
        participation_id: int,
        point: AssessmentPoint,
        scores: Mapping[str, int],
        *,
        assessor: Assessor = Assessor.SELF,
        completed_on: date | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Record (or replace) one set of confidence scores; other answers are kept.

        ``expected_version`` is the questionnaire's version when the form was
        opened (0 when none was recorded yet); a stale one is refused with
        both versions.
        """
        problems = {}
        cleaned: dict[str, int] = {}
        for item, score in scores.items():
            if item not in CONFIDENCE_ITEMS:
                problems[item] = "not one of the confidence statements"
                continue
            if (
                isinstance(score, bool)
                or not isinstance(score, int)
                or not CONFIDENCE_MIN <= score <= CONFIDENCE_MAX
            ):
                problems[item] = f"a whole number from {CONFIDENCE_MIN} to {CONFIDENCE_MAX}"
                continue
            cleaned[item] = score
        _check_date(completed_on, problems)
        if problems:
            raise InvalidInput("Please correct the highlighted scores.", problems)
        return self._replace_scores(
            participation_id,
            point,
            assessor,
            ScoreKind.CONFIDENCE,
            cleaned,
            completed_on,
            expected_version,
        )

    def record_skill_ratings(
        self,
        participation_id: int,
        point: AssessmentPoint,
        ratings: Mapping[str, SkillLevel | str],
        *,
        assessor: Assessor = Assessor.SELF,
        completed_on: date | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Record (or replace) one set of DDaT skill ratings; other answers are kept (see above)."""
        known = {s.casefold(): s for s in self._framework().framework.all_skills}
        problems: dict[str, str] = {}
        cleaned: dict[str, int] = {}
        for skill, level in ratings.items():
            name = known.get(" ".join(str(skill).split()).casefold())
            if name is None:
                problems[str(skill)[:120]] = "not a skill in the DDaT framework in use"
                continue
            try:
                cleaned[name] = SkillLevel(SkillLevel.parse(str(level))).rank
            except ValueError:
                problems[name] = "awareness, working, practitioner or expert"
        _check_date(completed_on, problems)
        if problems:
            raise InvalidInput("Please correct the highlighted skills.", problems)
        return self._replace_scores(
            participation_id,
            point,
            assessor,
            ScoreKind.SKILL,
            cleaned,
            completed_on,
            expected_version,
        )

    def _replace_scores(
        self,
        participation_id: int,
        point: AssessmentPoint,
        assessor: Assessor,
        kind: ScoreKind,
        scores: Mapping[str, int],
        completed_on: date | None,
        expected_version: int | None = None,
    ) -> int:
        def changed_meanwhile() -> EditConflict:
            with self.db.reading() as session:
                stored = session.scalar(
                    select(Assessment).where(
                        col(Assessment.participation_id) == participation_id,
                        col(Assessment.point) == point.value,
                        col(Assessment.assessor) == assessor.value,
                    )
                )
                return scores_edit_conflict(session, stored, kind, scores, completed_on)

        with (
            showing_both_versions(expected_version, changed_meanwhile),
            self.db.transaction() as session,
        ):
            part = get_or_404(session, Participation, participation_id, "participation")
            if part.role != ParticipantRole.MENTEE.value:
                raise InvalidInput(
                    "Assessments are recorded for mentees only.", {"participation": "not a mentee"}
                )
            assessment, existed = assessment_for(session, participation_id, point, assessor)
            stored = assessment if existed else None
            refuse_if_stale(
                stored.version if stored is not None else 0,
                expected_version,
                lambda: scores_edit_conflict(session, stored, kind, scores, completed_on),
            )
            if existed:
                # Claim the new version before touching any score, so that a
                # concurrent save of the same questionnaire waits here and is
                # then refused, rather than clashing over the score rows.
                touch(assessment)
                session.flush()
            for old in session.scalars(
                select(AssessmentScore).where(
                    col(AssessmentScore.assessment_id) == assessment.id,
                    col(AssessmentScore.kind) == kind.value,
                )
            ):
                session.delete(old)
            session.flush()
            assessment.completed_on = completed_on or assessment.completed_on or date.today()
            for item, score in scores.items():
                session.add(
                    AssessmentScore(
                        assessment_id=assessment.id, kind=kind.value, item=item, score=score
                    )
                )
            self.audit(
                session,
                AuditAction.UPDATE,
                "assessment",
                assessment.id,
                f"{kind.value} {point.value} {assessor.value}",
            )
            return assessment.id

    # --- reading --------------------------------------------------------------
    def confidence(self, participation_id: int) -> ConfidenceRecord:
        with self.db.reading() as session:
            get_or_404(session, Participation, participation_id, "participation")
            scores = _scores(session, ScoreKind.CONFIDENCE, participation_id=participation_id)
        mine = scores.get(participation_id, {})
        rows = [
            ConfidenceItemRow(
                item=item,
                label=label,
                self_scores={
                    point: by_item[item]
                    for (point, assessor), by_item in mine.items()
                    if assessor == Assessor.SELF.value and item in by_item
                },
                mentor_scores={
                    point: by_item[item]
                    for (point, assessor), by_item in mine.items()
                    if assessor == Assessor.MENTOR.value and item in by_item
                },
            )
            for item, label in CONFIDENCE_ITEMS.items()
        ]
        return ConfidenceRecord(participation_id, rows)

    def cohort_confidence(
        self,
        cohort_id: int,
        *,
        later: AssessmentPoint | None = None,
        assessor: Assessor = Assessor.SELF,
    ) -> CohortConfidence:
        with self.db.reading() as session:
            scores = _scores(session, ScoreKind.CONFIDENCE, cohort_id=cohort_id)
        by_person = {
            part_id: {
                point: answers for (point, who), answers in by_key.items() if who == assessor.value
            }
            for part_id, by_key in scores.items()
        }
        later_value = later.value if later else None
        awaiting = sum(
            1
            for by_point in by_person.values()
            if AssessmentPoint.BASELINE.value in by_point
            and _later_answers(by_point, later_value) is None
        )
        return CohortConfidence(
            cohort_id=cohort_id,
            assessor=assessor.value,
            later=later_value,
            overall=paired_overall(by_person, later=later_value),
            items=paired_changes(by_person, later=later_value),
            awaiting_later=awaiting,
        )

    def skill_profile(self, participation_id: int) -> SkillProfile:
        with self.db.reading() as session:
            part = get_or_404(session, Participation, participation_id, "participation")
            person = get_or_404(session, Person, part.person_id, "person")
            scores = _scores(session, ScoreKind.SKILL, participation_id=participation_id)
        return build_skill_profile(
            participation_id, person, scores.get(participation_id, {}), self._framework()
        )


def build_skill_profile(
    participation_id: int,
    person: Person,
    answers: Mapping[tuple[str, str], Mapping[str, int]],
    info: FrameworkInfo,
) -> SkillProfile:
    framework = info.framework
    notes = []
    current_required = info.required_levels(person.current_role, person.current_level)
    target_required = info.required_levels(person.target_role, person.target_level)
    current_family = person.current_role_family or _family_name(framework, person.current_role)
    target_family = person.target_role_family or _family_name(framework, person.target_role)
    current_skills = _role_skills(framework, current_required, current_family)
    target_skills = _role_skills(framework, target_required, target_family)
    if not target_skills:
        notes.append("No target role is recorded, so there is no gap to show.")
    elif target_required is None:
        notes.append(
            f"The framework in use does not say which level each skill needs at the target role "
            f"level; {ASSUMED_TARGET_LEVEL.value} is assumed."
        )
    ratings: dict[str, dict[str, dict[str, SkillLevel]]] = {
        Assessor.SELF.value: defaultdict(dict),
        Assessor.MENTOR.value: defaultdict(dict),
    }
    for (point, assessor), by_item in answers.items():
        for skill, rank in by_item.items():
            if 1 <= rank <= len(SkillLevel) and assessor in ratings:
                ratings[assessor][skill][point] = list(SkillLevel)[rank - 1]
    ordered = list(
        dict.fromkeys([*target_skills, *current_skills, *sorted(ratings[Assessor.SELF.value])])
    )
    rows = []
    for skill in ordered:
        in_target = skill in target_skills
        required: SkillLevel | None = None
        source = ""
        if in_target:
            if target_required is not None:
                required, source = target_required[skill], "framework"
            else:
                required, source = ASSUMED_TARGET_LEVEL, "assumed"
        rows.append(
            SkillRow(
                skill=skill,
                in_current_role=skill in current_skills,
                in_target_role=in_target,
                ratings=dict(ratings[Assessor.SELF.value].get(skill, {})),
                mentor_ratings=dict(ratings[Assessor.MENTOR.value].get(skill, {})),
                required=required,
                required_source=source,
            )
        )
    return SkillProfile(
        participation_id=participation_id,
        current_role=person.current_role,
        current_level=person.current_level,
        target_role=person.target_role,
        target_level=person.target_level,
        framework=info.described,
        rows=rows,
        notes=notes,
    )


def _role_skills(
    framework: Framework, required: Mapping[str, SkillLevel] | None, family: str
) -> list[str]:
    """The framework's own list for the role level if it has one, else the family's skills."""
    if required is not None:
        return list(required)
    return list(framework.skills_for(family)) if family else []


def _family_name(framework: Framework, role: str) -> str:
    family = framework.family_of_role(role) if role else None
    return family.name if family else ""


def scores_edit_conflict(
    session: Session,
    stored: Assessment | None,
    kind: ScoreKind,
    yours: Mapping[str, int],
    completed_on: date | None,
) -> EditConflict:
    """One questionnaire's answers of one kind as saved now beside what this save holds.

    Saving replaces every answer of that kind, so a statement or skill
    answered only in the saved version shows as "Not answered" on yours.
    """
    theirs: dict[str, int] = {}
    if stored is not None:
        theirs = {
            row.item: row.score
            for row in session.scalars(
                select(AssessmentScore).where(
                    col(AssessmentScore.assessment_id) == stored.id,
                    col(AssessmentScore.kind) == kind.value,
                )
            )
        }
    if kind == ScoreKind.CONFIDENCE:
        order = {item: n for n, item in enumerate(CONFIDENCE_ITEMS)}
        items = sorted(theirs.keys() | yours.keys(), key=lambda i: (order.get(i, len(order)), i))

        def caption(item: str) -> str:
            return CONFIDENCE_ITEMS.get(item, item)

        def shown(score: object) -> str:
            return f"{score} of {CONFIDENCE_MAX}" if isinstance(score, int) else "Not answered"
    else:
        items = sorted(theirs.keys() | yours.keys(), key=str.casefold)
        levels = list(SkillLevel)

        def caption(item: str) -> str:
            return item

        def shown(score: object) -> str:
            if isinstance(score, int) and 1 <= score <= len(levels):
                return levels[score - 1].label
            return "Not rated"

    compared = [
        Compared(item, caption(item), theirs.get(item), yours.get(item), shown) for item in items
    ]
    if completed_on is not None:
        saved_on = stored.completed_on if stored is not None else None
        compared.insert(
            0, Compared("completed_on", "Completed on", saved_on, completed_on, as_display)
        )
    return edit_conflict("questionnaire", compared, stored.version if stored is not None else 0)


def _check_date(completed_on: date | None, problems: dict[str, str]) -> None:
    if completed_on is not None and completed_on > date.today():
        problems["completed_on"] = "a questionnaire cannot be completed in the future"


def _scores(
    session: Session,
    kind: ScoreKind,
    *,
    participation_id: int | None = None,
    cohort_id: int | None = None,
) -> dict[int, dict[tuple[str, str], dict[str, int]]]:
    """{participation: {(point, assessor): {item: score}}} for mentees."""
    query = (
        select(
            col(Participation.id),
            col(Assessment.point),
            col(Assessment.assessor),
            col(AssessmentScore.item),
            col(AssessmentScore.score),
        )
        .join(Assessment, col(Assessment.participation_id) == col(Participation.id))
        .join(AssessmentScore, col(AssessmentScore.assessment_id) == col(Assessment.id))
        .where(
            col(AssessmentScore.kind) == kind.value,
            col(Participation.role) == ParticipantRole.MENTEE.value,
        )
    )
    if participation_id is not None:
        query = query.where(col(Participation.id) == participation_id)
    if cohort_id is not None:
        query = query.where(col(Participation.cohort_id) == cohort_id)
    result: dict[int, dict[tuple[str, str], dict[str, int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for part_id, point, assessor, item, score in session.execute(query):
        result[part_id][(point, assessor)][item] = score
    return result
