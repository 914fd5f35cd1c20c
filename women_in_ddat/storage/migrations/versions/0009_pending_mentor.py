"""A mentee's place remembers the mentor her import row named while that mentor was not yet known.

A row naming a mentor who is in neither the file nor the cohort used to be
refused, mentee and all; mentors often arrive in a separate sheet a week
later. The mentee is now imported without a match, and the mentor's email
is kept on her place until an import brings that mentor in and the match
is proposed.

Revision ID: 0009_pending_mentor
Revises: 0008_lookalike_organisations
"""

from alembic import op
import sqlalchemy as sa

revision = "0009_pending_mentor"
down_revision = "0008_lookalike_organisations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pending_mentor_email", sa.String(length=254), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.drop_column("pending_mentor_email")
