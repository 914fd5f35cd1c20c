"""Writing to people chosen on a page: the one way every page opens the Messages dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from women_in_ddat.ui.messages_dialog import MessagesDialog


def message_people(
    page: QWidget, services: object, person_ids: list[int], what: str, template: str = ""
) -> MessagesDialog | None:
    """Open the Messages dialog for ``person_ids`` (``what`` says which, naming no one)."""
    people = list(dict.fromkeys(person_ids))
    if not people:
        return None
    dialog = MessagesDialog(services, page, selection=(people, what))  # type: ignore[arg-type]
    if template:
        dialog.set_template(template)
    dialog.open()
    return dialog
