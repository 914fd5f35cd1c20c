"""The schema revisions this version of the program knows, oldest first.

Kept as plain data (no Alembic import) so the start-up checks stay cheap.
tests/storage/test_migrations.py proves it matches the Alembic scripts.
"""

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_erasure_tallies",
    "0003_edit_versions",
    "0004_reference_framework",
    "0005_drop_redundant_fk_indexes",
    "0006_import_created_runs",
    "0007_programme_rules",
    "0008_lookalike_organisations",
    "0009_pending_mentor",
    "0010_events",
    "0011_messages",
    "0012_feedback",
    "0013_event_sponsors_dropped",
    "0014_places_follow_matches",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
