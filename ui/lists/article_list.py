"""The 法规库's articles as a clerk reads them, wherever they are listed (the 法规库 tab, 从法规库选择):
a search line, the articles found, and the chosen article's text."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QTextBrowser, QVBoxLayout, QWidget

from models.lists import regulations


class ArticleList(QWidget):
    """``checkable``: each article has a tick box (Enter ticks the current one) for choosing several."""

    def __init__(self, placeholder: str, parent: QWidget | None = None, *, checkable: bool = False):
        super().__init__(parent)
        self.checkable = checkable
        self.search = QLineEdit(self)
        self.search.setObjectName("article_search")
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.hits = QListWidget(self)
        self.hits.setObjectName("article_hits")
        self.hits.currentItemChanged.connect(self._show_text)
        if checkable:
            self.hits.itemActivated.connect(self._toggle)
        self.text = QTextBrowser(self)
        self.text.setObjectName("article_text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.text, 1)

    def show_hits(self, hits: list[regulations.ArticleHit]) -> None:
        self.hits.clear()
        self.text.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.citation}　{hit.text[:40]}")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            if self.checkable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.hits.addItem(item)

    def checked(self) -> list[regulations.ArticleHit]:
        """The ticked articles in list order; none ticked: the current one (if any)."""
        items = [self.hits.item(i) for i in range(self.hits.count())]
        out = [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]
        if not out and self.hits.currentItem() is not None:
            out.append(self.hits.currentItem().data(Qt.ItemDataRole.UserRole))
        return out

    def _show_text(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.text.clear()
            return
        hit = item.data(Qt.ItemDataRole.UserRole)
        where = f"{hit.chapter}\n" if hit.chapter else ""
        self.text.setPlainText(f"{hit.citation}\n{where}\n{hit.text}")

    @staticmethod
    def _toggle(item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
