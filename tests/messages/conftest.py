"""A real SMTP server on loopback for the messaging tests (aiosmtpd), with a test CA (trustme).

``smtp_server(...)`` starts one and stops it after the test. It keeps every
message it accepts (envelope and raw bytes), can refuse one address, drop
the connection when the n-th message begins, require STARTTLS and a login.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

LOGIN = ("coordinator", "s3cret-relay-Password!")


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


@dataclass
class Handler:
    refuse: str = ""
    drop_at_message: int = 0
    # Seconds the server takes over each message (a slow relay).
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    started: int = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        self.started += 1
        if self.drop_at_message and self.started == self.drop_at_message:
            server.transport.abort()  # the relay goes away mid-mailing
            return "421 closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.refuse and address.lower() == self.refuse.lower():
            return "550 5.1.1 Mailbox unavailable: no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = (
        isinstance(auth_data, LoginPassword)
        and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        )
        == LOGIN
    )
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class TestCA:
    ca: trustme.CA
    cafile: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        return context


@pytest.fixture
def test_ca(tmp_path: Path) -> TestCA:
    ca = trustme.CA()
    cafile = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return TestCA(ca, cafile)


@dataclass
class Server:
    handler: Handler
    port: int
    controller: Controller

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., Server]]:
    started: list[Controller] = []

    def start(
        *,
        refuse: str = "",
        drop_at_message: int = 0,
        delay: float = 0.0,
        tls_context: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
        login: bool = False,
    ) -> Server:
        handler = Handler(refuse=refuse, drop_at_message=drop_at_message, delay=delay)
        port = free_port()
        kwargs: dict = {"enable_SMTPUTF8": True}
        if tls_context is not None:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        if implicit_tls is not None:  # TLS from the first byte (port 465's way)
            kwargs.update(ssl_context=implicit_tls)
        if login:
            kwargs.update(authenticator=_authenticator, auth_required=True)
        if login and tls_context is None:
            # aiosmtpd counts only STARTTLS as TLS for a login (and warns, per connection, when
            # a login is taken without it): a test over implicit TLS ignores that warning.
            kwargs.update(auth_require_tls=False)
        controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        started.append(controller)
        return Server(handler, port, controller)

    yield start
    for controller in started:
        controller.stop()
