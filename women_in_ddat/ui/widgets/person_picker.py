"""One person, chosen by name or email as she types: "Zoë Hughes — zoe.hughes@… (Essex…)".

The one picker of a recorded person (the Data protection page's subject access
and erasure, an event's invitation): it offers who matches what was typed and
reads back the person meant, or says in one line why it cannot tell.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from women_in_ddat.errors import InvalidInput, NotFound
from women_in_ddat.services.people import PeopleService, PersonRow
from women_in_ddat.ui.guard import attempt
from women_in_ddat.ui.text import counted

OFFERED_PEOPLE = 20


def offer_text(row: PersonRow) -> str:
    where = f" ({row.organisation})" if row.organisation else ""
    return f"{row.display_name} — {row.email}{where}"


class PersonPicker(QLineEdit):
    def __init__(self, people: PeopleService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = people
        self.setPlaceholderText("Start typing her name or email, then choose her")
        self.offered: dict[str, PersonRow] = {}
        self.offers = QStringListModel(self)
        completer = QCompleter(self.offers, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.textEdited.connect(self._offer_people)

    def _offer_people(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        rows = self.people.rows(text, limit=OFFERED_PEOPLE)
        self.offered = {offer_text(row): row for row in rows}
        self.offers.setStringList(list(self.offered))

    def forget(self) -> None:
        """Empty, offering no one (after the person chosen was acted on)."""
        self.clear()
        self.offered = {}

    def chosen(self, title: str) -> PersonRow | None:
        """The person the box names, or None after saying why (under ``title``)."""
        return attempt(self, title, self.pick)[1]

    def pick(self) -> PersonRow:
        """The person the box names: a completion, an email, or a name only one person has.

        Raises NotFound or InvalidInput, in one line, when it names no one or several.
        """
        text = self.text().strip()
        if text in self.offered:
            return self.offered[text]
        if not text:
            raise InvalidInput("Type her name or email address first.")
        if "@" in text:
            text = self.people.by_email(text).email
        rows = self.people.rows(text, limit=OFFERED_PEOPLE)
        exact = [r for r in rows if r.email.casefold() == text.casefold()]
        if len(exact) == 1 or len(rows) == 1:
            return (exact or rows)[0]
        if not rows:
            raise NotFound(f"No one recorded matches “{text}”.")
        raise InvalidInput(
            f"{counted(len(rows), 'person matches', 'people match')} “{text}”: "
            "type more of her name or email, then choose her from the list."
        )
