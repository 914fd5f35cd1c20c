"""Programme rules: milestones follow their anchor, matches keep their history.

- A milestone remembers its anchor and offset (copied from its template), so
  its due date can follow the anchor (cohort start, her own start, her
  match's start); whether its due date was typed by hand (no rule moves it);
  whether a rule completed it (a logged session), and the outcome a
  career-move milestone stands for.
- ``match_status_change`` keeps a match's history: proposed, active (since),
  on hold (since, why), ended (when, why, by whom).
- A template can be retired; a place remembers when it ended.

Existing data is brought under the rules:
- anchor and offset from the milestone's template (else the cohort start,
  and a due date without a template counts as typed by hand); a due date
  that no old rule could have produced was typed by hand and stays;
- open milestones of withdrawn / completed places become withdrawn / closed;
- open rule-made due dates are recomputed: a milestone anchored on a match
  that has not started is waiting (NULL), and so is every open milestone of
  a mentee whose first match has not started (not being matched is one
  signal, not a list of overdue rows);
- career-move milestones and promotion / new-role outcomes are reconciled:
  a done milestone without an outcome gets one (the milestone said she moved),
  an outcome credited to a cohort completes her open career-move milestone;
- a match already on hold, ended or completed gets one history row.

Revision ID: 0007_programme_rules
Revises: 0006_import_created_runs
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007_programme_rules"
down_revision = "0006_import_created_runs"
branch_labels = None
depends_on = None

OPEN = ("not_started", "in_progress")
ANCHORING_MATCHES = ("active", "on_hold", "completed")
CAREER_OUTCOMES = ("promotion", "new_role")


def upgrade() -> None:
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("anchor", sa.String(length=20), nullable=False, server_default="cohort_start")
        )
        batch_op.add_column(sa.Column("due_offset_days", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("due_date_manual", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("done_by_rule", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("outcome_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_milestone_outcome_id"), ["outcome_id"], unique=False)
        batch_op.create_index(
            "ix_milestone_state", ["participation_id", "status", "due_date"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_milestone_outcome_id_outcome"),
            "outcome",
            ["outcome_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("milestone_template", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
    op.create_table(
        "match_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["match_id"],
            ["mentoring_match.id"],
            name=op.f("fk_match_status_change_match_id_mentoring_match"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_status_change")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("match_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_status_change_match_id"), ["match_id"], unique=False
        )
    _bring_data_under_the_rules(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    # The older program knows no withdrawn / closed milestone: they are open again there.
    bind.execute(
        sa.text(
            "UPDATE milestone SET status = 'not_started' WHERE status IN ('withdrawn', 'closed')"
        )
    )
    with op.batch_alter_table("match_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_status_change_match_id"))
    op.drop_table("match_status_change")
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.drop_column("ended_on")
    with op.batch_alter_table("milestone_template", schema=None) as batch_op:
        batch_op.drop_column("retired")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_milestone_outcome_id_outcome"), type_="foreignkey")
        batch_op.drop_index("ix_milestone_state")
        batch_op.drop_index(batch_op.f("ix_milestone_outcome_id"))
        batch_op.drop_column("outcome_id")
        batch_op.drop_column("done_by_rule")
        batch_op.drop_column("due_date_manual")
        batch_op.drop_column("due_offset_days")
        batch_op.drop_column("anchor")


# Data ------------------------------------------------------------------


def _day(value: Any) -> date | None:
    """A date as the driver hands it back (SQLite: text; PostgreSQL: a date)."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _plus(anchor: date | None, offset: int | None) -> date | None:
    return None if anchor is None or offset is None else anchor + timedelta(days=offset)


def _bring_data_under_the_rules(bind: Any) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    cohort_start = {
        cid: _day(start)
        for cid, start in bind.execute(sa.text("SELECT id, start_date FROM cohort"))
    }
    places = {
        pid: (cid, person_id, _day(start), status)
        for pid, cid, person_id, start, status in bind.execute(
            sa.text("SELECT id, cohort_id, person_id, start_date, status FROM participation")
        )
    }
    templates = {
        tid: (anchor, offset)
        for tid, anchor, offset in bind.execute(
            sa.text("SELECT id, anchor, due_offset_days FROM milestone_template")
        )
    }
    match_starts: dict[int, list[date]] = {}
    anchoring: dict[int, tuple[date, int]] = {}
    ever_started: set[int] = set()
    for mid, part_id, status, start in bind.execute(
        sa.text("SELECT id, mentee_participation_id, status, start_date FROM mentoring_match")
    ):
        start = _day(start)
        if start is None:
            continue
        match_starts.setdefault(part_id, []).append(start)
        if status != "proposed":
            ever_started.add(part_id)
        if status in ANCHORING_MATCHES and (start, mid) > anchoring.get(part_id, (date.min, 0)):
            anchoring[part_id] = (start, mid)

    milestones = bind.execute(
        sa.text(
            "SELECT id, participation_id, template_id, due_date, status FROM milestone ORDER BY id"
        )
    ).all()
    updates = []
    for mid, part_id, template_id, due, status in milestones:
        due = _day(due)
        cohort_id, _person, own_start, place_status = places[part_id]
        start_of_cohort = cohort_start.get(cohort_id)
        template = templates.get(template_id)
        if template is None:
            # No template to say what it follows: a date it has was typed for it.
            updates.append(
                {
                    "id": mid,
                    "anchor": "cohort_start",
                    "offset": None,
                    "manual": due is not None,
                    "due": due,
                    "status": _closed_status(status, place_status),
                }
            )
            continue
        anchor, offset = template
        # The dates the old rules could have given it: the cohort start, or a
        # match start, plus the offset (the import used the cohort start too).
        old_rule_dates = {_plus(start_of_cohort, offset)} | {
            _plus(start, offset) for start in match_starts.get(part_id, [])
        }
        manual = due is not None and due not in old_rule_dates
        if status in OPEN and not manual:
            if part_id not in ever_started:
                # Never matched (or only proposed): everything waits for her first match.
                anchor_date = None
            elif anchor == "match_start":
                found = anchoring.get(part_id)
                anchor_date = found[0] if found else None
            elif anchor == "mentee_start":
                anchor_date = own_start or start_of_cohort
            else:
                anchor_date = start_of_cohort
            due = _plus(anchor_date, offset)
        updates.append(
            {
                "id": mid,
                "anchor": anchor,
                "offset": offset,
                "manual": manual,
                "due": due,
                "status": _closed_status(status, place_status),
            }
        )
    if updates:
        bind.execute(
            sa.text(
                "UPDATE milestone SET anchor = :anchor, due_offset_days = :offset, "
                "due_date_manual = :manual, due_date = :due, status = :status WHERE id = :id"
            ).bindparams(
                sa.bindparam("due", type_=sa.Date()), sa.bindparam("manual", type_=sa.Boolean())
            ),
            updates,
        )
    _reconcile_career_moves(bind, places, now)
    _first_history_rows(bind, now)


def _closed_status(status: str, place_status: str) -> str:
    if status in OPEN and place_status == "withdrawn":
        return "withdrawn"
    if status in OPEN and place_status == "completed":
        return "closed"
    return status


def _reconcile_career_moves(bind: Any, places: dict[int, tuple[Any, ...]], now: datetime) -> None:
    """One fact, one record: each done career-move milestone has its outcome, and back."""
    outcomes: dict[tuple[int, int], list[tuple[int, date | None]]] = {}
    for oid, person_id, cohort_id, occurred in bind.execute(
        sa.text(
            "SELECT id, person_id, cohort_id, occurred_on FROM outcome "
            "WHERE cohort_id IS NOT NULL AND kind IN ('promotion', 'new_role') "
            "ORDER BY occurred_on, id"
        )
    ):
        outcomes.setdefault((person_id, cohort_id), []).append((oid, _day(occurred)))
    career = bind.execute(
        sa.text(
            "SELECT m.id, m.participation_id, m.status, m.completed_on FROM milestone m "
            "JOIN participation p ON p.id = m.participation_id "
            "WHERE m.category = 'career_move' AND p.role = 'mentee' ORDER BY m.id"
        )
    ).all()
    done_places: set[int] = set()
    sequence_checked = False
    for mid, part_id, status, completed_on in career:
        if part_id in done_places:
            continue  # one career-move milestone per place stands for the outcome
        cohort_id, person_id, _start, _place_status = places[part_id]
        found = outcomes.get((person_id, cohort_id))
        if found:
            outcome_id, occurred = found[0]
            bind.execute(
                sa.text(
                    "UPDATE milestone SET status = 'done', outcome_id = :outcome, "
                    "completed_on = :on, evidence_note = CASE WHEN evidence_note = '' "
                    "THEN 'Outcome recorded' ELSE evidence_note END WHERE id = :id"
                ).bindparams(sa.bindparam("on", type_=sa.Date())),
                {"outcome": outcome_id, "on": _day(completed_on) or occurred, "id": mid},
            )
            done_places.add(part_id)
        elif status == "done":
            occurred = _day(completed_on) or now.date()
            if not sequence_checked and bind.dialect.name == "postgresql":
                # A database copied in with its ids may have a sequence behind its rows.
                bind.execute(
                    sa.text(
                        "SELECT setval(pg_get_serial_sequence('outcome', 'id'), GREATEST("
                        "(SELECT COALESCE(MAX(id), 0) FROM outcome), "
                        "nextval(pg_get_serial_sequence('outcome', 'id'))))"
                    )
                )
            sequence_checked = True
            outcome_id = bind.execute(
                sa.text(
                    "INSERT INTO outcome (person_id, cohort_id, kind, occurred_on, description, "
                    "role_family, role, level, created_at, version) VALUES "
                    "(:person, :cohort, 'new_role', :on, '', '', '', '', :now, 1) RETURNING id"
                ).bindparams(sa.bindparam("on", type_=sa.Date())),
                {"person": person_id, "cohort": cohort_id, "on": occurred, "now": now},
            ).scalar_one()
            bind.execute(
                sa.text("UPDATE milestone SET outcome_id = :outcome WHERE id = :id"),
                {"outcome": outcome_id, "id": mid},
            )
            done_places.add(part_id)


def _first_history_rows(bind: Any, now: datetime) -> None:
    """A match already on hold or ended gets the one step of its history we know."""
    rows = []
    for mid, status, start, end, reason, by, at in bind.execute(
        sa.text(
            "SELECT id, status, start_date, end_date, status_reason, status_changed_by, "
            "status_changed_at FROM mentoring_match "
            "WHERE status IN ('on_hold', 'ended_early', 'completed') ORDER BY id"
        )
    ):
        changed_at = (
            at
            if isinstance(at, datetime)
            else (datetime.fromisoformat(str(at)) if at is not None else None)
        )
        on = _day(end) if status != "on_hold" else (changed_at.date() if changed_at else None)
        rows.append(
            {
                "match": mid,
                "from": "active" if start is not None else "proposed",
                "to": status,
                "on": on,
                "reason": reason or "",
                "by": by or "",
                "at": (changed_at or now).replace(tzinfo=None),
            }
        )
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO match_status_change "
                "(match_id, from_status, to_status, on_date, reason, changed_by, at) "
                "VALUES (:match, :from, :to, :on, :reason, :by, :at)"
            ).bindparams(
                sa.bindparam("on", type_=sa.Date()), sa.bindparam("at", type_=sa.DateTime())
            ),
            rows,
        )
