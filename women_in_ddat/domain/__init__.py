"""The programme's domain: what a coordinator tracks, as SQLModel tables and enums."""
