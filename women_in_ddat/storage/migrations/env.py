"""Alembic environment: always given a live connection by upgrade_to_head()."""

from alembic import context
from sqlmodel import SQLModel

import women_in_ddat.domain.models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through women_in_ddat.storage.migrations.upgrade_to_head")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
