"""Drop the foreign-key indexes that a unique constraint (or index) on the same table already covers.

Each of these columns leads a unique constraint or a wider index of its
table, and that index is the one a lookup by the column (and a cascading
delete of the row it refers to) uses. The single-column copy was only one
more index to write on every insert: an import into a cohort writes tens of
thousands of milestone, participation and match rows.

Revision ID: 0005_drop_redundant_fk_indexes
Revises: 0004_reference_framework
"""

from alembic import op

revision = "0005_drop_redundant_fk_indexes"
down_revision = "0004_reference_framework"
branch_labels = None
depends_on = None

# (table, column, what already leads with the column)
REDUNDANT = (
    ("person_skill_interest", "person_id", "unique (person_id, skill, direction)"),
    ("participation", "person_id", "unique (person_id, cohort_id)"),
    ("mentoring_match", "cohort_id", "ix_match_cohort_status (cohort_id, status)"),
    ("milestone", "participation_id", "unique (participation_id, title)"),
    ("assessment", "participation_id", "unique (participation_id, point, assessor)"),
    ("assessment_score", "assessment_id", "unique (assessment_id, kind, item)"),
)


def upgrade() -> None:
    for table, column, _covered_by in REDUNDANT:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))


def downgrade() -> None:
    for table, column, _covered_by in reversed(REDUNDANT):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
