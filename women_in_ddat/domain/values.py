"""Normalising and validating the values people type or paste.

Shared by the services (forms) and the spreadsheet import, so a value is
judged the same way wherever it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

# Unicode's default-ignorable code points (DerivedCoreProperties.txt,
# Default_Ignorable_Code_Point): characters that show as nothing yet make two
# texts unequal. "Essex County Council" with a left-to-right mark after it
# looks the same and would be a second organisation. Bidi controls and marks,
# zero-width space, soft hyphen, word joiner, BOM, variation selectors, tags.
IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_ZW_JOINERS = "\u200c\u200d"
# Scripts whose spelling needs a zero-width (non-)joiner between letters:
# Arabic, Persian and Urdu (and their neighbours Syriac, Thaana, N'Ko),
# the Indic scripts, Tibetan, Myanmar, Khmer, Mongolian, Arabic presentation forms.
_JOINING_SCRIPTS = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0F00, 0x109F),
    (0x1780, 0x18AF),
    (0xA840, 0xA87F),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFE),
)
_VARIATION_SELECTORS = re.compile("[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Space-like characters folded into a plain space before trimming.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u3000]+")

_EMAIL = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)


def _in_joining_script(char: str) -> bool:
    if unicodedata.category(char)[0] not in "LM":
        return False
    point = ord(char)
    return any(low <= point <= high for low, high in _JOINING_SCRIPTS)


def _kept_or_removed(match: re.Match[str]) -> str:
    """The ignorable character if the letters around it need it, else nothing.

    A (non-)joiner is kept between two letters of a script that uses it
    (Persian "می‌خواهم"), a variation selector after an ideograph or symbol
    whose shape it chooses; anywhere else they only hide a difference.
    """
    char, text, at = match.group(), match.string, match.start()
    before = text[at - 1] if at else ""
    if not before or IGNORABLE.match(before):
        return ""
    if char in _ZW_JOINERS:
        after = text[at + 1 : at + 2]
        needed = (
            bool(after)
            and not IGNORABLE.match(after)
            and _in_joining_script(before)
            and _in_joining_script(after)
        )
    else:
        needed = bool(_VARIATION_SELECTORS.match(char)) and unicodedata.category(before) in (
            "Lo",
            "So",
        )
    return char if needed else ""


def without_ignorables(text: str) -> str:
    """``text`` without default-ignorable characters, but for the joiners a script needs."""
    if IGNORABLE.search(text) is None:
        return text
    return IGNORABLE.sub(_kept_or_removed, text)


def clean_text(value: object) -> str:
    """NFC, invisible characters removed, runs of spaces folded, trimmed.

    Text is otherwise kept exactly as written: ``=HYPERLINK(..)`` or
    ``<b>`` stay as they are (escaping is the job of whatever displays it).
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", without_ignorables(str(value)))
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value: object) -> str:
    """Like clean_text but keeps line breaks (for notes and goals)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", without_ignorables(str(value)))
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


# A phone number as people write one, UK or international: "01632 960001",
# "+44 (0)1632 960-001". Leniently: only these characters, and enough digits.
_PHONE = re.compile(r"[0-9 +()\-]+")
PHONE_MIN_DIGITS = 7


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` (already cleaned) is not a phone number, or None (none given is fine)."""
    if not phone:
        return None
    if not _PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < PHONE_MIN_DIGITS:
        return (
            f"'{phone}' is not a phone number: use digits, spaces, +, brackets and dashes, "
            f"with at least {PHONE_MIN_DIGITS} digits"
        )
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


def name_key(name: str) -> str:
    """How two organisation (or cohort) names are compared: one key for look-alikes.

    Compatibility forms folded (NFKC: a full-width "Ｅｓｓｅｘ" or a ligature
    "ﬁ" is the plain letters), case folded, invisible characters removed and
    spacing collapsed.
    """
    folded = unicodedata.normalize("NFKC", clean_text(name)).casefold()
    return " ".join(unicodedata.normalize("NFKC", folded).split())


def person_key(name: str) -> str:
    """How a person's name in someone else's list is compared: accents, case, dots and
    spacing ignored ("Siân Jones" in a Teams report is "sian jones")."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(c)
    )
    return " ".join(stripped.replace(".", " ").casefold().split())


_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
# A date outside these years is a typing slip ("01/02/0099" for 2099, a
# serial number that is not a date), never a date this programme holds.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_EXCEL_1900 = date(1899, 12, 30)
_EXCEL_1904 = date(1904, 1, 1)


def parse_date(value: object, *, excel_1904: bool = False) -> date | None:
    """A date from a date cell, an Excel serial number, ISO text or UK text.

    UK ``dd/mm/yyyy`` only, never US order: ``03/04/2025`` is 3 April; a
    two-digit year is this century's (``25`` is 2025), four digits are
    taken as written. An impossible date, or one whose year is outside
    1900-2100, raises ValueError; an empty value gives None.
    """
    day = _parse_date(value, excel_1904=excel_1904)
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(
            f"the year {day.year} is not between {EARLIEST_YEAR} and {LATEST_YEAR} (check the year)"
        )
    return day


def _parse_date(value: object, *, excel_1904: bool) -> date | None:
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
        if len(match.group(3)) == 2:
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
