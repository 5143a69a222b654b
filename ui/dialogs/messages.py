"""Questions and notices to the user in Chinese. Tests monkeypatch these small helpers."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
    """A yes/no question with Chinese buttons; the safe answer (no) is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask_discard(parent: QWidget | None, what: str) -> bool:
    """Before a dialog with typed-in input closes: True = throw the input away (放弃)."""
    box = QMessageBox(QMessageBox.Icon.Question, "放弃已填写的内容？",
                      f"“{what}”中填写的内容还没有保存。\n关闭后这些内容将丢失，确定要放弃吗？", parent=parent)
    discard = box.addButton("放弃", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def confirm_warnings(parent: QWidget | None, title: str, warnings: list[str]) -> bool:
    """Things that look wrong but may be meant: True = save anyway (仍然保存)."""
    text = "\n".join(f"· {w}" for w in warnings[:8]) + (f"\n……共 {len(warnings)} 处" if len(warnings) > 8 else "")
    return ask(parent, title, f"{text}\n\n请核对。仍要保存吗？", yes="仍然保存", no="返回修改")
