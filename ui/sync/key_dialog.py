"""签名密钥已更换: a known office signed with a new key. Both fingerprints, what it means, whom to
phone; accepting records the new key, refusing changes nothing."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from models.sync.peers import KeyChange
from ui.widgets.buttons import accept_cancel


class KeyChangeDialog(QDialog):
    def __init__(self, change: KeyChange, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_key_change_dialog")
        self.setWindowTitle("对方的签名密钥已更换")
        self.change = change
        head = QLabel(f"交换包“{file_name}”自称来自“{change.office}”，但它的签名密钥与本机"
                      f"{'自' + change.first_seen + '起' if change.first_seen else '上次'}记下的不同。", self)
        head.setWordWrap(True)
        form = QFormLayout()
        self.old_label = QLabel(change.old_fingerprint, self)
        self.new_label = QLabel(change.new_fingerprint, self)
        for label in (self.old_label, self.new_label):
            label.setObjectName("fingerprint")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.2)   # read out group by group on the phone
            label.setFont(font)
        form.addRow("本机记下的指纹：", self.old_label)
        form.addRow("这个交换包的指纹：", self.new_label)
        meaning = QLabel(
            "<b>这是什么意思：</b>对方重装了程序、换了电脑或重建了数据库时，密钥会更换，这是正常的；"
            "但也可能是别人冒用对方的名义制作了这个交换包。在核对之前，不要导入。", self)
        todo = QLabel(
            f"<b>请这样核对：</b>用平时联系的电话（不要用交换包或邮件里附带的号码）打给{change.office}"
            "负责交换包的同志，请对方在程序的“帮助 → 关于”中念出“本机关密钥指纹”，"
            "与上面“这个交换包的指纹”逐组核对。", self)
        after = QLabel("<b>一致</b>：点“指纹一致，记录新密钥”，以后用新密钥核对该机关的交换包，接着列出这个交换包的变化。"
                       "<br><b>不一致或联系不上</b>：点“不导入”，本机不做任何改动。", self)
        for label in (meaning, todo, after):
            label.setWordWrap(True)
        box, self.accept_button, self.refuse_button = accept_cancel(self, "指纹一致，记录新密钥", "不导入")
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        for label in (meaning, todo, after):
            layout.addWidget(label)
        layout.addWidget(box)
        self.resize(600, self.sizeHint().height())

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.accept_button.setDefault(False)
        self.refuse_button.setDefault(True)   # Enter must not accept a key nobody checked
        self.refuse_button.setFocus()
