"""Participants' feedback, and questionnaires that come back by themselves.

``feedback``: a mentee's or mentor's mid-point or end-of-programme answers
(satisfaction, likelihood to recommend, what changed, what should change, a
quote and her dated, withdrawable consent to publish it).
``questionnaire_form``: each form written for a person and a point, named by
a random key printed into the form, so a returned form finds her again.
``questionnaire_collection`` and ``questionnaire_collection_change``: one
collection of returned forms, with what each answer replaced, for undo.

Revision ID: 0012_feedback
Revises: 0011_messages
"""

from alembic import op
import sqlalchemy as sa

revision = "0012_feedback"
down_revision = "0011_messages"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=10), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("recommend", sa.Integer(), nullable=True),
        sa.Column("what_changed", sa.String(), nullable=False, server_default=""),
        sa.Column("what_should_change", sa.String(), nullable=False, server_default=""),
        sa.Column("quote", sa.String(), nullable=False, server_default=""),
        sa.Column("quote_consent", sa.String(length=12), nullable=False, server_default="none"),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_withdrawn_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("feedback", "participation_id", "participation"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint(
            "participation_id", "point", name=op.f("uq_feedback_participation_id_point")
        ),
    )
    op.create_table(
        "questionnaire_collection",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collected_by", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("saved_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(length=10), nullable=False, server_default="applied"),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_collection")),
    )
    op.create_table(
        "questionnaire_form",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=10), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        _fk("questionnaire_form", "participation_id", "participation"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_form")),
        sa.UniqueConstraint("form_key", name=op.f("uq_questionnaire_form_form_key")),
    )
    op.create_index(
        op.f("ix_questionnaire_form_participation_id"),
        "questionnaire_form",
        ["participation_id"],
    )
    op.create_table(
        "questionnaire_collection_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=10), nullable=False),
        sa.Column("before_json", sa.String(), nullable=False, server_default=""),
        sa.Column("after_json", sa.String(), nullable=False, server_default=""),
        _fk("questionnaire_collection_change", "collection_id", "questionnaire_collection"),
        _fk("questionnaire_collection_change", "participation_id", "participation"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_collection_change")),
    )
    op.create_index(
        op.f("ix_questionnaire_collection_change_collection_id"),
        "questionnaire_collection_change",
        ["collection_id"],
    )
    op.create_index(
        op.f("ix_questionnaire_collection_change_participation_id"),
        "questionnaire_collection_change",
        ["participation_id"],
    )


def downgrade() -> None:
    op.drop_table("questionnaire_collection_change")
    op.drop_table("questionnaire_form")
    op.drop_table("questionnaire_collection")
    op.drop_table("feedback")
