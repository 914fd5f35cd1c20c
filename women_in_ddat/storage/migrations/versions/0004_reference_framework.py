"""The DDaT framework in use lives in the programme database (table reference_framework).

Before this, an imported framework was a file on the computer that imported
it, so coordinators sharing one database could be using different
frameworks. The newest row is the framework in use; with no rows the
framework shipped with the program is. A file imported earlier is not
copied in here (a migration must not depend on which computer runs it):
the framework dialog and ``framework show`` offer to bring it in.

Revision ID: 0004_reference_framework
Revises: 0003_edit_versions
"""

from alembic import op
import sqlalchemy as sa

revision = "0004_reference_framework"
down_revision = "0003_edit_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_framework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_framework")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("reference_framework")
