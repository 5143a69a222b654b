"""移出交办批次: the reason dialog used by the 修改交办批次 dialog and by 问题详情's 交办 tab."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from models.workflow import batch_edit, handover
from ui import style
from ui.dialogs import messages
from ui.workflow.closing_dialog import ReasonDialog

CONSEQUENCE = ("移出后：如果这是该问题唯一的一次交办、且还没有整改进展，问题回到“待交办”，整改时限恢复为交办前的时限；"
               "否则问题状态不变。移出和理由都记入留痕。")


def open_removal(store, batch_id: int, problem_id: int, parent: QWidget,
                 on_done: Callable[[], None] | None = None) -> ReasonDialog | None:
    """Ask for the reason, then take the problem out of the batch; refusals are said at once."""
    refusal = batch_edit.removal_refusal(store, batch_id, problem_id)
    if refusal:
        messages.warn(parent, "不能移出交办批次", refusal)
        return None
    dialog = ReasonDialog(store, problem_id, "移出交办批次", "写明移出的理由，例：误选，该问题不在本次交办范围",
                          lambda s, pid, reason: batch_edit.remove_from_batch(s, batch_id, pid, reason),
                          parent=parent)
    dialog.setObjectName("removal_dialog")
    batch = handover.get_batch(store, batch_id)
    note = QLabel(f"从交办批次“{batch.label}”中移出该问题。{CONSEQUENCE}", dialog)
    note.setWordWrap(True)
    style.set_role(note, "note")
    dialog.layout().insertWidget(1, note)
    dialog.save_button.setText("移出")
    if on_done is not None:
        dialog.accepted.connect(on_done)
    dialog.open()
    return dialog
