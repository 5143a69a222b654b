"""未登记单位 rows, one way for every import: the name as written, how often it occurs, what to do with
it (对应到 a local unit, or create it) and the kind a created unit gets. Used by the import wizard's
单位 step (names in a sheet) and by the exchange's 对应单位 dialog (names in a package).

A close name (``suggest_id``) is offered first but never chosen for the clerk; only a name that is
surely the same unit (``match_id``, or an earlier answer) starts preselected.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableWidget, QWidget

from models.vocab import UNIT_KINDS
from ui.widgets.tables import cell

MAP_PREFIX = "对应到："
CLOSE_NOTE = "（名称相近，请核对是否同一单位）"


class UnitQuestion(Protocol):
    """What both kinds of unknown unit carry (models.exchange.unit_names.UnitNeed, models.sync.units.IncomingUnit)."""
    name: str
    count: int
    match_id: int | None
    suggest_id: int | None
    suggest_name: str
    kind: str


@dataclass(frozen=True)
class Answer:
    """A row's answer as a caller offers it beforehand: a local unit, or None to create with ``kind``."""
    unit_id: int | None
    kind: str


class UnitMappingTable(QTableWidget):
    """One row per unknown unit. ``where`` names what the name was read from ("表" or "包");
    ``leading`` are columns shown before the name (the package's 来自)."""

    def __init__(self, *, create_text: str, where: str, leading: tuple[str, ...] = (),
                 parent: QWidget | None = None):
        columns = (*leading, f"{where}中的写法", "出现次数", "处理方式", "新建时的类别")
        super().__init__(0, len(columns), parent)
        self.create_text, self.where, self.lead = create_text, where, len(leading)
        self.setHorizontalHeaderLabels(list(columns))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.horizontalHeader()
        for col in (*range(self.lead), self.lead + 1, self.lead + 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.lead + 2, QHeaderView.ResizeMode.Stretch)
        self.actions: list[QComboBox] = []
        self.kinds: list[QComboBox] = []
        self.unit_names: dict[int, str] = {}

    def show_questions(self, questions: list[UnitQuestion], existing: list[tuple[int, str]],
                       leading: list[tuple[str, ...]] | None = None,
                       answers: list[Answer | None] | None = None) -> None:
        """Fill one row per question; ``answers`` (per row, or None) replace the preselection."""
        self.setRowCount(len(questions))
        self.actions, self.kinds = [], []
        self.unit_names = dict(existing)
        for row, q in enumerate(questions):
            if q.suggest_id:
                self.unit_names.setdefault(q.suggest_id, q.suggest_name)
            texts = (*(leading[row] if leading else ()), q.name)
            for col, text in enumerate(texts):
                self.setItem(row, col, cell(text, tip=text))
            self.setItem(row, self.lead + 1, cell(q.count, center=True))
            answer = answers[row] if answers and answers[row] else Answer(q.match_id, q.kind)
            action, kind = self._action_box(q, existing, answer.unit_id), self._kind_box(answer.kind)
            action.currentIndexChanged.connect(lambda _i, a=action, k=kind: k.setEnabled(a.currentData() is None))
            kind.setEnabled(action.currentData() is None)
            self.setCellWidget(row, self.lead + 2, action)
            self.setCellWidget(row, self.lead + 3, kind)
            self.actions.append(action)
            self.kinds.append(kind)
        # the written name reads whole (issue 11.3: not "…→某某…"), within reason
        name_col = self.lead
        self.resizeColumnToContents(name_col)
        self.setColumnWidth(name_col, min(max(self.columnWidth(name_col), 160), 360))

    def _action_box(self, q: UnitQuestion, existing: list[tuple[int, str]], chosen: int | None) -> QComboBox:
        box = QComboBox(self)
        box.addItem(self.create_text, None)
        if q.suggest_id:   # offered first, never chosen for the clerk
            box.addItem(f"{MAP_PREFIX}{q.suggest_name}{CLOSE_NOTE}", q.suggest_id)
        for uid, name in existing:
            if uid != q.suggest_id:
                box.addItem(f"{MAP_PREFIX}{name}", uid)
        if chosen:
            box.setCurrentIndex(max(0, box.findData(chosen)))
        box.setToolTip(f"{self.where}中写的是“{q.name}”")
        return box

    def _kind_box(self, kind: str) -> QComboBox:
        box = QComboBox(self)
        box.addItems(list(UNIT_KINDS))
        box.setCurrentText(kind)
        return box

    def choose(self, row: int, unit_id: int | None) -> None:
        """Pick a local unit (or None: create) for one row, as the clerk would in its list."""
        self.actions[row].setCurrentIndex(0 if unit_id is None else self.actions[row].findData(unit_id))

    def answer(self, row: int) -> Answer:
        return Answer(self.actions[row].currentData(), self.kinds[row].currentText())

    def answers(self) -> list[Answer]:
        return [self.answer(row) for row in range(len(self.actions))]

    def chosen_name(self, row: int) -> str:
        """The local unit a row is mapped to ("" when it is to be created)."""
        unit_id = self.actions[row].currentData()
        return "" if unit_id is None else self.unit_names.get(unit_id, "")

