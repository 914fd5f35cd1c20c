"""Choosing one person by typing part of her name or email, with the matches offered as she types.

The one way a page or dialog asks "who?": the box offers "Zoë Hughes — zoe.hughes@… (Essex…)"
for what was typed, and ``person()`` says whom the box names (a completion, an email, or a name
only one person has), or refuses in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from women_in_ddat.errors import InvalidInput, NotFound
from women_in_ddat.ui.text import counted

if TYPE_CHECKING:  # the people service (and SQLModel) load with the first page that asks
    from women_in_ddat.services.people import PeopleService, PersonRow

# At most this many people are offered for what was typed: enough to spot her, quick to ask.
OFFERED_PEOPLE = 20


def offer_text(row: PersonRow) -> str:
    """How a person is offered and named once chosen: name, email and organisation."""
    where = f" ({row.organisation})" if row.organisation else ""
    return f"{row.display_name} — {row.email}{where}"


class PersonPicker(QLineEdit):
    """A line edit that offers the people matching what was typed and says whom it names."""

    def __init__(self, people: PeopleService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people = people
        self._offered: dict[str, PersonRow] = {}
        self._offers = QStringListModel(self)
        completer = QCompleter(self._offers, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.setPlaceholderText("Start typing her name or email, then choose her")
        self.textEdited.connect(self._offer_people)

    def offers(self) -> list[str]:
        """What is offered for the text typed so far."""
        return self._offers.stringList()

    def forget(self) -> None:
        """Empty the box and what it offered (after the person it named was erased, say)."""
        self.clear()
        self._offered = {}
        self._offers.setStringList([])

    def person(self) -> PersonRow:
        """Whom the box names; a ``UserFacingError`` saying why when it names no one, or several."""
        text = self.text().strip()
        if text in self._offered:
            return self._offered[text]
        if not text:
            raise InvalidInput("Type her name or email address first.")
        if "@" in text:
            text = self._people.by_email(text).email
        rows = self._people.rows(text, limit=OFFERED_PEOPLE)
        exact = [r for r in rows if r.email.casefold() == text.casefold()]
        if len(exact) == 1 or len(rows) == 1:
            return (exact or rows)[0]
        if not rows:
            raise NotFound(f"No one recorded matches “{text}”.")
        # Only the first few are asked for: with that many, more may match.
        at_least = "At least " if len(rows) >= OFFERED_PEOPLE else ""
        raise InvalidInput(
            f"{at_least}{counted(len(rows), 'person matches', 'people match')} “{text}”: "
            "type more of her name or email, then choose her from the list."
        )

    def _offer_people(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        rows = self._people.rows(text, limit=OFFERED_PEOPLE)
        self._offered = {offer_text(row): row for row in rows}
        self._offers.setStringList(list(self._offered))
