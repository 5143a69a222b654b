"""法规库 tab: import a regulation (pasted, .docx or .txt), see its articles, search them, and mark
the ones the campaign studies (学习清单)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.lists import regulations
from models.lists.splitter import split_regulation
from models.store import ValidationError
from ui.dialogs import messages
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.lists.article_list import ArticleList
from ui.lists.common import ListTab, fill_table, make_table, selected_id

HEADERS = ("法律法规名称", "制定机关", "通过日期", "条数", "学习清单")


class RegulationsTab(ListTab):
    def __init__(self, page):
        super().__init__(page)
        self.dialog: RegulationImportDialog | None = None
        self.table = make_table(HEADERS, self, stretch=0)
        self.table.setObjectName("regulations_table")
        self.table.itemSelectionChanged.connect(self._show_articles)
        row, (self.import_button, self.delete_button, self.study_button, _export) = self.buttons(
            ("导入法规…", self.import_regulation, "粘贴法规全文，或从 .docx / .txt 文件读取"),
            ("删除", self.delete_selected, "从法规库删除（已引用的问题保留引用文字）"),
            ("列入/移出学习清单", self.toggle_study, "学习清单随专题导出"),
            ("导出学习清单…", lambda: self.page.export_list("study"), "本专题学习清单中的法规"))
        self.articles = ArticleList("搜索条文：如 消防、第十五条、养老服务条例 第六条", self)
        self.search, self.hits, self.text = self.articles.search, self.articles.hits, self.articles.text
        self.search.textChanged.connect(self._search)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.articles)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        if self.store.read_only:
            for b in (self.import_button, self.delete_button, self.study_button):
                b.setEnabled(False)

    def refresh(self) -> None:
        rows = regulations.list_regulations(self.store, self.campaign_id)
        fill_table(self.table, [(f"《{r['title']}》", r["issuer"], r["adopted_on"], r["articles"],
                                 "✓" if r["study"] else "") for r in rows], [r["id"] for r in rows], centered=(3, 4))
        self._search(self.search.text())

    def _show_articles(self) -> None:
        if self.search.text().strip():
            return
        rid = selected_id(self.table)
        if rid is None:
            self.articles.show_hits([])
            return
        title = next((r["title"] for r in regulations.list_regulations(self.store) if r["id"] == rid), "")
        self.articles.show_hits([regulations.ArticleHit(a["id"], rid, title, a["label"], a["chapter"], a["text"])
                                 for a in regulations.articles(self.store, rid)])

    def _search(self, text: str) -> None:
        if text.strip():
            self.articles.show_hits(regulations.search_articles(self.store, text))
        else:
            self._show_articles()

    def import_regulation(self) -> RegulationImportDialog:
        self.dialog = RegulationImportDialog(self.store, self)
        self.dialog.finished.connect(lambda _r: self.refresh())
        self.dialog.open()
        return self.dialog

    def delete_selected(self, confirm: bool = True) -> None:
        rid = selected_id(self.table)
        if rid is None:
            return
        title = self.table.item(self.table.currentRow(), 0).text()
        if confirm and not messages.ask(self, "删除法规", f"确定从法规库删除{title}吗？\n已引用它的问题保留“法条依据”文字和当时的条文。",
                                        yes="删除"):
            return
        self.run("无法删除法规", regulations.delete_regulation, self.store, rid)
        self.refresh()

    def toggle_study(self) -> None:
        rid = selected_id(self.table)
        if rid is None or self.campaign_id is None:
            return
        on = self.table.item(self.table.currentRow(), 4).text() != "✓"
        self.run("无法修改学习清单", regulations.set_study, self.store, self.campaign_id, rid, on)
        self.refresh()


class RegulationImportDialog(EditorDialog):
    """Paste the text or read a file; the articles found are counted as you go."""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, "导入法规", parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 760, 620)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("不填则取正文第一行，如：某某省养老服务条例")
        self.issuer_edit = QLineEdit(self)
        self.issuer_edit.setPlaceholderText("如：某某省人民代表大会常务委员会")
        self.effective_edit = QLineEdit(self)
        self.effective_edit.setPlaceholderText("如：2025年6月1日起施行")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("regulation_text")
        self.text_edit.setPlaceholderText("在此粘贴法规全文（含“第一章”“第一条”等标题），或点“从文件读取…”")
        self.text_edit.textChanged.connect(self._count)
        self.file_button = QPushButton("从文件读取…", self)
        self.file_button.clicked.connect(lambda: self.read_file())
        self.found = QLabel("尚未识别出条文。", self)
        self.found.setObjectName("articles_found")
        self.add_field("title", "法规名称", self.title_edit)
        self.add_field("issuer", "制定机关", self.issuer_edit)
        self.add_field("effective", "施行日期", self.effective_edit)
        self.add_field("text", "法规全文", self.text_edit, required=True, extra=self.file_button)
        self.form.addRow("", self.found)

    def read_file(self, path: str | Path | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择法规文件", "", "法规文件 (*.docx *.txt);;所有文件 (*)")
            if not path:
                return
        try:
            text = regulations.read_regulation_file(path)
        except ValidationError as exc:
            messages.warn(self, "无法读取法规", str(exc))
            return
        self.text_edit.setPlainText(text)

    def _count(self) -> None:
        split = split_regulation(self.text_edit.toPlainText(), title=self.title_edit.text())
        if not split.articles:
            self.found.setText("尚未识别出条文：每条应以“第一条”“第二条”……开头。")
            return
        chapters = len({a.chapter for a in split.articles if a.chapter})
        where = f"，分{chapters}章" if chapters else ""
        self.found.setText(f"识别出《{split.title or '（未命名）'}》共{len(split.articles)}条{where}。")

    def commit(self) -> int:
        return regulations.import_regulation(self.store, self.text_edit.toPlainText(), title=self.title_edit.text(),
                                             issuer=self.issuer_edit.text(), effective_on=self.effective_edit.text())
