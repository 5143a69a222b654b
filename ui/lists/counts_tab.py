"""工作量与评价清单 tab: the counts the bulletin quotes (from the records, or typed where no record
holds them) with the sentence they make, and the criteria a 满意度测评 asks about."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from models.lists import counts
from ui.lists.common import ListTab


class CountsTab(ListTab):
    def __init__(self, page):
        super().__init__(page)
        self.edits: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}
        box = QGroupBox("工作量（用于简报“基本情况”的第一句）", self)
        form = QFormLayout(box)
        for kind in counts.COUNT_KINDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"count_{kind.key}")
            edit.setMaximumWidth(120)
            note = QLabel(self)
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(QLabel(kind.unit, self))
            row.addWidget(note, 1)
            form.addRow(f"{kind.label}：", row)
            self.edits[kind.key], self.notes[kind.key] = edit, note
        self.sentence = QLabel(self)
        self.sentence.setObjectName("work_sentence")
        self.sentence.setWordWrap(True)
        form.addRow("简报中写作：", self.sentence)
        save_row, (self.save_counts_button,) = self.buttons(("保存工作量", self.save_counts, ""))
        form.addRow("", save_row)
        cbox = QGroupBox("评价清单（印在满意度测评表和测评结果上，每行一项）", self)
        cl = QVBoxLayout(cbox)
        self.criteria = QPlainTextEdit(self)
        self.criteria.setObjectName("criteria_edit")
        self.criteria.setPlaceholderText("\n".join(counts.DEFAULT_CRITERIA))
        cl.addWidget(self.criteria)
        crow, (self.save_criteria_button, self.default_button) = self.buttons(
            ("保存评价清单", self.save_criteria, ""), ("填入常用内容", self.fill_default, ""))
        cl.addLayout(crow)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(cbox, 1)
        if self.store.read_only:
            for w in (self.save_counts_button, self.save_criteria_button, self.default_button):
                w.setEnabled(False)

    def refresh(self) -> None:
        if self.campaign_id is None:
            return
        wc = counts.work_counts(self.store, self.campaign_id)
        for c in wc:
            edit = self.edits[c.kind.key]
            edit.setText("" if c.typed is None else str(c.typed))
            if c.kind.computed:
                edit.setPlaceholderText(str(c.computed or 0))
                self.notes[c.kind.key].setText(f"按记录统计为 {c.computed or 0}；填写数字则以所填为准" if c.typed is not None
                                               else "按检查记录统计；需要时可直接填写")
            else:
                edit.setPlaceholderText("手工填写")
                self.notes[c.kind.key].setText("")
        self.sentence.setText(counts.work_sentence(wc) or "（暂无工作量）")
        self.criteria.setPlainText("\n".join(counts.criteria(self.store, self.campaign_id)))

    def save_counts(self) -> bool:
        values = {key: edit.text() for key, edit in self.edits.items()}
        ok = self.run("无法保存工作量", lambda: counts.set_typed_counts(self.store, self.campaign_id, values) or True)
        self.refresh()
        return bool(ok)

    def save_criteria(self) -> bool:
        texts = self.criteria.toPlainText().splitlines()
        ok = self.run("无法保存评价清单", lambda: counts.save_criteria(self.store, self.campaign_id, texts) or True)
        self.refresh()
        return bool(ok)

    def fill_default(self) -> None:
        if not self.criteria.toPlainText().strip():
            self.criteria.setPlainText("\n".join(counts.DEFAULT_CRITERIA))
