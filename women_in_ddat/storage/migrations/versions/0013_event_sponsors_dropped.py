"""Events: sponsors among the invited, and the days taken off an event.

- ``event_invitation.invited_as``: why she is on the list (the cohort's
  mentee or mentor, a sponsor, or chosen by name: ""). A sponsor has no
  place in the cohort, so the register could not say what she is.
- ``event_dropped_day``: a day's calendar entry that an update took off
  the event (its UID number and the date it had), so the next ``.ics``
  carries it cancelled and calendars remove it, rather than keeping a day
  that no longer happens.

Revision ID: 0013_event_sponsors_dropped
Revises: 0012_feedback
"""

from alembic import op
import sqlalchemy as sa

revision = "0013_event_sponsors_dropped"
down_revision = "0012_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_invitation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("invited_as", sa.String(length=20), nullable=False, server_default="")
        )
    op.create_table(
        "event_dropped_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_dropped_day_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_dropped_day")),
        sa.UniqueConstraint(
            "event_id", "number", name=op.f("uq_event_dropped_day_event_id_number")
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("event_dropped_day")
    with op.batch_alter_table("event_invitation", schema=None) as batch_op:
        batch_op.drop_column("invited_as")
