"""操作人: the name written as 核查人 and in every 留痕 line. Asked once per computer at the first
start (a file travels between colleagues on a USB stick, so the name is not taken from the file);
工具 → 设置 changes it."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from models.store import ValidationError, current_os_user
from ui.dialogs.base import EditorDialog

OPERATOR_KEY = "operator/name"
MAX_LEN = 40


def operator_name(settings) -> str:
    return (settings.value(OPERATOR_KEY, "", type=str) or "").strip()


def apply_operator(window) -> None:
    """Use this computer's 操作人 for everything the window writes."""
    name = operator_name(window.settings)
    if name:
        window.store.user = name


def set_operator(window, name: str) -> None:
    name = " ".join(name.split())
    window.settings.setValue(OPERATOR_KEY, name)
    window.store.user = name or window.store.get_setting("user_name") or current_os_user()


class OperatorDialog(EditorDialog):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(window.store, "请填写操作人", parent or window)
        self.window_ = window
        self.discard_what = "操作人"
        note = QLabel("欢迎使用联动监督问题清单管理系统。\n请填写您的姓名：它将记为销号核查的“核查人”，"
                      "并写入每一条修改留痕。\n以后可在“工具 → 设置…”中修改。", self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.name_edit = QLineEdit(window.store.get_setting("user_name") or "", self)
        self.name_edit.setPlaceholderText("例：张三")
        self.add_field("name", "操作人姓名", self.name_edit, required=True)
        self.save_button.setText("确定")
        self.cancel_button.setText("以后再说")
        self.resize(460, self.sizeHint().height())

    def commit(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            raise ValidationError("请填写操作人姓名。", field="name")
        if len(name) > MAX_LEN:
            raise ValidationError(f"姓名不能超过 {MAX_LEN} 个字。", field="name")
        set_operator(self.window_, name)
        return None


def ask_operator_if_needed(window) -> OperatorDialog | None:
    """At the program's start: the first time on this computer, ask the name (window-modal)."""
    if operator_name(window.settings) or window.store.read_only:
        return None
    dialog = OperatorDialog(window)
    dialog.open()     # the window (its parent) keeps it until it is closed
    return dialog


def install(window) -> None:
    apply_operator(window)
