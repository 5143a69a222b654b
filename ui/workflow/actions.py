"""The workflow's user actions, shared by menus, the ledger's right-click menu, the 交办批次 page and
the 问题详情 dialog. Each opens its dialog (window-modal, not blocking) and returns it, so tests can
fill it and press 保存 by calling ``save()``."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from models.campaigns import get_campaign
from models.workflow import carryover, closing, handover
from ui.dialogs import messages
from ui.workflow import action_states
from ui.workflow.batch_fix import open_removal
from ui.workflow.closing_dialog import ClosingDialog, ReasonDialog
from ui.workflow.handover_dialog import HandoverDialog
from ui.workflow.progress_dialog import ProgressDialog


class WorkflowActions:
    """Bound to the main window: runs checks, opens dialogs, tells every page when data changed."""

    def __init__(self, window):
        self.window = window
        self.store = window.store

    # ----- helpers ---------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The problems selected on the 问题清单 page while it is shown; never a hidden page's selection."""
        if self.window.current_page_key() == "ledger":
            page = self.window.page("ledger")
            if hasattr(page, "selected_problem_ids"):
                return page.selected_problem_ids()
        return []

    def _checked_one(self, ids: list[int] | None, action: str, parent: QWidget | None) -> int | None:
        """The one selected problem if ``action`` applies to it; otherwise say why (naming it) and None."""
        ids = self.selected_ids() if ids is None else ids
        refusal = action_states.single_refusal(self.store, action, ids)
        if refusal:
            title = "请先选择问题" if not ids else f"不能{action_states.SINGLE[action][1]}"
            (messages.inform if not ids else messages.warn)(self._parent(parent), title, refusal)
            return None
        return ids[0]

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.accepted.connect(self.window.notify_changed)
        dialog.open()
        return dialog

    def _parent(self, parent: QWidget | None) -> QWidget:
        return parent or self.window

    # ----- actions ---------------------------------------------------------------------
    def open_handover(self, ids: list[int] | None = None, parent: QWidget | None = None) -> HandoverDialog | None:
        ids = self.selected_ids() if ids is None else ids
        if self.window.campaign_id is None:
            messages.inform(self._parent(parent), "交办", "请先新建或选择一个监督专题。")
            return None
        ok, refused = handover.handover_candidates(self.store, ids)
        if ids and not ok:
            messages.warn(self._parent(parent), "不能交办", "所选问题都不能交办：\n" + "\n".join(refused.values()))
            return None
        if refused:
            messages.inform(self._parent(parent), "部分问题不能交办",
                            "以下问题不在本次交办中：\n" + "\n".join(refused.values()))
        if not ok:  # nothing selected: choose from all open problems
            return self._show(HandoverDialog(self.store, self.window.campaign_id, [],
                                             candidate_ids=handover.open_problem_ids(self.store,
                                                                                     self.window.campaign_id),
                                             parent=self._parent(parent)))
        return self._show(HandoverDialog(self.store, self.window.campaign_id, ok, parent=self._parent(parent)))

    def edit_batch(self, batch_id: int, parent: QWidget | None = None) -> HandoverDialog | None:
        if handover.get_batch(self.store, batch_id) is None:
            messages.inform(self._parent(parent), "修改交办批次", "该交办批次已不存在（可能已被删除），请刷新。")
            return None
        dialog = HandoverDialog(self.store, self.window.campaign_id, batch_id=batch_id, parent=self._parent(parent))
        dialog.changed.connect(self.window.notify_changed)      # problems taken out, batch deleted
        return self._show(dialog)

    def remove_from_batch(self, batch_id: int, problem_id: int, parent: QWidget | None = None):
        """移出交办批次 with a reason (from 问题详情's 交办 tab)."""
        return open_removal(self.store, batch_id, problem_id, self._parent(parent), self.window.notify_changed)

    def open_report(self, ids: list[int] | None = None, parent: QWidget | None = None,
                    report_id: int | None = None) -> ProgressDialog | None:
        pid = self._checked_one(ids, "open_report", parent)
        if pid is None:
            return None
        return self._show(ProgressDialog(self.store, pid, report_id, parent=self._parent(parent)))

    def open_closing(self, ids: list[int] | None = None, parent: QWidget | None = None) -> ClosingDialog | None:
        pid = self._checked_one(ids, "open_closing", parent)
        if pid is None:
            return None
        return self._show(ClosingDialog(self.store, pid, parent=self._parent(parent)))

    def open_send_back(self, ids: list[int] | None = None, parent: QWidget | None = None) -> ReasonDialog | None:
        pid = self._checked_one(ids, "open_send_back", parent)
        if pid is None:
            return None
        return self._show(ReasonDialog(self.store, pid, "退回", "写明退回理由，例：佐证材料不全，现场核查仍有隐患",
                                       closing.send_back, parent=self._parent(parent)))

    def open_reopen(self, ids: list[int] | None = None, parent: QWidget | None = None) -> ReasonDialog | None:
        pid = self._checked_one(ids, "open_reopen", parent)
        if pid is None:
            return None
        return self._show(ReasonDialog(self.store, pid, "重新打开", "写明重新打开的理由，例：群众反映问题反弹",
                                       closing.reopen, parent=self._parent(parent)))

    def carry_over(self, ids: list[int] | None = None, parent: QWidget | None = None) -> dict[int, int] | None:
        ids = self.selected_ids() if ids is None else ids
        if not ids:
            messages.inform(self._parent(parent), "请先选择问题", "请先在问题清单中选中要转下年度的问题。")
            return None
        ids, refused = carryover.carry_candidates(self.store, ids)
        if not ids:
            messages.warn(self._parent(parent), "不能转下年度", "所选问题都不能转下年度（只有待交办、整改中的问题可以转；"
                          "申请销号的请先销号或退回）：\n" + "\n".join(refused.values()))
            return None
        note = ("\n\n以下问题不转：\n" + "\n".join(refused.values())) if refused else ""
        cid = self.window.campaign_id
        campaign = get_campaign(self.store, cid) if cid else None
        target = carryover.next_campaign(self.store, cid, create=False) if cid else None
        where = (f"{get_campaign(self.store, target).title}" if target else
                 f"{campaign.year + 1}年“{campaign.name}”（将自动新建）" if campaign else "下一年度专题")
        if not messages.ask(self._parent(parent), "转下年度",
                            f"将所选 {len(ids)} 个问题转入 {where}？\n原问题将标记为“转下年度”并锁定，"
                            "新问题保留原内容和完成进度，留痕可互相查看。转之前自动备份数据库。" + note, yes="转下年度"):
            return None
        mapping = self.window.run_action(carryover.carry_over, self.store, ids, title="不能转下年度")
        if mapping:
            self.window.reload_campaigns()  # the next year's campaign may be new
            self.window.notify_changed()
            messages.inform(self._parent(parent), "已转下年度",
                            f"已将 {len(mapping)} 个问题转入 {where.replace('（将自动新建）', '')}。"
                            "可在顶部切换到该专题查看。")
        return mapping

    def open_details(self, ids: list[int] | None = None, parent: QWidget | None = None):
        from ui.workflow.detail_dialog import ProblemDetailDialog

        ids = self.selected_ids() if ids is None else ids
        if not ids:
            messages.inform(self._parent(parent), "请先选择问题", "请先在问题清单中选中一个问题。")
            return None
        pid = ids[0]
        dialog = ProblemDetailDialog(self, pid, parent=self._parent(parent))
        dialog.open()
        return dialog
