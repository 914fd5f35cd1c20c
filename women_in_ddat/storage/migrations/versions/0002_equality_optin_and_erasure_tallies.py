"""Equality data opt-in per programme; anonymous tallies kept when a person is erased.

Revision ID: 0002_erasure_tallies
Revises: 0001_initial
"""

from alembic import op
import sqlalchemy as sa

revision = "0002_erasure_tallies"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("collect_equality_data", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "erased_participant_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("was_matched", sa.Boolean(), nullable=False),
        sa.Column("sessions_held", sa.Integer(), nullable=False),
        sa.Column("milestones_done", sa.Integer(), nullable=False),
        sa.Column("milestones_total", sa.Integer(), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_erased_participant_tally_cohort_id_cohort"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erased_participant_tally")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("erased_participant_tally", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erased_participant_tally_cohort_id"), ["cohort_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("erased_participant_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erased_participant_tally_cohort_id"))
    op.drop_table("erased_participant_tally")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("collect_equality_data")
