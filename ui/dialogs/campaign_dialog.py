"""Add or edit a supervision campaign (监督专题)."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from models.campaigns import create_campaign, get_campaign, update_campaign
from models.domain import Campaign
from models.vocab import LEVELS
from ui.dialogs.base import EditorDialog


class CampaignDialog(EditorDialog):
    def __init__(self, store, campaign_id: int | None = None, parent: QWidget | None = None):
        super().__init__(store, "编辑监督专题" if campaign_id else "新建监督专题", parent)
        self.campaign_id = campaign_id
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("例：积极应对人口老龄化 加快发展养老服务")
        self.year_edit = QLineEdit(str(date.today().year), self)
        self.year_edit.setMaxLength(6)
        self.level_box = QComboBox(self)
        self.level_box.addItems(LEVELS)
        self.level_box.setCurrentText("县")
        self.organizer_edit = QLineEdit(self)
        self.organizer_edit.setPlaceholderText("例：某某县人大常委会")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setFixedHeight(70)
        self.add_field("name", "专题名称", self.name_edit, required=True)
        self.add_field("year", "年度", self.year_edit, required=True)
        self.add_field("level", "层级", self.level_box, required=True)
        self.add_field("organizer", "组织机关", self.organizer_edit)
        self.add_field("notes", "备注", self.notes_edit)
        if campaign_id:
            c = get_campaign(store, campaign_id)
            if c is not None:
                self.name_edit.setText(c.name)
                self.year_edit.setText(str(c.year))
                self.level_box.setCurrentText(c.level)
                self.organizer_edit.setText(c.organizer)
                self.notes_edit.setPlainText(c.notes)
        self.resize(520, self.sizeHint().height())

    def campaign(self) -> Campaign:
        return Campaign(id=self.campaign_id, name=self.name_edit.text(), year=self.year_edit.text(),
                        level=self.level_box.currentText(), organizer=self.organizer_edit.text(),
                        notes=self.notes_edit.toPlainText())

    def commit(self) -> int:
        c = self.campaign()
        if self.campaign_id:
            previous = get_campaign(self.store, self.campaign_id)
            c.previous_id = previous.previous_id if previous else None
            update_campaign(self.store, c)
            return self.campaign_id
        return create_campaign(self.store, c)
