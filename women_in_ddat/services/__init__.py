"""What a coordinator can do, one method per user action.

Each public method opens one short session (``Database.transaction``),
commits once, writes an AuditEvent for every change that matters, and
returns plain, detached objects. Widgets and commands call these; they
never see a Session or SQL.
"""
