"""Problem actions on the ledger: new, edit, duplicate, delete (with undo on the window's stack)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from models.problems import DeletedProblems, delete_problems, describe_for_confirmation, restore_problems
from ui.dialogs import messages

if TYPE_CHECKING:
    from ui.dialogs.problem_dialog import ProblemDialog


class DeleteProblemsCommand(QUndoCommand):
    """Pushed after the delete already happened; undo puts the rows back, redo deletes again."""

    def __init__(self, window, deleted: DeletedProblems):
        count = len(deleted.ids)
        super().__init__(f"删除问题 {deleted.label}" if count == 1 else f"删除 {count} 个问题")
        self.window = window
        self.deleted = deleted
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        result = self.window.operations.run("无法重做", delete_problems, self.window.store, self.deleted.ids)
        if result is not None:
            self.deleted = result

    def undo(self) -> None:
        ok = self.window.operations.run("无法撤销删除", lambda: restore_problems(self.window.store, self.deleted) or True)
        if ok:
            self.window.ledger_page.select_ids(self.deleted.ids)
            self.window.statusBar().showMessage(f"已恢复 {len(self.deleted.ids)} 个问题", 4000)


class ProblemActions:
    """What the 问题 menu, toolbar, keys and right-click menu do."""

    def __init__(self, window, page):
        self.window = window
        self.page = page
        self.dialog: ProblemDialog | None = None

    def _campaign(self) -> int | None:
        if self.window.campaign_id is None:
            messages.inform(self.window, "请先新建监督专题", "还没有监督专题。请先新建一个监督专题，再录入问题。")
            return None
        return self.window.campaign_id

    def _open(self, **kwargs) -> ProblemDialog | None:
        from ui.dialogs.problem_dialog import (
            ProblemDialog,  # (with its unit and article pickers) at first use
        )

        campaign_id = self._campaign()
        if campaign_id is None:
            return None
        dialog = ProblemDialog(self.window.store, campaign_id, parent=self.window,
                               settings=self.window.settings, **kwargs)
        dialog.accepted.connect(lambda: self._saved(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, dialog: ProblemDialog) -> None:
        if dialog.saved_id is not None:
            self.window.show_page("ledger")
            self.page.refresh()
            self.page.select_ids([dialog.saved_id])
        self.window.statusBar().showMessage("问题已保存", 3000)

    def new_problem(self) -> ProblemDialog | None:
        return self._open()

    def _on_ledger(self) -> bool:
        """Row actions work on what the 问题清单 page shows, never on a page out of sight."""
        return self.window.current_page_key() == "ledger"

    def edit_problem(self, problem_id: int | None = None):
        problem_id = problem_id or (self.page.current_problem_id() if self._on_ledger() else None)
        if problem_id is None:
            messages.inform(self.window, "编辑问题", "请先在问题清单中选中一个问题。")
            return None
        if self.window.store.read_only:   # nothing can be saved: show the problem instead of a form
            details = getattr(self.window, "workflow_actions", None)
            if details is not None:
                return details.open_details([problem_id])
            return None
        return self._open(problem_id=problem_id)

    def duplicate_problem(self) -> ProblemDialog | None:
        problem_id = self.page.current_problem_id() if self._on_ledger() else None
        if problem_id is None:
            messages.inform(self.window, "复制问题", "请先在问题清单中选中一个问题。")
            return None
        return self._open(copy_from=problem_id)

    def delete_selected(self) -> bool:
        ids = self.page.selected_problem_ids() if self._on_ledger() else []
        if not ids:
            messages.inform(self.window, "删除问题", "请先在问题清单中选中要删除的问题。")
            return False
        names = "\n".join(describe_for_confirmation(self.window.store, ids))
        text = (f"确定要删除以下 {len(ids)} 个问题吗？" if len(ids) > 1 else "确定要删除以下问题吗？") + \
            f"\n\n{names}\n\n其交办、整改进展、佐证材料记录一并删除；删除后可以用“编辑 → 撤销”（Ctrl+Z）恢复。"
        title = "删除问题" if len(ids) == 1 else f"删除 {len(ids)} 个问题"
        if not messages.ask(self.window, title, text, yes="删除", no="取消"):
            return False
        first_row = self.page.model.row_of(ids[0])
        deleted = self.window.operations.run("无法删除", delete_problems, self.window.store, ids)
        if deleted is None:
            return False
        self.window.undo_stack.push(DeleteProblemsCommand(self.window, deleted))
        # keep the keyboard flow: the row that moved into the deleted one's place is selected
        rows = self.page.model.rowCount()
        if first_row is not None and rows and not self.page.selected_problem_ids():
            self.page.select_ids([self.page.model.problem_id(min(first_row, rows - 1))])
        self.window.statusBar().showMessage(f"已删除 {len(ids)} 个问题，可按 Ctrl+Z 撤销", 5000)
        return True
