"""从法规库选择: type "消防" or "第十五条", tick one or more articles, and their citations
(《…》第十五条) are added to a 法条依据 field; free text in the field stays as it is."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.lists import regulations
from ui.dialogs.modal import fit_to_screen
from ui.lists.article_list import ArticleList
from ui.widgets.buttons import accept_cancel


class ArticlePicker(QDialog):
    chosen = Signal(list)   # citations, in the order ticked

    def __init__(self, store, parent: QWidget | None = None, query: str = ""):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("从法规库选择法条")
        fit_to_screen(self, 640, 520)
        self.store = store
        self.articles = ArticleList("输入关键词或条号，如：消防、第十五条", self, checkable=True)
        self.search, self.hits, self.text = self.articles.search, self.articles.hits, self.articles.text
        self.search.textChanged.connect(self.find)
        self.note = QLabel(self)
        buttons, self.ok_button, _cancel = accept_cancel(self, "加入法条依据")
        layout = QVBoxLayout(self)
        layout.addWidget(self.articles, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.search.setText(query)
        self.find(query)

    def find(self, text: str) -> None:
        found = regulations.search_articles(self.store, text, limit=200)
        self.articles.show_hits(found)
        if not regulations.list_regulations(self.store):
            self.note.setText("法规库还是空的：请先在“专题清单 → 法规库”中导入法规。")
        else:
            self.note.setText(f"找到 {len(found)} 条（勾选一条或多条，回车可勾选当前条）。" if text.strip()
                              else "输入关键词或条号查找。")
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def citations(self) -> list[str]:
        return [hit.citation for hit in self.articles.checked()]

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
