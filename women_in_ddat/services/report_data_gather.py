"""Reading what the reports print, in a handful of bulk queries.

A cohort of a thousand mentees is read with the same seven queries as one
mentee: each query selects every row for the chosen participations at
once (through a sub-select, so no parameter list grows with the cohort),
and the rows are grouped in Python.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from women_in_ddat.domain.enums import (
    CONFIDENCE_ITEMS,
    Assessor,
    AuditAction,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
    ScoreKind,
)
from women_in_ddat.domain.models import (
    Assessment,
    AssessmentScore,
    Cohort,
    Match,
    MatchStatusChange,
    MentoringSession,
    Milestone,
    Organisation,
    Outcome,
    Participation,
    Person,
    Programme,
)
from women_in_ddat.domain.programme_rules import milestone_state
from women_in_ddat.domain.values import clean_text, name_key, normalise_email
from women_in_ddat.domain.wording import counted
from women_in_ddat.errors import Conflict, NotFound
from women_in_ddat.services.base import Service
from women_in_ddat.services.cohorts import find_cohort
from women_in_ddat.services.events import event_lines
from women_in_ddat.services.list_query import words_match
from women_in_ddat.services.questionnaires import feedback_summary_in, publishable_quotes_in
from women_in_ddat.services.quotes import consented_quotes
from women_in_ddat.services.report_data import (
    STARTED_MATCH_STATUSES,
    CohortData,
    CohortHeader,
    MentorLine,
    MentorParticipation,
    MilestoneLine,
    OrganisationData,
    OutcomeLine,
    PersonProgress,
    ScopeChoice,
    ScoreSeries,
    SessionStats,
)

MENTEE = ParticipantRole.MENTEE.value
MENTOR = ParticipantRole.MENTOR.value

# How many mentee places the Reports page's type-ahead offers at once.
CHOICES_SHOWN = 50


class ReportDataService(Service):
    """Plain report data for one person, cohort or organisation."""

    # --- one mentee -----------------------------------------------------
    def person_progress(self, email: str, cohort: str | None = None) -> PersonProgress:
        """The mentee's progress in ``cohort``, or in her most recent cohort."""
        found = self._mentee_places(email, cohort)
        return max(found, key=lambda p: (p.cohort_start or date.min, p.participation_id))

    def certificate_progress(
        self, email: str, cohort: str | None = None, *, override_missed_events: bool = False
    ) -> PersonProgress:
        """Her most recent completed cohort (or ``cohort``, which she must have completed).

        She must also have attended every required event, every day of it,
        unless the coordinator overrides that (the override is noted in the
        audit trail when the certificate is written: see reports/jobs.py).
        """
        found = self._mentee_places(email, cohort)
        completed = [p for p in found if p.status == ParticipationStatus.COMPLETED.value]
        if not completed:
            raise Conflict(
                "A certificate is issued once a mentee has completed her cohort; "
                + ("she has not completed that one yet." if cohort else "she has not yet.")
            )
        chosen = max(completed, key=lambda p: (p.cohort_end or date.min, p.participation_id))
        missed = chosen.required_events_missed
        if missed and not override_missed_events:
            raise Conflict(
                f"She has not attended {counted(len(missed), 'required event')} in full, so no "
                "certificate was written; record her attendance, or override this (noted "
                "in the audit trail)."
            )
        return chosen

    def _mentee_places(self, email: str, cohort: str | None) -> list[PersonProgress]:
        with self.db.reading() as session:
            person = session.scalar(
                select(Person).where(col(Person.email) == normalise_email(email))
            )
            if person is None:
                raise NotFound("No one with that email address is recorded.")
            where: list[ColumnElement[bool]] = [col(Participation.person_id) == person.id]
            if cohort is not None:
                where.append(col(Participation.cohort_id) == _cohort_or_404(session, cohort).id)
            found = gather_progress(session, where)
        if not found:
            raise Conflict(
                "This person is not a mentee in that cohort."
                if cohort is not None
                else "This person is not a mentee in any cohort, so there is no progress to report."
            )
        return found

    # --- a cohort -------------------------------------------------------
    def cohort_data(self, name: str) -> CohortData:
        with self.db.reading() as session:
            cohort = _cohort_or_404(session, name)
            header = _cohort_header(session, cohort)
            mentees = gather_progress(session, [col(Participation.cohort_id) == cohort.id])
            mentors = gather_mentors(session, [col(Participation.cohort_id) == cohort.id])
            figures = _figures_with_earlier(session, cohort)
            feedback = feedback_summary_in(session, int(cohort.id or 0))
            quotes = publishable_quotes_in(session, [int(cohort.id or 0)])
        return CohortData(header, tuple(mentees), tuple(mentors), figures, feedback, tuple(quotes))

    def cohort_progress(
        self, name: str, *, include_withdrawn: bool = False
    ) -> tuple[CohortHeader, list[PersonProgress]]:
        """Every mentee of the cohort (for a batch of progress summaries)."""
        with self.db.reading() as session:
            cohort = _cohort_or_404(session, name)
            header = _cohort_header(session, cohort)
            where: list[ColumnElement[bool]] = [col(Participation.cohort_id) == cohort.id]
            if not include_withdrawn:
                where.append(col(Participation.status) != ParticipationStatus.WITHDRAWN.value)
            return header, gather_progress(session, where)

    # --- an organisation ------------------------------------------------
    def organisation_data(self, name: str) -> OrganisationData:
        with self.db.reading() as session:
            org = session.scalar(
                select(Organisation).where(col(Organisation.name_key) == name_key(name))
            )
            if org is None:
                raise NotFound(f"There is no organisation called '{clean_text(name)}'.")
            in_org = col(Person.organisation_id) == org.id
            shared = col(Person.consent_to_share_with_sponsor).is_(True)
            mentees = gather_progress(session, [in_org, shared])
            mentors = gather_mentors(session, [in_org, shared])
            withheld = (
                session.scalar(
                    select(func.count(col(Participation.id)))
                    .join(Person, col(Person.id) == col(Participation.person_id))
                    .where(in_org, col(Person.consent_to_share_with_sponsor).is_(False))
                )
                or 0
            )
            programmes = tuple(
                session.scalars(
                    select(col(Programme.name))
                    .distinct()
                    .join(Cohort, col(Cohort.programme_id) == col(Programme.id))
                    .join(Participation, col(Participation.cohort_id) == col(Cohort.id))
                    .join(Person, col(Person.id) == col(Participation.person_id))
                    .where(in_org)
                    .order_by(col(Programme.name))
                )
            )
            ours, everyone = _confidence_beside_programme(
                session, {m.participation_id for m in mentees}
            )
            quotes = consented_quotes(session, in_org, shared)
        return OrganisationData(
            org.id,
            org.name,
            programmes,
            tuple(mentees),
            tuple(mentors),
            withheld,
            ours,
            everyone,
            quotes,
        )

    # --- what the Reports page offers -----------------------------------
    def mentee_choices(self, *, completed_only: bool = False) -> list[ScopeChoice]:
        """One choice per mentee place, sorted by surname the way people read it."""
        with self.db.reading() as session:
            rows = session.execute(_mentee_places(completed_only)).all()
        return _as_choices(rows)

    def mentee_choices_matching(
        self,
        text: str,
        *,
        completed_only: bool = False,
        limit: int = CHOICES_SHOWN,
    ) -> list[ScopeChoice]:
        """At most ``limit`` mentee places whose name or email holds every word typed.

        The Reports page asks this at each pause in typing: at 90,000 mentees
        listing them all cost seconds and ~90 MB on the GUI thread.
        """
        query = (
            _mentee_places(completed_only)
            .where(
                words_match(
                    self.db,
                    text,
                    [
                        col(Person.first_name),
                        col(Person.preferred_name),
                        col(Person.last_name),
                        col(Person.email),
                    ],
                )
            )
            .order_by(
                *(
                    (col(Person.last_name), col(Person.first_name), col(Cohort.start_date))
                    if text.strip()
                    # Nothing typed: the newest places, which the primary key finds at once.
                    else (col(Participation.id).desc(),)
                )
            )
            .limit(limit)
        )
        with self.db.reading() as session:
            rows = session.execute(query).all()
        return _as_choices(rows)

    def mentee_choice(
        self, email: str, cohort: str | None = None, *, completed_only: bool = False
    ) -> ScopeChoice | None:
        """The mentee place of ``email`` (in ``cohort`` if given), or None."""
        query = _mentee_places(completed_only).where(col(Person.email) == normalise_email(email))
        if cohort is not None:
            query = query.where(col(Cohort.name) == cohort)
        with self.db.reading() as session:
            rows = session.execute(query.limit(1)).all()
        choices = _as_choices(rows)
        return choices[0] if choices else None

    def cohort_choices(self) -> list[ScopeChoice]:
        with self.db.reading() as session:
            rows = session.execute(
                select(col(Cohort.name), col(Cohort.status), func.count(col(Participation.id)))
                .outerjoin(
                    Participation,
                    (col(Participation.cohort_id) == col(Cohort.id))
                    & (col(Participation.role) == MENTEE),
                )
                .group_by(
                    col(Cohort.id), col(Cohort.name), col(Cohort.status), col(Cohort.start_date)
                )
                .order_by(col(Cohort.start_date).desc(), col(Cohort.name))
            ).all()
        return [
            ScopeChoice(name, name, f"{status.replace('_', ' ')}, {n} mentees")
            for name, status, n in rows
        ]

    def organisation_choices(self) -> list[ScopeChoice]:
        with self.db.reading() as session:
            rows = session.execute(
                select(
                    col(Organisation.name), func.count(func.distinct(col(Participation.person_id)))
                )
                .join(Person, col(Person.organisation_id) == col(Organisation.id))
                .join(Participation, col(Participation.person_id) == col(Person.id))
                .group_by(col(Organisation.id), col(Organisation.name))
                .order_by(col(Organisation.name))
            ).all()
        return [ScopeChoice(name, name, f"{n} people taking part") for name, n in rows]

    # --- the audit trail ------------------------------------------------
    def record_report(self, entity: str, entity_id: object, detail: str) -> None:
        """Note that a report holding personal data was written (no names, no paths)."""
        with self.db.transaction() as session:
            self.audit(session, AuditAction.REPORT, entity, entity_id, detail)


def _confidence_beside_programme(session: Session, ours: set[int]) -> tuple[Any, Any]:
    """Paired confidence change (self-assessed) of ``ours`` and of every mentee."""
    from women_in_ddat.domain.enums import Assessor, ScoreKind
    from women_in_ddat.services.development import _scores, paired_overall

    scores = {
        part: {p: answers for (p, who), answers in by_key.items() if who == Assessor.SELF.value}
        for part, by_key in _scores(session, ScoreKind.CONFIDENCE).items()
    }
    return (
        paired_overall({p: s for p, s in scores.items() if p in ours}),
        paired_overall(scores),
    )


def _figures_with_earlier(session: Session, cohort: Cohort) -> tuple[Any, ...]:
    """This cohort's outcome figures, then those of up to four earlier cohorts (newest first)."""
    from women_in_ddat.domain.enums import CohortStatus
    from women_in_ddat.services.outcomes_figures import cohort_figures_in

    earlier: list[Cohort] = []
    if cohort.start_date is not None:
        earlier = list(
            session.scalars(
                select(Cohort)
                .where(
                    col(Cohort.start_date) < cohort.start_date,
                    col(Cohort.status) != CohortStatus.CANCELLED.value,
                )
                .order_by(col(Cohort.start_date).desc())
                .limit(4)
            )
        )
    return tuple(cohort_figures_in(session, c) for c in (cohort, *earlier))


def reading_key(text: str) -> str:
    """Sort key that files Łukasiewicz under L and Ödegård under O, as a reader expects."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Ł", "L").replace("ł", "l"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _cohort_or_404(session: Session, name: str) -> Cohort:
    cohort = find_cohort(session, name)
    if cohort is None:
        raise NotFound(f"There is no cohort called '{clean_text(name)}'.")
    return cohort


def _cohort_header(session: Session, cohort: Cohort) -> CohortHeader:
    programme = session.scalar(
        select(col(Programme.name)).where(col(Programme.id) == cohort.programme_id)
    )
    return CohortHeader(
        cohort.id or 0,
        cohort.name,
        programme or "",
        cohort.place,
        cohort.start_date,
        cohort.end_date,
        cohort.status,
    )


def _participations(role: str, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return (
        select(col(Participation.id))
        .join(Person, col(Person.id) == col(Participation.person_id))
        .where(col(Participation.role) == role, *where)
    )


def gather_progress(session: Session, where: Sequence[ColumnElement[bool]]) -> list[PersonProgress]:
    """Every mentee participation matching ``where`` (on Participation and Person)."""
    chosen = _participations(MENTEE, where).scalar_subquery()
    rows = session.execute(
        select(Participation, Person, col(Organisation.name), Cohort, col(Programme.name))
        .join(Person, col(Person.id) == col(Participation.person_id))
        .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .join(Programme, col(Programme.id) == col(Cohort.programme_id))
        .where(col(Participation.id).in_(chosen))
        .order_by(
            col(Person.last_name),
            col(Person.first_name),
            col(Cohort.start_date),
            col(Participation.id),
        )
    ).all()
    if not rows:
        return []
    mentors = _mentor_lines(session, chosen)
    sessions = _session_stats(session, chosen)
    milestones = _milestone_lines(session, chosen)
    scores = _scores(session, chosen)
    outcomes = _outcomes(session, chosen)
    events = event_lines(session, chosen)
    result = []
    for part, person, org_name, cohort, programme in rows:
        confidence, skills = _series(scores.get(part.id, {}))
        result.append(
            PersonProgress(
                programme=programme,
                participation_id=part.id,
                person_id=person.id,
                first_name=person.first_name,
                last_name=person.last_name,
                preferred_name=person.preferred_name,
                pronouns=person.pronouns,
                organisation=org_name or "",
                organisation_id=person.organisation_id,
                job_title=person.job_title,
                current_role_family=person.current_role_family,
                current_role=person.current_role,
                current_level=person.current_level,
                target_role_family=person.target_role_family,
                target_role=person.target_role,
                target_level=person.target_level,
                consent_to_share_with_sponsor=person.consent_to_share_with_sponsor,
                cohort_id=cohort.id,
                cohort=cohort.name,
                cohort_place=cohort.place,
                cohort_start=cohort.start_date,
                cohort_end=cohort.end_date,
                cohort_status=cohort.status,
                status=part.status,
                goals=part.goals,
                mentors=tuple(mentors.get(part.id, ())),
                milestones=tuple(milestones.get(part.id, ())),
                sessions=sessions.get(part.id, SessionStats()),
                confidence=confidence,
                skills=skills,
                outcomes=tuple(
                    o
                    for cohort_id, o in outcomes.get(person.id, ())
                    if cohort_id == cohort.id
                    or (
                        cohort_id is None
                        and (cohort.start_date is None or o.occurred_on >= cohort.start_date)
                    )
                ),
                events=events.get(part.id, ()),
                ended_on=part.ended_on,
                withdrawn_reason=part.withdrawn_reason,
            )
        )
    return result


def _mentor_lines(session: Session, chosen: Any) -> dict[int, list[MentorLine]]:
    mentor_part = aliased(Participation)
    mentor = aliased(Person)
    rows = session.execute(
        select(Match, mentor, col(Organisation.name))
        .join(mentor_part, col(mentor_part.id) == col(Match.mentor_participation_id))
        .join(mentor, col(mentor.id) == col(mentor_part.person_id))
        .outerjoin(Organisation, col(Organisation.id) == col(mentor.organisation_id))
        .where(col(Match.mentee_participation_id).in_(chosen))
        .order_by(col(Match.start_date), col(Match.id))
    ).all()
    result: dict[int, list[MentorLine]] = defaultdict(list)
    holds = _hold_dates(session, [match.id for match, _, _ in rows])
    started = _ever_active(session, [match.id for match, _, _ in rows])
    for match, person, org_name in rows:
        ended = match.status in (MatchStatus.ENDED_EARLY.value, MatchStatus.COMPLETED.value)
        on_hold = match.status == MatchStatus.ON_HOLD.value
        result[match.mentee_participation_id].append(
            MentorLine(
                person.display_name,
                org_name or "",
                person.job_title,
                match.status,
                match.start_date,
                match.end_date if ended else None,
                reason=match.status_reason if (ended or on_hold) else "",
                ended_by=match.status_changed_by if ended else "",
                on_hold_since=holds.get(match.id) if on_hold else None,
                started=match.status in STARTED_MATCH_STATUSES or match.id in started,
            )
        )
    return result


def _ever_active(session: Session, match_ids: list[int]) -> set[int]:
    """The matches whose history has them active at some time (an ended one had started)."""
    if not match_ids:
        return set()
    return set(
        session.scalars(
            select(col(MatchStatusChange.match_id)).where(
                col(MatchStatusChange.match_id).in_(match_ids),
                col(MatchStatusChange.to_status) == MatchStatus.ACTIVE.value,
            )
        )
    )


def _hold_dates(session: Session, match_ids: list[int]) -> dict[int, date | None]:
    """When each match was last put on hold (its history's latest on-hold step)."""
    if not match_ids:
        return {}
    found: dict[int, date | None] = {}
    for match_id, on in session.execute(
        select(col(MatchStatusChange.match_id), col(MatchStatusChange.on_date))
        .where(
            col(MatchStatusChange.match_id).in_(match_ids),
            col(MatchStatusChange.to_status) == MatchStatus.ON_HOLD.value,
        )
        .order_by(col(MatchStatusChange.at), col(MatchStatusChange.id))
    ):
        found[match_id] = on
    return found


def _session_stats(session: Session, chosen: Any) -> dict[int, SessionStats]:
    rows = session.execute(
        select(
            col(Match.mentee_participation_id),
            func.count(col(MentoringSession.id)),
            func.coalesce(func.sum(col(MentoringSession.duration_minutes)), 0),
            func.max(col(MentoringSession.held_on)),
        )
        .join(Match, col(Match.id) == col(MentoringSession.match_id))
        .where(col(Match.mentee_participation_id).in_(chosen))
        .group_by(col(Match.mentee_participation_id))
    ).all()
    return {pid: SessionStats(n, int(minutes), last) for pid, n, minutes, last in rows}


def _milestone_lines(session: Session, chosen: Any) -> dict[int, list[MilestoneLine]]:
    rows = session.scalars(
        select(Milestone)
        .where(col(Milestone.participation_id).in_(chosen))
        .order_by(col(Milestone.id))
    ).all()
    result: dict[int, list[Milestone]] = defaultdict(list)
    for m in rows:
        result[m.participation_id].append(m)
    today = date.today()
    return {
        pid: [
            MilestoneLine(
                m.title,
                m.required,
                m.due_date,
                m.completed_on,
                m.status,
                m.evidence_note,
                milestone_state(m.status, m.due_date, today).value,
            )
            for m in sorted(ms, key=lambda m: (m.due_date is None, m.due_date or date.min, m.id))
        ]
        for pid, ms in result.items()
    }


def _scores(session: Session, chosen: Any) -> dict[int, dict[tuple[str, str], dict[str, int]]]:
    """{participation: {(kind, item): {point: score}}} from her own questionnaires."""
    rows = session.execute(
        select(
            col(Assessment.participation_id),
            col(Assessment.point),
            col(AssessmentScore.kind),
            col(AssessmentScore.item),
            col(AssessmentScore.score),
        )
        .join(AssessmentScore, col(AssessmentScore.assessment_id) == col(Assessment.id))
        .where(
            col(Assessment.participation_id).in_(chosen),
            col(Assessment.assessor) == Assessor.SELF.value,
        )
    ).all()
    result: dict[int, dict[tuple[str, str], dict[str, int]]] = defaultdict(dict)
    for pid, point, kind, item, score in rows:
        result[pid].setdefault((kind, item), {})[point] = score
    return result


def _series(
    scores: dict[tuple[str, str], dict[str, int]],
) -> tuple[tuple[ScoreSeries, ...], tuple[ScoreSeries, ...]]:
    def series(kind: str, item: str, label: str) -> ScoreSeries:
        by_point = scores.get((kind, item), {})
        return ScoreSeries(
            item, label, by_point.get("baseline"), by_point.get("mid"), by_point.get("end")
        )

    confidence = tuple(
        series(ScoreKind.CONFIDENCE.value, item, label)
        for item, label in CONFIDENCE_ITEMS.items()
        if (ScoreKind.CONFIDENCE.value, item) in scores
    )
    skills = tuple(
        series(ScoreKind.SKILL.value, item, item)
        for kind, item in sorted(scores, key=lambda key: key[1].casefold())
        if kind == ScoreKind.SKILL.value
    )
    return confidence, skills


def _outcomes(session: Session, chosen: Any) -> dict[int, list[tuple[int | None, OutcomeLine]]]:
    people = select(col(Participation.person_id)).where(col(Participation.id).in_(chosen))
    rows = session.scalars(
        select(Outcome)
        .where(col(Outcome.person_id).in_(people.scalar_subquery()))
        .order_by(col(Outcome.occurred_on), col(Outcome.id))
    ).all()
    result: dict[int, list[tuple[int | None, OutcomeLine]]] = defaultdict(list)
    for o in rows:
        result[o.person_id].append(
            (o.cohort_id, OutcomeLine(o.kind, o.occurred_on, o.description, o.role, o.level))
        )
    return result


def gather_mentors(
    session: Session, where: Sequence[ColumnElement[bool]]
) -> list[MentorParticipation]:
    chosen = _participations(MENTOR, where).scalar_subquery()
    rows = session.execute(
        select(Participation, Person, col(Organisation.name), col(Cohort.name))
        .join(Person, col(Person.id) == col(Participation.person_id))
        .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(col(Participation.id).in_(chosen))
        .order_by(
            col(Cohort.start_date),
            col(Person.last_name),
            col(Person.first_name),
            col(Participation.id),
        )
    ).all()
    if not rows:
        return []
    mentee_counts = dict(
        session.execute(
            select(
                col(Match.mentor_participation_id),
                func.count(func.distinct(col(Match.mentee_participation_id))),
            )
            .where(col(Match.mentor_participation_id).in_(chosen))
            .group_by(col(Match.mentor_participation_id))
        ).all()
    )
    stats = {
        pid: SessionStats(n, int(minutes), last)
        for pid, n, minutes, last in session.execute(
            select(
                col(Match.mentor_participation_id),
                func.count(col(MentoringSession.id)),
                func.coalesce(func.sum(col(MentoringSession.duration_minutes)), 0),
                func.max(col(MentoringSession.held_on)),
            )
            .join(Match, col(Match.id) == col(MentoringSession.match_id))
            .where(col(Match.mentor_participation_id).in_(chosen))
            .group_by(col(Match.mentor_participation_id))
        ).all()
    }
    return [
        MentorParticipation(
            participation_id=part.id,
            person_id=person.id,
            name=person.display_name,
            job_title=person.job_title,
            organisation=org_name or "",
            organisation_id=person.organisation_id,
            consent_to_share_with_sponsor=person.consent_to_share_with_sponsor,
            cohort_id=part.cohort_id,
            cohort=cohort_name,
            status=part.status,
            mentees=mentee_counts.get(part.id, 0),
            sessions=stats.get(part.id, SessionStats()),
        )
        for part, person, org_name, cohort_name in rows
    ]


def _mentee_places(completed_only: bool) -> Select[*tuple[Any, ...]]:
    """Every mentee place as columns: at 90,000 mentees building Person rows took seconds."""
    query: Select[*tuple[Any, ...]] = (
        select(
            col(Person.email),
            col(Person.first_name),
            col(Person.preferred_name),
            col(Person.last_name),
            col(Cohort.name),
            col(Cohort.start_date),
        )
        .join(Participation, col(Participation.person_id) == col(Person.id))
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(col(Participation.role) == MENTEE)
    )
    if completed_only:
        query = query.where(col(Participation.status) == ParticipationStatus.COMPLETED.value)
    return query


def _as_choices(rows: Sequence[Any]) -> list[ScopeChoice]:
    """One choice per place, sorted by surname the way people read it."""
    ordered = sorted(rows, key=lambda r: (reading_key(r[3]), reading_key(r[1]), r[5] or date.min))
    return [
        ScopeChoice(email, f"{preferred or first} {last}".strip(), cohort_name, cohort_name)
        for email, first, preferred, last, cohort_name, _ in ordered
    ]
