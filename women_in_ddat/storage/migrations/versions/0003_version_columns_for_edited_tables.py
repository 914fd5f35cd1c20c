"""A version column on every table the app now edits in place (outcome, assessment, equality record).

Two coordinators editing the same record: the second save must be refused
and shown both versions, which needs the version the edit started from.
Existing rows start at version 1.

Revision ID: 0003_edit_versions
Revises: 0002_erasure_tallies
"""

from alembic import op
import sqlalchemy as sa

revision = "0003_edit_versions"
down_revision = "0002_erasure_tallies"
branch_labels = None
depends_on = None

TABLES = ("outcome", "assessment", "equality_record")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
