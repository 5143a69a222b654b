"""帮助 menu: 使用说明 (the yearly cycle step by step, with pictures of the pages), 表格颜色说明, 关于."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from models import deadlines
from models.paths import resources_dir, user_data_dir
from models.sync import identity
from ui.app import APP_NAME
from ui.dialogs.modal import fit_to_screen
from ui.ledger.legend import legend_html

VERSION = "0.1.0"   # as in pyproject.toml
MANUAL = "help/manual.html"


class ManualDialog(QDialog):
    """Not modal: the manual stays open beside the work."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle("使用说明")
        self.setObjectName("manual_dialog")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        path = resources_dir() / MANUAL
        self.browser.setSearchPaths([str(path.parent)])
        if path.exists():
            text = path.read_text(encoding="utf-8")
            text = text.replace("<!--LEGEND-->", legend_html(deadlines.warn_days(window.store)))
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
            self.browser.setHtml(text)
        else:
            self.browser.setPlainText("找不到使用说明文件（resources/help/manual.html），请重新安装程序。")
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 860, 760)


def about_text(window) -> str:
    db = Path(window.store.path)
    me = identity.identity(window.store)
    office = f"{me.office}（{me.level}级）" if me.office else "尚未填写（文件 → 三级联动交换 → 本机关信息）"
    return (f"<h3>{APP_NAME}</h3><p>版本 {VERSION}</p>"
            "<p>供县（市、区）人大常委会管理联动监督问题清单：交办、整改、销号、测评、转下年度。</p>"
            f"<p>本机关：{office}<br>本机关密钥指纹：<b>{me.fingerprint or '无'}</b>"
            "（其他机关导入本机的交换包时，凭此电话核对）</p>"
            f"<p>当前数据库：{db}</p><p>数据文件夹：{user_data_dir()}</p>"
            f"<p>Qt {qVersion()}，PySide6 {pyside_version}，Python {sys.version.split()[0]}"
            f"（{'64' if sys.maxsize > 2**32 else '32'} 位）</p>")


def show_manual(window) -> ManualDialog:
    dialog = ManualDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
    dialog.show()     # the window (its parent) keeps it until it is closed
    return dialog


def show_text(window, title: str, html: str, name: str) -> QDialog:
    dialog = QDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(title)
    dialog.setObjectName(name)
    label = QLabel(html, dialog)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    buttons = QDialogButtonBox(dialog)
    buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(buttons)
    dialog.resize(560, dialog.sizeHint().height())
    dialog.open()
    return dialog


def install(window) -> None:
    window.add_action("help", "使用说明…", lambda: show_manual(window), shortcut="F1",
                      tip="程序使用说明：一年的工作按步骤讲解，附页面图片（F1）")
    window.add_action("help", "表格颜色说明…", lambda: show_text(
        window, "表格颜色说明", "<p>问题清单中各行的底色：</p>" + legend_html(deadlines.warn_days(window.store)),
        "legend_dialog"))
    window.menu("help").addSeparator()
    window.add_action("help", "关于…", lambda: show_text(window, f"关于{APP_NAME}", about_text(window), "about_dialog"))
