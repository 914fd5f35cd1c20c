"""Events: training days, workshops and the like, with invitations and registers.

- ``event``: a cohort's (or the whole programme's) gathering, with the
  identity of its calendar entry (UID and SEQUENCE) and whether it is
  required for completion;
- ``event_day``: each of its days, with start and end times;
- ``event_invitation``: who is invited, and her reply;
- ``event_attendance``: whether she was there on a day, and from where
  that was known (typed, a Teams report, a register);
- ``attendance_import``: an attendance file applied to an event, for undo.

Revision ID: 0010_events
Revises: 0009_pending_mentor
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_events"
down_revision = "0009_pending_mentor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("online_link", sa.String(length=1000), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("ics_uid", sa.String(length=200), nullable=False),
        sa.Column("ics_sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_event_cohort_id_cohort"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_event_programme_id_programme"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("ics_uid", name=op.f("uq_event_ics_uid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_programme_id"), ["programme_id"], unique=False)
    op.create_table(
        "event_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_day_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_day")),
        sa.UniqueConstraint("event_id", "on_date", name=op.f("uq_event_day_event_id_on_date")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "attendance_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_attendance_import_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_import")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("attendance_import", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_import_event_id"), ["event_id"], unique=False
        )
    op.create_table(
        "event_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("rsvp", sa.String(length=20), nullable=False),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_invitation_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_event_invitation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["attendance_import.id"],
            name=op.f("fk_event_invitation_import_id_attendance_import"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_invitation")),
        sa.UniqueConstraint(
            "event_id", "person_id", name=op.f("uq_event_invitation_event_id_person_id")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("event_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_invitation_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_invitation_import_id"), ["import_id"], unique=False
        )
    op.create_table(
        "event_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("event_day_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("minutes_present", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("before_import", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["event_invitation.id"],
            name=op.f("fk_event_attendance_invitation_id_event_invitation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_day_id"],
            ["event_day.id"],
            name=op.f("fk_event_attendance_event_day_id_event_day"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["attendance_import.id"],
            name=op.f("fk_event_attendance_import_id_attendance_import"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attendance")),
        sa.UniqueConstraint(
            "invitation_id",
            "event_day_id",
            name=op.f("uq_event_attendance_invitation_id_event_day_id"),
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("event_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_attendance_event_day_id"), ["event_day_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_attendance_import_id"), ["import_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("event_attendance")
    op.drop_table("event_invitation")
    op.drop_table("attendance_import")
    op.drop_table("event_day")
    op.drop_table("event")
