"""Pages a clerk opens now and then: each is built the first time it is shown or asked for
(``MainWindow.add_page`` with one of these functions), so opening the window does not build them
nor load their modules."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget


def evaluation_page(window) -> QWidget:
    from ui.workflow.evaluation_page import EvaluationPage

    return EvaluationPage(window)


def lists_page(window) -> QWidget:
    from ui.lists.page import ListsPage  # six tabs of lists

    return ListsPage(window)


def batches_page(window) -> QWidget:
    from ui.documents import word
    from ui.workflow.batches_page import BatchesPage

    page = BatchesPage(window, window.workflow_actions)
    word.add_letter_button(window, page)   # 生成交办函… beside the page's own buttons
    return page


def dispatch_page(window) -> QWidget:
    from ui.workflow.dispatch_page import DispatchPage

    page = DispatchPage(window)
    page.restore_layout(window.settings)
    return page
