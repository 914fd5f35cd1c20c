"""Opening, checking, migrating and backing up the programme database."""
