"""A laptop screen (1366×768): the first window fits the screen and the ledger shows 编号 … 进度."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from test_ui_ledger import seed

from ui.main_window import first_geometry

pytestmark = pytest.mark.gui


def test_first_window_fits_the_available_screen():
    laptop = QRect(0, 0, 1366, 728)                 # 1366×768 less a 40 px task bar
    rect, maximized = first_geometry(laptop)
    assert maximized and laptop.contains(rect)
    big = QRect(0, 0, 1600, 960)
    rect, maximized = first_geometry(big)
    assert not maximized and big.contains(rect) and rect.center() == big.center()


def test_window_without_remembered_place_is_inside_the_screen(window):
    # the test screen is small: the window is maximised there, and never wider or taller than it
    screen = window.screen().availableGeometry()
    assert window.isMaximized() or screen.contains(window.geometry())
    assert window.minimumWidth() <= screen.width() and window.minimumHeight() <= screen.height()


def test_default_columns_fit_1366_wide(window, qtbot):
    window.showNormal()
    window.resize(1366 - 16, 728 - 40)               # the maximised window's inside on a laptop
    cid = seed(window.store)
    window.reload_campaigns(select_id=cid)
    page = window.show_page("ledger")
    qtbot.waitUntil(lambda: not page._fit_pending and page.table.horizontalHeader().sectionSize(5) != 360)
    header = page.table.horizontalHeader()
    keys = page.visible_column_keys()
    assert keys[0] == "number" and keys[-1] == "progress"
    from models.ledger import COLUMN_KEYS
    last = COLUMN_KEYS.index("progress")
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right <= page.table.viewport().width()
    assert header.sectionSize(COLUMN_KEYS.index("description")) >= 240


def test_dialogs_are_never_taller_than_the_screen(window):
    """The test screen is 800×800: the 交办 dialog (designed 960×760) and any dialog sized by
    fit_to_screen keep their frame and buttons on it; a small dialog keeps its own size."""
    from PySide6.QtWidgets import QDialog

    from ui.dialogs.modal import MARGIN_H, MARGIN_W, fit_to_screen
    from ui.workflow.handover_dialog import HandoverDialog

    screen = window.screen().availableGeometry()
    cid = seed(window.store)
    dialog = HandoverDialog(window.store, cid, parent=window)
    assert dialog.width() <= screen.width() - MARGIN_W and dialog.height() <= screen.height() - MARGIN_H
    big, small = QDialog(window), QDialog(window)
    fit_to_screen(big, 1180, 2000)
    fit_to_screen(small, 400, 300)
    assert (big.width(), big.height()) == (screen.width() - MARGIN_W, screen.height() - MARGIN_H)
    assert (small.width(), small.height()) == (400, 300)
    for d in (dialog, big, small):
        d.deleteLater()
