"""What a message carries: the event's calendar entry, her questionnaire form, her
organisation's report, each read back from the message as its recipient gets it."""

from __future__ import annotations

import email
import io
from datetime import date, time
from email import policy
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from women_in_ddat.domain.models import Participation, Person, QuestionnaireForm
from women_in_ddat.domain.questionnaire_items import FORM_ID_FIELD
from women_in_ddat.errors import Conflict, InvalidInput
from women_in_ddat.reports.message_attachments import attacher
from women_in_ddat.services.events import DayPlan, EventInput
from women_in_ddat.services.mail_transport import DraftsFolder, SmtpSettings, SmtpTransport
from women_in_ddat.services.message_audience import Audience

KENT = "Top Talent Kent 2026"
COORDINATOR = "coordinator@kent.gov.uk"
MEI = "mei.chen@suffolk.gov.uk"


@pytest.fixture
def svc(demo_services):
    demo_services.messages.save_settings(sender=COORDINATOR, signature="Jo Bloggs")
    return demo_services


def read(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def drafts(folder: Path) -> dict[str, email.message.EmailMessage]:
    found = {}
    for path in folder.glob("*.eml"):
        msg = read(path)
        found[msg["To"].addresses[0].addr_spec] = msg
    return found


def kent_event(svc, **kwargs) -> int:
    cohort = svc.cohorts.by_name(KENT)
    event = svc.events.plan(
        cohort.id,
        EventInput(
            title="Leadership training day",
            days=(DayPlan(date(2027, 1, 12), time(10, 0), time(15, 30)),),
            venue="Sessions House, Maidstone",
            **kwargs,
        ),
    )
    return event.id


def test_an_event_invitation_carries_its_calendar_entry(svc, tmp_path: Path) -> None:
    event_id = kent_event(svc)
    uid = svc.events.get(event_id).ics_uid
    plan = svc.messages.plan("event", Audience.person(MEI), event_id=event_id)
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"), attach=attacher(svc.db, svc.actor))

    msg = drafts(tmp_path / "d")[MEI]
    body = msg.get_body(("plain",)).get_content()
    assert "Leadership training day on Tuesday 12 January 2027, 10:00 to 15:30" in body
    assert "Sessions House, Maidstone" in body
    assert msg["Subject"] == "You are invited: Leadership training day"
    [ics] = list(msg.iter_attachments())
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_filename() == "Leadership training day.ics"
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    [entry] = calendar.walk("VEVENT")
    assert str(entry["UID"]) == uid
    assert entry.decoded("DTSTART").hour == 10
    assert str(entry["LOCATION"]) == "Sessions House, Maidstone"


def test_a_two_day_event_goes_one_calendar_entry_per_day(svc, tmp_path: Path) -> None:
    # Outlook takes only the first VEVENT of an invitation arriving by email: one file a day.
    cohort = svc.cohorts.by_name(KENT)
    event = svc.events.plan(
        cohort.id,
        EventInput(
            title="Data leadership course",
            days=(
                DayPlan(date(2027, 1, 12), time(10, 0), time(15, 30)),
                DayPlan(date(2027, 1, 19), time(9, 30), time(16, 0)),
            ),
        ),
    )
    plan = svc.messages.plan("event", Audience.person(MEI), event_id=event.id)
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"), attach=attacher(svc.db, svc.actor))

    files = list(drafts(tmp_path / "d")[MEI].iter_attachments())
    assert [f.get_filename() for f in files] == [
        "Data leadership course - day 1 of 2.ics",
        "Data leadership course - day 2 of 2.ics",
    ]
    entries = [icalendar.Calendar.from_ical(f.get_content()).walk("VEVENT") for f in files]
    assert [len(e) for e in entries] == [1, 1]
    first, second = entries[0][0], entries[1][0]
    assert str(first["UID"]) == event.ics_uid
    assert str(second["UID"]) != event.ics_uid
    assert (first.decoded("DTSTART").day, second.decoded("DTSTART").day) == (12, 19)
    assert {str(e["ORGANIZER"]) for e in (first, second)} == {f"mailto:{COORDINATOR}"}
    assert all(icalendar.Calendar.from_ical(f.get_content()).walk("VTIMEZONE") for f in files)


def test_an_event_invitation_goes_to_those_invited_who_have_not_declined(svc) -> None:
    from women_in_ddat.domain.enums import Rsvp

    event_id = kent_event(svc)
    svc.events.invite(event_id, mentees=True)
    invited = svc.events.register(event_id)
    declined = invited[0]
    svc.events.set_rsvp(event_id, declined.person_id, Rsvp.DECLINED)

    plan = svc.messages.plan("event", Audience.invited(event_id), event_id=event_id)
    reached = {r.person_id for m in plan.messages for r in m.to}
    left_out = {pid for pid, _why in plan.left_out}
    assert declined.person_id not in reached | left_out
    assert reached | left_out == {i.person_id for i in invited[1:]}
    assert all(m.attachment == "event_ics" for m in plan.messages)


def test_those_sent_an_event_invitation_are_invited_on_its_register_once(svc, smtp_server) -> None:
    event_id = kent_event(svc)
    mentees = Audience.cohort_group(KENT, "mentees")
    plan = svc.messages.plan("event", mentees, event_id=event_id)
    refused = plan.messages[0].to[0]
    server = smtp_server(refuse=refused.address)
    transport = SmtpTransport(SmtpSettings("127.0.0.1", server.port, security="none"))
    result = svc.messages.send(plan, transport, attach=attacher(svc.db, svc.actor))

    sent = {r.person_id for m in plan.messages for r in m.to} - {refused.person_id}
    on_register = {i.person_id for i in svc.events.register(event_id)}
    # Each one sent it is invited; the one whose message was refused is not.
    assert on_register == sent and result.invited == len(sent) > 0
    assert f"{len(sent)} newly invited" in result.summary()

    # The same mailing again: no one is invited twice.
    again = svc.messages.plan("event", mentees, event_id=event_id, again=True)
    result = svc.messages.send(again, transport, attach=attacher(svc.db, svc.actor))
    register = [i.person_id for i in svc.events.register(event_id)]
    assert sorted(register) == sorted(set(register)) and set(register) == sent
    assert result.invited == 0


def test_the_event_template_needs_an_event_and_not_a_cancelled_one(svc) -> None:
    with pytest.raises(InvalidInput, match="--event"):
        svc.messages.plan("event", Audience.person(MEI))
    event_id = kent_event(svc)
    svc.events.cancel(event_id)
    with pytest.raises(Conflict, match="cancelled"):
        svc.messages.plan("event", Audience.person(MEI), event_id=event_id)


def test_a_questionnaire_goes_with_her_own_form_recorded_once_sent(svc, tmp_path: Path) -> None:
    plan = svc.messages.plan("questionnaire", Audience.person(MEI), point="mid")
    assert "form is attached" in plan.messages[0].text
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"), attach=attacher(svc.db, svc.actor))

    msg = drafts(tmp_path / "d")[MEI]
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.get_content()))
    key = reader.get_fields()[FORM_ID_FIELD].get("/V")
    with svc.db.reading() as session:
        recorded = session.execute(
            select(QuestionnaireForm.form_key, Person.email, QuestionnaireForm.point)
            .join(Participation, Participation.id == QuestionnaireForm.participation_id)
            .join(Person, Person.id == Participation.person_id)
        ).all()
    # The key in the form she got finds her (and only her) when it comes back.
    assert recorded == [(key, MEI, "mid")]


def test_a_questionnaire_form_that_never_left_is_not_recorded(svc, smtp_server) -> None:
    server = smtp_server(refuse=MEI)
    plan = svc.messages.plan("questionnaire", Audience.person(MEI), point="mid")
    transport = SmtpTransport(SmtpSettings("127.0.0.1", server.port, security="none"))
    result = svc.messages.send(plan, transport, attach=attacher(svc.db, svc.actor))
    assert result.sent == 0 and len(result.failed) == 1
    with svc.db.reading() as session:
        assert session.scalars(select(QuestionnaireForm)).all() == []


def test_mentors_have_no_baseline_form_and_are_counted_out(svc) -> None:
    plan = svc.messages.plan(
        "questionnaire", Audience.cohort_group(KENT, "mentors"), point="baseline"
    )
    assert plan.messages == ()
    assert plan.left_out_counts.get("no baseline questionnaire for a mentor", 0) >= 5
    with pytest.raises(InvalidInput, match="--point"):
        svc.messages.plan("questionnaire", Audience.person(MEI))
    linked = svc.messages.plan(
        "questionnaire",
        Audience.person(MEI),
        values={"questionnaire_link": "https://forms.office.com/r/abc"},
    )
    assert linked.messages[0].attachment == ""
    assert "https://forms.office.com/r/abc" in linked.messages[0].text


def test_a_sponsor_update_carries_her_organisations_report(svc, tmp_path: Path) -> None:
    who = "margaret.doyle@kent.gov.uk"
    plan = svc.messages.plan("sponsor", Audience.person(who))
    organisation = plan.messages[0].about_organisation
    assert organisation
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"), attach=attacher(svc.db, svc.actor))
    msg = drafts(tmp_path / "d")[who]
    assert organisation in msg.get_body(("plain",)).get_content()
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_filename() == "Organisation report.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert organisation in text


def test_a_sponsor_in_no_cohort_is_told_of_the_programme(svc, tmp_path: Path) -> None:
    from women_in_ddat.services.people import PersonInput

    svc.people.create(
        PersonInput(
            first_name="Helen",
            last_name="Sponsor",
            email="helen.sponsor@kent.gov.uk",
            organisation="Kent County Council",
        )
    )
    plan = svc.messages.plan("sponsor", Audience.person("helen.sponsor@kent.gov.uk"))
    programme = svc.messages.settings().programme
    assert programme
    [message] = plan.messages
    assert f"Kent County Council's participants in {programme}." in message.text
