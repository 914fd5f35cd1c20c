"""Cleaning and checking the data rows of a mapped sheet, column by column.

A large file has a million cells, so each mapped column is cleaned and
checked in one tight pass (emails, names, dates with repeated values
cached, role words), and only then are the rows put together. The result,
every problem and its order included, is exactly what checking the rows
one at a time gives (tests/importing/row_by_row.py is that specification,
and tests/importing/test_column_parser.py holds the two equal).

Every problem names the column it was found in; no message repeats what
the cell said (problem lists are shown, saved and may be logged, and
must never carry a name or an email address).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial
from itertools import islice, repeat
from typing import TypeVar

from women_in_ddat.domain.enums import ParticipantRole
from women_in_ddat.domain.reference import Framework, load_framework
from women_in_ddat.domain.values import (
    clean_multiline,
    email_problems,
    name_key,
    split_full_name,
)
from women_in_ddat.importing.cells import (
    Cell,
    cell_date,
    cell_text,
    clean_texts,
    columns_of,
)
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
_NOT_LOSSY: frozenset[str] = frozenset()

_ROLE_WORDS = {
    "mentee": "mentee",
    "mentees": "mentee",
    "protege": "mentee",
    "protégé": "mentee",
    "participant": "mentee",
    "mentor": "mentor",
    "mentors": "mentor",
}

# The spreadsheet field (so the column label and size limit) of a person
# column whose name differs from it.
_FIELD_OF = {"current_role_family": "ddat_family", "current_role": "ddat_role"}


def _limit(person_key: str) -> int | None:
    return FIELD_BY_KEY[_FIELD_OF.get(person_key, person_key)].max_length


@lru_cache(maxsize=64)
def parse_role(text: str) -> str | None:
    word = " ".join(text.casefold().split())
    if word in _ROLE_WORDS:
        return _ROLE_WORDS[word]
    try:
        return ParticipantRole.parse(word).value
    except ValueError:
        return None


# Keyed by the framework too: the framework in use changes when a coordinator imports one.
@lru_cache(maxsize=256)
def _canonical_family(text: str, framework: Framework) -> str:
    family = framework.family(text)
    return family.name if family else text


@lru_cache(maxsize=256)
def _canonical_role(text: str, framework: Framework) -> tuple[str, str | None]:
    family = framework.family_of_role(text)
    if family is None:
        return text, None
    key = text.strip().casefold()
    return next(r for r in family.roles if r.casefold() == key), family.name


def canonical_family(text: str, framework: Framework | None = None) -> str:
    """The framework's spelling of a DDaT family (default: the shipped framework)."""
    return _canonical_family(text, framework or load_framework())


def canonical_role(text: str, framework: Framework | None = None) -> tuple[str, str | None]:
    """The framework's spelling of a DDaT role, and its family (None if unknown)."""
    return _canonical_role(text, framework or load_framework())


def has_lost_letter(text: str) -> bool:
    return ("?" in text or "\ufffd" in text) and bool(_LOST_LETTER.search(text))


def _name_keys(texts: list[str]) -> list[str]:
    """name_key of each cleaned text ("" for an empty one), each distinct one worked out once."""
    # Cleaned ASCII text is its own NFKC with single spaces: its key is its casefold.
    if "\x00".join(texts).isascii():
        return list(map(str.casefold, texts))
    return [key or "" for key in _cached(name_key, texts)]


def _email_reason(problem: str) -> str:
    if "too long" in problem:
        return "the email address is too long"
    return "not a valid email address"


_Worked = TypeVar("_Worked")


def _cached(function: Callable[[str], _Worked | None], texts: list[str]) -> list[_Worked | None]:
    """``function`` of every non-empty text (None for an empty one), each distinct text worked out once."""
    worked_out = {text: function(text) for text in set(texts) if text}
    return list(map(worked_out.get, texts))


def _lossy_rows(texts: list[str]) -> set[int]:
    joined = "\x00".join(texts)
    if "?" not in joined and "\ufffd" not in joined:
        return set()
    return {i for i, t in enumerate(texts) if has_lost_letter(t)}


def _lower_emails(texts: list[str]) -> list[str]:
    """Each address without spaces, in lower case (the column as it is when it already is)."""
    # lower() maps each character on its own and never shortens one, so the
    # joined column is unchanged only if every address is: then no address
    # needs a lowered copy of its own.
    joined = "\x00".join(texts)
    if " " not in joined and joined.lower() == joined:
        return texts
    return [t.replace(" ", "").lower() if t else "" for t in texts]


def _email_problems(*columns: list[str]) -> dict[str, str]:
    """email_problem of each distinct address in ``columns`` that has one (empty ones aside).

    A mentor's address is usually on her own row too, so each is checked once.
    """
    return email_problems(set().union(*columns) - {""})


class RowParser:
    """Turns the rows under one sheet's header into ImportRecords."""

    def __init__(
        self,
        table: Table,
        mapping: ColumnMapping,
        *,
        role_hint: str | None,
        framework: Framework | None = None,
    ) -> None:
        self.table = table
        self.mapping = mapping
        self.role_hint = role_hint
        # The programme database's framework (None: the one shipped with the app).
        self.framework = framework or load_framework()
        self.labels = {key: mapping.column_label(index) for key, index in mapping.fields.items()}

    def parse(self, header_index: int, progress: Progress = NO_PROGRESS) -> list[ImportRecord]:
        rows = self.table.rows[header_index + 1 :]
        count = len(rows)
        message = f"Checking rows in {self.table.name}"
        progress.step(0, count, message)  # raises Cancelled
        fields = self.mapping.fields
        values = columns_of(rows, list(dict.fromkeys(fields.values())))
        text = {key: clean_texts(values[index]) for key, index in fields.items()}
        # Blank rows, and rows with text only in unmapped columns, are no one.
        present = [i for i, texts in enumerate(zip(*text.values(), strict=True)) if any(texts)]
        progress.step(count // 4, count, message)
        columns = _Columns(self, values, text, present, len(rows))
        progress.step(count // 2, count, message)
        first_number = self.table.row_number(header_index + 1)
        return columns.records(rows, first_number, progress, message)


class _Columns:
    """Every mapped column of one sheet, cleaned and checked (a list per field, a place per row).

    Problems are kept per field as {row: reason}; a row with none (nearly
    every row) is put together without looking at them.
    """

    def __init__(
        self,
        parser: RowParser,
        values: dict[int, list[Cell]],
        text: dict[str, list[str]],
        present: list[int],
        count: int,
    ) -> None:
        self.parser = parser
        self.present = present
        self.count = count
        blank = [""] * count

        def column(key: str) -> list[str]:
            return text.get(key, blank)

        self.emails = emails = _lower_emails(column("email"))
        managers = _lower_emails(column("line_manager_email"))
        self.mentors = column("mentor")
        self.mentor_emails = [m.replace(" ", "").lower() if "@" in m else "" for m in self.mentors]
        invalid = _email_problems(emails, managers, self.mentor_emails)
        self.email_reasons = {
            i: _email_reason(invalid[email]) if email else "an email address is required"
            for i in present
            if not (email := emails[i]) or email in invalid
        }

        firsts, lasts = column("first_name"), column("last_name")
        self.split_rows: list[int] = []
        if "full_name" in text:
            firsts, lasts = list(firsts), list(lasts)
            for i, full in enumerate(text["full_name"]):
                if full and not firsts[i] and not lasts[i]:
                    firsts[i], lasts[i] = split_full_name(full)
                    self.split_rows.append(i)
        self.firsts, self.lasts = firsts, lasts

        notes = blank
        if "notes" in parser.mapping.fields:
            notes = [
                ""
                if value is None
                else (clean_multiline(value) if isinstance(value, str) else cell_text(value))
                for value in values[parser.mapping.fields["notes"]]
            ]
        framework = parser.framework
        families_given = [
            f or ""
            for f in _cached(lambda t: canonical_family(t, framework), column("ddat_family"))
        ]
        roles = _cached(lambda t: canonical_role(t, framework), column("ddat_role"))
        # A family from the DDaT role only when no family was given (and then
        # it comes after the role, as a row filled one field at a time has it).
        families_of_role = [
            r[1] if r and r[1] and not given else ""
            for r, given in zip(roles, families_given, strict=True)
        ]
        self.manager_reasons = {}
        for i, manager in enumerate(managers):
            if manager:
                if manager in invalid:
                    self.manager_reasons[i] = "not a valid email address"
                elif manager == self.emails[i]:
                    self.manager_reasons[i] = "a person cannot be their own line manager"
        # The person fields in the order a row fills them.
        self.person_columns: list[tuple[str, list[str]]] = [
            ("first_name", firsts),
            ("last_name", lasts),
            ("job_title", column("job_title")),
            ("region", column("region")),
            ("phone", column("phone")),
            ("notes", notes),
            ("current_role_family", families_given),
            ("current_role", [r[0] if r else "" for r in roles]),
            ("current_role_family", families_of_role),
            (
                "line_manager_email",
                [m if m and i not in self.manager_reasons else "" for i, m in enumerate(managers)],
            ),
        ]
        self.organisations = column("organisation")
        self.too_long = self._too_long_rows()
        checked = {"first_name": firsts, "last_name": lasts, "job_title": column("job_title")}
        self.lossy = {key: _lossy_rows(checked[key]) for key in _LOSSY_CHECKED}
        self.lossy["organisation"] = _lossy_rows(self.organisations)

        self.mentor_reasons = {i for i, m in enumerate(self.mentor_emails) if m in invalid}
        self.role_texts = column("role")
        self.roles = _cached(parse_role, self.role_texts)
        self.role_reasons = {
            i for i, r in enumerate(self.roles) if r is None and self.role_texts[i]
        }
        self.starts, self.start_reasons = self._start_dates(values, column("start_date"))

    def _start_dates(
        self, values: dict[int, list[Cell]], texts: list[str]
    ) -> tuple[list[date | None], dict[int, str]]:
        """Each start date and each date problem; a value repeated down the column is read once."""
        starts: list[date | None] = [None] * self.count
        reasons: dict[int, str] = {}
        index = self.parser.mapping.fields.get("start_date")
        if index is None:
            return starts, reasons
        excel_1904 = self.parser.table.excel_1904
        # Keyed by type too: True == 1 == 1.0, but only the numbers are dates.
        seen: dict[tuple[type, Cell], tuple[date | None, str]] = {}
        for i, value in enumerate(values[index]):
            if not texts[i]:
                continue
            key = (type(value), value)
            try:
                start, reason = seen[key]
            except KeyError:
                start, reason = seen[key] = _start_date(value, excel_1904)
            if reason:
                reasons[i] = reason
            else:
                starts[i] = start
        return starts, reasons

    def _too_long_rows(self) -> set[int]:
        rows: set[int] = set()
        for key, values in (*self.person_columns, ("organisation", self.organisations)):
            limit = _limit(key)
            if limit and any(values) and max(map(len, values)) > limit:
                rows.update(i for i, v in enumerate(values) if len(v) > limit)
        return rows

    def _persons(self, pick: Callable[[list[str]], list[str]]) -> list[dict[str, str]]:
        """Each row's person fields that hold a value, in the order a row fills them."""
        filled = [(key, pick(values)) for key, values in self.person_columns if any(values)]
        if not filled:
            return [{} for _ in self.present]
        keys = [key for key, _ in filled]
        columns = [values for _, values in filled]
        if all(map(all, columns)):
            # Every row holds every filled field (the usual sheet), so no row
            # has an empty value to leave out: zip each row with the keys.
            return list(map(dict, map(zip, repeat(keys), zip(*columns, strict=True))))
        return [
            dict(zip(keys, values, strict=True))
            if all(values)
            else {k: v for k, v in zip(keys, values, strict=True) if v}
            for values in zip(*columns, strict=True)
        ]

    def records(
        self, rows: list[list[Cell]], first_number: int, progress: Progress, message: str
    ) -> list[ImportRecord]:
        parser = self.parser
        present = self.present
        every = len(present) == len(rows)

        def pick(values: list[_Worked]) -> list[_Worked]:
            return values if every else [values[i] for i in present]

        names = clean_texts(
            [
                f"{first} {last}" if first else ""
                for first, last in zip(self.firsts, self.lasts, strict=True)
            ]
        )
        hint = parser.role_hint
        roles = [
            role if role is not None or said else hint or ("mentee" if mentor else None)
            for role, said, mentor in zip(self.roles, self.role_texts, self.mentors, strict=True)
        ]
        sheet, labels = parser.table.name, parser.labels
        # RowRef(sheet, number) runs the named tuple's own __new__, a Python
        # function; tuple.__new__ makes the same RowRef without that call per row.
        refs = map(
            partial(tuple.__new__, RowRef),
            zip(repeat(sheet), [first_number + i for i in present]),
        )
        columns = zip(
            refs,
            pick(self.emails),
            self._persons(pick),
            pick(self.organisations),
            pick(roles),
            pick(self.starts),
            pick(self.mentor_emails),
            pick(_name_keys([m if "@" not in m else "" for m in self.mentors])),
            pick(_name_keys(names)),
            pick(rows),
            strict=True,
        )
        records: list[ImportRecord] = []
        while chunk := list(islice(columns, PROGRESS_EVERY)):
            progress.step(len(rows) // 2 + len(records) // 2, len(rows), message)
            # Positional, in ImportRecord's field order: a call with thirteen
            # keywords costs twice as much, once per row.
            records += [
                ImportRecord(
                    ref,
                    email,
                    person,
                    organisation,
                    role,
                    start,
                    mentor_email,
                    mentor_key,
                    name_key,
                    _NOT_LOSSY,
                    labels,
                    [],
                    raw,
                )
                for (
                    ref,
                    email,
                    person,
                    organisation,
                    role,
                    start,
                    mentor_email,
                    mentor_key,
                    name_key,
                    raw,
                ) in chunk
            ]
        self._finish(records, every)
        return records

    def _finish(self, records: list[ImportRecord], every: bool) -> None:
        """The few rows with a split name, a lost letter or a problem."""
        lossy_rows = set().union(*self.lossy.values())
        problem_rows = (
            self.email_reasons.keys()
            | self.manager_reasons.keys()
            | self.mentor_reasons
            | self.role_reasons
            | self.start_reasons.keys()
            | self.too_long
        )
        rows = sorted(problem_rows | lossy_rows | set(self.split_rows))
        labels = self.parser.labels
        for i in rows:
            position = i if every else bisect_left(self.present, i)
            if position >= len(records) or self.present[position] != i:
                continue  # a blank row
            record = records[position]
            if i in lossy_rows:
                record.lossy = frozenset(
                    key
                    for key, found in self.lossy.items()
                    if i in found and (key == "organisation" or key in record.person)
                )
            if i in self.split_rows:
                name_column = labels["full_name"]
                record.columns = {**labels, "first_name": name_column, "last_name": name_column}
            if i in problem_rows:
                self._problems(record, i)

    def _problems(self, record: ImportRecord, i: int) -> None:
        """The row's problems, in the order a row checked field by field lists them."""
        if i in self.email_reasons:
            record.problem("email", self.email_reasons[i])
        if i in self.manager_reasons:
            record.problem("line_manager_email", self.manager_reasons[i])
        if i in self.mentor_reasons:
            record.problem("mentor", "the mentor's email address is not valid")
        if i in self.role_reasons:
            record.problem("role", "the role must be mentee or mentor")
        if i in self.start_reasons:
            record.problem("start_date", self.start_reasons[i])
        if i in self.too_long:
            for key, value in (*record.person.items(), ("organisation", record.organisation)):
                limit = _limit(key)
                if limit and len(value) > limit:
                    field = _FIELD_OF.get(key, key)
                    record.problem(field, f"too long (at most {limit} characters)")


def _start_date(value: Cell, excel_1904: bool) -> tuple[date | None, str]:
    try:
        start = cell_date(value, excel_1904=excel_1904)
    except ValueError as exc:
        return None, str(exc)
    if start is not None and not EARLIEST_START <= start <= LATEST_START:
        return None, "not a plausible start date (check the year)"
    return start, ""
