"""Which actions can run now: editing ones are off in read-only mode (the status bar says why), and
actions on the ledger's selected problems work only while the 问题清单 page is the one shown.

A feature marks its actions and buttons once (``writes``, ``on_ledger_rows``); the gate does the
rest, so no dialog is opened only to refuse at 保存 after the typing.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLabel

WRITES = "writes"               # property: the action changes data
LEDGER_ROWS = "on_ledger_rows"  # property: the action works on the selected rows of the 问题清单 page
TIP = "gate_tip"                # property: the action's own tooltip, put back when enabled again


def mark_writing(*objects: QObject) -> None:
    for obj in objects:
        obj.setProperty(WRITES, True)


def mark_ledger_rows(*objects: QObject) -> None:
    for obj in objects:
        obj.setProperty(LEDGER_ROWS, True)


def read_only_reason(store) -> str:
    reason = getattr(store, "opened_read_only_reason", "") or ""
    return f"只读模式{'（' + reason + '）' if reason else ''}：不能修改数据，新建、编辑、删除、交办、导入等操作已停用"


class ActionGate:
    def __init__(self, window):
        self.window = window
        self.status = QLabel(window)
        self.status.setObjectName("read_only_notice")
        self.status.setStyleSheet("color: #a50e0e; padding: 0 6px;")
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        self._row_objects: list[QObject] = []

    def _gated(self) -> list[QObject]:
        items = [*self.window.findChildren(QAction), *self.window.findChildren(QAbstractButton)]
        return [o for o in items if o.property(WRITES) or o.property(LEDGER_ROWS)]

    def refresh(self) -> None:
        """Check every marked action (at start, and when the window turns read-only)."""
        read_only = self.window.store.read_only
        self.status.setText(read_only_reason(self.window.store) if read_only else "")
        self.status.setVisible(read_only)
        gated = self._gated()
        self._row_objects = [o for o in gated if o.property(LEDGER_ROWS)]
        self._apply(gated)

    def refresh_rows(self, *_args) -> None:
        """Only the actions on the ledger's rows (the page or the selection changed)."""
        self._apply(self._row_objects)

    def _apply(self, objects: list[QObject]) -> None:
        read_only = self.window.store.read_only
        reason = read_only_reason(self.window.store) if read_only else ""
        rows = self._ledger_rows()
        for obj in objects:
            why = ""
            if obj.property(WRITES) and read_only:
                why = reason
            elif obj.property(LEDGER_ROWS) and rows is None:
                why = "只能在“问题清单”页使用：请先打开问题清单并选中问题"
            elif obj.property(LEDGER_ROWS) and not rows:
                why = "请先在问题清单中选中问题"
            self._set(obj, why)

    def allows(self, obj: QObject) -> bool:
        return not (obj.property(WRITES) and self.window.store.read_only)

    def _ledger_rows(self) -> list[int] | None:
        """The selected problems of the ledger page, or None when another page is shown."""
        if self.window.current_page_key() != "ledger":
            return None
        return self.window.page("ledger").selected_problem_ids()

    @staticmethod
    def _set(obj: QObject, why: str) -> None:
        if obj.property(TIP) is None:
            obj.setProperty(TIP, obj.toolTip())
        obj.setEnabled(not why)
        tip = why or obj.property(TIP) or ""
        obj.setToolTip(tip)
        if isinstance(obj, QAction):
            obj.setStatusTip(tip)
