"""Workflow feature: 交办 / 整改进展 / 销号 / 退回 / 重新打开 / 转下年度 / 问题详情 and the 交办批次 page."""
from __future__ import annotations

from ui.action_gate import mark_writing
from ui.workflow.action_states import MenuStates
from ui.workflow.actions import WorkflowActions
from ui.workflow.batches_page import BatchesPage

# (menu text, context-menu text, WorkflowActions method, shortcut)
_ACTIONS = (
    ("交办…", "交办…", "open_handover", "Ctrl+J"),
    ("填报整改进展…", "填报整改进展…", "open_report", None),
    ("销号…", "销号…", "open_closing", None),
    ("退回…", "退回…", "open_send_back", None),
    ("重新打开…", "重新打开…", "open_reopen", None),
    ("转下年度…", "转下年度…", "carry_over", None),
)


def install(window) -> None:
    actions = WorkflowActions(window)
    window.workflow_actions = actions
    window.add_page("batches", "交办批次", BatchesPage(window, actions), order=30)
    qactions: dict[str, list] = {method: [] for _t, _c, method, _s in _ACTIONS}
    for text, _ctx, method, shortcut in _ACTIONS:
        qactions[method].append(window.add_action("workflow", text, getattr(actions, method), shortcut=shortcut,
                                                  writes=True))
    window.menu("workflow").addSeparator()
    window.add_action("workflow", "问题详情与留痕…", actions.open_details, shortcut="Ctrl+I")
    window.add_action("problem", "问题详情与留痕…", actions.open_details)
    states = MenuStates(window, actions, qactions)
    window.workflow_menu_states = states
    states.watch(window.menu("workflow"))
    if window.has_page("ledger"):
        page = window.page("ledger")
        if hasattr(page, "add_context_action"):
            page.add_context_action("问题详情与留痕…", lambda ids: actions.open_details(ids))
            for _text, ctx, method, _s in _ACTIONS:
                action = page.add_context_action(ctx, lambda ids, m=method: getattr(actions, m)(ids))
                mark_writing(action)
                qactions[method].append(action)
            states.tips.update({a: a.statusTip() for group in qactions.values() for a in group})
        if hasattr(page, "context_menu_shown"):
            page.context_menu_shown.connect(states.watch)
