"""The row-at-a-time parser the import used before it went column by column.

Kept here, unchanged in meaning, as the specification: the column-wise
parser in women_in_ddat.importing.rows must give exactly the records and
problems this gives (tests/importing/test_column_parser.py).
"""

from __future__ import annotations

from women_in_ddat.domain.values import (
    clean_multiline,
    clean_text,
    email_problem,
    name_key,
    split_full_name,
)
from women_in_ddat.importing.cells import Cell, cell_date, cell_text
from women_in_ddat.importing.fields import FIELD_BY_KEY
from women_in_ddat.importing.mapping import ColumnMapping
from women_in_ddat.importing.rows import (
    _LOSSY_CHECKED,
    EARLIEST_START,
    LATEST_START,
    canonical_family,
    canonical_role,
    has_lost_letter,
    parse_role,
)
from women_in_ddat.importing.tables import Table
from women_in_ddat.services.imports import ImportRecord, RowRef

_FIELD_OF = {"current_role_family": "ddat_family", "current_role": "ddat_role"}


def text_of(value: Cell) -> str:
    """cell_text as it was specified: clean_text for all text, no fast path."""
    return clean_text(value) if isinstance(value, str) else cell_text(value)


def parse_rows(
    table: Table, mapping: ColumnMapping, header_index: int, *, role_hint: str | None
) -> list[ImportRecord]:
    labels = {key: mapping.column_label(index) for key, index in mapping.fields.items()}
    fields = mapping.fields
    records = []
    for offset, row in enumerate(table.rows[header_index + 1 :]):
        values = {key: (row[i] if i < len(row) else None) for key, i in fields.items()}
        text = {key: text_of(value) for key, value in values.items()}
        if not any(text.values()):
            continue
        ref = RowRef(table.name, table.row_number(header_index + 1 + offset))
        records.append(_parse_row(table, labels, role_hint, ref, values, text, row))
    return records


def _parse_row(
    table: Table,
    labels: dict[str, str],
    role_hint: str | None,
    ref: RowRef,
    values: dict[str, Cell],
    text: dict[str, str],
    raw: list[Cell],
) -> ImportRecord:
    record = ImportRecord(ref=ref, columns=labels, raw=raw)

    email = text.get("email", "").replace(" ", "").lower()
    record.email = email
    problem = email_problem(email)
    if problem:
        record.problem(
            "email",
            "an email address is required"
            if not email
            else (
                "the email address is too long"
                if "too long" in problem
                else "not a valid email address"
            ),
        )

    first, last = text.get("first_name", ""), text.get("last_name", "")
    if not first and not last and text.get("full_name"):
        first, last = split_full_name(text["full_name"])
        name_column = labels["full_name"]
        record.columns = {**labels, "first_name": name_column, "last_name": name_column}
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
    record.name_key = name_key(f"{first} {last}") if first else ""
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
        record.role = role_hint or ("mentee" if mentor else None)

    if text.get("start_date"):
        try:
            start = cell_date(values["start_date"], excel_1904=table.excel_1904)
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
            record.problem(_FIELD_OF.get(column, column), f"too long (at most {limit} characters)")
    return record
