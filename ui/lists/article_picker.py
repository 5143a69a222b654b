"""从法规库选择: type "消防" or "第十五条", tick one or more articles, and their citations
(《…》第十五条) are added to a 法条依据 field; free text in the field stays as it is."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.lists import regulations


class ArticlePicker(QDialog):
    chosen = Signal(list)   # citations, in the order ticked

    def __init__(self, store, parent: QWidget | None = None, query: str = ""):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("从法规库选择法条")
        self.resize(640, 520)
        self.store = store
        self.search = QLineEdit(self)
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("输入关键词或条号，如：消防、第十五条")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find)
        self.hits = QListWidget(self)
        self.hits.setObjectName("picker_hits")
        self.hits.currentItemChanged.connect(self._preview)
        self.hits.itemActivated.connect(self._toggle)
        self.text = QTextBrowser(self)
        self.note = QLabel(self)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("加入法条依据", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.hits, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.search.setText(query)
        self.find(query)

    def find(self, text: str) -> None:
        self.hits.clear()
        found = regulations.search_articles(self.store, text, limit=200)
        for hit in found:
            item = QListWidgetItem(f"{hit.citation}　{hit.text[:36]}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.hits.addItem(item)
        if not regulations.list_regulations(self.store):
            self.note.setText("法规库还是空的：请先在“专题清单 → 法规库”中导入法规。")
        else:
            self.note.setText(f"找到 {len(found)} 条（勾选一条或多条，回车可勾选当前条）。" if text.strip()
                              else "输入关键词或条号查找。")
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def _preview(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.text.clear()
            return
        hit = item.data(Qt.ItemDataRole.UserRole)
        self.text.setPlainText(f"{hit.citation}\n\n{hit.text}")

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def citations(self) -> list[str]:
        out = []
        for i in range(self.hits.count()):
            item = self.hits.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole).citation)
        if not out and self.hits.currentItem() is not None:
            out.append(self.hits.currentItem().data(Qt.ItemDataRole.UserRole).citation)
        return out

    def accept(self) -> None:
        self.chosen.emit(self.citations())
        super().accept()


def add_citations(field: QLineEdit | QPlainTextEdit, citations: list[str]) -> None:
    """Append the citations the field does not hold yet, separated by ；."""
    text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
    new = [c for c in citations if c not in text]
    if not new:
        return
    joined = "；".join(([text.rstrip("；; \n")] if text.strip() else []) + new)
    if isinstance(field, QPlainTextEdit):
        field.setPlainText(joined)
    else:
        field.setText(joined)


def picker_button(store, field: QLineEdit | QPlainTextEdit, parent: QWidget) -> QPushButton:
    """A "从法规库选择…" button that fills ``field``."""
    button = QPushButton("从法规库选择…", parent)
    button.setObjectName("pick_articles")
    button.setToolTip("在法规库中按关键词或条号查找，选中的法条以《…》第N条的形式加入")

    def pick() -> None:
        dialog = ArticlePicker(store, parent)
        dialog.chosen.connect(lambda cites: add_citations(field, cites))
        dialog.open()
    button.clicked.connect(pick)
    return button
