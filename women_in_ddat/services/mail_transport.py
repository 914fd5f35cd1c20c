"""Getting a message out: through the council's SMTP relay, or as .eml drafts for Outlook.

Both take a finished ``EmailMessage`` (``build_message``), one per
recipient. The relay's password comes from the operating system's keyring
(or ``WOMEN_IN_DDAT_SMTP_PASSWORD``), is held only in memory, and is never
written to the database, the log or any message. Errors name the server,
never a recipient.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from women_in_ddat.errors import FileProblem, InvalidInput, UserFacingError

SMTP_ENV = "WOMEN_IN_DDAT_SMTP"
PASSWORD_ENV = "WOMEN_IN_DDAT_SMTP_PASSWORD"
KEYRING_SERVICE = "women-in-ddat smtp"
SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT_SECONDS = 30.0


class MailServerProblem(UserFacingError):
    """The mail server could not be reached, refused the login, or went away; stop sending."""

    exit_code = 8


class RecipientFailed(Exception):
    """The server refused this one message; the reason is the server's own words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileToAttach:
    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "pdf"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "starttls"
    username: str = ""
    # Never persisted; filled from the keyring or the environment when sending.
    password: str = field(default="", repr=False)
    cafile: str = ""
    timeout: float = TIMEOUT_SECONDS

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile or None)


def parse_smtp_url(url: str) -> SmtpSettings:
    """``smtp://user@host:port?security=starttls|tls|none[&cafile=PATH][&timeout=SECONDS]``.

    No password in it: that is kept in the keyring or the environment.
    """
    parts = urlsplit(url.strip())
    if parts.scheme != "smtp" or not parts.hostname:
        raise InvalidInput(
            f"{SMTP_ENV} should look like smtp://user@relay.example.gov.uk:587?security=starttls.",
            {"smtp": "not an smtp:// address"},
        )
    if parts.password:
        raise InvalidInput(
            f"Leave the password out of {SMTP_ENV}: keep it in the keyring or {PASSWORD_ENV}.",
            {"smtp": "holds a password"},
        )
    query = parse_qs(parts.query)
    security = (query.get("security") or ["starttls"])[0].lower()
    if security not in SECURITIES:
        raise InvalidInput(
            f"security must be one of {', '.join(SECURITIES)}.", {"smtp": "unknown security"}
        )
    try:
        port = parts.port or DEFAULT_PORTS[security]
    except ValueError as exc:
        raise InvalidInput(f"The port in {SMTP_ENV} is not a number.", {"smtp": "port"}) from exc
    try:
        timeout = float((query.get("timeout") or [str(TIMEOUT_SECONDS)])[0])
    except ValueError:
        timeout = -1.0
    if not 0 < timeout <= 600:
        raise InvalidInput("timeout is a number of seconds, from 1 to 600.", {"smtp": "timeout"})
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username or ""),
        cafile=(query.get("cafile") or [""])[0],
        timeout=timeout,
    )


def smtp_settings_from_environment() -> SmtpSettings:
    url = os.environ.get(SMTP_ENV, "")
    if not url:
        raise InvalidInput(
            f"Say which mail server to use: set {SMTP_ENV} to "
            "smtp://user@relay.example.gov.uk:587?security=starttls, or write drafts with --drafts.",
            {"smtp": "not set"},
        )
    return with_password(parse_smtp_url(url))


def keyring_account(settings: SmtpSettings) -> str:
    return f"{settings.username}@{settings.host}"


def with_password(settings: SmtpSettings) -> SmtpSettings:
    """The settings with the password from the environment, else the keyring (none if no login)."""
    if not settings.username:
        return settings
    password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        try:
            import keyring

            password = keyring.get_password(KEYRING_SERVICE, keyring_account(settings)) or ""
        except Exception:  # no keyring backend on this machine
            password = ""
    if not password:
        raise InvalidInput(
            f"No password for the mail server login: save it in the keyring (service "
            f"'{KEYRING_SERVICE}') or set {PASSWORD_ENV}.",
            {"password": "missing"},
        )
    return SmtpSettings(
        settings.host,
        settings.port,
        settings.security,
        settings.username,
        password,
        settings.cafile,
        settings.timeout,
    )


def save_password(settings: SmtpSettings, password: str) -> None:
    """Keep the relay's password in the operating system's keyring."""
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, keyring_account(settings), password)
    except Exception as exc:
        raise UserFacingError(
            f"The password could not be saved in this computer's keyring ({type(exc).__name__})."
        ) from exc


def build_message(
    *,
    sender: tuple[str, str],
    reply_to: str,
    to: Sequence[tuple[str, str]],
    subject: str,
    text: str,
    html: str = "",
    attachments: Sequence[FileToAttach] = (),
) -> EmailMessage:
    """One RFC 5322 message; names outside ASCII are encoded as RFC 2047 words when sent."""
    msg = EmailMessage()
    if sender[1]:  # a draft may go without one: Outlook sends it from her own account
        msg["From"] = _address(*sender)
    msg["To"] = [_address(name, addr) for name, addr in to]
    if reply_to:
        msg["Reply-To"] = _address("", reply_to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    # Never the computer's own name (make_msgid's default) in a message that leaves it.
    msg["Message-ID"] = make_msgid(domain=sender[1].rpartition("@")[2] or "women-in-ddat.invalid")
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    for item in attachments:
        msg.add_attachment(
            item.content, maintype=item.maintype, subtype=item.subtype, filename=item.filename
        )
    return msg


def _address(name: str, addr: str) -> Address:
    return Address(display_name=name, addr_spec=addr)


class SmtpTransport:
    """One connection to the relay for a whole mailing; ``send`` raises per message."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    way = "smtp"

    def __enter__(self) -> SmtpTransport:
        self._smtp = self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=s.ssl_context()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=s.ssl_context())
            if s.username:
                try:
                    smtp.login(s.username, s.password)
                except smtplib.SMTPNotSupportedError as exc:
                    smtp.close()
                    raise MailServerProblem(
                        f"The mail server {s.where} offers no login (AUTH): leave the user name "
                        "out of its address if it needs none; nothing was sent."
                    ) from exc
            return smtp
        except MailServerProblem:
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise MailServerProblem(
                f"The mail server {s.where} refused the login ({exc.smtp_code}); nothing was sent."
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise MailServerProblem(
                f"The mail server {s.where} does not offer STARTTLS; nothing was sent."
            ) from exc
        except UnicodeEncodeError as exc:  # smtplib sends a login as ASCII only
            raise MailServerProblem(
                "The mail server login cannot use letters outside ASCII in the user name or "
                "password; nothing was sent."
            ) from exc
        except ssl.SSLError as exc:
            raise MailServerProblem(
                f"A secure connection to {s.where} failed ({exc.reason}); nothing was sent."
            ) from exc
        except TimeoutError as exc:
            raise MailServerProblem(
                f"The mail server {s.where} did not answer within {s.timeout:g} seconds; "
                "nothing was sent."
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            if _timed_out(exc):
                raise MailServerProblem(
                    f"The mail server {s.where} did not answer within {s.timeout:g} seconds; "
                    "nothing was sent."
                ) from exc
            raise MailServerProblem(
                f"Could not reach the mail server {s.where} ({_why(exc)}); nothing was sent."
            ) from exc

    def send(self, msg: EmailMessage) -> None:
        assert self._smtp is not None, "use the transport as a context manager"
        s = self.settings
        try:
            self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise RecipientFailed(_server_words(code, text)) from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise RecipientFailed(_server_words(exc.smtp_code, exc.smtp_error)) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise RecipientFailed(
                "The server cannot take an address with letters outside ASCII (no SMTPUTF8)."
            ) from exc
        except TimeoutError as exc:
            self._smtp = None
            raise MailServerProblem(
                f"The mail server {s.where} stopped answering (no reply within {s.timeout:g} "
                "seconds)."
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._smtp = None
            if _timed_out(exc):
                raise MailServerProblem(
                    f"The mail server {s.where} stopped answering (no reply within "
                    f"{s.timeout:g} seconds)."
                ) from exc
            raise MailServerProblem(
                f"The connection to the mail server {s.where} was lost ({_why(exc)})."
            ) from exc


def _server_words(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"[:500]


def _timed_out(exc: BaseException | None) -> bool:
    """smtplib reports a read that timed out as a lost connection; the timeout is its context."""
    while exc is not None:
        if isinstance(exc, TimeoutError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _why(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


class DraftsFolder:
    """Writes each message as an unsent .eml draft, which Outlook opens ready to send."""

    way = "drafts"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.written: list[Path] = []

    def __enter__(self) -> DraftsFolder:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)
        except OSError as exc:
            raise FileProblem(
                f"Could not make the drafts folder {self.folder} ({exc.strerror})."
            ) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, msg: EmailMessage) -> None:
        from women_in_ddat.storage.atomic import atomic_path

        msg["X-Unsent"] = "1"
        stem = f"{len(self.written) + 1:04d}-" + _safe_stem(str(msg["To"].addresses[0].username))
        target = self.folder / f"{stem}.eml"
        n = 1
        while target.exists():
            n += 1
            target = self.folder / f"{stem}-{n}.eml"
        with atomic_path(target, what="draft") as tmp:
            tmp.write_bytes(msg.as_bytes())
        self.written.append(target)


def _safe_stem(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in "-_." else "-" for c in text)
    return kept.strip("-.")[:40] or "message"
