"""The records an import creates are kept for undo as runs of ids, not a row each.

A 10,000-row import into a cohort wrote ~27,000 undo rows that each said
only "created at version 1"; on PostgreSQL those alone took ~0.1 s (a
foreign-key check each). ``import_created`` holds one row per run of
consecutive new ids. Undo reads both tables, so the batches already
recorded in ``import_change`` stay undoable exactly as they were.

Revision ID: 0006_import_created_runs
Revises: 0005_drop_redundant_fk_indexes
"""

from alembic import op
import sqlalchemy as sa

revision = "0006_import_created_runs"
down_revision = "0005_drop_redundant_fk_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_created",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_import_created_batch_id_import_batch"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_created")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("import_created", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_created_batch_id"), ["batch_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_created", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_created_batch_id"))
    op.drop_table("import_created")
