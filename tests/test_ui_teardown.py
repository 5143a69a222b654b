"""A test's windows are deleted at the end of that test, not inside the next one.

Deleted inside the next test (where Qt would otherwise do it, in its first event loop) a window's
destruction can meet that test's job thread and deadlock the two (see the conftest fixture
``widgets_deleted_within_their_test``; tests/test_ui_export.py hung that way now and then). The two
tests below run in this order (pytest keeps a file's order).
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_a_window_is_shown(window):
    assert window.isVisible()


def test_the_window_of_the_test_before_is_gone(qtbot):
    from PySide6.QtWidgets import QApplication

    left = {type(w).__name__ for w in QApplication.topLevelWidgets()}
    assert "MainWindow" not in left and "QMenu" not in left
