"""Core pages of the ledger issue: start page, 问题清单, 单位, 监督专题, and the 问题 menu."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from models.campaigns import list_campaigns
from ui.action_gate import mark_ledger_rows, mark_writing
from ui.ledger.actions import ProblemActions
from ui.ledger.page import LedgerPage
from ui.pages.campaigns_page import CampaignsPage
from ui.pages.start_page import StartPage, open_campaign_dialog
from ui.pages.units_page import UnitsPage


def _table_action(window, page: LedgerPage, text: str, slot, keys: list) -> QAction:
    """An action whose key works only while the problem table has focus (Enter, Del), so typing
    in the search box never edits or deletes problems; the menu entry works everywhere."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda checked=False: slot())
    page.table.addAction(action)
    window.menu("problem").addAction(action)
    return action


def install(window) -> None:
    start = StartPage(window)
    ledger_page = LedgerPage(window)
    window.add_page("start", "开始", start, order=0)
    window.add_page("ledger", "问题清单", ledger_page, order=20)
    window.add_page("units", "单位", UnitsPage(window), order=80)
    window.add_page("campaigns", "监督专题", CampaignsPage(window), order=90)

    actions = ProblemActions(window, ledger_page)
    window.problem_actions = actions
    ledger_page.actions = actions

    new_problem = window.add_action("problem", "新建问题…", actions.new_problem, shortcut="Ctrl+N",
                                    toolbar=True, tip="在当前监督专题中录入一个新问题（Ctrl+N）", writes=True)
    edit = _table_action(window, ledger_page, "编辑问题…", actions.edit_problem, ["Return", "Enter"])
    duplicate = window.add_action("problem", "复制为新问题…", actions.duplicate_problem, shortcut="Ctrl+D",
                                  tip="以选中的问题为底稿新建一个问题（Ctrl+D）", writes=True)
    delete = _table_action(window, ledger_page, "删除问题", actions.delete_selected, ["Delete"])
    delete.setToolTip("删除问题清单中选中的问题（Del），可撤销")
    mark_writing(delete)
    # edit/duplicate/delete act on the rows of the 问题清单 page: off on every other page
    mark_ledger_rows(edit, duplicate, delete)
    window.toolbar.addAction(delete)
    ledger_page.table.selectionModel().selectionChanged.connect(window.gate.refresh_rows)
    ledger_page.model.modelReset.connect(window.gate.refresh_rows)
    window.menu("problem").addSeparator()
    window.add_action("problem", "查找问题", ledger_page.focus_search, shortcut="Ctrl+F",
                      tip="在问题清单中搜索（Ctrl+F）")
    window.add_action("problem", "清除筛选", ledger_page.bar.reset)
    ledger_page.row_actions = [edit, duplicate, delete]
    ledger_page.table.doubleClicked.connect(lambda _index: actions.edit_problem())
    window.new_problem_action = new_problem

    new_campaign = QAction("新建专题…", window)
    new_campaign.setToolTip("新建一个监督专题")
    mark_writing(new_campaign)
    new_campaign.triggered.connect(lambda checked=False: open_campaign_dialog(window))
    _insert_after_campaign_box(window, new_campaign)
    file_menu = window.menu("file")
    file_menu.addAction(new_campaign)
    file_menu.addSeparator()

    def campaign_state(campaign_id) -> None:
        empty = campaign_id is None and not list_campaigns(window.store)
        window.set_page_hidden("start", not empty)
        if empty:
            window.show_page("start")
        elif window.current_page_key() in (None, "start"):
            window.show_page("overview" if window.has_page("overview") else "ledger")

    window.campaign_changed.connect(campaign_state)
    if not list_campaigns(window.store):
        campaign_state(None)


def _insert_after_campaign_box(window, action: QAction) -> None:
    actions = window.toolbar.actions()
    for i, a in enumerate(actions):
        if window.toolbar.widgetForAction(a) is window.campaign_box:
            if i + 1 < len(actions):
                window.toolbar.insertAction(actions[i + 1], action)
            else:
                window.toolbar.addAction(action)
            return
    window.toolbar.addAction(action)
