"""The matching service over a real database: suggestions, decisions, the rematch list."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.matching.builders import ORGANISATIONS, cohort, join, person
from women_in_ddat.domain.enums import MatchStatus, ParticipantRole, ParticipationStatus
from women_in_ddat.domain.models import AuditEvent, EqualityRecord, Match, Participation
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services.matches import hard_rule_violations
from women_in_ddat.services.matching_service import MatchingService

KENT = "Top Talent Kent 2026"
SERIALS = itertools.count()


def matching(services) -> MatchingService:
    return MatchingService(services.db, services.actor)


@pytest.fixture
def small(services):
    """One mentee, three mentors: one in her organisation, her line manager, one who fits."""
    s = services
    c = cohort(s, "Matching test cohort")
    mentee = person(
        s,
        "priya.mentee@essex.gov.uk",
        organisation="Essex County Council",
        line_manager="boss@kent.gov.uk",
        family="Data",
        role="data analyst",
        level="Associate",
        target_family="Data",
        target_role="data scientist",
        target_level="Senior",
        region="East of England",
        wants=["Data modelling", "Statistical methods"],
    )
    same_org = person(
        s,
        "helen@essex.gov.uk",
        organisation="Essex County Council",
        family="Data",
        role="data scientist",
        level="Principal",
    )
    boss = person(
        s,
        "boss@kent.gov.uk",
        organisation="Kent County Council",
        family="Data",
        role="data scientist",
        level="Principal",
    )
    good = person(
        s,
        "sarah@medway.gov.uk",
        organisation="Medway Council",
        family="Data",
        role="data scientist",
        level="Principal",
        region="South East",
        offers=["Data modelling"],
    )
    parts = {
        "mentee": join(s, c, mentee, ParticipantRole.MENTEE),
        "same_org": join(s, c, same_org, ParticipantRole.MENTOR, capacity=2),
        "boss": join(s, c, boss, ParticipantRole.MENTOR, capacity=2),
        "good": join(s, c, good, ParticipantRole.MENTOR, capacity=1),
    }
    return s, c, parts


def test_mentee_suggestions_are_ranked_with_reasons_and_the_ruled_out_say_why(small) -> None:
    s, _, parts = small
    ranked = matching(s).suggest_for_mentee(parts["mentee"])
    assert [o.mentor_participation_id for o in ranked.options] == [parts["good"]]
    option = ranked.options[0]
    assert option.score == 35 + 15 + 15 + 7 + 10
    assert "Role: does the mentee's target role (data scientist)" in option.reasons
    assert (
        "Skills: offers 1 of the 2 skills the mentee wants to grow (Data modelling)"
        in option.reasons
    )
    why = {e.mentor_participation_id: e.why for e in ranked.excluded}
    assert why == {
        parts["same_org"]: ("works in the mentee's own organisation",),
        parts["boss"]: ("is the mentee's line manager",),
    }


def test_accepting_a_suggestion_makes_a_proposed_match_with_its_reasons(small) -> None:
    s, c, parts = small
    suggestion = matching(s).suggest_for_cohort(c)
    assert [(p.mentee_participation_id, p.mentor_participation_id) for p in suggestion.pairs] == [
        (parts["mentee"], parts["good"])
    ]
    [match_id] = matching(s).accept(suggestion.pairs)
    [row] = matching(s).cohort_matches(c)
    assert row.id == match_id and row.status == MatchStatus.PROPOSED.value and not row.pinned
    assert row.rationale.startswith(
        "Suggested with a fit of 82/100: Role: does the mentee's target role"
    )
    # She now has a match and the only fitting mentor is full: nothing more to suggest.
    again = matching(s).suggest_for_cohort(c)
    assert again.pairs == () and again.unmatched == () and again.kept == 1


def test_the_unmatched_are_listed_with_why(small) -> None:
    s, c, parts = small
    # A second mentee whom only the same mentor (one place) may take.
    amara = person(
        s,
        "amara@essex.gov.uk",
        organisation="Essex County Council",
        line_manager="boss@kent.gov.uk",
    )
    join(s, c, amara, ParticipantRole.MENTEE)
    suggestion = matching(s).suggest_for_cohort(c)
    [pair] = suggestion.pairs
    assert pair.mentor_participation_id == parts["good"]
    # Priya wants the skills the mentor offers, so she has the better fit and the place.
    assert pair.mentee_participation_id == parts["mentee"]
    [unmatched] = suggestion.unmatched
    assert unmatched.mentee_email == "amara@essex.gov.uk"
    assert unmatched.why == (
        "The mentor who could take her has no places left once the others are matched; "
        "no assignment matches more mentees."
    )


def test_override_needs_a_reason_keeps_it_and_still_obeys_the_hard_rules(small) -> None:
    s, c, parts = small
    with pytest.raises(InvalidInput) as refused:
        matching(s).override(parts["mentee"], parts["good"], "   ")
    assert "rationale" in refused.value.problems
    with pytest.raises(Conflict, match="line manager"):
        matching(s).override(parts["mentee"], parts["boss"], "She asked for him")
    with pytest.raises(Conflict, match="own organisation"):
        matching(s).override(parts["mentee"], parts["same_org"], "Knows the team")
    assert matching(s).cohort_matches(c) == []
    match = matching(s).override(
        parts["mentee"], parts["good"], "Met at the launch event; good rapport."
    )
    [row] = matching(s).cohort_matches(c)
    assert row.id == match.id and row.pinned
    assert row.rationale == "Chosen by the coordinator: Met at the launch event; good rapport."
    with s.db.reading() as session:
        details = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.entity_id == str(match.id))
        ).all()
    assert "override" in details


def test_override_replaces_a_proposed_match_but_not_one_under_way(small) -> None:
    s, c, parts = small
    second = person(s, "lucy@cddo.gov.uk", organisation="Central Digital and Data Office")
    second_part = join(s, c, second, ParticipantRole.MENTOR, capacity=1)
    [first_id] = matching(s).accept(matching(s).suggest_for_cohort(c).pairs)
    replaced = matching(s).override(parts["mentee"], second_part, "Wants a central government view")
    [current] = matching(s).cohort_matches(c)
    assert current.id == replaced.id and current.mentor_participation_id == second_part
    with s.db.reading() as session:
        details = session.scalars(
            select(AuditEvent.detail).where(
                AuditEvent.entity == "match", AuditEvent.entity_id == str(first_id)
            )
        ).all()
    assert "replaced by an override" in details
    s.matches.change_status(replaced.id, MatchStatus.ACTIVE)
    with pytest.raises(Conflict, match="under way"):
        matching(s).override(parts["mentee"], parts["good"], "Change of heart")


def test_pin_keeps_a_match_out_of_reconsideration(small) -> None:
    s, c, parts = small
    [match_id] = matching(s).accept(matching(s).suggest_for_cohort(c).pairs)
    reconsidered = matching(s).suggest_for_cohort(c, reconsider_unpinned=True)
    assert reconsidered.kept == 0
    assert [p.replaces.match_id for p in reconsidered.pairs if p.replaces] == [match_id]
    matching(s).set_pinned(match_id, True)
    pinned = matching(s).suggest_for_cohort(c, reconsider_unpinned=True)
    assert pinned.kept == 1 and pinned.pairs == ()
    matching(s).set_pinned(match_id, False)
    assert not matching(s).cohort_matches(c)[0].pinned


def test_accepting_a_reconsidered_suggestion_replaces_the_old_proposal(small) -> None:
    s, c, parts = small
    [old] = matching(s).accept(matching(s).suggest_for_cohort(c).pairs)
    reconsidered = matching(s).suggest_for_cohort(c, reconsider_unpinned=True)
    [new] = matching(s).accept(reconsidered.pairs, release=reconsidered.releases)
    [current] = matching(s).cohort_matches(c)
    assert current.id == new
    # A stale suggestion (its proposal already replaced) is refused whole, even
    # when the database has given the new match the old one's id.
    with pytest.raises(Conflict, match="suggest again"):
        matching(s).accept(reconsidered.pairs)
    assert matching(s).cohort_matches(c) == [current]
    assert old


def test_accept_is_all_or_nothing(small) -> None:
    s, c, parts = small
    suggestion = matching(s).suggest_for_cohort(c)
    # Someone else takes the mentor's only place first: accepting must then change nothing.
    other = person(s, "late@thurrock.gov.uk", organisation="Thurrock Council")
    late = join(s, c, other, ParticipantRole.MENTEE)
    s.matches.create_match(late, parts["good"])
    with pytest.raises(Conflict, match="no capacity"):
        matching(s).accept(suggestion.pairs)
    assert [m.mentee_participation_id for m in matching(s).cohort_matches(c)] == [late]


def test_swap_exchanges_mentors_and_refuses_a_broken_rule(services) -> None:
    s = services
    c = cohort(s, "Swap cohort")
    a = join(
        s,
        c,
        person(s, "a@essex.gov.uk", organisation="Essex County Council"),
        ParticipantRole.MENTEE,
    )
    b = join(
        s, c, person(s, "b@kent.gov.uk", organisation="Kent County Council"), ParticipantRole.MENTEE
    )
    x = join(
        s,
        c,
        person(s, "x@medway.gov.uk", organisation="Medway Council"),
        ParticipantRole.MENTOR,
        capacity=1,
    )
    y = join(
        s,
        c,
        person(s, "y@suffolk.gov.uk", organisation="Suffolk County Council"),
        ParticipantRole.MENTOR,
        capacity=1,
    )
    kent = join(
        s,
        c,
        person(s, "k@kent.gov.uk", organisation="Kent County Council"),
        ParticipantRole.MENTOR,
        capacity=1,
    )
    first = s.matches.create_match(a, x)
    second = s.matches.create_match(b, y)
    matching(s).swap(first.id, second.id)
    pairs = {
        (m.mentee_participation_id, m.mentor_participation_id)
        for m in matching(s).cohort_matches(c)
    }
    assert pairs == {(a, y), (b, x)}
    assert all(m.pinned for m in matching(s).cohort_matches(c))
    third = s.matches.create_match(
        join(
            s,
            c,
            person(s, "c@thurrock.gov.uk", organisation="Thurrock Council"),
            ParticipantRole.MENTEE,
        ),
        kent,
    )
    with pytest.raises(Conflict, match="own organisation"):
        matching(s).swap(
            third.id,
            [m.id for m in matching(s).cohort_matches(c) if m.mentee_participation_id == b][0],
        )
    s.matches.change_status(first.id, MatchStatus.ACTIVE)
    with pytest.raises(Conflict, match="Only proposed"):
        matching(s).swap(first.id, third.id)


def test_demo_kent_rematch_list_and_suggestions(demo_services) -> None:
    s = demo_services
    kent = s.cohorts.by_name(KENT)
    # The demo re-matches its own early end: end another active match, left to re-match.
    active = [m for m in s.matches.rows(cohort_id=kent.id) if m.status == MatchStatus.ACTIVE.value]
    s.matches.end(active[0].id, reason="Mentor changed jobs", on=date.today())
    [rematch] = matching(s).rematch_list(kent.id)
    assert rematch.reason == "Mentor changed jobs"
    assert rematch.ended_on is not None and rematch.previous_mentor_name
    suggestion = matching(s).suggest_for_cohort(kent.id)
    suggested = {p.mentee_participation_id: p for p in suggestion.pairs}
    # The accepted, unmatched mentees and the rematch all get a mentor ...
    with s.db.reading() as session:
        accepted = set(
            session.scalars(
                select(Participation.id).where(
                    Participation.cohort_id == kent.id,
                    Participation.role == ParticipantRole.MENTEE.value,
                    Participation.status == ParticipationStatus.ACCEPTED.value,
                )
            )
        )
    assert accepted and accepted <= set(suggested)
    pair = suggested[rematch.mentee_participation_id]
    assert pair.rematch_reason == "Mentor changed jobs"
    # ... but never the mentor whose match with her ended early.
    assert pair.mentor_name != rematch.previous_mentor_name
    matching(s).accept(suggestion.pairs)
    assert matching(s).rematch_list(kent.id) == []


def test_equality_data_never_changes_a_suggestion(demo_services) -> None:
    s = demo_services
    kent = s.cohorts.by_name(KENT)
    before = matching(s).suggest_for_cohort(kent.id)
    with s.db.transaction() as session:
        for part in session.scalars(
            select(Participation).where(Participation.cohort_id == kent.id)
        ):
            session.add(
                EqualityRecord(
                    person_id=part.person_id,
                    ethnicity="white_british" if part.id % 2 else "asian",
                    disability="yes" if part.id % 3 else "no",
                    age_band="25-34",
                )
            )
    assert matching(s).suggest_for_cohort(kent.id) == before


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_suggestion_breaks_a_rule_the_database_enforces(services, data) -> None:
    """Random cohorts in a real database: every suggestion passes the store's own hard-rule check."""
    s = services
    serial = next(SERIALS)
    c = cohort(s, f"Property cohort {serial}")
    mentor_emails = []
    mentors = []
    for j in range(data.draw(st.integers(0, 4), label="mentors")):
        email = f"mentor{serial}-{j}@example.gov.uk"
        org = data.draw(st.sampled_from(ORGANISATIONS))
        mentor_emails.append(email)
        mentors.append(
            join(
                s,
                c,
                person(s, email, organisation=org, family="Data", level="Lead"),
                ParticipantRole.MENTOR,
                capacity=data.draw(st.integers(1, 2)),
            )
        )
    mentees = []
    for i in range(data.draw(st.integers(0, 6), label="mentees")):
        manager = data.draw(st.sampled_from(["", *mentor_emails]))
        org = data.draw(st.sampled_from(ORGANISATIONS))
        mentees.append(
            join(
                s,
                c,
                person(
                    s,
                    f"mentee{serial}-{i}@example.gov.uk",
                    organisation=org,
                    line_manager=manager,
                    target_family="Data",
                ),
                ParticipantRole.MENTEE,
            )
        )
    # Some mentors are already partly or fully taken.
    for mentee_part in mentees[: data.draw(st.integers(0, len(mentees)))]:
        if mentors:
            try:
                s.matches.create_match(mentee_part, data.draw(st.sampled_from(mentors)))
            except Conflict:
                pass
    suggestion = matching(s).suggest_for_cohort(c)
    with s.db.reading() as session:
        for pair in suggestion.pairs:
            mentee_part = session.get(Participation, pair.mentee_participation_id)
            mentor_part = session.get(Participation, pair.mentor_participation_id)
            assert hard_rule_violations(session, mentee_part, mentor_part) == []
    load = Counter(p.mentor_participation_id for p in suggestion.pairs)
    # Accepting everything succeeds (the store checks again) and no mentor exceeds her capacity.
    matching(s).accept(suggestion.pairs)
    with s.db.reading() as session:
        for mentor_part_id in mentors:
            part = session.get(Participation, mentor_part_id)
            current = session.scalars(
                select(Match.id).where(
                    Match.mentor_participation_id == mentor_part_id,
                    Match.status.in_(("proposed", "active", "on_hold")),
                )
            ).all()
            assert len(current) <= part.mentor_capacity
            assert load[mentor_part_id] <= part.mentor_capacity
    # For a mentee, the ranked suggestions obey the same rules.
    for mentee_part_id in mentees:
        ranked = matching(s).suggest_for_mentee(mentee_part_id)
        with s.db.reading() as session:
            mentee_part = session.get(Participation, mentee_part_id)
            for option in ranked.options:
                problems = hard_rule_violations(
                    session, mentee_part, session.get(Participation, option.mentor_participation_id)
                )
                assert [p for p in problems if p != "the mentee already has a current match"] == []


def test_nothing_is_suggested_for_withdrawn_or_applied_people(services) -> None:
    s = services
    c = cohort(s, "Statuses")
    mentor = join(
        s,
        c,
        person(s, "m@medway.gov.uk", organisation="Medway Council"),
        ParticipantRole.MENTOR,
        capacity=3,
    )
    applied = join(
        s,
        c,
        person(s, "ap@kent.gov.uk", organisation="Kent County Council"),
        ParticipantRole.MENTEE,
        status=ParticipationStatus.APPLIED,
    )
    gone = join(
        s,
        c,
        person(s, "gone@kent.gov.uk", organisation="Kent County Council"),
        ParticipantRole.MENTEE,
    )
    s.cohorts.set_participation_status(gone, ParticipationStatus.WITHDRAWN, reason="Left")
    assert matching(s).suggest_for_cohort(c).pairs == ()
    assert mentor and applied


def test_a_rematch_shows_until_she_has_a_new_match(services) -> None:
    s = services
    c = cohort(s, "Rematch cohort")
    mentee = join(
        s, c, person(s, "r@kent.gov.uk", organisation="Kent County Council"), ParticipantRole.MENTEE
    )
    first = join(
        s,
        c,
        person(s, "f@medway.gov.uk", organisation="Medway Council"),
        ParticipantRole.MENTOR,
        capacity=1,
    )
    second = join(
        s,
        c,
        person(s, "g@suffolk.gov.uk", organisation="Suffolk County Council"),
        ParticipantRole.MENTOR,
        capacity=1,
    )
    match = s.matches.create_match(
        mentee, first, status=MatchStatus.ACTIVE, start_date=date.today() - timedelta(days=60)
    )
    assert matching(s).rematch_list() == []
    s.matches.change_status(match.id, MatchStatus.ENDED_EARLY, reason="Mentor moved abroad")
    [row] = matching(s).rematch_list()
    assert (row.mentee_participation_id, row.reason, row.ended_match_id) == (
        mentee,
        "Mentor moved abroad",
        match.id,
    )
    ranked = matching(s).suggest_for_mentee(mentee)
    assert [o.mentor_participation_id for o in ranked.options] == [second]
    assert [(e.mentor_participation_id, e.hard) for e in ranked.excluded] == [(first, False)]
    matching(s).override(mentee, second, "Rematched with a mentor in Suffolk")
    assert matching(s).rematch_list() == []
