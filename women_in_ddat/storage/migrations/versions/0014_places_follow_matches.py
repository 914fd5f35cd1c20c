"""A place whose match has started says so: accepted (or applied) places become active.

From this version a match that starts makes both its places active
(services.match_history.places_follow_match), and every count of "active"
(the dashboard, the Cohorts page, the reports) reads the place. A programme
kept by an earlier version has started matches whose places still say
"accepted": the dashboard once counted those as active and the cohort
summary did not. Each such place is made active, as the rule would have made
it, with an audit entry naming the rule (no personal data).

Revision ID: 0014_places_follow_matches
Revises: 0013_event_sponsors_dropped
"""

from alembic import op
import sqlalchemy as sa

revision = "0014_places_follow_matches"
down_revision = "0013_event_sponsors_dropped"
branch_labels = None
depends_on = None

# A match that is or was under way (on hold and completed ones had started).
_STARTED = "('active', 'on_hold', 'completed')"
_WAITING_PLACES = f"""
    SELECT p.id FROM participation p
    WHERE p.status IN ('applied', 'accepted')
      AND (
        p.id IN (SELECT mentee_participation_id FROM mentoring_match WHERE status IN {_STARTED})
        OR p.id IN (SELECT mentor_participation_id FROM mentoring_match WHERE status IN {_STARTED})
      )
"""


def upgrade() -> None:
    bind = op.get_bind()
    waiting = [row[0] for row in bind.execute(sa.text(_WAITING_PLACES))]
    if not waiting:
        return
    ids: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
    bind.execute(
        sa.text(
            "INSERT INTO audit_event (at, actor, action, entity, entity_id, detail) "
            "SELECT CURRENT_TIMESTAMP, 'schema upgrade', 'update', 'participation', "
            "CAST(id AS VARCHAR(64)), 'rule: status active: her match started' "
            "FROM participation WHERE id IN :ids"
        ).bindparams(ids),
        {"ids": waiting},
    )
    bind.execute(
        sa.text(
            "UPDATE participation SET status = 'active', version = version + 1, "
            "updated_at = CURRENT_TIMESTAMP WHERE id IN :ids"
        ).bindparams(ids),
        {"ids": waiting},
    )


def downgrade() -> None:
    # Which places were accepted before cannot be told apart from those made active by hand.
    pass
