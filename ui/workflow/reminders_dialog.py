"""今日提醒: overdue, due today, due within 7 days, and units that have not reported this month.

Not modal: it stays open beside the work. Double-click a line to see those problems in the ledger.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.workflow import reminders
from ui import style
from ui.dialogs.modal import fit_to_screen

DISMISSED_KEY = "reminders/dismissed_on"
SECTION_COLOURS = {"overdue": "error", "pending_late": "info_text", "due_today": "warning_text",
                   "due_this_week": "warning_text", "units_not_reported": "link"}   # resources/colours.json


class RemindersDialog(QDialog):
    def __init__(self, window, digest: reminders.Digest, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.window_ = window
        self.digest = digest
        self.setWindowTitle(f"今日提醒（{digest.today.month}月{digest.today.day}日）")
        self.setObjectName("reminders_dialog")
        self.headline = QLabel(digest.headline() + "。" if digest.has_content else "今天没有需要提醒的事项。", self)
        self.headline.setWordWrap(True)
        font = QFont(self.headline.font())
        font.setBold(True)
        self.headline.setFont(font)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["事项", "牵头单位", "整改时限", "问题描述"])
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 190)
        self.tree.setColumnWidth(1, 110)
        self.tree.setColumnWidth(2, 90)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self._fill()
        hint = QLabel("双击一行，在问题清单中查看对应问题。", self)
        style.set_role(hint, "note")
        self.dismiss_box = QCheckBox("今天不再自动显示", self)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addWidget(self.dismiss_box)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 460)

    def _fill(self) -> None:
        for section in self.digest.sections:
            more = f"，列出前 {len(section.items)} 项" if section.count > len(section.items) else ""
            top = QTreeWidgetItem([f"{section.title}（{section.count}{more}）"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setForeground(0, style.colour(SECTION_COLOURS.get(section.key, "text")))
            top.setData(0, Qt.ItemDataRole.UserRole, (section.key, None))
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the group title reads whole, not cut at the first column
            for item in section.items:
                if section.key == "phases":
                    child = QTreeWidgetItem(["", "", "", item["text"]])
                    child.setData(0, Qt.ItemDataRole.UserRole, (section.key, None))
                elif section.key == "units_not_reported":
                    child = QTreeWidgetItem([f"{item['unit']}", "", "",
                                             f"本月应报送 {item['expected']} 项，未报送 {item['missing']} 项"])
                    child.setData(0, Qt.ItemDataRole.UserRole, (section.key, item["unit_id"]))
                else:
                    child = QTreeWidgetItem([item["number"], item["lead_unit"], item["deadline"] or "",
                                             item["description"]])
                    child.setToolTip(3, item["description"])
                    child.setData(0, Qt.ItemDataRole.UserRole, (section.key, item["id"]))
                top.addChild(child)
            top.setExpanded(bool(section.count))

    def section(self, key: str) -> reminders.DigestSection:
        return next(s for s in self.digest.sections if s.key == key)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        key, ident = item.data(0, Qt.ItemDataRole.UserRole)
        self.open_in_ledger(key, ident)

    def open_in_ledger(self, key: str, ident: int | None = None) -> None:
        section = self.section(key)
        if section.filter is None:
            return
        flt, label = section.filter, section.title
        if key == "units_not_reported" and ident is not None:
            flt, label = self.digest.unit_filter(ident), f"{label}：本单位"
        page = self.window_.ledger_page
        page.apply_filter(flt, label=f"今日提醒：{label}")
        self.window_.show_page("ledger")
        if key != "units_not_reported" and ident is not None:
            page.select_ids([ident])

    def done(self, result: int) -> None:
        self._remember()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._remember()
        super().closeEvent(event)

    def _remember(self) -> None:
        if self.dismiss_box.isChecked():
            self.window_.settings.setValue(DISMISSED_KEY, date.today().isoformat())
