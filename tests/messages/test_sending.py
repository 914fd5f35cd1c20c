"""Sending through a real SMTP server on loopback: one message per recipient, recorded as it goes."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from email.headerregistry import Address
from pathlib import Path

import pytest
from sqlalchemy import select

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.models import AuditEvent, Cohort, Mailing, MailingRecipient, Person
from women_in_ddat.domain.programme_rules import MilestoneState, milestone_state
from women_in_ddat.services.jobs import Progress
from women_in_ddat.services.mail_transport import (
    DraftsFolder,
    MailServerProblem,
    SmtpSettings,
    SmtpTransport,
)
from women_in_ddat.services.message_audience import Audience
from women_in_ddat.services.people import PersonInput
from women_in_ddat.services.person_detail import PersonDetailService

from .conftest import LOGIN

KENT = "Top Talent Kent 2026"
COORDINATOR = "coordinator@kent.gov.uk"


def parsed(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


@pytest.fixture
def svc(demo_services):
    demo_services.messages.save_settings(sender=COORDINATOR, signature="Jo Bloggs\nCoordinator")
    return demo_services


def plain(port: int, **kwargs) -> SmtpTransport:
    return SmtpTransport(SmtpSettings("127.0.0.1", port, security="none", **kwargs))


def rows(svc, mailing_id: int | None = None) -> list[MailingRecipient]:
    with svc.db.reading() as session:
        query = select(MailingRecipient).order_by(MailingRecipient.id)
        if mailing_id is not None:
            query = query.where(MailingRecipient.mailing_id == mailing_id)
        return list(session.scalars(query))


def test_one_message_per_recipient_over_starttls_with_a_login(svc, smtp_server, test_ca) -> None:
    server = smtp_server(tls_context=test_ca.server_context(), login=True)
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    assert len(plan.messages) >= 5
    settings = SmtpSettings(
        "127.0.0.1",
        server.port,
        security="starttls",
        username=LOGIN[0],
        password=LOGIN[1],
        cafile=str(test_ca.cafile),
    )
    result = svc.messages.send(plan, SmtpTransport(settings))

    assert result.sent == len(plan.messages) and not result.failed
    assert len(server.received) == len(plan.messages)
    expected = {m.to[0].address for m in plan.messages}
    for got in server.received:
        # Nobody sees another participant's address: one envelope recipient, one To.
        assert len(got.rcpt_tos) == 1
        msg = parsed(got.content)
        assert [a.addr_spec for a in msg["To"].addresses] == got.rcpt_tos
        assert msg["Cc"] is None and msg["Bcc"] is None
        assert msg["Reply-To"].addresses[0].addr_spec == COORDINATOR
        assert msg["From"].addresses[0].addr_spec == COORDINATOR
        assert "Jo Bloggs" in msg.get_body(("plain",)).get_content()
    assert {r.rcpt_tos[0] for r in server.received} == expected
    recorded = rows(svc, result.mailing_id)
    assert {r.address for r in recorded if r.status == "sent"} == expected
    assert all(r.sent_at is not None for r in recorded if r.status == "sent")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_tls_from_the_first_byte_with_a_login(svc, smtp_server, test_ca) -> None:
    server = smtp_server(implicit_tls=test_ca.server_context(), login=True)
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    settings = SmtpSettings(
        "127.0.0.1",
        server.port,
        security="tls",
        username=LOGIN[0],
        password=LOGIN[1],
        cafile=str(test_ca.cafile),
    )
    result = svc.messages.send(plan, SmtpTransport(settings))
    assert result.sent == len(plan.messages) == len(server.received) > 0
    assert all(len(got.rcpt_tos) == 1 for got in server.received)
    # The same server is not spoken to in the clear, nor trusted without its CA.
    with pytest.raises(MailServerProblem):
        svc.messages.send(plan, plain(server.port, timeout=2))
    with pytest.raises(MailServerProblem, match="secure connection"):
        svc.messages.send(
            plan, SmtpTransport(SmtpSettings("127.0.0.1", server.port, security="tls"))
        )
    assert len(server.received) == len(plan.messages)


def test_a_login_the_server_does_not_offer_is_said_plainly(svc, smtp_server) -> None:
    server = smtp_server()  # no AUTH offered
    plan = svc.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
    with pytest.raises(MailServerProblem, match="offers no login") as refused:
        svc.messages.send(plan, plain(server.port, username="jo", password="x"))
    assert "STARTTLS" not in refused.value.message
    assert server.received == [] and rows(svc) == []


def test_starttls_refuses_a_server_whose_certificate_is_not_trusted(
    svc, smtp_server, test_ca
) -> None:
    server = smtp_server(tls_context=test_ca.server_context())
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    with pytest.raises(MailServerProblem, match="secure connection"):
        svc.messages.send(plan, SmtpTransport(SmtpSettings("127.0.0.1", server.port)))
    assert server.received == []
    assert rows(svc) == []  # nothing reached: no mailing recorded at all


def test_a_refused_recipient_fails_with_the_servers_reason_and_the_rest_go(
    svc, smtp_server
) -> None:
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    refused = plan.messages[1].to[0].address
    server = smtp_server(refuse=refused)
    result = svc.messages.send(plan, plain(server.port))

    assert result.sent == len(plan.messages) - 1
    assert [(f.address, f.reason) for f in result.failed] == [
        (refused, "550 5.1.1 Mailbox unavailable: no such user here")
    ]
    assert refused not in {r.rcpt_tos[0] for r in server.received}
    failed = [r for r in rows(svc, result.mailing_id) if r.status == "failed"]
    assert [(r.address, r.reason) for r in failed] == [
        (refused, "550 5.1.1 Mailbox unavailable: no such user here")
    ]


def test_a_dropped_connection_stops_the_mailing_and_a_rerun_sends_only_the_rest(
    svc, smtp_server
) -> None:
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    total = len(plan.messages)
    server = smtp_server(drop_at_message=3)
    result = svc.messages.send(plan, plain(server.port))

    assert result.sent == 2 and result.stopped_because
    assert "connection to the mail server" in result.stopped_because
    assert result.not_attempted == total - 3
    first_two = {r.rcpt_tos[0] for r in server.received}
    assert len(first_two) == 2

    again = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    assert len(again.messages) == total - 2
    assert {r.address for r in again.already_had} == first_two
    server2 = smtp_server()
    second = svc.messages.send(again, plain(server2.port))
    assert second.sent == total - 2 and not second.failed
    got = {r.rcpt_tos[0] for r in server2.received}
    assert got.isdisjoint(first_two)
    assert got | first_two == {m.to[0].address for m in plan.messages}


def test_the_same_template_within_a_day_needs_again(svc, smtp_server) -> None:
    server = smtp_server()
    email_ = "jess.turner@kent.gov.uk"
    first = svc.messages.plan("welcome", Audience.person(email_))
    svc.messages.send(first, plain(server.port))
    second = svc.messages.plan("welcome", Audience.person(email_))
    assert second.messages == () and len(second.already_had) == 1
    third = svc.messages.plan("welcome", Audience.person(email_), again=True)
    assert len(third.messages) == 1
    # Another template is another message.
    assert len(svc.messages.plan("thanks", Audience.person(email_)).messages) == 1


def test_non_ascii_names_travel_as_rfc_2047_and_read_back(svc, smtp_server) -> None:
    person = svc.people.create(
        PersonInput(first_name="Zoë", last_name="Ångström-Łukasik", email="zoe.a@kent.gov.uk")
    )
    with svc.db.reading() as session:
        kent = session.scalar(select(Cohort.id).where(Cohort.name == KENT))
    svc.cohorts.add_participant(kent, person.id, ParticipantRole.MENTEE)
    svc.messages.save_settings(signature="Siân Llewellyn\nCydlynydd — Coordinator")
    server = smtp_server()
    plan = svc.messages.plan("welcome", Audience.selection([person.id]))
    svc.messages.send(plan, plain(server.port))

    raw = server.received[0].content
    to_line = next(line for line in raw.split(b"\r\n") if line.startswith(b"To:"))
    assert b"=?utf-8?" in to_line.lower()  # RFC 2047 encoded words, not raw UTF-8
    msg = parsed(raw)
    assert msg["To"].addresses[0] == Address("Zoë Ångström-Łukasik", addr_spec="zoe.a@kent.gov.uk")
    body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Dear Zoë,\n\nWelcome to Top Talent Kent 2026 of ")
    assert "Siân Llewellyn\nCydlynydd — Coordinator" in body

    # A subject of her own outside ASCII: encoded words on the wire, read back whole.
    svc.messages.save_template("croeso", "Croeso, $first_name — ein rhaglen", "Helô $first_name")
    plan = svc.messages.plan("croeso", Audience.selection([person.id]))
    svc.messages.send(plan, plain(server.port))
    raw = server.received[1].content
    subject_line = raw.split(b"\r\nSubject:")[1].split(b"\r\n")[0]
    assert subject_line.isascii() and b"=?utf-8?" in subject_line.lower()
    msg = parsed(raw)
    assert msg["Subject"] == "Croeso, Zoë — ein rhaglen"
    assert msg.get_body(("plain",)).get_content().strip() == "Helô Zoë"


def test_a_server_that_never_answers_is_a_clear_timeout(svc) -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the connection, never says a word
        port = listener.getsockname()[1]
        plan = svc.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
        settings = SmtpSettings("127.0.0.1", port, security="none", timeout=0.5)
        with pytest.raises(MailServerProblem, match=r"did not answer within 0.5 seconds"):
            svc.messages.send(plan, SmtpTransport(settings))
    assert rows(svc) == []


def test_an_unreachable_server_sends_and_records_nothing(svc) -> None:
    from .conftest import free_port

    plan = svc.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
    with pytest.raises(MailServerProblem, match="Could not reach the mail server 127.0.0.1"):
        svc.messages.send(plan, plain(free_port()))
    assert rows(svc) == []


def test_cancel_stops_between_messages_and_a_rerun_sends_the_rest(svc, smtp_server) -> None:
    server = smtp_server()
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    progress = Progress()

    def step(done: int, total: int, message: str) -> None:
        if done == 2:
            progress.cancel()

    progress._on_step = step
    result = svc.messages.send(plan, plain(server.port), progress)
    # Asked while the third was starting: it goes, and nothing after it.
    assert result.stopped_because == "Cancelled."
    assert result.sent == 3 == len(server.received)
    assert result.not_attempted == len(plan.messages) - 3
    rest = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    assert len(rest.messages) == len(plan.messages) - 3


def test_left_out_people_are_counted_and_on_their_history(svc, smtp_server) -> None:
    jess = svc.people.by_email("jess.turner@kent.gov.uk")
    svc.people.update(jess.id, PersonInput(do_not_contact=True))
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "mentees"))
    counts = plan.left_out_counts
    assert counts["asked not to be contacted"] == 1
    assert counts["withdrew"] == 1
    assert "jess.turner@kent.gov.uk" not in {m.to[0].address for m in plan.messages}

    server = smtp_server()
    svc.messages.send(plan, plain(server.port))
    assert "jess.turner@kent.gov.uk" not in {r.rcpt_tos[0] for r in server.received}
    detail = PersonDetailService(svc.db).detail(jess.id)
    assert [(m.status, m.reason) for m in detail.messages] == [
        ("skipped", "asked not to be contacted")
    ]


def test_a_selection_counts_someone_erased_since(svc) -> None:
    ids = [svc.people.by_email("jess.turner@kent.gov.uk").id, 999_999]
    plan = svc.messages.plan("welcome", Audience.selection(ids, "Overdue milestones"))
    assert len(plan.messages) == 1
    assert plan.left_out_counts == {"no longer recorded (erased)": 1}
    assert plan.audience == "Overdue milestones (2 people)"


def test_a_reminder_lists_exactly_her_overdue_milestones(svc, smtp_server) -> None:
    today = date.today()
    plan = svc.messages.plan("reminder", Audience.cohort_group(KENT, "overdue"))
    assert plan.messages
    with svc.db.reading() as session:
        for message in plan.messages:
            person = session.scalar(select(Person).where(Person.email == message.to[0].address))
            milestones = PersonDetailService(svc.db).detail(person.id, today=today).milestones
            overdue = [
                m.title
                for m in milestones
                if m.cohort == KENT
                and milestone_state(m.status, m.due_date, today) is MilestoneState.OVERDUE
            ]
            assert overdue
            listed = [
                line[2:].rsplit(" (due ", 1)[0]
                for line in message.text.splitlines()
                if line.startswith("• ")
            ]
            assert sorted(listed) == sorted(overdue)


def test_the_audit_trail_names_templates_and_counts_never_addresses(svc, smtp_server) -> None:
    server = smtp_server()
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "all"))
    result = svc.messages.send(plan, plain(server.port))
    with svc.db.reading() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.entity == "mailing")))
        mailing = session.get(Mailing, result.mailing_id)
    assert [e.detail for e in events] == [
        f"template welcome: {result.sent} sent, 0 failed, {len(plan.left_out)} left out"
    ]
    assert "@" not in mailing.audience and mailing.audience == f"Everyone in {KENT}"


def test_drafts_are_audited_as_drafts_not_as_sent(svc, tmp_path) -> None:
    # She wrote drafts for Outlook: the log and her subject access must not say we sent them.
    plan = svc.messages.plan("welcome", Audience.cohort_group(KENT, "all"))
    result = svc.messages.send(plan, DraftsFolder(tmp_path / "drafts"))
    with svc.db.reading() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.entity == "mailing")))
    assert [(e.action, e.detail) for e in events] == [
        (
            "draft",
            f"template welcome: {result.sent} written as drafts, 0 failed, "
            f"{len(plan.left_out)} left out",
        )
    ]


def test_the_password_is_never_stored(svc, smtp_server, test_ca, demo_db_path: Path) -> None:
    server = smtp_server(tls_context=test_ca.server_context(), login=True)
    plan = svc.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
    settings = SmtpSettings(
        "127.0.0.1", server.port, "starttls", LOGIN[0], LOGIN[1], str(test_ca.cafile)
    )
    assert LOGIN[1] not in repr(settings)
    svc.messages.send(plan, SmtpTransport(settings))
    svc.close()
    for path in demo_db_path.parent.iterdir():
        assert LOGIN[1].encode() not in path.read_bytes()


def test_sending_needs_the_programmes_from_address(demo_services, smtp_server) -> None:
    from women_in_ddat.errors import InvalidInput

    server = smtp_server()
    plan = demo_services.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
    with pytest.raises(InvalidInput, match="Set the programme's From address first"):
        demo_services.messages.send(plan, plain(server.port))
    assert server.received == [] and rows(demo_services) == []
