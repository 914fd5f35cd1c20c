"""PySide6 6.12.0 on Python 3.11 drops a reference to None on ordinary calls.

Each call to a method such as ``QLabel.setText`` decrements None's reference
count once too often; after a few thousand calls None's count underflows
and the interpreter aborts, usually far from the cause. pyproject keeps
6.12 away from Python 3.11; this test fails loudly if a broken build gets
installed anyway.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui

CALLS = 20_000
# Ordinary churn (other objects taking and dropping None) is a few dozen at most;
# the bug loses one reference per call.
TOLERANCE = 1_000


def test_calls_into_qt_do_not_leak_references_to_none(qapp) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText("x" if i % 2 else "y")
    after = sys.getrefcount(None)
    assert before - after < TOLERANCE, (
        f"None lost {before - after} references over {CALLS} calls into Qt: "
        "this PySide6 build is broken on this Python (see pyproject.toml)"
    )
    assert label.text() == "x"
