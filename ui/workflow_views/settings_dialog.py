"""工具 → 设置: the user name written in the history, and the deadline warning window (黄色预警天数)."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget

from models import preferences
from models.store import current_os_user
from ui.dialogs.base import EditorDialog
from ui.features.operator import operator_name, set_operator

SHOW_ON_OPEN_KEY = "reminders/on_open"


def show_reminders_on_open(settings) -> bool:
    return str(settings.value(SHOW_ON_OPEN_KEY, "true")).lower() in ("true", "1")


class SettingsDialog(EditorDialog):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(window.store, "设置", parent or window)
        self.window_ = window
        current = preferences.load(self.store)
        self.user_edit = QLineEdit(operator_name(window.settings) or current.user_name, self)
        self.user_edit.setPlaceholderText(f"留空则使用系统登录名：{current_os_user()}")
        self.user_edit.setToolTip("本电脑的操作人：记为销号核查的“核查人”，并写入每一条留痕（修改历史）")
        self.add_field("user_name", "操作人名称", self.user_edit)
        self.warn_spin = QSpinBox(self)
        self.warn_spin.setRange(*preferences.WARN_DAYS_RANGE)
        self.warn_spin.setSuffix(" 日")
        self.warn_spin.setValue(int(current.warn_days))
        self.warn_spin.setToolTip("距整改时限不超过这么多天的未完成问题显示为黄色（即将到期）")
        self.add_field("warn_days", "到期预警天数", self.warn_spin)
        self.reminders_box = QCheckBox("打开程序时显示“今日提醒”", self)
        self.reminders_box.setChecked(show_reminders_on_open(window.settings))
        self.form.addRow("", self.reminders_box)
        self.required_note.hide()
        self.resize(440, self.sizeHint().height())

    def commit(self) -> int | None:
        saved = preferences.save(self.store, preferences.Preferences(self.user_edit.text(), self.warn_spin.value()))
        set_operator(self.window_, saved.user_name)
        self.window_.settings.setValue(SHOW_ON_OPEN_KEY, "true" if self.reminders_box.isChecked() else "false")
        self.window_.notify_changed()
        return None
