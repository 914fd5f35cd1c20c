"""Erasure: she is chosen by name or email with completion, named before and after."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool

from women_in_ddat.errors import NotFound
from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.privacy import PrivacyPage

pytestmark = pytest.mark.gui
ZOE = "zoe.hughes@essex.gov.uk"


@pytest.fixture
def page(qtbot, demo_services):  # type: ignore[no-untyped-def]
    widget = PrivacyPage(AppContext(demo_services))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    QThreadPool.globalInstance().waitForDone(10000)


def test_typing_part_of_her_name_offers_her_and_the_erasure_names_her(
    page, qtbot, messages, demo_services
) -> None:
    qtbot.keyClicks(page.access_email, "hughes")
    offered = page.access_email.offers.stringList()
    [zoe] = [text for text in offered if ZOE in text]
    assert zoe.startswith("Zoë Hughes — zoe.hughes@essex.gov.uk (")
    page.access_email.setText(zoe)  # as if chosen from the list (non-ASCII: set, not typed)
    messages.answer(True)
    qtbot.mouseClick(page.erase_one_button, Qt.MouseButton.LeftButton)
    title, text = messages.asked[-1]
    assert title == "Erase Zoë Hughes"
    assert ZOE in text and "cohort place" in text and "milestone" in text
    qtbot.waitUntil(lambda: bool(messages.told), timeout=20000)
    assert messages.told[-1] == ("Erased", "Zoë Hughes was erased.")
    with pytest.raises(NotFound):
        demo_services.people.by_email(ZOE)


def test_a_name_several_people_share_asks_her_to_choose(
    page, qtbot, messages, demo_services
) -> None:
    qtbot.keyClicks(page.access_email, "gov.uk")
    qtbot.mouseClick(page.erase_one_button, Qt.MouseButton.LeftButton)
    assert messages.asked == []  # nothing is erased without knowing who
    [(title, text)] = messages.problems
    assert title == "Erase" and "people match" in text and "choose her from the list" in text
    assert demo_services.people.count() == 40
