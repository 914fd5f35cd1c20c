"""Cleaning and checking each data row of a mapped sheet.

Every problem names the column it was found in; no message repeats what
the cell said (problem lists are shown, saved and may be logged, and
must never carry a name or an email address).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.reference import load_framework
from women_in_ddat.domain.values import clean_multiline, email_problem, name_key, split_full_name
from women_in_ddat.importing.cells import Cell, cell_date, cell_text, column_texts
from women_in_ddat.importing.fields import FIELD_BY_KEY
from women_in_ddat.importing.mapping import ColumnMapping
from women_in_ddat.importing.tables import Table
from women_in_ddat.services.imports import ImportRecord, RowRef
from women_in_ddat.services.jobs import NO_PROGRESS, Progress

PROGRESS_EVERY = 5000

# A start date outside these years is a typing slip (or a number read as a date).
EARLIEST_START, LATEST_START = date(1990, 1, 1), date(2100, 12, 31)

# A '?' inside a word, or starting one, is a letter the file's encoding could
# not hold ("Wi?niewska"); U+FFFD is the same loss made by a decoder.
_LOST_LETTER = re.compile(r"\w\?\w|(?<!\S)\?\w|\ufffd")
_LOSSY_CHECKED = ("first_name", "last_name", "job_title")

_ROLE_WORDS = {
    "mentee": "mentee",
    "mentees": "mentee",
    "protege": "mentee",
    "protégé": "mentee",
    "participant": "mentee",
    "mentor": "mentor",
    "mentors": "mentor",
}


@lru_cache(maxsize=64)
def parse_role(text: str) -> str | None:
    word = " ".join(text.casefold().split())
    if word in _ROLE_WORDS:
        return _ROLE_WORDS[word]
    try:
        return ParticipantRole.parse(word).value
    except ValueError:
        return None


@lru_cache(maxsize=256)
def canonical_family(text: str) -> str:
    family = load_framework().family(text)
    return family.name if family else text


@lru_cache(maxsize=256)
def canonical_role(text: str) -> tuple[str, str | None]:
    """The framework's spelling of a DDaT role, and its family (None if unknown)."""
    framework = load_framework()
    family = framework.family_of_role(text)
    if family is None:
        return text, None
    key = text.strip().casefold()
    return next(r for r in family.roles if r.casefold() == key), family.name


def has_lost_letter(text: str) -> bool:
    return ("?" in text or "\ufffd" in text) and bool(_LOST_LETTER.search(text))


class RowParser:
    """Turns the rows under one sheet's header into ImportRecords."""

    def __init__(self, table: Table, mapping: ColumnMapping, *, role_hint: str | None) -> None:
        self.table = table
        self.mapping = mapping
        self.role_hint = role_hint
        self.labels = {key: mapping.column_label(index) for key, index in mapping.fields.items()}

    def parse(self, header_index: int, progress: Progress = NO_PROGRESS) -> list[ImportRecord]:
        rows = self.table.rows[header_index + 1 :]
        fields = self.mapping.fields
        keys = list(fields)
        # Cleaned column by column: one tight loop per column instead of a
        # call per cell (a large file has a million cells).
        columns = [column_texts(rows, fields[key]) for key in keys]
        first_number = self.table.row_number(header_index + 1)
        name = self.table.name
        records = []
        for offset, texts in enumerate(zip(*columns, strict=True)):
            if offset % PROGRESS_EVERY == 0:
                progress.step(offset, len(rows), f"Checking rows in {name}")  # raises Cancelled
            if not any(texts):
                continue  # blank rows, and rows with text only in unmapped columns
            row = rows[offset]
            width = len(row)
            values = {key: (row[fields[key]] if fields[key] < width else None) for key in keys}
            text = dict(zip(keys, texts, strict=True))
            records.append(self.parse_row(RowRef(name, first_number + offset), values, text, row))
        return records

    def parse_row(
        self, ref: RowRef, values: dict[str, Cell], text: dict[str, str], raw: list[Cell]
    ) -> ImportRecord:
        """``text`` is each value through cell_text (dates and notes are read from ``values``)."""
        record = ImportRecord(ref=ref, columns=self.labels, raw=raw)

        email = text.get("email", "").replace(" ", "").lower()
        record.email = email
        problem = email_problem(email)
        if problem:
            record.problem(
                "email", "an email address is required" if not email else _email_reason(problem)
            )

        first, last = text.get("first_name", ""), text.get("last_name", "")
        if not first and not last and text.get("full_name"):
            first, last = split_full_name(text["full_name"])
            name_column = self.labels["full_name"]
            record.columns = {**self.labels, "first_name": name_column, "last_name": name_column}
        person = record.person
        for key, value in (("first_name", first), ("last_name", last)):
            if value:
                person[key] = value
        for key in ("job_title", "region", "phone"):
            if text.get(key):
                person[key] = text[key]
        if values.get("notes") is not None:
            notes = (
                clean_multiline(values["notes"])
                if isinstance(values["notes"], str)
                else cell_text(values["notes"])
            )
            if notes:
                person["notes"] = notes
        if text.get("ddat_family"):
            person["current_role_family"] = canonical_family(text["ddat_family"])
        if text.get("ddat_role"):
            role, family = canonical_role(text["ddat_role"])
            person["current_role"] = role
            if family and "current_role_family" not in person:
                person["current_role_family"] = family

        manager = text.get("line_manager_email", "").replace(" ", "").lower()
        if manager:
            if email_problem(manager):
                record.problem("line_manager_email", "not a valid email address")
            elif manager == email:
                record.problem("line_manager_email", "a person cannot be their own line manager")
            else:
                person["line_manager_email"] = manager

        record.organisation = text.get("organisation", "")
        # cell_text is clean_text, so this is name_key() without its slow path.
        record.name_key = cell_text(f"{first} {last}").casefold() if first else ""
        record.lossy = frozenset(
            k for k in _LOSSY_CHECKED if k in person and has_lost_letter(person[k])
        )
        if record.organisation and has_lost_letter(record.organisation):
            record.lossy |= {"organisation"}

        mentor = text.get("mentor", "")
        if mentor:
            if "@" in mentor:
                record.mentor_email = mentor.replace(" ", "").lower()
                if email_problem(record.mentor_email):
                    record.problem("mentor", "the mentor's email address is not valid")
            else:
                record.mentor_name_key = name_key(mentor)

        role_text = text.get("role", "")
        if role_text:
            record.role = parse_role(role_text)
            if record.role is None:
                record.problem("role", "the role must be mentee or mentor")
        else:
            record.role = self.role_hint or ("mentee" if mentor else None)

        if text.get("start_date"):
            try:
                start = cell_date(values["start_date"], excel_1904=self.table.excel_1904)
            except ValueError as exc:
                record.problem("start_date", str(exc))
            else:
                if start is not None and not EARLIEST_START <= start <= LATEST_START:
                    record.problem("start_date", "not a plausible start date (check the year)")
                else:
                    record.start_date = start

        for key, column in (*((k, k) for k in person), ("organisation", "organisation")):
            value = record.organisation if key == "organisation" else person[key]
            limit = FIELD_BY_KEY[_FIELD_OF.get(column, column)].max_length
            if limit and len(value) > limit:
                record.problem(
                    _FIELD_OF.get(column, column), f"too long (at most {limit} characters)"
                )
        return record


_FIELD_OF = {"current_role_family": "ddat_family", "current_role": "ddat_role"}


def _email_reason(problem: str) -> str:
    if "too long" in problem:
        return "the email address is too long"
    return "not a valid email address"
