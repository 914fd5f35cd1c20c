"""``women-in-ddat message``: real processes, a real SMTP server on loopback, real files."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from email import policy
from pathlib import Path

KENT = "Top Talent Kent 2026"
WHO = "jess.turner@kent.gov.uk"


def cli(
    *args: str, db: Path | str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "women_in_ddat", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _ready(db: Path) -> None:
    out = cli("message", "settings", "--from", "coordinator@kent.gov.uk", db=db)
    assert out.returncode == 0, out.stderr


def test_templates_are_listed_by_their_command_line_names(demo_db_path: Path) -> None:
    out = cli("message", "templates", db=demo_db_path)
    assert out.returncode == 0, out.stderr
    names = [line.split()[0] for line in out.stdout.splitlines()]
    assert names == [
        "intro",
        "welcome",
        "reminder",
        "nudge",
        "event",
        "questionnaire",
        "certificate",
        "thanks",
        "sponsor",
    ]


def test_a_dry_run_prints_who_would_get_what_and_sends_nothing(
    demo_db_path: Path, smtp_server
) -> None:
    _ready(demo_db_path)
    server = smtp_server()
    env = {"WOMEN_IN_DDAT_SMTP": f"smtp://127.0.0.1:{server.port}?security=none"}
    out = cli(
        "message", "send", "--template", "reminder", "--cohort", KENT, "--to", "overdue",
        "--dry-run", db=demo_db_path, env=env,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[-1].startswith("Dry run, nothing sent: ")
    assert all("A reminder about your development plan" in line for line in lines[:-1])
    assert len(lines) > 2
    assert server.received == []
    assert "No messages are recorded" in cli("message", "log", WHO, db=demo_db_path).stdout


def test_send_through_the_relay_named_in_the_environment_then_the_log(
    demo_db_path: Path, smtp_server, test_ca
) -> None:
    _ready(demo_db_path)
    server = smtp_server(login=True, tls_context=test_ca.server_context())
    env = {
        "WOMEN_IN_DDAT_SMTP": f"smtp://coordinator@127.0.0.1:{server.port}"
        f"?security=starttls&cafile={test_ca.cafile}",
        "WOMEN_IN_DDAT_SMTP_PASSWORD": "s3cret-relay-Password!",
    }
    out = cli("message", "send", "--template", "welcome", "--person", WHO, db=demo_db_path, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Sent 1 message.")
    assert [r.rcpt_tos for r in server.received] == [[WHO]]
    assert "s3cret" not in out.stdout + out.stderr
    # Nor in the message, the database or the log the run wrote.
    assert b"s3cret" not in server.received[0].content
    assert b"s3cret" not in demo_db_path.read_bytes()
    logs = list(Path(os.environ["WOMEN_IN_DDAT_HOME"]).rglob("*.log*"))
    assert any(b"template welcome: 1 sent" in log.read_bytes() for log in logs)
    assert not any(
        b"s3cret" in log.read_bytes() or WHO.encode() in log.read_bytes() for log in logs
    )

    again = cli(
        "message", "send", "--template", "welcome", "--person", WHO, db=demo_db_path, env=env
    )
    assert again.returncode == 0 and "Nothing to send" in again.stdout
    assert "had 'welcome' within a day" in again.stdout
    assert len(server.received) == 1

    log = cli("message", "log", WHO, db=demo_db_path)
    [line] = log.stdout.splitlines()
    assert "welcome" in line and "sent" in line and WHO in line and KENT in line


def test_a_wrong_password_is_one_clear_line(demo_db_path: Path, smtp_server, test_ca) -> None:
    _ready(demo_db_path)
    server = smtp_server(login=True, tls_context=test_ca.server_context())
    env = {
        "WOMEN_IN_DDAT_SMTP": f"smtp://coordinator@127.0.0.1:{server.port}"
        f"?security=starttls&cafile={test_ca.cafile}",
        "WOMEN_IN_DDAT_SMTP_PASSWORD": "wrong",
    }
    out = cli("message", "send", "--template", "welcome", "--person", WHO, db=demo_db_path, env=env)
    assert out.returncode == 8
    assert out.stderr.strip().splitlines() == [
        f"women-in-ddat: The mail server 127.0.0.1:{server.port} refused the login (535); "
        "nothing was sent."
    ]
    assert server.received == []


def test_drafts_from_the_command_line(demo_db_path: Path, tmp_path: Path) -> None:
    _ready(demo_db_path)
    folder = tmp_path / "drafts"
    out = cli(
        "message", "send", "--template", "intro", "--cohort", KENT, "--to", "mentees",
        "--drafts", str(folder), "--together", db=demo_db_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    files = sorted(folder.glob("*.eml"))
    assert files and out.stdout.startswith(f"Wrote {len(files)} drafts")
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1" and len(msg["To"].addresses) == 2


def test_a_cohort_that_does_not_exist_is_one_clear_line(demo_db_target: str) -> None:
    out = cli(
        "message", "send", "--template", "welcome", "--cohort", "Nowhere", "--dry-run",
        db=demo_db_target,
    )  # fmt: skip
    assert out.returncode == 4
    assert out.stderr.strip() == "women-in-ddat: There is no cohort called 'Nowhere'."


def test_someone_who_asked_not_to_be_contacted_is_left_out_and_counted(
    demo_db_target: str,
) -> None:
    def overdue() -> list[str]:
        out = cli(
            "message", "send", "--template", "reminder", "--cohort", KENT, "--to", "overdue",
            "--dry-run", db=demo_db_target,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        return out.stdout.splitlines()

    before = overdue()
    first = before[0].split("<")[1].split(">")[0]
    out = cli("person", "contact", first, "--no", db=demo_db_target)
    assert out.returncode == 0 and "asked not to be contacted" in out.stdout
    after = overdue()
    assert len(after) == len(before) - 1 and not any(first in line for line in after)
    assert "1 left out (asked not to be contacted)" in after[-1]
    assert cli("person", "contact", first, "--yes", db=demo_db_target).returncode == 0
    assert overdue() == before


def test_an_event_invitation_from_the_command_line_carries_its_ics(
    demo_db_target: str, tmp_path: Path
) -> None:
    out = cli(
        "event", "add", "--cohort", KENT, "--title", "Leadership day", "--on", "2027-01-12",
        "--venue", "Maidstone", db=demo_db_target,
    )  # fmt: skip
    event_id = out.stdout.strip().splitlines()[0]
    assert cli("event", "invite", event_id, "--mentors", db=demo_db_target).returncode == 0
    folder = tmp_path / "drafts"
    out = cli(
        "message", "send", "--template", "event", "--event", event_id, "--drafts", str(folder),
        db=demo_db_target,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    files = sorted(folder.glob("*.eml"))
    assert files and out.stdout.startswith(f"Wrote {len(files)} drafts")
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    [ics] = list(msg.iter_attachments())
    assert ics.get_content_type() == "text/calendar" and "Leadership day" in ics.get_content()
    missing = cli("message", "send", "--template", "event", "--person", WHO, db=demo_db_target)
    assert missing.returncode != 0 and "--event ID" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_after_sending_who_was_left_out_and_why_is_said(
    demo_db_target: str, tmp_path: Path
) -> None:
    args = ("message", "send", "--template", "welcome", "--cohort", KENT, "--to", "mentees")
    first = cli(*args, "--drafts", str(tmp_path / "a"), db=demo_db_target)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("Wrote ") and ", 1 left out." in lines[0]
    assert lines[1] == "Left out: 1 (withdrew)."
    second = cli(*args, "--drafts", str(tmp_path / "b"), db=demo_db_target)
    assert "had 'welcome' within a day; choose again (--again) to include them" in second.stdout
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())
    third = cli(*args, "--again", "--drafts", str(tmp_path / "c"), db=demo_db_target)
    assert third.returncode == 0, third.stderr
    assert len(list((tmp_path / "c").glob("*.eml"))) == len(list((tmp_path / "a").glob("*.eml")))
