"""Tool bar buttons that follow their action without piling up connections.

With Qt 6.11 each change of an action that sits on a tool bar (enabled, tool tip, status tip,
text) makes its QToolButton run ``setDefaultAction`` again, and every run connects one more
function to the action's ``changed`` signal that is never removed: in tests/soak_day.py the
删除问题 action gained ~20 connections a round (the action gate changes its tip and state as
pages and selections change), each later change calling all of them. The filter below takes
that event off the button and copies the action's state to it itself, once.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QToolBar, QToolButton


class _FollowAction(QObject):
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.ActionChanged or not isinstance(obj, QToolButton):
            return False
        action = obj.defaultAction()   # a toolbar's button holds this one action only
        if action is None:
            return False
        obj.setText(action.iconText().replace("&", "&&"))   # as setDefaultAction shows it
        obj.setIcon(action.icon())
        obj.setToolTip(action.toolTip())
        obj.setStatusTip(action.statusTip())
        obj.setWhatsThis(action.whatsThis())
        obj.setCheckable(action.isCheckable())
        obj.setChecked(action.isChecked())
        obj.setEnabled(action.isEnabled())
        return True


def follow_actions(toolbar: QToolBar) -> None:
    """Call once the tool bar has its actions: their buttons follow them from then on."""
    follower = _FollowAction(toolbar)
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton) and button.defaultAction() is action:
            button.installEventFilter(follower)
