"""Needs attention, from SQL aggregates: each signal counted cohort by cohort, the worst few named.

No query loads a signal's records one by one: a group's count comes from
``GROUP BY``, and only its ``MOST_URGENT`` records are read, so a programme
of 100,000 mentees whose milestones are all overdue costs about what a
small one does. The rules, in one place:

- a milestone is overdue when ``milestone_state_sql`` says so (waiting,
  withdrawn and closed milestones never are), its mentee is still taking
  part (accepted or active) and her cohort is running (neither completed
  nor cancelled). Those an import created already due (the import ran after
  their due date) are one group per import instead, not one per cohort;
- a mentee taking part in a running cohort is not matched when she has
  never had a match and her place (or her cohort) started at least
  ``NOT_MATCHED_DAYS`` ago: one signal for her, not one per milestone that
  waits for the match;
- an active match is quiet when no session has been logged for
  ``QUIET_DAYS`` days, counting from its last session, else from its start;
- a match on hold, and a match that ended early with no new match for the
  mentee since, are risks while she is still taking part;
- a cohort ending within ``ENDING_SOON_DAYS`` days with required milestones
  still to do;
- outcome follow-ups fall due 6, 12 and 24 months after a cohort ends; which
  one shows today is ``outcomes_figures.follow_up_showing`` (the same rule
  the cohort page uses). It stays on the list for as long as a mentee who
  took part has no outcome recorded since a month before it fell due.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, and_, distinct, false, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from women_in_ddat.domain.enums import (
    CohortStatus,
    ImportStatus,
    MatchStatus,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Cohort,
    ImportBatch,
    ImportCreated,
    Match,
    MatchStatusChange,
    MentoringSession,
    Milestone,
    Outcome,
    Participation,
    Person,
)
from women_in_ddat.domain.programme_rules import STILL_TO_DO, MilestoneState, milestone_state_sql
from women_in_ddat.services.attention import (
    ENDING_SOON_DAYS,
    FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS,
    MOST_URGENT,
    NOT_MATCHED_DAYS,
    QUIET_DAYS,
    AttentionGroup,
    AttentionItem,
    AttentionKind,
    RecordRef,
    SignalRef,
    by_urgency,
    uk_date,
)
from women_in_ddat.services.milestone_counts import StateCounts
from women_in_ddat.services.milestone_rules import RUNNING_PLACE_STATUSES
from women_in_ddat.services.outcomes_figures import follow_up_showing

FINISHED_COHORT = (CohortStatus.COMPLETED.value, CohortStatus.CANCELLED.value)
TAKING_PART = RUNNING_PLACE_STATUSES
# Any match but an ended-early one means she has (or had) a mentor.
HAS_A_MENTOR = (
    MatchStatus.PROPOSED.value,
    MatchStatus.ACTIVE.value,
    MatchStatus.ON_HOLD.value,
    MatchStatus.COMPLETED.value,
)


def needs_attention(
    session: Session, today: date, counts: dict[int, StateCounts]
) -> list[AttentionGroup]:
    """Every signal's groups, each kind's most urgent cohort first.

    ``counts`` are the cohorts' milestones by state (``milestone_counts``),
    counted once for the cohort cards and the overdue signal alike.
    """
    imports = _past_dated_imports(session, today)
    imported = _imports_already_due(session, today, imports)
    return (
        _overdue_milestones(session, today, counts, imports, imported)
        + imported
        + _not_matched(session, today)
        + _quiet_matches(session, today)
        + _matches_on_hold(session, today)
        + _matches_ended_early(session, today)
        + _cohorts_ending(session, today)
        + _follow_ups(session, today)
    )


def _display(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}".strip()


def _as_date(value: date | datetime | str | None) -> date | None:
    """A day from a date, a timestamp, or (SQLite) the text of either."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def _day_or_time(*columns: Any) -> Any:
    """COALESCE over date and timestamp columns, its value read back as stored.

    SQLite keeps both as text and the result would be read as the first
    column's type (a date), which a timestamp's text is not; the raw value
    is compared and ordered as the database does, and ``_as_date`` reads it.
    """
    return type_coerce(func.coalesce(*columns), String)


def _ago(days: int) -> str:
    return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"


def _running(where: Any) -> Any:
    """A filter: the place is still taking part and her cohort is running."""
    return and_(
        where,
        Participation.status.in_(TAKING_PART),
        Cohort.status.not_in(FINISHED_COHORT),
    )


def _group(
    kind: AttentionKind,
    cohort_id: int,
    cohort: str,
    count: int,
    items: list[AttentionItem],
    opens: RecordRef,
    *,
    headline: str | None = None,
    worst: str = "",
) -> AttentionGroup:
    return AttentionGroup(
        kind=kind,
        cohort_id=cohort_id,
        headline=headline or cohort,
        detail=kind.count_text(count) + (f", {worst}" if worst else ""),
        count=count,
        days=items[0].days if items else 0,
        most_urgent=tuple(items),
        opens=opens,
    )


def _most_urgent(
    session: Session,
    query: Select[Any],
    urgency: Any,
    oldest: Any,
    count: int,
    tie_break: Any,
) -> Sequence[Any]:
    """The ``MOST_URGENT`` rows of ``query``, oldest ``urgency`` first, without sorting them all.

    Sorting a cohort's every overdue record to name three reads and orders
    thousands. The group's count already found the oldest value, and many
    records usually share it (a template falls due on one day for a whole
    cohort), so those are asked for first and the query stops at three; only
    when fewer share it are all of them sorted.
    """
    wanted = min(MOST_URGENT, count)
    rows = []
    if oldest is not None:
        rows = session.execute(query.where(urgency == oldest).limit(MOST_URGENT)).all()
    if len(rows) < wanted:
        rows = session.execute(query.order_by(urgency, tie_break).limit(MOST_URGENT)).all()
    return rows


# --- milestones --------------------------------------------------------------


@dataclass(frozen=True)
class _Import:
    """An import into a running cohort: the places it created, and the day it ran."""

    batch_id: int
    cohort_id: int
    cohort: str
    source_name: str
    imported_on: date
    participation_runs: tuple[tuple[int, int], ...]

    def created_already_due(self) -> ColumnElement[bool]:
        """Its mentees' milestones that were due before it ran."""
        return and_(
            or_(*(Milestone.participation_id.between(a, b) for a, b in self.participation_runs)),
            Milestone.due_date < self.imported_on,
        )


def _past_dated_imports(session: Session, today: date) -> list[_Import]:
    """Imports into running cohorts that created places (a handful of rows, not one per record)."""
    runs: dict[int, list[tuple[int, int]]] = {}
    batches: dict[int, tuple[int, str, str, date]] = {}
    for batch_id, cohort_id, cohort, source, imported_at, first, last in session.execute(
        select(
            ImportBatch.id,
            Cohort.id,
            Cohort.name,
            ImportBatch.source_name,
            ImportBatch.imported_at,
            ImportCreated.first_id,
            ImportCreated.last_id,
        )
        .join(Cohort, Cohort.id == ImportBatch.cohort_id)
        .join(ImportCreated, ImportCreated.batch_id == ImportBatch.id)
        .where(
            ImportBatch.status == ImportStatus.APPLIED.value,
            ImportCreated.entity == "participation",
            Cohort.status.not_in(FINISHED_COHORT),
            Cohort.start_date < today,
        )
        .order_by(ImportBatch.id, ImportCreated.first_id)
    ):
        runs.setdefault(batch_id, []).append((first, last))
        batches[batch_id] = (cohort_id, cohort, source, _as_date(imported_at) or today)
    return [
        _Import(batch_id, cohort_id, cohort, source, imported_on, tuple(runs[batch_id]))
        for batch_id, (cohort_id, cohort, source, imported_on) in batches.items()
    ]


def _overdue_query(today: date, *columns: Any) -> Select[Any]:
    overdue = milestone_state_sql(Milestone.status, Milestone.due_date, today)
    return (
        select(*columns)
        .select_from(Milestone)
        .join(Participation, Participation.id == Milestone.participation_id)
        .join(Cohort, Cohort.id == Participation.cohort_id)
        .where(_running(overdue == MilestoneState.OVERDUE.value))
    )


def _most_overdue(
    session: Session, today: date, where: ColumnElement[bool], oldest: date, count: int
) -> list[AttentionItem]:
    rows = _most_urgent(
        session,
        _overdue_query(
            today,
            Milestone.id,
            Milestone.title,
            Milestone.due_date,
            Milestone.required,
            Person.id,
            Person.first_name,
            Person.preferred_name,
            Person.last_name,
            Cohort.id,
        )
        .join(Person, Person.id == Participation.person_id)
        .where(where),
        Milestone.due_date,
        oldest,
        count,
        Milestone.id,
    )
    return [
        AttentionItem(
            kind=AttentionKind.MILESTONE_OVERDUE,
            headline=f"{_display(first, preferred, last)}: {title}",
            detail=f"{'Required, d' if required else 'D'}ue {uk_date(due)} ({_ago((today - due).days)})",
            since=due,
            days=(today - due).days,
            cohort_id=cohort_id,
            opens=RecordRef("milestone", milestone_id, person_id),
        )
        for milestone_id, title, due, required, person_id, first, preferred, last, cohort_id in sorted(
            rows, key=lambda row: (row[2], row[0])
        )
    ]


def _overdue_milestones(
    session: Session,
    today: date,
    counts: dict[int, StateCounts],
    imports: list[_Import],
    imported: list[AttentionGroup],
) -> list[AttentionGroup]:
    """Each running cohort's overdue milestones, less those its past-dated imports brought."""
    not_imported_due = ~or_(false(), *(i.created_already_due() for i in imports))
    already_grouped: dict[int, int] = {}
    for group in imported:
        if group.cohort_id is not None:
            already_grouped[group.cohort_id] = already_grouped.get(group.cohort_id, 0) + group.count
    running = dict(
        session.execute(
            select(Cohort.id, Cohort.name).where(Cohort.status.not_in(FINISHED_COHORT))
        ).all()
    )
    kind = AttentionKind.MILESTONE_OVERDUE
    groups = []
    for cohort_id, cohort in running.items():
        state = counts.get(cohort_id)
        count = (state.overdue if state else 0) - already_grouped.get(cohort_id, 0)
        if count <= 0 or state is None or state.oldest_overdue is None:
            continue
        items = _most_overdue(
            session,
            today,
            and_(Cohort.id == cohort_id, not_imported_due),
            state.oldest_overdue,
            count,
        )
        groups.append(
            _group(
                kind,
                cohort_id,
                cohort,
                count,
                items,
                SignalRef("milestone", cohort_id, signal=kind, cohort_name=cohort),
                worst=f"the oldest due {uk_date(items[0].since)}" if items else "",
            )
        )
    return by_urgency(groups)


def _imports_already_due(
    session: Session, today: date, imports: list[_Import]
) -> list[AttentionGroup]:
    kind = AttentionKind.IMPORT_PAST_DUE
    groups = []
    for batch in imports:
        count, oldest = session.execute(
            _overdue_query(today, func.count(), func.min(Milestone.due_date)).where(
                batch.created_already_due()
            )
        ).one()
        if not count:
            continue
        items = _most_overdue(session, today, batch.created_already_due(), oldest, count)
        groups.append(
            _group(
                kind,
                batch.cohort_id,
                batch.cohort,
                count,
                items,
                SignalRef(
                    "milestone",
                    batch.cohort_id,
                    signal=kind,
                    cohort_name=batch.cohort,
                    participation_runs=batch.participation_runs,
                    imported_on=batch.imported_on,
                    source_name=batch.source_name,
                ),
                headline=f"{batch.cohort}: {batch.source_name}, imported {uk_date(batch.imported_on)}",
                worst="still open",
            )
        )
    return by_urgency(groups)


# --- mentees and matches -----------------------------------------------------


def _by_cohort(
    session: Session,
    kind: AttentionKind,
    counted: Select[Any],
    urgent: Callable[[int, Any, int], list[AttentionItem]],
    opens_kind: str,
    worst: Callable[[list[AttentionItem]], str],
) -> list[AttentionGroup]:
    """One group per cohort from ``counted`` (rows of cohort id, name, count, oldest urgency)."""
    groups = []
    for cohort_id, cohort, count, oldest in session.execute(counted):
        items = urgent(cohort_id, oldest, count)
        groups.append(
            _group(
                kind,
                cohort_id,
                cohort,
                count,
                items,
                SignalRef(opens_kind, cohort_id, signal=kind, cohort_name=cohort),
                worst=worst(items) if items else "",
            )
        )
    return by_urgency(groups)


def _not_matched(session: Session, today: date) -> list[AttentionGroup]:
    started = func.coalesce(Participation.start_date, Cohort.start_date)
    ever_matched = (
        select(Match.id).where(Match.mentee_participation_id == Participation.id).exists()
    )
    where = _running(
        and_(
            Participation.role == ParticipantRole.MENTEE.value,
            ~ever_matched,
            started <= today - timedelta(days=NOT_MATCHED_DAYS),
        )
    )

    def base(*columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(Participation)
            .join(Cohort, Cohort.id == Participation.cohort_id)
            .where(where)
        )

    def urgent(cohort_id: int, oldest: Any, count: int) -> list[AttentionItem]:
        rows = _most_urgent(
            session,
            base(Person.id, Person.first_name, Person.preferred_name, Person.last_name, started)
            .join(Person, Person.id == Participation.person_id)
            .where(Participation.cohort_id == cohort_id),
            started,
            oldest,
            count,
            Person.id,
        )
        return [
            AttentionItem(
                kind=AttentionKind.MENTEE_UNMATCHED,
                headline=_display(first, preferred, last),
                detail=f"No mentor {(today - since).days} days after starting on {uk_date(since)}",
                since=since,
                days=(today - since).days,
                cohort_id=cohort_id,
                opens=RecordRef("person", person_id, person_id),
            )
            for person_id, first, preferred, last, since in sorted(
                rows, key=lambda row: (row[4], row[0])
            )
        ]

    return _by_cohort(
        session,
        AttentionKind.MENTEE_UNMATCHED,
        base(Cohort.id, Cohort.name, func.count(), func.min(started)).group_by(
            Cohort.id, Cohort.name
        ),
        urgent,
        "cohort",
        lambda items: f"the longest waiting since {uk_date(items[0].since)}",
    )


_mentee_p, _mentor_p = aliased(Participation), aliased(Participation)
_mentee, _mentor = aliased(Person), aliased(Person)


def _match_query(*columns: Any) -> Select[Any]:
    """Matches whose mentee is still taking part in a running cohort."""
    return (
        select(*columns)
        .select_from(Match)
        .join(Participation, Participation.id == Match.mentee_participation_id)
        .join(Cohort, Cohort.id == Match.cohort_id)
        .where(_running(Participation.role == ParticipantRole.MENTEE.value))
    )


def _match_items(
    session: Session,
    kind: AttentionKind,
    query: Select[Any],
    urgency: Any,
    oldest: Any,
    count: int,
    describe: Callable[[date, Any], str],
    today: date,
) -> list[AttentionItem]:
    """The most urgent rows of ``query`` (match id, cohort id, since, extra) as named items."""
    rows = _most_urgent(
        session,
        query.join(_mentor_p, _mentor_p.id == Match.mentor_participation_id)
        .join(_mentee, _mentee.id == Participation.person_id)
        .join(_mentor, _mentor.id == _mentor_p.person_id)
        .add_columns(
            _mentee.id,
            _mentee.first_name,
            _mentee.preferred_name,
            _mentee.last_name,
            _mentor.first_name,
            _mentor.preferred_name,
            _mentor.last_name,
        ),
        urgency,
        oldest,
        count,
        Match.id,
    )
    items = []
    for match_id, cohort_id, since, extra, mentee_id, mf, mp, ml, of, op, ol in rows:
        since = _as_date(since) or today
        items.append(
            AttentionItem(
                kind=kind,
                headline=f"{_display(mf, mp, ml)} with {_display(of, op, ol)}",
                detail=describe(since, extra),
                since=since,
                days=(today - since).days,
                cohort_id=cohort_id,
                opens=RecordRef("match", match_id, mentee_id),
            )
        )
    return sorted(items, key=lambda i: (-i.days, i.opens.id))


def _quiet_matches(session: Session, today: date) -> list[AttentionGroup]:
    last_session = (
        select(func.max(MentoringSession.held_on))
        .where(MentoringSession.match_id == Match.id)
        .scalar_subquery()
    )
    # Its last session, else its start, else (neither) the day it was made.
    since = _day_or_time(last_session, Match.start_date, Match.created_at)
    # "since" on or before the cutoff day; as one comparison (dates typed as dates),
    # so a made-at time of day on the cutoff day still counts.
    where = and_(
        Match.status == MatchStatus.ACTIVE.value,
        func.coalesce(last_session, Match.start_date, Match.created_at)
        < today - timedelta(days=QUIET_DAYS - 1),
    )
    kind = AttentionKind.MATCH_QUIET

    def urgent(cohort_id: int, oldest: Any, count: int) -> list[AttentionItem]:
        return _match_items(
            session,
            kind,
            _match_query(Match.id, Cohort.id, since, last_session).where(
                where, Match.cohort_id == cohort_id
            ),
            since,
            oldest,
            count,
            lambda on, last: (
                f"{(today - on).days} days without a session ("
                + (
                    f"last session {uk_date(last)})"
                    if last
                    else f"none since the match began {uk_date(on)})"
                )
            ),
            today,
        )

    return _by_cohort(
        session,
        kind,
        _match_query(Cohort.id, Cohort.name, func.count(), func.min(since))
        .where(where)
        .group_by(Cohort.id, Cohort.name),
        urgent,
        "match",
        lambda items: f"the quietest {items[0].days} days",
    )


def _matches_on_hold(session: Session, today: date) -> list[AttentionGroup]:
    where = Match.status == MatchStatus.ON_HOLD.value
    kind = AttentionKind.MATCH_ON_HOLD
    # The day this hold took effect, as the coordinator gave it (the latest step of
    # the match's history into "on hold"), else when the status was changed.
    held_on = (
        select(MatchStatusChange.on_date)
        .where(
            MatchStatusChange.match_id == Match.id,
            MatchStatusChange.to_status == MatchStatus.ON_HOLD.value,
        )
        .order_by(MatchStatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    since = _day_or_time(held_on, Match.status_changed_at, Match.updated_at)

    def urgent(cohort_id: int, oldest: Any, count: int) -> list[AttentionItem]:
        return _match_items(
            session,
            kind,
            _match_query(Match.id, Cohort.id, since, Match.status_reason).where(
                where, Match.cohort_id == cohort_id
            ),
            since,
            oldest,
            count,
            lambda on, reason: f"On hold since {uk_date(on)}" + (f": {reason}" if reason else ""),
            today,
        )

    return _by_cohort(
        session,
        kind,
        _match_query(Cohort.id, Cohort.name, func.count(), func.min(since))
        .where(where)
        .group_by(Cohort.id, Cohort.name),
        urgent,
        "match",
        lambda items: f"the longest since {uk_date(items[0].since)}",
    )


def _matches_ended_early(session: Session, today: date) -> list[AttentionGroup]:
    later = aliased(Match)
    rematched = (
        select(later.id)
        .where(
            later.mentee_participation_id == Match.mentee_participation_id,
            later.status.in_(HAS_A_MENTOR),
        )
        .exists()
    )
    kind = AttentionKind.MATCH_ENDED_EARLY
    ended = _day_or_time(Match.end_date, Match.status_changed_at, Match.updated_at)
    # One per mentee (her latest ended match), however many of hers ended. The
    # Matches page cannot tell from a row whether she has a new mentor since,
    # so each group names its matches by id: one a mentee, a handful a cohort.
    latest: dict[int, tuple[str, set[int]]] = {}
    for cohort_id, cohort, match_id in session.execute(
        _match_query(Match.cohort_id, Cohort.name, func.max(Match.id))
        .where(Match.status == MatchStatus.ENDED_EARLY.value, ~rematched)
        .group_by(Match.cohort_id, Cohort.name, Match.mentee_participation_id)
    ):
        latest.setdefault(cohort_id, (cohort, set()))[1].add(match_id)
    groups = []
    for cohort_id, (cohort, ids) in latest.items():
        items = _match_items(
            session,
            kind,
            _match_query(Match.id, Cohort.id, ended, Match.status_reason).where(Match.id.in_(ids)),
            ended,
            None,
            len(ids),
            lambda on, reason: (
                f"Ended {uk_date(on)}" + (f": {reason}" if reason else "") + "; no new mentor yet"
            ),
            today,
        )
        groups.append(
            _group(
                kind,
                cohort_id,
                cohort,
                len(ids),
                items,
                SignalRef(
                    "match", cohort_id, signal=kind, cohort_name=cohort, record_ids=frozenset(ids)
                ),
                worst=f"the longest without a mentor since {uk_date(items[0].since)}"
                if items
                else "",
            )
        )
    return by_urgency(groups)


# --- cohorts -----------------------------------------------------------------


def _cohorts_ending(session: Session, today: date) -> list[AttentionGroup]:
    state = milestone_state_sql(Milestone.status, Milestone.due_date, today)
    kind = AttentionKind.COHORT_ENDING
    groups = []
    for cohort_id, name, end, open_count in session.execute(
        select(Cohort.id, Cohort.name, Cohort.end_date, func.count(Milestone.id))
        .join(Participation, Participation.cohort_id == Cohort.id)
        .join(Milestone, Milestone.participation_id == Participation.id)
        .where(
            _running(Milestone.required.is_(True)),
            Cohort.end_date >= today,
            Cohort.end_date <= today + timedelta(days=ENDING_SOON_DAYS),
            state.in_([s.value for s in STILL_TO_DO]),
        )
        .group_by(Cohort.id, Cohort.name, Cohort.end_date)
        .order_by(Cohort.end_date)
    ):
        days_left = (end - today).days
        groups.append(
            AttentionGroup(
                kind=kind,
                cohort_id=cohort_id,
                headline=name,
                detail=f"Ends {uk_date(end)} (in {days_left} days) with {kind.count_text(open_count)}",
                count=open_count,
                days=-days_left,
                most_urgent=(),
                opens=RecordRef("cohort", cohort_id),
            )
        )
    return groups


def _follow_ups(session: Session, today: date) -> list[AttentionGroup]:
    kind = AttentionKind.OUTCOME_FOLLOW_UP
    groups = []
    for cohort_id, name, end in session.execute(
        select(Cohort.id, Cohort.name, Cohort.end_date).where(
            Cohort.status != CohortStatus.CANCELLED.value,
            Cohort.end_date.is_not(None),
            Cohort.end_date < today,
        )
    ):
        follow_up = follow_up_showing(end, today)
        if follow_up is None:
            continue
        counted_from = datetime.combine(
            follow_up.due - timedelta(days=FOLLOW_UP_COUNTS_OUTCOMES_FROM_DAYS),
            time.min,
            tzinfo=UTC,
        )
        heard_from = (
            select(Outcome.id)
            .where(Outcome.person_id == Participation.person_id, Outcome.created_at >= counted_from)
            .exists()
        )
        took_part = and_(
            Participation.cohort_id == cohort_id,
            Participation.role == ParticipantRole.MENTEE.value,
            Participation.status.in_(
                (ParticipationStatus.ACTIVE.value, ParticipationStatus.COMPLETED.value)
            ),
        )
        people = session.scalar(
            select(func.count(distinct(Participation.person_id))).where(took_part)
        )
        pending = session.scalar(
            select(func.count(distinct(Participation.person_id))).where(took_part, ~heard_from)
        )
        if not people or not pending:
            continue
        groups.append(
            AttentionGroup(
                kind=kind,
                cohort_id=cohort_id,
                headline=f"{name}: {follow_up.months}-month follow-up",
                detail=f"Due {uk_date(follow_up.due)} · {pending} of {people} mentees have no "
                "outcome recorded since",
                count=pending,
                days=(today - follow_up.due).days,
                most_urgent=(),
                opens=RecordRef("cohort", cohort_id),
            )
        )
    return by_urgency(groups)
