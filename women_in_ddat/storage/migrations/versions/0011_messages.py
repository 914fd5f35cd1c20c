"""Messages: templates the coordinator edited or wrote, mailings and what became of each message.

- ``message_template``: a template's name, subject, plain body and optional
  simple HTML body (the shipped ones live in the program until edited);
- ``mailing``: one sending of a template (which, who chose it, when, to
  what audience, by SMTP or as drafts), holding no address and no body;
- ``mailing_recipient``: one row per person of a mailing, with the address
  used, the subject, queued / sent / failed / skipped and the server's
  reason; deleted with the person;
- ``person.do_not_contact``: she asked not to be contacted;
- the programme's From address, Reply-To and signature.

Revision ID: 0011_messages
Revises: 0010_events
"""

from alembic import op
import sqlalchemy as sa

revision = "0011_messages"
down_revision = "0010_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN, not a batch: SQLite's batch mode rebuilds the table and
    # the rebuilt person table would lose AUTOINCREMENT (an erased person's id handed on).
    op.add_column(
        "person",
        sa.Column("do_not_contact", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "programme",
        sa.Column("message_from", sa.String(length=254), nullable=False, server_default=""),
    )
    op.add_column(
        "programme",
        sa.Column("message_reply_to", sa.String(length=254), nullable=False, server_default=""),
    )
    op.add_column(
        "programme",
        sa.Column("message_signature", sa.String(), nullable=False, server_default=""),
    )
    op.create_table(
        "message_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_template")),
        sa.UniqueConstraint("name", name=op.f("uq_message_template_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "mailing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_name", sa.String(length=60), nullable=False),
        sa.Column("chosen_by", sa.String(length=100), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("way", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailing")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "mailing_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailing_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("template_name", sa.String(length=60), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mailing_id"],
            ["mailing.id"],
            name=op.f("fk_mailing_recipient_mailing_id_mailing"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_mailing_recipient_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailing_recipient")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("mailing_recipient", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mailing_recipient_person_sent", ["person_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mailing_recipient_mailing_id"), ["mailing_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mailing_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mailing_recipient_mailing_id"))
        batch_op.drop_index("ix_mailing_recipient_person_sent")
    op.drop_table("mailing_recipient")
    op.drop_table("mailing")
    op.drop_table("message_template")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("message_signature")
        batch_op.drop_column("message_reply_to")
        batch_op.drop_column("message_from")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("do_not_contact")
