"""The relay's address from WOMEN_IN_DDAT_SMTP, its password from the keyring or the environment."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend

from women_in_ddat.errors import InvalidInput
from women_in_ddat.services.mail_transport import (
    KEYRING_SERVICE,
    parse_smtp_url,
    save_password,
    smtp_settings_from_environment,
)


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, so no test touches the machine's own."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


def test_the_url_names_host_port_security_and_login() -> None:
    s = parse_smtp_url("smtp://jo.bloggs@relay.kent.gov.uk:2525?security=tls")
    assert (s.host, s.port, s.security, s.username, s.password) == (
        "relay.kent.gov.uk",
        2525,
        "tls",
        "jo.bloggs",
        "",
    )
    assert parse_smtp_url("smtp://relay.kent.gov.uk").port == 587  # STARTTLS's port by default
    assert parse_smtp_url("smtp://relay.kent.gov.uk?security=none").port == 25
    assert parse_smtp_url("smtp://relay.kent.gov.uk").timeout == 30
    assert parse_smtp_url("smtp://relay.kent.gov.uk?timeout=5").timeout == 5


@pytest.mark.parametrize(
    "url,why",
    [
        ("http://relay.kent.gov.uk", "should look like smtp://"),
        ("smtp://jo:hunter2@relay.kent.gov.uk", "Leave the password out"),
        ("smtp://relay.kent.gov.uk?security=ssl", "security must be one of starttls, tls, none"),
        ("smtp://relay.kent.gov.uk?timeout=soon", "timeout is a number of seconds"),
        ("smtp://relay.kent.gov.uk?timeout=0", "timeout is a number of seconds"),
    ],
)
def test_a_bad_url_is_refused_in_one_clear_sentence(url: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why) as refused:
        parse_smtp_url(url)
    assert "hunter2" not in refused.value.message


def test_the_password_comes_from_the_keyring(memory_keyring, monkeypatch) -> None:
    monkeypatch.setenv("WOMEN_IN_DDAT_SMTP", "smtp://jo@relay.kent.gov.uk:587")
    monkeypatch.delenv("WOMEN_IN_DDAT_SMTP_PASSWORD", raising=False)
    with pytest.raises(InvalidInput, match="No password for the mail server login"):
        smtp_settings_from_environment()
    save_password(parse_smtp_url("smtp://jo@relay.kent.gov.uk"), "from-the-keyring")
    assert memory_keyring.kept == {(KEYRING_SERVICE, "jo@relay.kent.gov.uk"): "from-the-keyring"}
    assert smtp_settings_from_environment().password == "from-the-keyring"
    # The environment wins (a script on a server with no keyring).
    monkeypatch.setenv("WOMEN_IN_DDAT_SMTP_PASSWORD", "from-the-environment")
    assert smtp_settings_from_environment().password == "from-the-environment"


def test_no_login_needs_no_password(memory_keyring, monkeypatch) -> None:
    monkeypatch.setenv("WOMEN_IN_DDAT_SMTP", "smtp://relay.kent.gov.uk:25?security=none")
    assert smtp_settings_from_environment().password == ""


def test_no_relay_named_says_how_to_name_one(monkeypatch) -> None:
    monkeypatch.delenv("WOMEN_IN_DDAT_SMTP", raising=False)
    with pytest.raises(InvalidInput, match="set WOMEN_IN_DDAT_SMTP to smtp://"):
        smtp_settings_from_environment()
