"""The 整改 menu: 交办 / 整改进展 / 销号 / 退回 / 重新打开 / 转下年度 / 问题详情, also on the ledger's right-click."""
from __future__ import annotations

from ui.action_gate import mark_writing
from ui.ledger.page import LedgerPage
from ui.workflow.action_states import MenuStates
from ui.workflow.actions import WorkflowActions

# (menu text, context-menu text, WorkflowActions method, shortcut)
_ACTIONS = (
    ("交办…", "交办…", "open_handover", "Ctrl+J"),
    ("填报整改进展…", "填报整改进展…", "open_report", None),
    ("销号…", "销号…", "open_closing", None),
    ("退回…", "退回…", "open_send_back", None),
    ("重新打开…", "重新打开…", "open_reopen", None),
    ("转下年度…", "转下年度…", "carry_over", None),
)


def install(window, page: LedgerPage, actions: WorkflowActions) -> MenuStates:
    qactions: dict[str, list] = {method: [] for _t, _c, method, _s in _ACTIONS}
    for text, _ctx, method, shortcut in _ACTIONS:
        qactions[method].append(window.add_action("workflow", text, getattr(actions, method), shortcut=shortcut,
                                                  writes=True))
    window.menu("workflow").addSeparator()
    window.add_action("workflow", "问题详情与留痕…", actions.open_details, shortcut="Ctrl+I")
    window.add_action("problem", "问题详情与留痕…", actions.open_details)
    states = MenuStates(window, actions, qactions)
    states.watch(window.menu("workflow"))
    page.add_context_action("问题详情与留痕…", lambda ids: actions.open_details(ids))
    for _text, ctx, method, _s in _ACTIONS:
        action = page.add_context_action(ctx, lambda ids, m=method: getattr(actions, m)(ids))
        mark_writing(action)
        qactions[method].append(action)
    states.tips.update({a: a.statusTip() for group in qactions.values() for a in group})
    page.context_menu_shown.connect(states.watch)
    return states
