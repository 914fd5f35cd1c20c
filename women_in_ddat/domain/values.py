"""Normalising and validating the values people type or paste.

Shared by the services (forms) and the spreadsheet import, so a value is
judged the same way wherever it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

# Characters that look like nothing but defeat equality: zero-width space,
# joiners, word joiner, BOM. Removed everywhere.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Space-like characters folded into a plain space before trimming.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u3000]+")

_EMAIL = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)


def clean_text(value: object) -> str:
    """NFC, invisible characters removed, runs of spaces folded, trimmed.

    Text is otherwise kept exactly as written: ``=HYPERLINK(..)`` or
    ``<b>`` stay as they are (escaping is the job of whatever displays it).
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value: object) -> str:
    """Like clean_text but keeps line breaks (for notes and goals)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [
        re.sub(r"[ \t\u00a0\u2007\u202f\u3000]+", " ", line).strip() for line in text.split("\n")
    ]
    return "\n".join(lines).strip()


def normalise_email(value: object) -> str:
    """Trimmed and lower-cased (no other change). Empty if nothing was given."""
    return clean_text(value).replace(" ", "").lower()


def email_problem(email: str) -> str | None:
    """Why ``email`` (already normalised) is not a usable address, or None."""
    if not email:
        return "an email address is required"
    if len(email) > 254:
        return "the email address is too long"
    if not _EMAIL.match(email):
        return f"'{email}' is not a valid email address"
    return None


# The same pattern with ^ and $ at every line's ends, to check many addresses in one search.
_EMAIL_LINES = re.compile(_EMAIL.pattern, re.MULTILINE)


def email_problems(emails: set[str]) -> dict[str, str]:
    """email_problem of each address in ``emails`` that has one.

    The addresses are searched as the lines of one text: the pattern cannot
    match a newline, so a line it matches whole is an address that
    email_problem finds valid (unless too long). Every other address,
    including one holding a newline itself, is asked of email_problem.
    """
    valid = set(_EMAIL_LINES.findall("\n".join(emails)))
    return {
        email: problem
        for email in emails
        if (email not in valid or len(email) > 254) and (problem := email_problem(email))
    }


def is_valid_email(email: str) -> bool:
    return email_problem(email) is None


def name_key(name: str) -> str:
    """How two organisation (or cohort) names are compared: case and spacing ignored."""
    return clean_text(name).casefold()


def person_key(name: str) -> str:
    """How a person's name in someone else's list is compared: accents, case, dots and
    spacing ignored ("Siân Jones" in a Teams report is "sian jones")."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(c)
    )
    return " ".join(stripped.replace(".", " ").casefold().split())


_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_EXCEL_1900 = date(1899, 12, 30)
_EXCEL_1904 = date(1904, 1, 1)


def parse_date(value: object, *, excel_1904: bool = False) -> date | None:
    """A date from a date cell, an Excel serial number, ISO text or UK text.

    UK ``dd/mm/yyyy`` only, never US order: ``03/04/2025`` is 3 April. An
    impossible date raises ValueError; an empty value gives None.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, int | float):
        return excel_serial_to_date(float(value), excel_1904=excel_1904)
    text = clean_text(value)
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day, text)
    match = _UK_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        return _make_date(year, month, day, text)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return excel_serial_to_date(float(text), excel_1904=excel_1904)
    raise ValueError(f"'{text}' is not a date (use dd/mm/yyyy)")


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def excel_serial_to_date(serial: float, *, excel_1904: bool = False) -> date:
    if serial != serial or serial < 1 or serial > 2958465:  # NaN, or outside Excel's range
        raise ValueError(f"{serial:g} is not a date")
    if excel_1904:
        return _EXCEL_1904 + timedelta(days=int(serial))
    # The 1900 system counts a 29 February 1900 that never was; serials
    # from 61 on are offset by it, which the 1899-12-30 epoch absorbs.
    if serial < 61:
        return date(1899, 12, 31) + timedelta(days=int(serial) - 1)
    return _EXCEL_1900 + timedelta(days=int(serial))


def split_full_name(full: str) -> tuple[str, str]:
    """'Ayşe Yılmaz' -> ('Ayşe', 'Yılmaz'); 'Yılmaz, Ayşe' -> ('Ayşe', 'Yılmaz')."""
    text = clean_text(full)
    if "," in text:
        last, _, first = text.partition(",")
        return clean_text(first), clean_text(last)
    parts = text.split(" ")
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], " ".join(parts[1:])
