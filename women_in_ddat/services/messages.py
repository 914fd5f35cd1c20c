"""Messages to mentees, mentors and sponsors: templates, planning a mailing, sending it, its log.

A mailing is planned first (``plan``: every message as it will go, who is
left out and why, who already had this template within a day) and then
sent (``send``, a job taking a ``Progress``: synchronous in the command line
and tests, on a worker thread in the app). Sending records each recipient
as it goes, one commit per message: a row is *queued* before the message is
handed over and *sent* or *failed* (with the server's words) after, so an
interrupted mailing run again reaches only those not yet sent. Bodies are
never stored; the audit trail names the template and counts, never an
address.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from women_in_ddat.domain.enums import AuditAction, MessageStatus
from women_in_ddat.domain.message_templates import (
    EVENT_FIELDS,
    SENDING_FIELDS,
    SHIPPED,
    Attachment,
    TemplateText,
    check_name,
    check_template,
    fields_used,
    fill,
)
from women_in_ddat.domain.models import (
    Mailing,
    MailingRecipient,
    MessageTemplate,
    Person,
    Programme,
    utcnow,
)
from women_in_ddat.domain.values import clean_multiline, email_problem, normalise_email
from women_in_ddat.errors import Conflict, InvalidInput, NotFound
from women_in_ddat.services.base import Service, touch
from women_in_ddat.services.jobs import NO_PROGRESS, Cancelled, Progress
from women_in_ddat.services.mail_transport import (
    FileToAttach,
    MailServerProblem,
    RecipientFailed,
    build_message,
)
from women_in_ddat.services.message_audience import (
    LEFT_OUT_DO_NOT_CONTACT,
    LEFT_OUT_WITHDREW,
    Audience,
    Place,
    contactable,
    current_pairs,
    merge_values,
    pair_values,
    reach,
)

log = logging.getLogger(__name__)

# The same template to the same person again within this long needs ``again``.
AGAIN_WITHIN = timedelta(days=1)
# A template naming one of these fields has nothing to say to someone for whom it is empty.
NOTHING_TO_SAY = {
    "cohort": "not in a cohort",
    "overdue_milestones": "no milestone overdue",
    "partner_name": "no current match",
    "mentor_name": "no current mentor",
    "organisation": "no organisation recorded",
}
RECORDED_WHEN_LEFT_OUT = (LEFT_OUT_WITHDREW, LEFT_OUT_DO_NOT_CONTACT)
# The questionnaire link's words when her form goes with the message.
FORM_ATTACHED = (
    "Your form is attached: open it in a PDF reader (such as Adobe Acrobat Reader or Microsoft "
    "Edge), fill it in, save it and send it back by replying to this message."
)
# Statuses that mean she has (or may have) had the message.
HAD_IT = (MessageStatus.SENT.value, MessageStatus.QUEUED.value, MessageStatus.DRAFTED.value)


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    subject: str
    body_text: str
    body_html: str
    shipped: bool
    # A shipped template the coordinator changed (resetting brings the shipped wording back).
    edited: bool
    attachment: str
    description: str

    @property
    def text(self) -> TemplateText:
        return TemplateText(
            self.name, self.subject, self.body_text, self.body_html, self.attachment
        )


@dataclass(frozen=True)
class MessageSettings:
    programme_id: int
    programme: str
    sender: str
    reply_to: str
    signature: str


@dataclass(frozen=True)
class Recipient:
    person_id: int
    name: str
    address: str


@dataclass(frozen=True)
class PlannedMessage:
    """One message as it will go: to one person (or, introducing a pair together, to both)."""

    to: tuple[Recipient, ...]
    subject: str
    text: str
    html: str
    # Attachment kind (see domain.message_templates.Attachment), and what it is about.
    attachment: str = ""
    about_email: str = ""
    about_cohort: str = ""
    about_organisation: str = ""
    about_event_id: int | None = None
    about_point: str = ""
    about_participation_id: int | None = None

    @property
    def attachment_label(self) -> str:
        return Attachment.LABELS.get(self.attachment, self.attachment.replace("_", " "))


@dataclass(frozen=True)
class MailingPlan:
    template: str
    audience: str
    sender: tuple[str, str]
    reply_to: str
    messages: tuple[PlannedMessage, ...]
    # (person id or None, why) for everyone left out.
    left_out: tuple[tuple[int | None, str], ...] = ()
    # Had this template within a day (left out unless ``again``).
    already_had: tuple[Recipient, ...] = ()

    @property
    def left_out_counts(self) -> dict[str, int]:
        return dict(Counter(reason for _pid, reason in self.left_out))

    def summary(self) -> str:
        n = len(self.messages)
        return "; ".join([f"{n} message{'s' if n != 1 else ''} to send", *self._left_out()]) + "."

    def left_out_summary(self) -> str:
        """Who was left out and why ("" if nobody), for after the sending."""
        parts = [p.replace(" left out ", " ", 1) for p in self._left_out()]
        return ("Left out: " + "; ".join(parts) + ".") if parts else ""

    def _left_out(self) -> list[str]:
        parts = [f"{count} left out ({reason})" for reason, count in self.left_out_counts.items()]
        if self.already_had:
            parts.append(
                f"{len(self.already_had)} left out (had '{self.template}' within a day; "
                "choose again (--again) to include them)"
            )
        return parts


@dataclass(frozen=True)
class Failure:
    address: str
    reason: str


@dataclass(frozen=True)
class MailingResult:
    mailing_id: int
    sent: int
    failed: tuple[Failure, ...] = ()
    # Not attempted: the server went away (run the mailing again to reach them).
    not_attempted: int = 0
    stopped_because: str = ""
    left_out: int = 0
    drafts: tuple[str, ...] = field(default=())
    # Sent an event's invitation and newly on its register; why not, if that failed.
    invited: int = 0
    not_invited: str = ""

    def summary(self, way: str = "smtp") -> str:
        verb = "Wrote" if way == "drafts" else "Sent"
        noun = "draft" if way == "drafts" else "message"
        text = f"{verb} {self.sent} {noun}{'s' if self.sent != 1 else ''}"
        if self.failed:
            text += f", {len(self.failed)} failed"
        if self.left_out:
            text += f", {self.left_out} left out"
        text += "."
        if self.invited:
            text += f" {self.invited} newly invited on the event's register."
        if self.not_invited:
            text += f" {self.not_invited}"
        if self.stopped_because:
            text += (
                f" {self.stopped_because} {self.not_attempted} not attempted: run the same "
                "mailing again to send only to them."
            )
        return text


@dataclass(frozen=True)
class MessageLine:
    """A message on her History: never the body."""

    at: datetime
    template: str
    subject: str
    address: str
    status: str
    reason: str
    mailing_id: int
    # Who sent the mailing (the app's user), as the rest of her History names.
    sent_by: str = ""


@dataclass(frozen=True)
class Attached:
    """The files a message carries, and what to record once it has gone (her form's key)."""

    files: tuple[FileToAttach, ...] = ()
    after_sent: Callable[[], None] | None = None


Attacher = Callable[[PlannedMessage], Attached]


class MessageService(Service):
    # Templates ------------------------------------------------------------

    def templates(self) -> list[TemplateInfo]:
        with self.db.reading() as session:
            own = {t.name: t for t in session.scalars(select(MessageTemplate))}
        infos = [_info(SHIPPED[name], own.get(name)) for name in SHIPPED]
        infos += [_info(None, t) for name, t in sorted(own.items()) if name not in SHIPPED]
        return infos

    def template(self, name: str) -> TemplateInfo:
        key = name.strip().lower()
        for info in self.templates():
            if info.name == key:
                return info
        raise NotFound(
            f"There is no message template called '{key}'. "
            "See them all with: women-in-ddat message templates."
        )

    def save_template(self, name: str, subject: str, body_text: str, body_html: str = "") -> None:
        """Save a template (a shipped one edited, or her own); unknown merge fields are refused."""
        name = check_name(name)
        subject = " ".join(subject.split())
        body_text = clean_multiline(body_text)
        check_template(subject, body_text, body_html)
        with self.db.transaction() as session:
            row = session.scalar(select(MessageTemplate).where(col(MessageTemplate.name) == name))
            if row is None:
                row = MessageTemplate(name=name, subject=subject, body_text=body_text)
                session.add(row)
            row.subject, row.body_text, row.body_html = subject, body_text, body_html.strip()
            row.updated_at = utcnow()
            session.flush()
            self.audit(session, AuditAction.UPDATE, "message_template", row.id, f"template {name}")

    def reset_template(self, name: str) -> None:
        """A shipped template back to its shipped wording; her own template deleted."""
        name = check_name(name)
        with self.db.transaction() as session:
            row = session.scalar(select(MessageTemplate).where(col(MessageTemplate.name) == name))
            if row is None:
                raise NotFound(f"The template '{name}' has not been edited.")
            session.delete(row)
            self.audit(session, AuditAction.DELETE, "message_template", row.id, f"template {name}")

    # Settings -------------------------------------------------------------

    def settings(self, programme_id: int | None = None) -> MessageSettings:
        with self.db.reading() as session:
            return _settings(_programme(session, programme_id))

    def save_settings(
        self,
        *,
        sender: str | None = None,
        reply_to: str | None = None,
        signature: str | None = None,
        programme_id: int | None = None,
    ) -> MessageSettings:
        with self.db.transaction() as session:
            programme = _programme(session, programme_id)
            for label, value, column in (
                ("From", sender, "message_from"),
                ("Reply-To", reply_to, "message_reply_to"),
            ):
                if value is None:
                    continue
                address = normalise_email(value)
                problem = email_problem(address) if address else ""
                if problem:
                    raise InvalidInput(f"The {label} address: {problem}.", {column: problem})
                setattr(programme, column, address)
            if signature is not None:
                programme.message_signature = clean_multiline(signature)
            touch(programme)
            self.audit(session, AuditAction.UPDATE, "programme", programme.id, "message settings")
            return _settings(programme)

    # Planning ---------------------------------------------------------------

    def plan(
        self,
        template_name: str,
        audience: Audience,
        *,
        again: bool = False,
        values: dict[str, str] | None = None,
        pair_together: bool = False,
        event_id: int | None = None,
        point: str = "",
        today: date | None = None,
    ) -> MailingPlan:
        """Every message as it will go, and who is left out and why. Sends nothing.

        ``event_id``: the event written about (its title, date and venue filled
        in, its calendar entry attached); ``point``: the questionnaire point
        whose form goes to each person.
        """
        today = today or date.today()
        info = self.template(template_name)
        given = {k: v.strip() for k, v in (values or {}).items() if k in SENDING_FIELDS}
        attachment = _attachment_for(info, event_id, point)
        if event_id is not None:
            given.update(self._event_fields(event_id))
        if point and not given.get("questionnaire_link"):
            given["questionnaire_link"] = FORM_ATTACHED
        used = fields_used(info.text)
        missing = [f for f in SENDING_FIELDS if f in used and not given.get(f)]
        if missing:
            hints = ["--value " + " ".join(f"{f}=…" for f in missing)]
            if set(missing) & set(EVENT_FIELDS):
                hints.append("or choose the event: --event ID")
            if "questionnaire_link" in missing:
                hints.append("or send each her form: --point baseline|mid|end")
            raise InvalidInput(
                f"The template '{info.name}' needs the "
                + ", ".join(f.replace("_", " ") for f in missing)
                + f" given when sending ({'; '.join(hints)}).",
                {f: "required" for f in missing},
            )
        about = _About(event_id, point, attachment)
        with self.db.reading() as session:
            reached = reach(session, audience, today)
            settings = _settings(_programme(session, _programme_of(session, reached.cohort_id)))
            # Unsigned, "With best wishes," would end on nothing: the programme signs instead.
            base = {**given, "signature": settings.signature or settings.programme}
            if info.name == "intro":
                messages, left_out = _introductions(
                    session, info, reached.places, base, today, pair_together, about
                )
            else:
                messages, left_out = [], []
                for place in reached.places:
                    fields = {
                        **merge_values(session, place, today, only_matches=place.match_ids),
                        **base,
                    }
                    # Someone in no cohort (a sponsor) still belongs to this programme.
                    fields["programme"] = fields.get("programme") or settings.programme
                    reason = next(
                        (
                            why
                            for f, why in NOTHING_TO_SAY.items()
                            if f in used and not fields.get(f)
                        ),
                        "",
                    ) or _no_form(place, about)
                    if reason:
                        left_out.append((place.person_id, reason))
                    else:
                        messages.append(_message(info, fields, (place,), about))
            recent = _had_recently(
                session,
                info.name,
                {r.person_id for m in messages for r in m.to},
            )
        already = tuple(r for m in messages for r in m.to if r.person_id in recent)
        if not again:
            messages = [m for m in messages if not any(r.person_id in recent for r in m.to)]
        return MailingPlan(
            template=info.name,
            audience=audience.describe(),
            sender=(settings.programme, settings.sender),
            reply_to=settings.reply_to or settings.sender,
            messages=tuple(messages),
            left_out=tuple(reached.left_out) + tuple(left_out),
            already_had=() if again else already,
        )

    def _event_fields(self, event_id: int) -> dict[str, str]:
        from women_in_ddat.services.events import EventService

        event = EventService(self.db, self.actor).get(event_id)
        if event.cancelled:
            raise Conflict(
                "That event is cancelled: send its cancellation from the Events page "
                f"(or women-in-ddat event ics {event_id})."
            )
        return {
            "event_title": event.title,
            "event_date": event_when(event),
            "event_venue": " or online at ".join(
                part for part in (event.venue, event.online_link) if part
            )
            or "a place to be confirmed",
        }

    # Sending ----------------------------------------------------------------

    def send(
        self,
        plan: MailingPlan,
        transport: object,
        progress: Progress = NO_PROGRESS,
        attach: Attacher | None = None,
    ) -> MailingResult:
        """Send (or write as drafts) every planned message, recording each as it goes.

        ``transport`` is a ``SmtpTransport`` or a ``DraftsFolder``. A refused
        recipient is recorded as failed with the server's reason and the rest
        go on; a lost connection or a timeout stops the mailing (those not
        attempted have no row, so running it again reaches them); Cancel
        stops between two messages. Nothing is retried.
        """
        way = getattr(transport, "way", "smtp")
        if way == "smtp" and not plan.sender[1]:
            raise InvalidInput(
                "Set the programme's From address first "
                "(women-in-ddat message settings --from ADDRESS).",
                {"message_from": "required"},
            )
        sent, failures, stopped = 0, [], ""
        # event id -> the people sent its invitation, to put on its register after.
        invitees: dict[int, list[int]] = {}
        total = len(plan.messages)
        progress.step(0, total, "Connecting to the mail server" if way == "smtp" else "Drafts")
        # Connect first: a server that cannot be reached records no mailing at all.
        with transport:  # type: ignore[attr-defined]
            mailing_id = self._start_mailing(plan, way)
            try:
                for done, message in enumerate(plan.messages):
                    progress.step(done, total, f"Message {done + 1} of {total}")
                    reason = self._send_one(mailing_id, plan, message, transport, attach, way)
                    if reason is None:
                        sent += 1
                        if message.about_event_id is not None:
                            invitees.setdefault(message.about_event_id, []).extend(
                                r.person_id for r in message.to
                            )
                    else:
                        failures.append(Failure(message.to[0].address, reason))
                progress.step(total, total, "Done")
            except MailServerProblem as exc:
                failures.append(Failure(message.to[0].address, exc.message))
                stopped = exc.message
            except Cancelled:
                if sent + len(failures) < total:  # a Cancel after the last message stops nothing
                    stopped = "Cancelled."
            finally:
                self._finish(
                    mailing_id, plan, sent, len(failures), total - sent - len(failures), way
                )
        invited, not_invited = self._invite(invitees)
        return MailingResult(
            mailing_id,
            sent,
            tuple(failures),
            total - sent - len(failures),
            stopped,
            len(plan.left_out),
            tuple(str(p) for p in getattr(transport, "written", ())),
            invited,
            not_invited,
        )

    def _invite(self, invitees: dict[int, list[int]]) -> tuple[int, str]:
        """Put those sent an event's invitation on its register (once each): how many new.

        The messages have gone whatever happens here, so a refusal (the event
        full, say) is reported beside the count, not raised.
        """
        from women_in_ddat.services.events import EventService

        made, problems = 0, []
        for event_id, person_ids in invitees.items():
            try:
                made += EventService(self.db, self.actor).invite(event_id, person_ids=person_ids)
            except (InvalidInput, NotFound, Conflict) as exc:
                problems.append(f"Not marked invited on the event's register: {exc.message}")
        return made, " ".join(problems)

    def _start_mailing(self, plan: MailingPlan, way: str) -> int:
        with self.db.transaction() as session:
            mailing = Mailing(
                template_name=plan.template, chosen_by=self.actor, audience=plan.audience, way=way
            )
            session.add(mailing)
            session.flush()
            now = utcnow()
            # Left out by her own choice or status: on her History, so nobody wonders why.
            for person_id, reason in plan.left_out:
                if reason not in RECORDED_WHEN_LEFT_OUT or person_id is None:
                    continue
                if session.get(Person, person_id) is not None:
                    session.add(
                        MailingRecipient(
                            mailing_id=mailing.id,
                            person_id=person_id,
                            template_name=plan.template,
                            status=MessageStatus.SKIPPED.value,
                            reason=reason[:500],
                            created_at=now,
                        )
                    )
            return mailing.id or 0

    def _send_one(
        self,
        mailing_id: int,
        plan: MailingPlan,
        message: PlannedMessage,
        transport: object,
        attach: Attacher | None,
        way: str,
    ) -> str | None:
        """Send one message, its rows queued first and settled after; the failure's reason."""
        ids = self._record(mailing_id, plan, message)
        try:
            attached = attach(message) if (attach and message.attachment) else Attached()
            msg = build_message(
                sender=plan.sender,
                reply_to=plan.reply_to,
                to=[(r.name, r.address) for r in message.to],
                subject=message.subject,
                text=message.text,
                html=message.html,
                attachments=attached.files,
            )
            transport.send(msg)  # type: ignore[attr-defined]
            if attached.after_sent is not None:
                attached.after_sent()
        except RecipientFailed as exc:
            self._settle(ids, MessageStatus.FAILED, exc.reason)
            return exc.reason
        except MailServerProblem as exc:
            self._settle(ids, MessageStatus.FAILED, exc.message)
            raise
        except Exception as exc:
            reason = getattr(exc, "message", "") or type(exc).__name__
            self._settle(ids, MessageStatus.FAILED, reason)
            if isinstance(exc, InvalidInput | NotFound | Conflict):
                return reason
            raise
        self._settle(
            ids, MessageStatus.DRAFTED if way == "drafts" else MessageStatus.SENT, "", sent=True
        )
        return None

    def _record(self, mailing_id: int, plan: MailingPlan, message: PlannedMessage) -> list[int]:
        with self.db.transaction() as session:
            rows = [
                MailingRecipient(
                    mailing_id=mailing_id,
                    person_id=r.person_id,
                    template_name=plan.template,
                    address=r.address,
                    subject=message.subject[:300],
                    status=MessageStatus.QUEUED.value,
                )
                for r in message.to
            ]
            session.add_all(rows)
            session.flush()
            return [r.id or 0 for r in rows]

    def _settle(
        self, ids: list[int], status: MessageStatus, reason: str, *, sent: bool = False
    ) -> None:
        with self.db.transaction() as session:
            for row_id in ids:
                row = session.get(MailingRecipient, row_id)
                if row is not None:
                    row.status, row.reason = status.value, reason[:500]
                    row.sent_at = utcnow() if sent else None

    def _finish(
        self,
        mailing_id: int,
        plan: MailingPlan,
        sent: int,
        failed: int,
        not_attempted: int,
        way: str = "smtp",
    ) -> None:
        drafts = way == "drafts"
        done = f"{sent} written as drafts" if drafts else f"{sent} sent"
        detail = f"template {plan.template}: {done}, {failed} failed"
        if not_attempted:
            detail += f", {not_attempted} not attempted"
        if plan.left_out:
            detail += f", {len(plan.left_out)} left out"
        if plan.already_had:
            detail += f", {len(plan.already_had)} had it within a day"
        with self.db.transaction() as session:
            action = AuditAction.DRAFT if drafts else AuditAction.SEND
            self.audit(session, action, "mailing", mailing_id, detail)
        # Like the audit trail: the template and the counts, never an address or a name.
        log.info("Mailing %s, %s", mailing_id, detail)

    # The log ----------------------------------------------------------------

    def log(self, email: str) -> list[MessageLine]:
        with self.db.reading() as session:
            person_id = session.scalar(
                select(col(Person.id)).where(col(Person.email) == normalise_email(email))
            )
            if person_id is None:
                raise NotFound("No one with that email address is recorded.")
            return message_lines(session, person_id)


def message_lines(session: Session, person_id: int) -> list[MessageLine]:
    """Every message to her, newest first (for her History and her subject access export)."""
    return [
        MessageLine(
            at=r.sent_at or r.created_at,
            template=r.template_name,
            subject=r.subject,
            address=r.address,
            status=r.status,
            reason=r.reason,
            mailing_id=r.mailing_id,
            sent_by=chosen_by,
        )
        for r, chosen_by in session.execute(
            select(MailingRecipient, col(Mailing.chosen_by))
            .join(Mailing, col(Mailing.id) == col(MailingRecipient.mailing_id))
            .where(col(MailingRecipient.person_id) == person_id)
            .order_by(col(MailingRecipient.created_at).desc(), col(MailingRecipient.id).desc())
        )
    ]


def _info(shipped: TemplateText | None, own: MessageTemplate | None) -> TemplateInfo:
    if own is not None:
        return TemplateInfo(
            own.name,
            own.subject,
            own.body_text,
            own.body_html,
            shipped is not None,
            shipped is not None,
            shipped.attachment if shipped else "",
            shipped.description if shipped else "Your own template",
        )
    assert shipped is not None
    return TemplateInfo(
        shipped.name,
        shipped.subject,
        shipped.body_text,
        shipped.body_html,
        True,
        False,
        shipped.attachment,
        shipped.description,
    )


def _programme(session: Session, programme_id: int | None) -> Programme:
    query = select(Programme).order_by(col(Programme.id)).limit(1)
    if programme_id is not None:
        query = select(Programme).where(col(Programme.id) == programme_id)
    programme = session.scalar(query)
    if programme is None:
        raise NotFound("This database has no programme yet: create a cohort first.")
    return programme


def _programme_of(session: Session, cohort_id: int | None) -> int | None:
    from women_in_ddat.domain.models import Cohort

    cohort = session.get(Cohort, cohort_id) if cohort_id else None
    return cohort.programme_id if cohort else None


def _settings(programme: Programme) -> MessageSettings:
    return MessageSettings(
        programme.id or 0,
        programme.name,
        programme.message_from,
        programme.message_reply_to,
        programme.message_signature,
    )


@dataclass(frozen=True)
class _About:
    """What the mailing is about beyond each person: an event, a questionnaire point."""

    event_id: int | None
    point: str
    attachment: str


def _attachment_for(info: TemplateInfo, event_id: int | None, point: str) -> str:
    """What goes with each message: the event's .ics, her form, or the template's own PDF."""
    if event_id is not None and point:
        raise InvalidInput(
            "Write about an event or a questionnaire, not both in one message.",
            {"event": "one at a time"},
        )
    if point:
        from women_in_ddat.domain.enums import AssessmentPoint

        try:
            AssessmentPoint(point)
        except ValueError:
            raise InvalidInput(
                "The questionnaire point is one of: "
                + ", ".join(p.value for p in AssessmentPoint)
                + ".",
                {"point": "unknown"},
            ) from None
        return Attachment.QUESTIONNAIRE_FORM
    if event_id is not None:
        return Attachment.EVENT_ICS
    if info.attachment == Attachment.EVENT_ICS:
        raise InvalidInput(
            f"The template '{info.name}' sends an event's calendar entry: choose the event "
            "(--event ID; women-in-ddat event list shows them).",
            {"event": "required"},
        )
    # The questionnaire template without a point goes with the link given instead.
    return "" if info.attachment == Attachment.QUESTIONNAIRE_FORM else info.attachment


def _no_form(place: Place, about: _About) -> str:
    """Why she has no form at this point to be sent ("" if she has one)."""
    if about.attachment != Attachment.QUESTIONNAIRE_FORM:
        return ""
    from women_in_ddat.domain.enums import ParticipantRole
    from women_in_ddat.domain.questionnaire_items import has_feedback

    if place.participation_id is None:
        return "not in a cohort"
    if place.role != ParticipantRole.MENTEE.value and not has_feedback(about.point):
        return f"no {about.point} questionnaire for a mentor"
    return ""


def event_when(event: object) -> str:
    """'Tuesday 12 January 2027, 09:30 to 16:30', or the first and last days of a longer one."""
    days = getattr(event, "days", ())
    if not days:
        return "a date to be confirmed"
    first, last = days[0], days[-1]

    def day(d: date) -> str:
        return f"{d:%A} {d.day} {d:%B %Y}"

    if len(days) == 1:
        return f"{day(first.on_date)}, {first.starts_at:%H:%M} to {first.ends_at:%H:%M}"
    return (
        f"{day(first.on_date)} to {day(last.on_date)} ({len(days)} days, from "
        f"{first.starts_at:%H:%M} each day)"
    )


def _message(
    info: TemplateInfo,
    fields: dict[str, str],
    places: tuple[Place, ...],
    about: _About | None = None,
) -> PlannedMessage:
    filled = fill(info.text, fields)
    first = places[0]
    about = about or _About(None, "", info.attachment)
    return PlannedMessage(
        to=tuple(Recipient(p.person_id, p.full_name, p.email) for p in places),
        subject=filled.subject,
        text=filled.text,
        html=filled.html,
        attachment=about.attachment,
        about_email=first.email,
        about_cohort=first.cohort,
        about_organisation=first.organisation,
        about_event_id=about.event_id,
        about_point=about.point,
        about_participation_id=first.participation_id,
    )


def _introductions(
    session: Session,
    info: TemplateInfo,
    places: tuple[Place, ...],
    base: dict[str, str],
    today: date,
    together: bool,
    about: _About,
) -> tuple[list[PlannedMessage], list[tuple[int | None, str]]]:
    """Each current pair once: one message to both, or one each."""
    messages: list[PlannedMessage] = []
    left_out: list[tuple[int | None, str]] = []
    reached = {p.person_id for p in places}
    for pair in current_pairs(session, places):
        sides = []
        for side in (pair.mentee, pair.mentor):
            reason = contactable(session, side)
            if reason:
                if side.person_id not in reached:
                    left_out.append((side.person_id, reason))
            else:
                sides.append(side)
        if not sides:
            continue
        if together and len(sides) == 2:
            names = [s.first_name for s in sides]
            shared = {**merge_values(session, sides[0], today), **pair_values(pair), **base}
            shared["first_name"] = " and ".join(names)
            messages.append(_message(info, shared, tuple(sides), about))
        else:
            # One each (also when one side may not be written to): each told whom she meets.
            for side in sides:
                fields = {**merge_values(session, side, today), **pair_values(pair, side), **base}
                messages.append(_message(info, fields, (side,), about))
    return messages, left_out


def _had_recently(session: Session, template: str, person_ids: set[int]) -> set[int]:
    if not person_ids:
        return set()
    since = utcnow() - AGAIN_WITHIN
    return set(
        session.scalars(
            select(col(MailingRecipient.person_id)).where(
                col(MailingRecipient.person_id).in_(person_ids),
                col(MailingRecipient.template_name) == template,
                col(MailingRecipient.status).in_(HAD_IT),
                col(MailingRecipient.created_at) >= since,
            )
        )
    )
