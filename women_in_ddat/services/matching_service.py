"""Suggesting mentors, and the coordinator's decisions on the suggestions.

Who is considered: mentees and mentors accepted or active in the cohort.
A mentee with a current match (proposed, active or on hold) keeps it and is
not suggested anyone else; with ``reconsider_unpinned`` a proposed match the
coordinator has not pinned is put back in play (its mentor's place freed)
and accepting the new suggestion replaces it. Mentors' places left are their
capacity minus the current matches that stay.

Decisions:
- accept: the suggested pairs become proposed matches, the suggestion's
  reasons recorded as the rationale; all or nothing;
- pin: a match is kept against re-suggestion;
- override: the coordinator's own choice, with her rationale (required);
  recorded as a pinned match;
- swap: two proposed matches exchange mentors.
The hard rules hold for every one of them (create_match_in checks them
again when writing).

Mentees whose match ended early and who have no current match are the
rematch list, each with the reason it ended; suggestions never offer them
the mentor whose match with them ended early.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from women_in_ddat.domain.enums import (
    MATCH_STATUSES_USING_CAPACITY,
    AuditAction,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
    SkillDirection,
)
from women_in_ddat.domain.models import (
    Cohort,
    Match,
    MentoringSession,
    Participation,
    Person,
    PersonSkillInterest,
)
from women_in_ddat.domain.values import clean_multiline
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.matching.profiles import MenteeProfile, MentorProfile
from women_in_ddat.matching.rules import ENDED_EARLY, pair_rule_problems
from women_in_ddat.matching.scoring import MAX_SCORE, Scorer
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.framework_service import FrameworkService
from women_in_ddat.services.matches import MatchRecord, create_match_in

TAKING_PART = (ParticipationStatus.ACCEPTED.value, ParticipationStatus.ACTIVE.value)
CURRENT = tuple(s.value for s in MATCH_STATUSES_USING_CAPACITY)
OVERRIDE_PREFIX = "Chosen by the coordinator: "


# --- what the service hands out ----------------------------------------------------


@dataclass(frozen=True)
class ProposalRef:
    """An unpinned proposed match a suggestion would replace, exactly as it was read.

    Row ids can be reused once a row is deleted, so a stale suggestion is
    recognised by the whole reference, not by the id alone.
    """

    match_id: int
    mentee_participation_id: int
    mentor_participation_id: int
    created_at: datetime


@dataclass(frozen=True)
class SuggestedPair:
    cohort_id: int
    mentee_participation_id: int
    mentee_person_id: int
    mentee_name: str
    mentee_email: str
    mentor_participation_id: int
    mentor_person_id: int
    mentor_name: str
    mentor_email: str
    score: int
    reasons: tuple[str, ...]
    # (aspect, points, out of) for role, level, skills, place and capacity.
    points: tuple[tuple[str, int, int], ...] = ()
    # The unpinned proposed match this pair would replace, if reconsidered.
    replaces: ProposalRef | None = None
    # Why the mentee's earlier match ended early, when she is being rematched.
    rematch_reason: str = ""

    @property
    def rationale(self) -> str:
        return f"Suggested with a fit of {self.score}/{MAX_SCORE}: " + "; ".join(self.reasons)

    def points_for(self, aspect: str) -> tuple[int, int] | None:
        return next(((p, o) for a, p, o in self.points if a == aspect), None)


@dataclass(frozen=True)
class UnmatchedRow:
    mentee_participation_id: int
    mentee_person_id: int
    mentee_name: str
    mentee_email: str
    why: str
    # Her unpinned proposed match, which accepting the whole suggestion would release.
    releases: ProposalRef | None = None


@dataclass(frozen=True)
class CohortSuggestions:
    cohort_id: int
    cohort: str
    pairs: tuple[SuggestedPair, ...]
    unmatched: tuple[UnmatchedRow, ...]
    # Mentees whose current match stays as it is.
    kept: int

    @property
    def total_fit(self) -> int:
        return sum(p.score for p in self.pairs)

    @property
    def releases(self) -> tuple[ProposalRef, ...]:
        """Unpinned proposed matches that accepting everything replaces or releases."""
        refs = [p.replaces for p in self.pairs] + [u.releases for u in self.unmatched]
        return tuple(r for r in refs if r is not None)


@dataclass(frozen=True)
class MentorOption:
    mentor_participation_id: int
    mentor_person_id: int
    mentor_name: str
    mentor_email: str
    score: int
    reasons: tuple[str, ...]
    places_left: int


@dataclass(frozen=True)
class ExcludedMentor:
    mentor_participation_id: int
    mentor_name: str
    mentor_email: str
    why: tuple[str, ...]

    @property
    def hard(self) -> bool:
        """Broken hard rules: no one may make this match, not even by override."""
        return any(w != ENDED_EARLY for w in self.why)


@dataclass(frozen=True)
class MenteeSuggestions:
    cohort_id: int
    mentee_participation_id: int
    mentee_name: str
    mentee_email: str
    current_match_id: int | None
    options: tuple[MentorOption, ...]
    excluded: tuple[ExcludedMentor, ...]


@dataclass(frozen=True)
class CohortMatch:
    id: int
    mentee_participation_id: int
    mentee_name: str
    mentee_email: str
    mentor_participation_id: int
    mentor_name: str
    mentor_email: str
    status: str
    pinned: bool
    rationale: str
    version: int


@dataclass(frozen=True)
class RematchRow:
    cohort_id: int
    cohort: str
    mentee_participation_id: int
    mentee_person_id: int
    mentee_name: str
    mentee_email: str
    ended_match_id: int
    ended_on: date | None
    previous_mentor_name: str
    reason: str


# --- reading the pool ----------------------------------------------------------------


@dataclass
class _Pool:
    cohort: Cohort
    mentees: list[MenteeProfile]
    mentors: list[MentorProfile]
    people: dict[int, Person]
    # Mentees kept out of the pool (a current match that stays).
    kept: int
    # participation id -> the unpinned proposed match put back in play
    reconsidered: dict[int, ProposalRef]
    # mentee participation id -> why her last match ended early
    ended_reason: dict[int, str]


def _load_pool(session: Session, cohort_id: int, *, reconsider_unpinned: bool) -> _Pool:
    cohort = get_or_404(session, Cohort, cohort_id, "cohort")
    parts = session.execute(
        select(Participation, Person)
        .join(Person, col(Person.id) == col(Participation.person_id))
        .where(
            col(Participation.cohort_id) == cohort_id, col(Participation.status).in_(TAKING_PART)
        )
        .order_by(col(Participation.id))
    ).all()
    people = {person.id: person for _, person in parts}
    wants: dict[int, set[str]] = defaultdict(set)
    offers: dict[int, set[str]] = defaultdict(set)
    for person_id, skill, direction in session.execute(
        select(
            col(PersonSkillInterest.person_id),
            col(PersonSkillInterest.skill),
            col(PersonSkillInterest.direction),
        ).where(col(PersonSkillInterest.person_id).in_(list(people)))
    ):
        (wants if direction == SkillDirection.WANTS_TO_GROW.value else offers)[person_id].add(skill)
    current: dict[int, list[Match]] = defaultdict(list)
    ended: dict[int, list[Match]] = defaultdict(list)
    load: dict[int, int] = defaultdict(int)
    for match in session.scalars(
        select(Match).where(col(Match.cohort_id) == cohort_id).order_by(col(Match.id))
    ):
        if match.status in CURRENT:
            current[match.mentee_participation_id].append(match)
        elif match.status == MatchStatus.ENDED_EARLY.value:
            ended[match.mentee_participation_id].append(match)
    part_person = {p.id: p.person_id for p, _ in parts}
    reconsidered: dict[int, ProposalRef] = {}
    kept = 0
    for mentee_part_id, matches in current.items():
        movable = (
            reconsider_unpinned
            and len(matches) == 1
            and matches[0].status == MatchStatus.PROPOSED.value
            and not matches[0].pinned
        )
        if movable:
            reconsidered[mentee_part_id] = _proposal_ref(matches[0])
        else:
            for match in matches:
                load[match.mentor_participation_id] += 1
    ended_mentor_people: dict[int, set[int]] = defaultdict(set)
    for mentee_part_id, matches in ended.items():
        for match in matches:
            mentor_person = part_person.get(match.mentor_participation_id) or session.scalar(
                select(col(Participation.person_id)).where(
                    col(Participation.id) == match.mentor_participation_id
                )
            )
            if mentor_person is not None:
                ended_mentor_people[mentee_part_id].add(mentor_person)
    mentees, mentors = [], []
    for part, person in parts:
        if part.role == ParticipantRole.MENTEE.value:
            if current.get(part.id) and part.id not in reconsidered:
                kept += 1
                continue
            mentees.append(_mentee_profile(part, person, wants, ended_mentor_people))
        elif part.role == ParticipantRole.MENTOR.value:
            mentors.append(_mentor_profile(part, person, offers, load[part.id]))
    ended_reason = {
        part_id: matches[-1].status_reason or "no reason recorded"
        for part_id, matches in ended.items()
        if part_id not in current
    }
    return _Pool(cohort, mentees, mentors, people, kept, reconsidered, ended_reason)


def _proposal_ref(match: Match) -> ProposalRef:
    return ProposalRef(
        match_id=match.id or 0,
        mentee_participation_id=match.mentee_participation_id,
        mentor_participation_id=match.mentor_participation_id,
        created_at=match.created_at,
    )


def _mentee_profile(
    part: Participation,
    person: Person,
    wants: dict[int, set[str]],
    ended_with: dict[int, set[int]],
) -> MenteeProfile:
    return MenteeProfile(
        participation_id=part.id or 0,
        person_id=person.id or 0,
        email=person.email,
        organisation_id=person.organisation_id,
        line_manager_email=person.line_manager_email,
        current_role_family=person.current_role_family,
        current_role=person.current_role,
        current_level=person.current_level,
        target_role_family=person.target_role_family,
        target_role=person.target_role,
        target_level=person.target_level,
        region=person.region,
        open_to_remote=person.open_to_remote,
        wants_to_grow=frozenset(wants.get(person.id or 0, ())),
        ended_with_mentor_ids=frozenset(ended_with.get(part.id or 0, ())),
    )


def _mentor_profile(
    part: Participation, person: Person, offers: dict[int, set[str]], load: int
) -> MentorProfile:
    return MentorProfile(
        participation_id=part.id or 0,
        person_id=person.id or 0,
        email=person.email,
        organisation_id=person.organisation_id,
        current_role_family=person.current_role_family,
        current_role=person.current_role,
        current_level=person.current_level,
        region=person.region,
        open_to_remote=person.open_to_remote,
        capacity=part.mentor_capacity,
        capacity_left=max(0, part.mentor_capacity - load),
        offers=frozenset(offers.get(person.id or 0, ())),
    )


def _scorer(service: Service) -> Scorer:
    """Scores against the framework in use in this programme's database."""
    framework = FrameworkService(service.db, service.actor).current().framework
    return Scorer.for_framework(framework)


# --- the service -------------------------------------------------------------------------


class MatchingService(Service):
    # --- suggestions -------------------------------------------------------
    def suggest_for_cohort(
        self, cohort_id: int, *, reconsider_unpinned: bool = False
    ) -> CohortSuggestions:
        """The best assignment of the cohort's open mentees (see matching.assignment)."""
        # The solver brings SciPy (~75 MB, seconds to load): the Matching page opens without it.
        from women_in_ddat.matching.assignment import assign_cohort

        with self.db.reading() as session:
            pool = _load_pool(session, cohort_id, reconsider_unpinned=reconsider_unpinned)
        result = assign_cohort(pool.mentees, pool.mentors, _scorer(self))
        people = pool.people
        pairs = tuple(
            SuggestedPair(
                cohort_id=cohort_id,
                mentee_participation_id=p.mentee.participation_id,
                mentee_person_id=p.mentee.person_id,
                mentee_name=people[p.mentee.person_id].display_name,
                mentee_email=p.mentee.email,
                mentor_participation_id=p.mentor.participation_id,
                mentor_person_id=p.mentor.person_id,
                mentor_name=people[p.mentor.person_id].display_name,
                mentor_email=p.mentor.email,
                score=p.fit.score,
                reasons=tuple(p.fit.reason_texts),
                points=tuple((r.aspect, r.points, r.out_of) for r in p.fit.reasons),
                replaces=pool.reconsidered.get(p.mentee.participation_id),
                rematch_reason=pool.ended_reason.get(p.mentee.participation_id, ""),
            )
            for p in sorted(
                result.pairs,
                key=lambda p: (
                    people[p.mentee.person_id].display_name.casefold(),
                    p.mentee.participation_id,
                ),
            )
        )
        unmatched = tuple(
            UnmatchedRow(
                mentee_participation_id=u.mentee.participation_id,
                mentee_person_id=u.mentee.person_id,
                mentee_name=people[u.mentee.person_id].display_name,
                mentee_email=u.mentee.email,
                why=u.why,
                releases=pool.reconsidered.get(u.mentee.participation_id),
            )
            for u in result.unmatched
        )
        return CohortSuggestions(
            cohort_id=cohort_id,
            cohort=pool.cohort.name,
            pairs=pairs,
            unmatched=unmatched,
            kept=pool.kept,
        )

    def suggest_for_mentee(
        self, mentee_participation_id: int, *, limit: int | None = None
    ) -> MenteeSuggestions:
        """Every mentor who may take her, best fit first, and those who may not, with why."""
        from women_in_ddat.matching.assignment import exclusions  # loads SciPy: see above

        with self.db.reading() as session:
            part = get_or_404(session, Participation, mentee_participation_id, "participation")
            if part.role != ParticipantRole.MENTEE.value:
                raise InvalidInput(
                    "Suggestions are for mentees; this person mentors in the cohort.",
                    {"participation": "not a mentee"},
                )
            # Her own current match counts against its mentor: a suggestion replaces it.
            pool = _load_pool(session, part.cohort_id, reconsider_unpinned=False)
            person = get_or_404(session, Person, part.person_id, "person")
            current_id = session.scalar(
                select(col(Match.id)).where(
                    col(Match.mentee_participation_id) == part.id, col(Match.status).in_(CURRENT)
                )
            )
            ended_with = {
                mentor_person
                for mentor_person in session.scalars(
                    select(col(Participation.person_id))
                    .join(Match, col(Match.mentor_participation_id) == col(Participation.id))
                    .where(
                        col(Match.mentee_participation_id) == part.id,
                        col(Match.status) == MatchStatus.ENDED_EARLY.value,
                    )
                )
            }
            wants = set(
                session.scalars(
                    select(col(PersonSkillInterest.skill)).where(
                        col(PersonSkillInterest.person_id) == person.id,
                        col(PersonSkillInterest.direction) == SkillDirection.WANTS_TO_GROW.value,
                    )
                )
            )
        mentee = _mentee_profile(part, person, {person.id or 0: wants}, {part.id or 0: ended_with})
        scorer = _scorer(self)
        options, excluded = [], []
        for mentor in pool.mentors:
            problems = exclusions(mentee, mentor)
            name = pool.people[mentor.person_id].display_name
            if problems:
                excluded.append(
                    ExcludedMentor(mentor.participation_id, name, mentor.email, tuple(problems))
                )
                continue
            fit = scorer.explain(mentee, mentor)
            options.append(
                MentorOption(
                    mentor_participation_id=mentor.participation_id,
                    mentor_person_id=mentor.person_id,
                    mentor_name=name,
                    mentor_email=mentor.email,
                    score=fit.score,
                    reasons=tuple(fit.reason_texts),
                    places_left=mentor.capacity_left,
                )
            )
        options.sort(key=lambda o: (-o.score, o.mentor_name.casefold(), o.mentor_participation_id))
        return MenteeSuggestions(
            cohort_id=part.cohort_id,
            mentee_participation_id=part.id or 0,
            mentee_name=person.display_name,
            mentee_email=person.email,
            current_match_id=current_id,
            options=tuple(options[:limit] if limit else options),
            excluded=tuple(excluded),
        )

    # --- decisions -----------------------------------------------------------
    def accept(
        self,
        pairs: Sequence[SuggestedPair],
        *,
        release: Sequence[ProposalRef] = (),
        pin: bool = False,
    ) -> list[int]:
        """Make the suggested pairs proposed matches, all or none; returns the match ids.

        Each pair's ``replaces`` and every proposal in ``release`` (unpinned
        proposed matches, as the suggestion read them) is released first, so
        their places are free.
        """
        if not pairs and not release:
            return []
        mentees = [p.mentee_participation_id for p in pairs]
        if len(set(mentees)) != len(mentees):
            raise InvalidInput(
                "Each mentee can be accepted with one mentor only.", {"pairs": "a mentee twice"}
            )
        with self.db.transaction() as session:
            refs = [p.replaces for p in pairs if p.replaces is not None] + list(release)
            for ref in dict.fromkeys(refs):
                self._release(session, ref)
            session.flush()
            created = []
            for pair in pairs:
                match = create_match_in(
                    session,
                    pair.mentee_participation_id,
                    pair.mentor_participation_id,
                    rationale=pair.rationale,
                )
                match.pinned = pin
                created.append(match.id)
                self.audit(session, AuditAction.CREATE, "match", match.id, "accepted suggestion")
            return created

    def _release(self, session: Session, ref: ProposalRef) -> None:
        """Remove an unpinned proposed match that a new suggestion replaces."""
        match = session.get(Match, ref.match_id)
        has_sessions = match is not None and session.scalar(
            select(func.count(col(MentoringSession.id))).where(
                col(MentoringSession.match_id) == ref.match_id
            )
        )
        if (
            match is None
            or _proposal_ref(match) != ref
            or match.status != MatchStatus.PROPOSED.value
            or match.pinned
            or has_sessions
        ):
            raise Conflict(
                "A proposed match has changed since these suggestions were made; "
                "suggest again and review the new list."
            )
        session.delete(match)
        self.audit(session, AuditAction.DELETE, "match", ref.match_id, "replaced by a suggestion")

    def set_pinned(
        self, match_id: int, pinned: bool = True, *, expected_version: int | None = None
    ) -> MatchRecord:
        return self.set_pinned_many({match_id: expected_version}, pinned)[0]

    def set_pinned_many(
        self, expected_versions: Mapping[int, int | None], pinned: bool = True
    ) -> list[MatchRecord]:
        """Pin or unpin several matches, all or none.

        ``expected_versions`` maps each match id to the version she saw (or None
        to skip the check); one changed meanwhile refuses the whole set.
        """
        with self.db.transaction() as session:
            changed = []
            for match_id, expected_version in expected_versions.items():
                match = get_or_404(session, Match, match_id, "match")
                changed.append(match)
                if match.pinned == pinned:
                    continue
                touch(match, expected_version, "match")
                match.pinned = pinned
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "match",
                    match.id,
                    "pinned" if pinned else "unpinned",
                )
            return [MatchRecord.of(match) for match in changed]

    def override(
        self, mentee_participation_id: int, mentor_participation_id: int, rationale: str
    ) -> MatchRecord:
        """The coordinator's own choice of mentor, with her reason; kept (pinned).

        Replaces the mentee's proposed match if she has one; a match already
        under way must be ended first. The hard rules still apply.
        """
        rationale = clean_multiline(rationale)
        if not rationale:
            raise InvalidInput(
                "Say why you chose this mentor: the reason is kept with the match.",
                {"rationale": "a reason is required"},
            )
        with self.db.transaction() as session:
            get_or_404(session, Participation, mentee_participation_id, "participation")
            for match in session.scalars(
                select(Match).where(
                    col(Match.mentee_participation_id) == mentee_participation_id,
                    col(Match.status).in_(CURRENT),
                )
            ):
                if match.status != MatchStatus.PROPOSED.value:
                    raise Conflict(
                        "This mentee's match is under way; end it (with a reason) before "
                        "choosing another mentor."
                    )
                if match.mentor_participation_id == mentor_participation_id:
                    raise Conflict("This mentee is already proposed to that mentor.")
                session.delete(match)
                self.audit(
                    session, AuditAction.DELETE, "match", match.id, "replaced by an override"
                )
            session.flush()
            match = create_match_in(
                session,
                mentee_participation_id,
                mentor_participation_id,
                rationale=OVERRIDE_PREFIX + rationale,
            )
            match.pinned = True
            self.audit(session, AuditAction.CREATE, "match", match.id, "override")
            return MatchRecord.of(match)

    def swap(self, first_match_id: int, second_match_id: int) -> tuple[MatchRecord, MatchRecord]:
        """Two proposed matches exchange mentors (places used stay the same)."""
        if first_match_id == second_match_id:
            raise InvalidInput(
                "Choose two different matches to swap.", {"matches": "the same match twice"}
            )
        with self.db.transaction() as session:
            first = get_or_404(session, Match, first_match_id, "match")
            second = get_or_404(session, Match, second_match_id, "match")
            if first.cohort_id != second.cohort_id:
                raise Conflict("Only matches in the same cohort can swap mentors.")
            proposed = MatchStatus.PROPOSED.value
            if first.status != proposed or second.status != proposed:
                raise Conflict(
                    "Only proposed matches can swap mentors; a match under way must be ended first."
                )
            if first.mentor_participation_id == second.mentor_participation_id:
                raise Conflict("Both matches have the same mentor; there is nothing to swap.")
            problems = []
            for match, new_mentor in (
                (first, second.mentor_participation_id),
                (second, first.mentor_participation_id),
            ):
                problems += pair_rule_problems(
                    _mentee_for_rules(session, match.mentee_participation_id),
                    _mentor_for_rules(session, new_mentor),
                )
            if problems:
                raise Conflict(
                    "These mentors cannot be swapped: one of them "
                    + "; one of them ".join(dict.fromkeys(problems))
                    + "."
                )
            first.mentor_participation_id, second.mentor_participation_id = (
                second.mentor_participation_id,
                first.mentor_participation_id,
            )
            for match in (first, second):
                match.rationale = "Mentors swapped by the coordinator."
                match.pinned = True
                touch(match)
                self.audit(session, AuditAction.UPDATE, "match", match.id, "swapped mentor")
            return MatchRecord.of(first), MatchRecord.of(second)

    # --- lists -------------------------------------------------------------------
    def cohort_matches(self, cohort_id: int, *, current_only: bool = True) -> list[CohortMatch]:
        with self.db.reading() as session:
            get_or_404(session, Cohort, cohort_id, "cohort")
            query = select(Match).where(col(Match.cohort_id) == cohort_id).order_by(col(Match.id))
            if current_only:
                query = query.where(col(Match.status).in_(CURRENT))
            matches = session.scalars(query).all()
            names = _names_by_participation(
                session,
                {m.mentee_participation_id for m in matches}
                | {m.mentor_participation_id for m in matches},
            )
        rows = [
            CohortMatch(
                id=m.id or 0,
                mentee_participation_id=m.mentee_participation_id,
                mentee_name=names[m.mentee_participation_id][0],
                mentee_email=names[m.mentee_participation_id][1],
                mentor_participation_id=m.mentor_participation_id,
                mentor_name=names[m.mentor_participation_id][0],
                mentor_email=names[m.mentor_participation_id][1],
                status=m.status,
                pinned=m.pinned,
                rationale=m.rationale,
                version=m.version,
            )
            for m in matches
        ]
        return sorted(rows, key=lambda r: (r.mentee_name.casefold(), r.id))

    def rematch_list(self, cohort_id: int | None = None) -> list[RematchRow]:
        """Mentees still taking part whose match ended early and who have no current match."""
        with self.db.reading() as session:
            other = aliased(Match)
            has_current = (
                select(col(other.id))
                .where(
                    col(other.mentee_participation_id) == col(Participation.id),
                    col(other.status).in_(CURRENT),
                )
                .exists()
            )
            query = (
                select(Match, Participation, Person, col(Cohort.name))
                .join(Participation, col(Participation.id) == col(Match.mentee_participation_id))
                .join(Person, col(Person.id) == col(Participation.person_id))
                .join(Cohort, col(Cohort.id) == col(Match.cohort_id))
                .where(
                    col(Match.status) == MatchStatus.ENDED_EARLY.value,
                    col(Participation.status).in_(TAKING_PART),
                    ~has_current,
                )
                .order_by(col(Match.end_date), col(Match.id))
            )
            if cohort_id is not None:
                query = query.where(col(Match.cohort_id) == cohort_id)
            rows = session.execute(query).all()
            mentor_names = _names_by_participation(
                session, {m.mentor_participation_id for m, *_ in rows}
            )
        latest: dict[int, RematchRow] = {}
        for match, part, person, cohort_name in rows:
            # Ordered by end date: the last one seen is the latest early end.
            latest[part.id or 0] = RematchRow(
                cohort_id=match.cohort_id,
                cohort=cohort_name,
                mentee_participation_id=part.id or 0,
                mentee_person_id=person.id or 0,
                mentee_name=person.display_name,
                mentee_email=person.email,
                ended_match_id=match.id or 0,
                ended_on=match.end_date,
                previous_mentor_name=mentor_names[match.mentor_participation_id][0],
                reason=match.status_reason or "no reason recorded",
            )
        return sorted(latest.values(), key=lambda r: (r.cohort, r.mentee_name.casefold()))


def _names_by_participation(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    return {
        part_id: (person.display_name, person.email)
        for part_id, person in session.execute(
            select(col(Participation.id), Person)
            .join(Person, col(Person.id) == col(Participation.person_id))
            .where(col(Participation.id).in_(list(ids)))
        )
    }


def _mentee_for_rules(session: Session, participation_id: int) -> MenteeProfile:
    part = get_or_404(session, Participation, participation_id, "participation")
    return _mentee_profile(part, get_or_404(session, Person, part.person_id, "person"), {}, {})


def _mentor_for_rules(session: Session, participation_id: int) -> MentorProfile:
    part = get_or_404(session, Participation, participation_id, "participation")
    return _mentor_profile(part, get_or_404(session, Person, part.person_id, "person"), {}, 0)
