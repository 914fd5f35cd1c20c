"""Milestone templates, per programme and per cohort, and starting next year's cohort from this one.

A cohort uses its programme's templates until one of them is changed for
that cohort: the cohort then gets its own copy (its milestones pointed at
the copies), so a change for Kent 2026 never moves Essex 2025's milestones.
A change of timing can be applied to the open milestones made from the
template: ``preview_timing`` says how many would move first.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import (
    AuditAction,
    MilestoneAnchor,
    MilestoneCategory,
    ParticipantRole,
    ParticipationStatus,
)
from women_in_ddat.domain.models import (
    Cohort,
    Milestone,
    MilestoneTemplate,
    Participation,
)
from women_in_ddat.domain.programme_rules import OPEN_STATUSES
from women_in_ddat.domain.values import clean_text
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.services import milestone_rules
from women_in_ddat.services.base import Service, get_or_404, touch
from women_in_ddat.services.cohorts import (
    CohortRecord,
    apply_templates_to_participation,
    find_cohort,
    has_own_templates,
    templates_for,
)

if TYPE_CHECKING:
    from women_in_ddat.services.progress import MilestoneRecord

# An offset beyond this is a typing slip, not a plan (three years).
MAX_OFFSET_DAYS = 3 * 366


@dataclass(frozen=True)
class TemplateRow:
    id: int
    programme_id: int | None
    cohort_id: int | None
    title: str
    category: str
    anchor: str
    due_offset_days: int
    required: bool
    position: int
    retired: bool
    # Open milestones made from it (what a change of timing could move).
    open_milestones: int


@dataclass(frozen=True)
class TimingPreview:
    """What applying a new anchor and offset to a template's open milestones would do."""

    open_milestones: int
    would_move: int
    # Due dates typed by hand stay where they are.
    typed_by_hand: int

    def describe(self) -> str:
        kept = f"; {self.typed_by_hand} typed by hand stay" if self.typed_by_hand else ""
        return f"{self.would_move} of {self.open_milestones} open milestones would move{kept}."


def _check_timing(anchor: MilestoneAnchor, offset_days: int) -> None:
    MilestoneAnchor(anchor)
    if not -MAX_OFFSET_DAYS <= offset_days <= MAX_OFFSET_DAYS:
        raise InvalidInput(
            "That offset is more than three years.", {"offset_days": "at most three years"}
        )


def _row(session: Session, t: MilestoneTemplate, cohort_id: int | None = None) -> TemplateRow:
    """The template as a row; ``open_milestones`` of one cohort's mentees when ``cohort_id`` is given."""
    query = select(func.count(col(Milestone.id))).where(
        col(Milestone.template_id) == t.id, col(Milestone.status).in_(OPEN_STATUSES)
    )
    if cohort_id is not None:
        query = query.where(
            col(Milestone.participation_id).in_(
                select(col(Participation.id)).where(col(Participation.cohort_id) == cohort_id)
            )
        )
    open_count = session.scalar(query)
    return TemplateRow(
        id=int(t.id or 0),
        programme_id=t.programme_id,
        cohort_id=t.cohort_id,
        title=t.title,
        category=t.category,
        anchor=t.anchor,
        due_offset_days=t.due_offset_days,
        required=t.required,
        position=t.position,
        retired=t.retired,
        open_milestones=open_count or 0,
    )


def own_templates(session: Session, cohort: Cohort) -> list[MilestoneTemplate]:
    """The cohort's own set, copied from its programme's the first time it is changed.

    Its members' milestones are pointed at the copies, so later changes to
    the cohort's set reach them and the programme's set stays as it was.
    """
    if has_own_templates(session, cohort.id):
        return templates_for(session, cohort, include_retired=True)
    copies: dict[int, MilestoneTemplate] = {}
    for t in templates_for(session, cohort, include_retired=True):
        copy = MilestoneTemplate(
            programme_id=None,
            cohort_id=cohort.id,
            title=t.title,
            category=t.category,
            due_offset_days=t.due_offset_days,
            anchor=t.anchor,
            required=t.required,
            position=t.position,
            retired=t.retired,
        )
        session.add(copy)
        copies[int(t.id or 0)] = copy
    session.flush()
    part_ids = select(col(Participation.id)).where(col(Participation.cohort_id) == cohort.id)
    for m in session.scalars(
        select(Milestone).where(
            col(Milestone.participation_id).in_(part_ids),
            col(Milestone.template_id).in_(list(copies)),
        )
    ):
        m.template_id = copies[int(m.template_id or 0)].id
    return list(copies.values())


def _template_for_cohort(
    session: Session, template_id: int, cohort_id: int | None
) -> MilestoneTemplate:
    """The template to change: with a cohort given, that cohort's own copy of it."""
    template = get_or_404(session, MilestoneTemplate, template_id, "milestone template")
    if cohort_id is None or template.cohort_id == cohort_id:
        return template
    cohort = get_or_404(session, Cohort, cohort_id, "cohort")
    own = own_templates(session, cohort)
    for copy in own:
        if copy.title == template.title:
            return copy
    raise Conflict("That template is not one of this cohort's.")


def _milestones_of(
    session: Session, template: MilestoneTemplate, cohort_id: int | None = None
) -> list[Milestone]:
    query = select(Milestone).where(col(Milestone.template_id) == template.id)
    if cohort_id is not None:
        query = query.where(
            col(Milestone.participation_id).in_(
                select(col(Participation.id)).where(col(Participation.cohort_id) == cohort_id)
            )
        )
    return list(session.scalars(query))


class TemplateService(Service):
    def list(self, cohort_id: int, *, include_retired: bool = False) -> list[TemplateRow]:
        """The templates a cohort's mentees get: its own set if it has one, else its programme's."""
        with self.db.reading() as session:
            cohort = get_or_404(session, Cohort, cohort_id, "cohort")
            return [
                _row(session, t, cohort_id)
                for t in templates_for(session, cohort, include_retired=include_retired)
            ]

    def list_for_programme(
        self, programme_id: int, *, include_retired: bool = False
    ) -> builtins.list[TemplateRow]:
        with self.db.reading() as session:
            query = select(MilestoneTemplate).where(
                col(MilestoneTemplate.programme_id) == programme_id
            )
            if not include_retired:
                query = query.where(col(MilestoneTemplate.retired).is_(False))
            return [
                _row(session, t)
                for t in session.scalars(
                    query.order_by(col(MilestoneTemplate.position), col(MilestoneTemplate.id))
                )
            ]

    def add(
        self,
        cohort_id: int | None,
        title: str,
        *,
        programme_id: int | None = None,
        category: MilestoneCategory = MilestoneCategory.OTHER,
        anchor: MilestoneAnchor = MilestoneAnchor.COHORT_START,
        offset_days: int = 30,
        required: bool = True,
        apply_to_members: bool = True,
    ) -> TemplateRow:
        """A new template for one cohort (its own set) or for a whole programme.

        With ``apply_to_members``, the cohort's mentees (or, for a programme,
        those of its cohorts that use the programme's set) get it at once.
        """
        title = clean_text(title)
        if not title:
            raise InvalidInput("A milestone needs a title.", {"title": "a title is required"})
        _check_timing(anchor, offset_days)
        if (cohort_id is None) == (programme_id is None):
            raise InvalidInput("Say which cohort or which programme the milestone is for.")
        with self.db.transaction() as session:
            if cohort_id is not None:
                cohort = get_or_404(session, Cohort, cohort_id, "cohort")
                siblings = own_templates(session, cohort)
                cohorts = [cohort]
            else:
                siblings = list(
                    session.scalars(
                        select(MilestoneTemplate).where(
                            col(MilestoneTemplate.programme_id) == programme_id
                        )
                    )
                )
                cohorts = [
                    c
                    for c in session.scalars(
                        select(Cohort).where(col(Cohort.programme_id) == programme_id)
                    )
                    if not has_own_templates(session, c.id)
                ]
            if any(t.title.casefold() == title.casefold() for t in siblings):
                raise InvalidInput(
                    "There is a milestone with that title already.", {"title": "already in use"}
                )
            template = MilestoneTemplate(
                programme_id=programme_id,
                cohort_id=cohort_id,
                title=title,
                category=MilestoneCategory(category).value,
                due_offset_days=offset_days,
                anchor=MilestoneAnchor(anchor).value,
                required=required,
                position=max((t.position for t in siblings), default=-1) + 1,
            )
            session.add(template)
            session.flush()
            added = 0
            if apply_to_members:
                for cohort in cohorts:
                    for part in session.scalars(
                        select(Participation).where(
                            col(Participation.cohort_id) == cohort.id,
                            col(Participation.role) == ParticipantRole.MENTEE.value,
                        )
                    ):
                        added += apply_templates_to_participation(session, cohort, part)
            self.audit(
                session, AuditAction.CREATE, "milestone_template", template.id, f"added to {added}"
            )
            return _row(session, template)

    def rename(self, template_id: int, title: str, *, cohort_id: int | None = None) -> TemplateRow:
        """A new title for the template and every milestone made from it."""
        title = clean_text(title)
        if not title:
            raise InvalidInput("A milestone needs a title.", {"title": "a title is required"})
        with self.db.transaction() as session:
            template = _template_for_cohort(session, template_id, cohort_id)
            milestones = _milestones_of(session, template)
            clash = session.scalar(
                select(func.count(col(Milestone.id))).where(
                    col(Milestone.participation_id).in_([m.participation_id for m in milestones]),
                    col(Milestone.title) == title,
                    col(Milestone.template_id) != template.id,
                )
            )
            if clash:
                raise InvalidInput(
                    "Some mentees have a milestone with that title already.",
                    {"title": "already in use"},
                )
            template.title = title
            for m in milestones:
                m.title = title
                touch(m)
            self.audit(session, AuditAction.UPDATE, "milestone_template", template.id, "title")
            return _row(session, template)

    def set_required(
        self, template_id: int, required: bool, *, cohort_id: int | None = None
    ) -> TemplateRow:
        """Required or optional, for the template and its open milestones."""
        with self.db.transaction() as session:
            template = _template_for_cohort(session, template_id, cohort_id)
            template.required = required
            for m in _milestones_of(session, template):
                if m.status in OPEN_STATUSES and m.required != required:
                    m.required = required
                    touch(m)
            self.audit(
                session,
                AuditAction.UPDATE,
                "milestone_template",
                template.id,
                "required" if required else "optional",
            )
            return _row(session, template)

    def preview_timing(
        self,
        template_id: int,
        anchor: MilestoneAnchor,
        offset_days: int,
        *,
        cohort_id: int | None = None,
    ) -> TimingPreview:
        """How many open milestones a new anchor and offset would move (nothing is written).

        With ``cohort_id``, only that cohort's (as ``set_timing`` for that cohort would).
        """
        _check_timing(anchor, offset_days)
        with self.db.reading() as session:
            template = get_or_404(session, MilestoneTemplate, template_id, "milestone template")
            return _timing_effect(
                session, template, MilestoneAnchor(anchor), offset_days, cohort_id
            )

    def set_timing(
        self,
        template_id: int,
        anchor: MilestoneAnchor,
        offset_days: int,
        *,
        apply_to_open: bool,
        cohort_id: int | None = None,
    ) -> int:
        """Change when the template falls due; with ``apply_to_open``, its open milestones move.

        Returns how many milestones moved. Due dates typed by hand stay.
        """
        _check_timing(anchor, offset_days)
        anchor = MilestoneAnchor(anchor)
        with self.db.transaction() as session:
            template = _template_for_cohort(session, template_id, cohort_id)
            template.anchor = anchor.value
            template.due_offset_days = offset_days
            moved = 0
            if apply_to_open:
                touched: set[int] = set()
                for m in _milestones_of(session, template):
                    if m.status in OPEN_STATUSES and not m.due_date_manual:
                        m.anchor = anchor.value
                        m.due_offset_days = offset_days
                        touched.add(m.participation_id)
                changes = milestone_rules.follow_anchors(session, touched)
                moved = len(changes)
                self.audit_rules(session, changes)
            self.audit(
                session,
                AuditAction.UPDATE,
                "milestone_template",
                template.id,
                f"timing {anchor.value} {offset_days:+d}; moved {moved}",
            )
            return moved

    def reorder(self, template_ids: Sequence[int], *, cohort_id: int | None = None) -> None:
        """Put the templates in this order (the order mentees' milestones are listed in).

        With ``cohort_id``, the order is that cohort's: a cohort still on its
        programme's set gets its own copy first, so other cohorts keep theirs.
        """
        with self.db.transaction() as session:
            for position, template_id in enumerate(template_ids):
                template = _template_for_cohort(session, template_id, cohort_id)
                template.position = position
            self.audit(
                session,
                AuditAction.UPDATE,
                "milestone_template",
                "",
                f"reordered {len(template_ids)}",
            )

    def retire(self, template_id: int, *, cohort_id: int | None = None) -> TemplateRow:
        """New mentees no longer get it; milestones already made from it are kept as they are."""
        with self.db.transaction() as session:
            template = _template_for_cohort(session, template_id, cohort_id)
            template.retired = True
            self.audit(session, AuditAction.UPDATE, "milestone_template", template.id, "retired")
            return _row(session, template)

    def add_one_off(
        self,
        participation_id: int,
        title: str,
        *,
        category: MilestoneCategory = MilestoneCategory.OTHER,
        required: bool = False,
        due_date: date | None = None,
        anchor: MilestoneAnchor | None = None,
        offset_days: int = 0,
    ) -> MilestoneRecord:
        """A milestone for one mentee only (see ProgressService.add_one_off)."""
        from women_in_ddat.services.progress import ProgressService

        return ProgressService(self.db, self.actor).add_one_off(
            participation_id,
            title,
            category=category,
            required=required,
            due_date=due_date,
            anchor=anchor,
            offset_days=offset_days,
        )

    def start_cohort_from(
        self,
        cohort_id: int,
        name: str,
        start: date,
        end: date | None = None,
        copy_mentors: bool = False,
    ) -> CohortRecord:
        """Next year's cohort: same programme and place, a copy of the templates in use
        (retired ones left out) and, if asked, the same mentors with the same capacity."""
        name = clean_text(name)
        problems = {}
        if not name:
            problems["name"] = "a cohort needs a name"
        if end is not None and end < start:
            problems["end_date"] = "the end date is before the start date"
        if problems:
            raise InvalidInput("Please correct the highlighted fields.", problems)
        with self.db.transaction() as session:
            source = get_or_404(session, Cohort, cohort_id, "cohort")
            if find_cohort(session, name) is not None:
                raise InvalidInput(
                    "A cohort with that name exists already.", {"name": "already in use"}
                )
            cohort = Cohort(
                programme_id=source.programme_id,
                name=name,
                place=source.place,
                start_date=start,
                end_date=end,
            )
            session.add(cohort)
            session.flush()
            for position, t in enumerate(templates_for(session, source)):
                session.add(
                    MilestoneTemplate(
                        cohort_id=cohort.id,
                        title=t.title,
                        category=t.category,
                        due_offset_days=t.due_offset_days,
                        anchor=t.anchor,
                        required=t.required,
                        position=position,
                    )
                )
            mentors = 0
            if copy_mentors:
                for part in session.scalars(
                    select(Participation).where(
                        col(Participation.cohort_id) == source.id,
                        col(Participation.role) == ParticipantRole.MENTOR.value,
                        col(Participation.status) != ParticipationStatus.WITHDRAWN.value,
                    )
                ):
                    session.add(
                        Participation(
                            person_id=part.person_id,
                            cohort_id=cohort.id,
                            role=ParticipantRole.MENTOR.value,
                            status=ParticipationStatus.ACCEPTED.value,
                            mentor_capacity=part.mentor_capacity,
                            start_date=start,
                        )
                    )
                    mentors += 1
            session.flush()
            self.audit(
                session,
                AuditAction.CREATE,
                "cohort",
                cohort.id,
                f"started from cohort {source.id}; mentors copied: {mentors}",
            )
            return CohortRecord.of(cohort)


def _timing_effect(
    session: Session,
    template: MilestoneTemplate,
    anchor: MilestoneAnchor,
    offset_days: int,
    cohort_id: int | None,
) -> TimingPreview:
    open_count = would_move = by_hand = 0
    anchors_by_place: dict[int, dict[str, date | None]] = {}
    for m in _milestones_of(session, template, cohort_id):
        if m.status not in OPEN_STATUSES:
            continue
        open_count += 1
        if m.due_date_manual:
            by_hand += 1
            continue
        if m.participation_id not in anchors_by_place:
            part = session.get(Participation, m.participation_id)
            anchors_by_place[m.participation_id] = (
                milestone_rules.anchor_dates(session, part) if part is not None else {}
            )
        new_due = milestone_rules.due_from(
            anchors_by_place[m.participation_id], anchor.value, offset_days
        )
        would_move += new_due != m.due_date
    return TimingPreview(open_milestones=open_count, would_move=would_move, typed_by_hand=by_hand)
