"""Who a mailing goes to, and what each person's merge fields hold.

An audience is one person, a cohort's mentees / mentors / everyone / those
with a milestone overdue / both sides of its quiet matches, or a list of
person ids (a selection on a page, a dashboard group). People who withdrew,
who asked not to be contacted, or who are no longer recorded (erased) are
left out, each with the reason, so the coordinator sees how many and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import MatchStatus, ParticipantRole, ParticipationStatus, Rsvp
from women_in_ddat.domain.models import (
    Cohort,
    Event,
    EventInvitation,
    Match,
    MentoringSession,
    Milestone,
    Organisation,
    Participation,
    Person,
    Programme,
)
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state
from women_in_ddat.domain.values import normalise_email
from women_in_ddat.errors import InvalidInput, NotFound
from women_in_ddat.services.attention import QUIET_DAYS
from women_in_ddat.services.cohorts import CURRENT_STATUSES


class Group(StrEnum):
    MENTEES = "mentees"
    MENTORS = "mentors"
    ALL = "all"
    OVERDUE = "overdue"
    QUIET = "quiet"


LEFT_OUT_WITHDREW = "withdrew"
LEFT_OUT_DO_NOT_CONTACT = "asked not to be contacted"
LEFT_OUT_ERASED = "no longer recorded (erased)"


@dataclass(frozen=True)
class Audience:
    """Whom to write to. Build with ``person``, ``cohort_group`` or ``selection``."""

    person_email: str = ""
    cohort: str = ""
    group: Group = Group.ALL
    person_ids: tuple[int, ...] = ()
    # What the selection was ("Overdue milestones in Kent 2026"): no names or addresses.
    selection_name: str = ""
    # Everyone invited to this event who has not declined.
    invited_to: int | None = None

    @classmethod
    def person(cls, email: str) -> Audience:
        return cls(person_email=email)

    @classmethod
    def cohort_group(cls, cohort: str, group: Group | str = Group.ALL) -> Audience:
        try:
            return cls(cohort=cohort, group=Group(str(group)))
        except ValueError as exc:
            raise InvalidInput(
                f"Choose whom in the cohort: {', '.join(g.value for g in Group)}.",
                {"to": "unknown group"},
            ) from exc

    @classmethod
    def invited(cls, event_id: int) -> Audience:
        return cls(invited_to=event_id)

    @classmethod
    def selection(cls, person_ids: list[int] | tuple[int, ...], name: str = "") -> Audience:
        return cls(person_ids=tuple(dict.fromkeys(person_ids)), selection_name=name)

    def describe(self) -> str:
        """For the mailing's record and the audit trail: never a name or an address."""
        if self.person_email:
            return "One person"
        if self.invited_to is not None:
            return f"Invited to event {self.invited_to}, not declined"
        if self.cohort:
            return {
                Group.MENTEES: f"Mentees of {self.cohort}",
                Group.MENTORS: f"Mentors of {self.cohort}",
                Group.ALL: f"Everyone in {self.cohort}",
                Group.OVERDUE: f"Mentees of {self.cohort} with a milestone overdue",
                Group.QUIET: f"Both sides of {self.cohort}'s quiet matches",
            }[self.group][:300]
        n = len(self.person_ids)
        what = self.selection_name or "A selection"
        return f"{what} ({n} {'person' if n == 1 else 'people'})"[:300]


@dataclass(frozen=True)
class Place:
    """One person as the audience reaches her: her details and the cohort place in question."""

    person_id: int
    first_name: str
    full_name: str
    email: str
    organisation: str
    participation_id: int | None
    role: str
    cohort_id: int | None
    cohort: str
    programme: str
    # Only for a quiet-match audience: the quiet matches she is in.
    match_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reached:
    places: tuple[Place, ...]
    # (person id, or None for someone no longer recorded; why she was left out)
    left_out: tuple[tuple[int | None, str], ...] = field(default=())
    cohort_id: int | None = None


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reach(session: Session, audience: Audience, today: date) -> Reached:
    if audience.person_email:
        person = session.scalar(
            select(Person).where(col(Person.email) == normalise_email(audience.person_email))
        )
        if person is None:
            raise NotFound("No one with that email address is recorded.")
        return _people(session, [person.id or 0])
    if audience.cohort:
        return _cohort(session, audience, today)
    if audience.invited_to is not None:
        return _invited(session, audience.invited_to)
    if not audience.person_ids:
        raise InvalidInput("Choose whom to write to.", {"audience": "nobody chosen"})
    return _people(session, list(audience.person_ids))


def _place(
    session: Session,
    person: Person,
    part: Participation | None,
    cohort: Cohort | None,
    match_ids: tuple[int, ...] = (),
) -> Place:
    org = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    programme = session.get(Programme, cohort.programme_id) if cohort else None
    return Place(
        person_id=person.id or 0,
        first_name=person.preferred_name or person.first_name,
        full_name=person.display_name,
        email=person.email,
        organisation=org.name if org else "",
        participation_id=part.id if part else None,
        role=part.role if part else "",
        cohort_id=cohort.id if cohort else None,
        cohort=cohort.name if cohort else "",
        programme=programme.name if programme else "",
        match_ids=match_ids,
    )


def _left_out_reason(person: Person, part: Participation | None) -> str:
    if person.do_not_contact:
        return LEFT_OUT_DO_NOT_CONTACT
    if part is not None and part.status == ParticipationStatus.WITHDRAWN.value:
        return LEFT_OUT_WITHDREW
    return ""


def _latest_place(session: Session, person_id: int) -> tuple[Participation, Cohort] | None:
    row = session.execute(
        select(Participation, Cohort)
        .join(Cohort, col(Cohort.id) == col(Participation.cohort_id))
        .where(col(Participation.person_id) == person_id)
        .order_by(
            # A place that still runs before one that ended; then the latest cohort.
            (col(Participation.status) == ParticipationStatus.WITHDRAWN.value),
            col(Cohort.start_date).desc(),
            col(Participation.id).desc(),
        )
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _people(session: Session, person_ids: list[int]) -> Reached:
    places: list[Place] = []
    left_out: list[tuple[int | None, str]] = []
    for pid in person_ids:
        person = session.get(Person, pid)
        if person is None:
            left_out.append((None, LEFT_OUT_ERASED))
            continue
        found = _latest_place(session, pid)
        part, cohort = found if found else (None, None)
        reason = _left_out_reason(person, part)
        if reason:
            left_out.append((pid, reason))
        else:
            places.append(_place(session, person, part, cohort))
    return Reached(tuple(places), tuple(left_out))


def _invited(session: Session, event_id: int) -> Reached:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"There is no event {event_id} (women-in-ddat event list shows them).")
    person_ids = session.scalars(
        select(col(EventInvitation.person_id))
        .join(Person, col(Person.id) == col(EventInvitation.person_id))
        .where(
            col(EventInvitation.event_id) == event_id,
            col(EventInvitation.rsvp) != Rsvp.DECLINED.value,
        )
        .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
    ).all()
    if not person_ids:
        raise InvalidInput(
            "Nobody is invited to that event yet (or everyone declined): invite people first, "
            "or choose a cohort or a person.",
            {"audience": "nobody invited"},
        )
    reached = _people(session, list(person_ids))
    return Reached(reached.places, reached.left_out, event.cohort_id)


def _cohort(session: Session, audience: Audience, today: date) -> Reached:
    cohort = session.scalar(select(Cohort).where(col(Cohort.name) == audience.cohort.strip()))
    if cohort is None:
        raise NotFound(f"There is no cohort called '{audience.cohort.strip()}'.")
    query = (
        select(Participation, Person)
        .join(Person, col(Person.id) == col(Participation.person_id))
        .where(col(Participation.cohort_id) == cohort.id)
        .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
    )
    group = audience.group
    quiet: dict[int, list[int]] = {}
    if group in (Group.MENTEES, Group.OVERDUE):
        query = query.where(col(Participation.role) == ParticipantRole.MENTEE.value)
    elif group is Group.MENTORS:
        query = query.where(col(Participation.role) == ParticipantRole.MENTOR.value)
    elif group is Group.QUIET:
        quiet = quiet_match_places(session, cohort.id or 0, today)
        query = query.where(col(Participation.id).in_(quiet))
    places, left_out = [], []
    for part, person in session.execute(query).all():
        if group is Group.OVERDUE and not overdue_milestones(session, part.id or 0, today):
            continue
        reason = _left_out_reason(person, part)
        if reason:
            left_out.append((person.id, reason))
        else:
            places.append(_place(session, person, part, cohort, tuple(quiet.get(part.id or 0, ()))))
    return Reached(tuple(places), tuple(left_out), cohort.id)


def quiet_match_places(session: Session, cohort_id: int, today: date) -> dict[int, list[int]]:
    """Each place (mentee or mentor) in one of the cohort's quiet matches -> those matches.

    Quiet as the dashboard says: active, and no session for ``QUIET_DAYS``
    days, counting from the last session, else the start, else its making.
    """
    last = (
        select(func.max(col(MentoringSession.held_on)))
        .where(col(MentoringSession.match_id) == col(Match.id))
        .scalar_subquery()
    )
    cutoff = today - timedelta(days=QUIET_DAYS - 1)
    found: dict[int, list[int]] = {}
    for mid, mentee, mentor in session.execute(
        select(
            col(Match.id), col(Match.mentee_participation_id), col(Match.mentor_participation_id)
        ).where(
            col(Match.cohort_id) == cohort_id,
            col(Match.status) == MatchStatus.ACTIVE.value,
            func.coalesce(last, col(Match.start_date), col(Match.created_at)) < cutoff,
        )
    ):
        found.setdefault(mentee, []).append(mid)
        found.setdefault(mentor, []).append(mid)
    return found


def overdue_milestones(session: Session, participation_id: int, today: date) -> list[str]:
    """Her overdue milestones, one a line: the same rule as every page (``programme_rules``)."""
    lines = []
    for title, status, due in session.execute(
        select(col(Milestone.title), col(Milestone.status), col(Milestone.due_date))
        .where(col(Milestone.participation_id) == participation_id)
        .order_by(col(Milestone.due_date), col(Milestone.title))
    ):
        if due is not None and milestone_state(status, due, today) is MilestoneState.OVERDUE:
            lines.append(f"• {title} (due {long_date(due)})")
    return lines


@dataclass(frozen=True)
class Pair:
    match_id: int
    mentee: Place
    mentor: Place


def current_pairs(session: Session, places: tuple[Place, ...]) -> list[Pair]:
    """The current matches (proposed, active, on hold) of the places, each pair once."""
    part_ids = [p.participation_id for p in places if p.participation_id]
    if not part_ids:
        return []
    pairs = []
    for match in session.scalars(
        select(Match)
        .where(
            col(Match.status).in_(CURRENT_STATUSES),
            (col(Match.mentee_participation_id).in_(part_ids))
            | (col(Match.mentor_participation_id).in_(part_ids)),
        )
        .order_by(col(Match.id))
    ):
        sides = []
        for part_id in (match.mentee_participation_id, match.mentor_participation_id):
            part = session.get(Participation, part_id)
            person = session.get(Person, part.person_id) if part else None
            cohort = session.get(Cohort, part.cohort_id) if part else None
            if part is None or person is None:
                break
            sides.append((person, part, cohort))
        if len(sides) == 2:
            pairs.append(
                Pair(
                    match.id or 0,
                    _place(session, *sides[0]),
                    _place(session, *sides[1]),
                )
            )
    return pairs


def contactable(session: Session, place: Place) -> str:
    """Why this side of a pair must be left out ("" if she may be written to)."""
    person = session.get(Person, place.person_id)
    part = session.get(Participation, place.participation_id) if place.participation_id else None
    return _left_out_reason(person, part) if person else LEFT_OUT_ERASED


def merge_values(
    session: Session, place: Place, today: date, *, only_matches: tuple[int, ...] = ()
) -> dict[str, str]:
    """Her merge fields from the programme (the sending fields are added by the caller)."""
    values = {
        "first_name": place.first_name,
        "full_name": place.full_name,
        "cohort": place.cohort,
        "programme": place.programme,
        "organisation": place.organisation,
    }
    if place.participation_id is None:
        return values
    if place.role == ParticipantRole.MENTEE.value:
        values["overdue_milestones"] = "\n".join(
            overdue_milestones(session, place.participation_id, today)
        )
        match = session.scalar(
            select(Match)
            .where(
                col(Match.mentee_participation_id) == place.participation_id,
                col(Match.status).in_(CURRENT_STATUSES),
            )
            .order_by(col(Match.id).desc())
            .limit(1)
        )
        if match is not None:
            mentor = _person_of(session, match.mentor_participation_id)
            if mentor is not None:
                values["mentor_name"] = values["partner_name"] = mentor.display_name
                values["mentor_email"] = mentor.email
    else:
        query = select(Match).where(
            col(Match.mentor_participation_id) == place.participation_id,
            col(Match.status).in_(CURRENT_STATUSES),
        )
        if only_matches:
            query = query.where(col(Match.id).in_(only_matches))
        mentees = [
            p
            for m in session.scalars(query.order_by(col(Match.id)))
            if (p := _person_of(session, m.mentee_participation_id)) is not None
        ]
        values["partner_name"] = _joined([p.display_name for p in mentees])
    return values


def pair_values(pair: Pair, reader: Place | None = None) -> dict[str, str]:
    """The pair's fields, the introduction written to ``reader`` (None: to both at once)."""
    mentee, mentor = pair.mentee, pair.mentor
    cohort = mentee.cohort or mentor.cohort
    where = f" in {cohort}" if cohort else ""
    values = {
        "mentee_name": mentee.full_name,
        "mentee_email": mentee.email,
        "mentor_name": mentor.full_name,
        "mentor_email": mentor.email,
    }
    if reader is None:
        values["introduction"] = (
            f"I am delighted to introduce you to each other: {mentor.full_name} will be "
            f"{mentee.first_name}'s mentor{where}. This message has gone to you both, so reply "
            "to all to reach each other."
        )
        return values
    mine = reader.person_id == mentee.person_id
    other, role = (mentor, "mentor") if mine else (mentee, "mentee")
    values["partner_name"] = other.full_name
    values["introduction"] = (
        f"I am delighted to introduce you to your {role}{where}, {other.full_name}. "
        f"You can reach {other.first_name} at {other.email}, and {other.first_name} has your "
        "address too."
    )
    return values


def _joined(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _person_of(session: Session, participation_id: int) -> Person | None:
    part = session.get(Participation, participation_id)
    return session.get(Person, part.person_id) if part else None
