"""The cohort report's figures, from hand-made data (no database, no PDF)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.reports.builders import TODAY, progress
from women_in_ddat.services.report_data import (
    MentorParticipation,
    MilestoneLine,
    OutcomeLine,
    ScoreSeries,
    SessionStats,
)
from women_in_ddat.services.report_data_figures import (
    by_organisation,
    milestone_completion,
    outcome_counts,
    paired_confidence,
    paired_people,
    pipeline,
    session_totals,
    suppressed,
)


def test_pipeline_counts_each_status_and_the_match_rate_excludes_undecided_applicants() -> None:
    mentees = [
        progress(participation_id=1, status="applied", mentors=()),
        progress(participation_id=2, status="accepted", mentors=()),
        progress(participation_id=3, status="active"),
        progress(participation_id=4, status="active"),
        progress(participation_id=5, status="completed"),
        progress(participation_id=6, status="withdrawn"),
    ]
    pipe = pipeline(mentees)
    assert (pipe.applied, pipe.accepted, pipe.active, pipe.completed, pipe.withdrawn) == (
        1,
        1,
        2,
        1,
        1,
    )
    assert pipe.total == 6
    assert pipe.matched == 4  # withdrawn mentee 6 had a mentor too
    assert pipe.match_rate == 4 / 5


def test_an_empty_cohort_has_no_match_rate() -> None:
    assert pipeline([]).match_rate is None


def test_session_totals_add_up() -> None:
    totals = session_totals(
        [
            progress(sessions=SessionStats(3, 180, date(2026, 1, 5))),
            progress(sessions=SessionStats(0, 0, None)),
            progress(sessions=SessionStats(2, 90, date(2026, 2, 9))),
        ]
    )
    assert (totals.sessions, totals.minutes, totals.mentees_with_sessions) == (5, 270, 2)
    assert totals.last_held == date(2026, 2, 9)
    assert totals.per_mentee() == 2.5


def test_milestone_completion_counts_done_overdue_and_not_applicable_per_title() -> None:
    def line(title: str, status: str, due: date) -> MilestoneLine:
        return MilestoneLine(title, True, due, None, status, "")

    early, late = date(2026, 1, 1), date(2026, 6, 1)
    mentees = [
        progress(milestones=(line("Plan", "done", early), line("Talk", "not_started", late))),
        progress(
            milestones=(line("Plan", "in_progress", early), line("Talk", "not_applicable", late))
        ),
        # Withdrawn mentees do not count against the cohort.
        progress(status="withdrawn", milestones=(line("Plan", "not_started", early),)),
    ]
    plan, talk = milestone_completion(mentees, TODAY)
    assert (plan.title, plan.expected, plan.done, plan.overdue, plan.not_applicable) == (
        "Plan",
        2,
        1,
        1,
        0,
    )
    assert (talk.title, talk.expected, talk.done, talk.overdue, talk.not_applicable) == (
        "Talk",
        1,
        0,
        0,
        1,
    )


def test_confidence_change_is_paired_person_by_person() -> None:
    def person(baseline: int | None, mid: int | None, end: int | None):  # type: ignore[no-untyped-def]
        return progress(confidence=(ScoreSeries("network", "Network", baseline, mid, end),))

    mentees = [
        person(1, 3, 4),  # end counts, not mid: +3
        person(2, 2, None),  # mid is her latest: 0
        person(4, None, 3),  # -1
        person(None, None, 5),  # no baseline: not paired, not counted
        person(3, None, None),  # no later answer: not paired
    ]
    (change,) = paired_confidence(mentees)
    assert change.people == 3
    assert change.baseline_mean == (1 + 2 + 4) / 3
    assert change.latest_mean == (4 + 2 + 3) / 3
    assert (change.improved, change.same, change.lower) == (1, 1, 1)
    assert not change.shown  # three people: too few to show
    assert paired_people(mentees) == 3


def test_groups_under_five_are_shown_as_fewer_than_five() -> None:
    assert [suppressed(n) for n in (0, 1, 4, 5, 12)] == [
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]
    mentees = [
        progress(confidence=(ScoreSeries("network", "Network", 2, None, 3),)) for _ in range(5)
    ]
    (change,) = paired_confidence(mentees)
    assert change.shown


def test_outcomes_are_counted_once_per_person_even_across_two_places() -> None:
    promotion = OutcomeLine("promotion", date(2026, 1, 1), "Promoted", "", "")
    mentor = OutcomeLine("became_mentor", date(2026, 2, 1), "", "", "")
    counts = outcome_counts(
        [
            progress(person_id=1, participation_id=1, outcomes=(promotion,)),
            progress(person_id=1, participation_id=2, outcomes=(promotion, mentor)),
            progress(person_id=2, participation_id=3, outcomes=(promotion,)),
        ]
    )
    assert counts == {"promotion": 2, "became_mentor": 1}


def test_organisation_rows_cover_mentees_and_mentors() -> None:
    essex = progress(organisation="Essex County Council")
    kent = replace(progress(organisation="Kent County Council"), status="completed")
    mentor = MentorParticipation(
        9,
        9,
        "Helen",
        "Head",
        "Medway Council",
        3,
        True,
        1,
        "Essex 2026",
        "active",
        2,
        SessionStats(),
    )
    rows = by_organisation([essex, kent, progress(organisation="")], [mentor])
    assert [r.organisation for r in rows] == [
        "Essex County Council",
        "Kent County Council",
        "Medway Council",
        "",
    ]
    essex_row = rows[0]
    assert (essex_row.mentees, essex_row.mentors, essex_row.active) == (1, 0, 1)
    assert (essex_row.milestones_done, essex_row.milestones_counted) == (1, 2)
    assert rows[1].completed == 1
    assert (rows[2].mentees, rows[2].mentors) == (0, 1)
