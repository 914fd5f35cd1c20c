"""The demo programme reads like a real one: its records agree with each other."""

from __future__ import annotations

from sqlalchemy import func, select

from women_in_ddat.domain.enums import MilestoneCategory, MilestoneStatus
from women_in_ddat.domain.models import Match, MentoringSession, Milestone, Participation


def test_a_held_first_session_is_never_shown_as_missing(demo_services) -> None:
    with demo_services.db.reading() as session:
        first_held = dict(
            session.execute(
                select(Participation.id, func.min(MentoringSession.held_on))
                .join(Match, Match.mentee_participation_id == Participation.id)
                .join(MentoringSession, MentoringSession.match_id == Match.id)
                .group_by(Participation.id)
            ).all()
        )
        milestones = session.scalars(
            select(Milestone).where(Milestone.category == MilestoneCategory.FIRST_SESSION.value)
        ).all()
    assert first_held, "the demo should hold sessions"
    with_sessions = [m for m in milestones if m.participation_id in first_held]
    assert with_sessions
    for milestone in with_sessions:
        assert milestone.status == MilestoneStatus.DONE.value
        assert milestone.completed_on == first_held[milestone.participation_id]
    assert all(
        m.status != MilestoneStatus.DONE.value
        for m in milestones
        if m.participation_id not in first_held
    )
