"""Drafts for Outlook, templates and their merge fields, and where a message is remembered."""

from __future__ import annotations

import email
import io
import json
import stat
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from women_in_ddat.domain.message_templates import SHIPPED
from women_in_ddat.domain.models import AuditEvent, MailingRecipient
from women_in_ddat.errors import InvalidInput, NotFound
from women_in_ddat.reports.message_attachments import attacher
from women_in_ddat.services.mail_transport import DraftsFolder
from women_in_ddat.services.message_audience import Audience
from women_in_ddat.services.person_detail import PersonDetailService

KENT = "Top Talent Kent 2026"
ESSEX = "Top Talent Essex 2025"
COORDINATOR = "coordinator@kent.gov.uk"
REPLIES = "programme@kent.gov.uk"


@pytest.fixture
def svc(demo_services):
    demo_services.messages.save_settings(
        sender=COORDINATOR, reply_to=REPLIES, signature="Jo Bloggs\nCoordinator"
    )
    return demo_services


def read(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def test_drafts_are_private_unsent_eml_files_that_parse_back(svc, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    plan = svc.messages.plan("intro", Audience.cohort_group(KENT, "mentees"))
    result = svc.messages.send(plan, DraftsFolder(folder))

    files = sorted(folder.glob("*.eml"))
    assert len(files) == len(plan.messages) == result.sent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path, message in zip(files, plan.messages, strict=True):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        msg = read(path)
        assert msg["X-Unsent"] == "1"
        assert [a.addr_spec for a in msg["To"].addresses] == [message.to[0].address]
        assert msg["Reply-To"].addresses[0].addr_spec == REPLIES
        assert msg["Subject"] == message.subject
        assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n") == message.text
        assert msg.get_body(("html",)).get_content().startswith("<p>Dear ")
    statuses = {r.status for r in _rows(svc) if r.status != "skipped"}
    assert statuses == {"drafted"}


def test_an_introduction_to_both_is_one_message_to_the_pair(svc, tmp_path: Path) -> None:
    plan = svc.messages.plan("intro", Audience.cohort_group(KENT, "mentees"), pair_together=True)
    each = svc.messages.plan("intro", Audience.cohort_group(KENT, "mentees"))
    assert len(each.messages) == 2 * len(plan.messages)
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"))
    first = read(sorted((tmp_path / "d").glob("*.eml"))[0])
    to = [a.addr_spec for a in first["To"].addresses]
    assert len(to) == 2
    body = first.get_body(("plain",)).get_content()
    names = [a.display_name.split()[0] for a in first["To"].addresses]
    # Written to the two of them: both greeted, told they can reply to all (both are in To).
    assert body.startswith(f"Dear {names[0]} and {names[1]},")
    assert "introduce you to each other" in body and "reply to all" in body
    assert len(_rows(svc)) == 2 * len(plan.messages) + len(plan.left_out)


def test_an_introduction_to_each_speaks_to_her_about_her_partner(svc, tmp_path: Path) -> None:
    mentee, mentor = "mei.chen@suffolk.gov.uk", "lucy.harding@digital.cabinet-office.gov.uk"
    plan = svc.messages.plan("intro", Audience.person(mentee))
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"))
    by_address = {}
    for path in (tmp_path / "d").glob("*.eml"):
        msg = read(path)
        by_address[msg["To"].addresses[0].addr_spec] = msg
    assert set(by_address) == {mentee, mentor}
    to_her = by_address[mentee].get_body(("plain",)).get_content()
    to_him = by_address[mentor].get_body(("plain",)).get_content()
    assert to_her.startswith("Dear Mei,")
    assert f"introduce you to your mentor in {KENT}, Lucy Harding." in to_her
    assert f"You can reach Lucy at {mentor}" in to_her
    assert mentee not in to_her  # her own address is not read back to her
    assert to_him.startswith("Dear Lucy,")
    assert f"introduce you to your mentee in {KENT}, Mei Chen." in to_him
    assert f"You can reach Mei at {mentee}" in to_him
    html = by_address[mentee].get_body(("html",)).get_content()
    assert "your mentor in" in html and "$" not in html


def test_a_certificate_goes_with_her_certificate_pdf(svc, tmp_path: Path) -> None:
    who = "zoe.hughes@essex.gov.uk"
    plan = svc.messages.plan("certificate", Audience.person(who))
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"), attach=attacher(svc.db, svc.actor))
    msg = read(next((tmp_path / "d").glob("*.eml")))
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == "Certificate.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert "Zoe" in text or "Zoë" in text
    assert ESSEX in text


def test_a_certificate_she_has_not_earned_fails_for_her_alone(svc, tmp_path: Path) -> None:
    plan = svc.messages.plan("certificate", Audience.person("jess.turner@kent.gov.uk"))
    result = svc.messages.send(
        plan, DraftsFolder(tmp_path / "d"), attach=attacher(svc.db, svc.actor)
    )
    assert result.sent == 0 and len(result.failed) == 1
    assert "certificate" in result.failed[0].reason.lower()
    assert list((tmp_path / "d").glob("*.eml")) == []


def test_unknown_merge_fields_are_refused_when_a_template_is_saved(svc) -> None:
    with pytest.raises(InvalidInput, match=r"Unknown merge field \$nickname in the body text"):
        svc.messages.save_template("chase", "Hello", "Dear $nickname, ...")
    with pytest.raises(InvalidInput, match=r"\$\$ for a dollar sign"):
        svc.messages.save_template("chase", "Fees", "It costs $5.")
    with pytest.raises(InvalidInput, match=r"Unknown merge field \$x"):
        svc.messages.save_template("chase", "Hi", "Dear $first_name", "<p>${x}</p>")
    assert "chase" not in {t.name for t in svc.messages.templates()}


def test_her_own_template_and_an_edited_shipped_one_are_used_and_reset(svc) -> None:
    svc.messages.save_template("chase", "Costs for $cohort", "Dear $first_name, it is $$5.")
    svc.messages.save_template("welcome", "Hello from $programme", "Hi $first_name!")
    plan = svc.messages.plan("chase", Audience.person("jess.turner@kent.gov.uk"))
    assert plan.messages[0].subject == f"Costs for {KENT}"
    assert plan.messages[0].text == "Dear Jess, it is $5."
    welcome = svc.messages.template("welcome")
    assert welcome.edited and welcome.body_text == "Hi $first_name!"
    svc.messages.reset_template("welcome")
    assert svc.messages.template("welcome").body_text == SHIPPED["welcome"].body_text
    with pytest.raises(NotFound):
        svc.messages.template("nothing-like-it")


def test_her_own_event_template_needs_its_date_and_venue_or_an_event(svc) -> None:
    svc.messages.save_template(
        "drinks",
        "Drinks on $event_date",
        "Dear $first_name, join us on $event_date at $event_venue.",
    )
    with pytest.raises(InvalidInput, match="event date, event venue .*--event ID"):
        svc.messages.plan("drinks", Audience.cohort_group(KENT, "all"))
    plan = svc.messages.plan(
        "drinks",
        Audience.cohort_group(KENT, "all"),
        values={"event_date": "12 March 2027", "event_venue": "Sessions House, Maidstone"},
    )
    assert "12 March 2027 at Sessions House, Maidstone" in plan.messages[0].text
    assert plan.messages[0].attachment == ""


def test_a_message_is_on_her_history_in_her_export_and_gone_at_erasure(svc, tmp_path) -> None:
    who = "jess.turner@kent.gov.uk"
    plan = svc.messages.plan("welcome", Audience.person(who))
    svc.messages.send(plan, DraftsFolder(tmp_path / "d"))
    person = svc.people.by_email(who)

    detail = PersonDetailService(svc.db).detail(person.id)
    [line] = [h for h in detail.history if h.entity == "message"]
    assert line.action == "drafted" and line.actor == svc.actor
    assert line.detail == f"welcome: Welcome to {KENT} to {who}"
    assert [m.subject for m in svc.messages.log(who)] == [f"Welcome to {KENT}"]

    from women_in_ddat.services.personal_data import subject_access_json

    exported = json.loads(subject_access_json(svc.personal_data.subject_access(who)))
    [row] = exported["tables"]["mailing_recipient"]
    assert (row["template_name"], row["address"], row["status"]) == ("welcome", who, "drafted")
    assert "body" not in " ".join(row)

    svc.personal_data.erase(person.id, backup_first=False)
    with svc.db.reading() as session:
        assert session.scalar(select(func.count(MailingRecipient.id))) == 0
        details = list(session.scalars(select(AuditEvent.detail)))
    assert not any("@" in d for d in details)


def _rows(svc) -> list[MailingRecipient]:
    with svc.db.reading() as session:
        return list(session.scalars(select(MailingRecipient)))


def test_drafts_need_no_from_address(demo_services, tmp_path: Path) -> None:
    plan = demo_services.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
    assert plan.sender[1] == ""
    demo_services.messages.send(plan, DraftsFolder(tmp_path / "d"))
    msg = read(next((tmp_path / "d").glob("*.eml")))
    assert msg["From"] is None and msg["Reply-To"] is None
    assert msg["Message-ID"].endswith("@women-in-ddat.invalid>")
    assert msg["To"].addresses[0].addr_spec == "jess.turner@kent.gov.uk"


def test_with_no_signature_set_the_programme_signs(demo_services, tmp_path: Path) -> None:
    # "With best wishes," once ended on nothing.
    settings = demo_services.messages.settings()
    assert settings.signature == ""
    plan = demo_services.messages.plan("welcome", Audience.person("jess.turner@kent.gov.uk"))
    [message] = plan.messages
    assert message.text.rstrip().endswith(f"With best wishes,\n\n{settings.programme}")
