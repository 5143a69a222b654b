"""Which workflow actions fit the ledger's selection, and why not.

While the 工作流程 menu or the ledger's right-click menu is open, actions that do not fit the
selected problems are greyed out with the reason as their tooltip (naming the problem). When the
menu closes they are enabled again, so a shortcut still works and, if it does not fit, says why
in a message. The reasons come from the models' own checks (one place for each rule).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from models.store import ValidationError
from models.workflow import carryover, closing, handover, progress
from models.workflow.common import problem_labels

# actions on one problem: WorkflowActions method -> (model check raising ValidationError, Chinese name)
SINGLE: dict[str, tuple[Callable, str]] = {
    "open_report": (progress.check_reportable, "填报整改进展"),
    "open_closing": (closing.check_close, "销号"),
    "open_send_back": (closing.check_send_back, "退回"),
    "open_reopen": (closing.check_reopen, "重新打开"),
}
READ_ONLY = "数据库以只读方式打开，不能修改。"
LARGE = 5000    # above this many selected problems the menu does not pre-check them one by one


def single_refusal(store, action: str, ids: list[int]) -> str:
    """Why ``action`` cannot run on the selection ("" when it can), naming the problem."""
    check, name = SINGLE[action]
    if not ids:
        return "请先在问题清单中选中一个问题。"
    if len(ids) > 1:
        return f"{name}一次只处理一个问题，请只选中一个问题（现在选中了 {len(ids)} 个）。"
    if store.read_only:
        return READ_ONLY
    try:
        check(store, ids[0])
    except ValidationError as exc:
        number = problem_labels(store, ids[:1]).get(ids[0], "")
        return f"问题 {number}：{exc}" if number else str(exc)
    return ""


def _all_refused(refused: dict[int, str], what: str) -> str:
    shown = list(refused.values())[:3]
    more = f"等 {len(refused)} 个" if len(refused) > 3 else ""
    return f"所选问题都不能{what}：{'；'.join(shown)}{more}。"


def refusal(store, action: str, ids: list[int], campaign_id: int | None) -> str:
    """Why a menu action does not fit the selection now ("" when it does)."""
    if action in SINGLE:
        return single_refusal(store, action, ids)
    if action == "open_details":
        return "" if ids else "请先在问题清单中选中一个问题。"
    if store.read_only:
        return READ_ONLY
    if action == "open_handover":
        if campaign_id is None:
            return "请先新建或选择一个监督专题。"
        if not ids or len(ids) > LARGE:
            return ""       # nothing selected: the dialog offers every open problem
        ok, refused = handover.handover_candidates(store, ids)
        return "" if ok else _all_refused(refused, "交办")
    if action == "carry_over":
        if not ids:
            return "请先在问题清单中选中要转下年度的问题。"
        if len(ids) > LARGE:
            return ""
        ok, refused = carryover.carry_candidates(store, ids)
        return "" if ok else _all_refused(refused, "转下年度")
    return ""


class MenuStates:
    """Greys out the registered actions while a menu shows them; ``actions`` maps method -> QActions."""

    def __init__(self, window, workflow_actions, actions: dict[str, list[QAction]]):
        self.window = window
        self.workflow_actions = workflow_actions
        self.actions = actions
        self.tips = {a: a.statusTip() for group in actions.values() for a in group}  # "" = none of its own

    def watch(self, menu: QMenu) -> None:
        """Check the actions each time ``menu`` opens; free them again when it closes."""
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.refresh)
        menu.aboutToHide.connect(self.release)

    def refresh(self) -> None:
        ids = self.workflow_actions.selected_ids()
        for method, group in self.actions.items():
            why = refusal(self.window.store, method, ids, self.window.campaign_id)
            for action in group:
                action.setEnabled(not why)
                action.setToolTip(why or self.tips[action])
                action.setStatusTip(why or self.tips[action])

    def release(self) -> None:
        for group in self.actions.values():
            for action in group:
                action.setEnabled(self.window.gate.allows(action))
                action.setToolTip(self.tips[action])
                action.setStatusTip(self.tips[action])
