"""Message templates: the merge fields, the shipped wording, and filling a template in.

Templates use ``string.Template`` placeholders (``$first_name`` or
``${first_name}``; ``$$`` for a dollar sign): substitution only, no
expressions, attribute access or code, so a template typed by anyone can do
nothing but fill in the fields below. A template naming a field not listed
here is refused when it is saved, not when it is sent.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from string import Template

from women_in_ddat.errors import InvalidInput

# Every field a template may name, and what it holds (shown to the coordinator).
MERGE_FIELDS: dict[str, str] = {
    "first_name": "Her first name (or the name she prefers)",
    "full_name": "Her full name",
    "cohort": "The cohort's name",
    "programme": "The programme's name",
    "organisation": "Her organisation",
    "mentor_name": "Her mentor's name (a mentee's current match)",
    "mentor_email": "Her mentor's email address",
    "mentee_name": "The mentee's name (in an introduction)",
    "mentee_email": "The mentee's email address (in an introduction)",
    "partner_name": "The other person in her current match",
    "introduction": (
        "In an introduction: whom she is introduced to and how to reach them, written to her "
        "(or to both of a pair in one message)"
    ),
    "overdue_milestones": "Her overdue milestones, one a line with the date each was due",
    "event_title": "The event's title (from the event chosen when sending)",
    "event_date": "The event's date and times (from the event chosen when sending)",
    "event_venue": "The event's venue or online link (from the event chosen when sending)",
    "questionnaire_link": (
        "The questionnaire's link (given when sending), or how to fill in the form attached"
    ),
    "signature": "The programme's signature",
}
# Fields the coordinator types when sending, not read from the programme (an event chosen
# when sending fills the event's; a questionnaire point, the link's).
SENDING_FIELDS = ("event_title", "event_date", "event_venue", "questionnaire_link")
EVENT_FIELDS = ("event_title", "event_date", "event_venue")

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")


class Attachment:
    """What a shipped template attaches, by name (the reports layer makes the file)."""

    CERTIFICATE = "certificate"
    ORGANISATION_REPORT = "organisation_report"
    EVENT_ICS = "event_ics"
    QUESTIONNAIRE_FORM = "questionnaire_form"

    LABELS = {
        CERTIFICATE: "her certificate (PDF)",
        ORGANISATION_REPORT: "her organisation's report (PDF)",
        EVENT_ICS: "the event's calendar entry (.ics)",
        QUESTIONNAIRE_FORM: "her questionnaire form (fillable PDF)",
    }


@dataclass(frozen=True)
class TemplateText:
    name: str
    subject: str
    body_text: str
    body_html: str = ""
    # An Attachment kind, or "" for none.
    attachment: str = ""
    description: str = ""


@dataclass(frozen=True)
class FilledMessage:
    subject: str
    text: str
    html: str


_SIGN_OFF = "\n\nWith best wishes,\n\n$signature\n"

SHIPPED: dict[str, TemplateText] = {
    t.name: t
    for t in (
        TemplateText(
            "intro",
            "Introducing your mentoring partner for $cohort",
            "Dear $first_name,\n\n$introduction\n\n"
            "Please arrange your first session in the next two weeks. It is a chance to get to "
            "know each other, agree how often you will meet and talk about your goals for the "
            "programme." + _SIGN_OFF,
            "<p>Dear $first_name,</p>\n<p>$introduction</p>\n"
            "<p>Please arrange your first session in the next two weeks. It is a chance to get "
            "to know each other, agree how often you will meet and talk about your goals for the "
            "programme.</p>\n<p>With best wishes,</p>\n<p>$signature</p>\n",
            description="Introduces a new pair: one message to both, or one each",
        ),
        TemplateText(
            "welcome",
            "Welcome to $cohort",
            "Dear $first_name,\n\n"
            "Welcome to $cohort of $programme. We are very glad to have you with us.\n\n"
            "Over the coming weeks you will hear about your match, the milestones of the "
            "programme and the events we have planned. If anything is unclear, just reply to "
            "this message." + _SIGN_OFF,
            description="Welcomes a cohort's mentees or mentors",
        ),
        TemplateText(
            "reminder",
            "A reminder about your development plan in $cohort",
            "Dear $first_name,\n\n"
            "A gentle reminder about your development plan in $cohort. Now overdue:"
            "\n\n$overdue_milestones\n\n"
            "If you have finished any of this already, please let me know and I will update "
            "your record. If something is getting in the way, reply and we can talk it "
            "through." + _SIGN_OFF,
            description="Lists her overdue milestones",
        ),
        TemplateText(
            "nudge",
            "Checking in on your mentoring",
            "Dear $first_name,\n\n"
            "I noticed it has been a while since a session with $partner_name was recorded. "
            "If you have met, please let me know; if diaries have been difficult, now is a good "
            "time to book the next one.\n\n"
            "If anything is getting in the way, just reply to this message." + _SIGN_OFF,
            description="Nudges a quiet match",
        ),
        TemplateText(
            "event",
            "You are invited: $event_title",
            "Dear $first_name,\n\n"
            "You are warmly invited to $event_title on $event_date, at $event_venue.\n\n"
            "The invitation is attached: open it to put the event in your calendar. Please "
            "reply to let me know whether you can come, and about any access needs." + _SIGN_OFF,
            attachment=Attachment.EVENT_ICS,
            description="Invites people to an event (its calendar entry attached)",
        ),
        TemplateText(
            "questionnaire",
            "Your questionnaire for $cohort",
            "Dear $first_name,\n\n"
            "It is time for your programme questionnaire. It takes about ten minutes and helps "
            "us see how the programme is working for you.\n\n$questionnaire_link\n\n"
            "Thank you for taking the time." + _SIGN_OFF,
            attachment=Attachment.QUESTIONNAIRE_FORM,
            description="Invites people to fill in a questionnaire (her form attached, or a link)",
        ),
        TemplateText(
            "certificate",
            "Your certificate for $cohort",
            "Dear $first_name,\n\n"
            "Congratulations on completing $cohort. Your certificate is attached.\n\n"
            "Thank you for everything you have put into the programme." + _SIGN_OFF,
            attachment=Attachment.CERTIFICATE,
            description="Sends her certificate (the PDF attached)",
        ),
        TemplateText(
            "thanks",
            "Thank you for mentoring in $cohort",
            "Dear $first_name,\n\n"
            "Thank you for giving your time as a mentor in $cohort. Your support makes a real "
            "difference to the women on the programme, and we are very grateful." + _SIGN_OFF,
            description="Thanks a mentor",
        ),
        TemplateText(
            "sponsor",
            "Programme update for $organisation",
            "Dear $first_name,\n\n"
            "Please find attached the latest report on $organisation's participants in "
            "$programme.\n\n"
            "Thank you for your continued support of the programme." + _SIGN_OFF,
            attachment=Attachment.ORGANISATION_REPORT,
            description="Sends a sponsor her organisation's report (the PDF attached)",
        ),
    )
}


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidInput(
            "A template's name is 1 to 60 lower-case letters, digits, - or _, starting with a "
            "letter or digit.",
            {"name": "not a valid name"},
        )
    return name


def _fields_of(text: str, where: str) -> list[str]:
    template = Template(text)
    if not template.is_valid():
        raise InvalidInput(
            f"The {where} has a $ that starts no merge field: write $$ for a dollar sign, "
            "or a field such as $first_name.",
            {where: "a lone $"},
        )
    return template.get_identifiers()


def check_template(subject: str, body_text: str, body_html: str = "") -> None:
    """Refuse a template that names a field we cannot fill, saying which and what may be used."""
    if not subject.strip():
        raise InvalidInput("A template needs a subject.", {"subject": "required"})
    if not body_text.strip():
        raise InvalidInput("A template needs a plain-text body.", {"body_text": "required"})
    if "\n" in subject or "\r" in subject:
        raise InvalidInput("A subject is one line.", {"subject": "one line"})
    for where, text in (("subject", subject), ("body_text", body_text), ("body_html", body_html)):
        unknown = [f for f in _fields_of(text, where) if f not in MERGE_FIELDS]
        if unknown:
            listed = ", ".join("$" + f for f in unknown)
            raise InvalidInput(
                f"Unknown merge field{'s' if len(unknown) > 1 else ''} {listed} in the "
                f"{where.replace('_', ' ')}. Use one of: "
                + ", ".join("$" + f for f in MERGE_FIELDS)
                + ".",
                {where: f"unknown merge field {listed}"},
            )


def fields_used(template: TemplateText) -> set[str]:
    return {
        f
        for text in (template.subject, template.body_text, template.body_html)
        for f in Template(text).get_identifiers()
    }


def _as_html(value: str) -> str:
    return html.escape(value).replace("\n", "<br>\n")


def fill(template: TemplateText, values: dict[str, str]) -> FilledMessage:
    """The message as it will go: every field filled ("" where the programme holds nothing)."""
    known = {name: values.get(name, "") for name in MERGE_FIELDS}
    subject = " ".join(Template(template.subject).substitute(known).split())
    text = Template(template.body_text).substitute(known)
    body_html = (
        Template(template.body_html).substitute({k: _as_html(v) for k, v in known.items()})
        if template.body_html.strip()
        else ""
    )
    return FilledMessage(subject, text, body_html)
