"""Recording one 满意度测评: date, occasion, scope, and the votes per unit, per problem or overall."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from models.store import ValidationError
from models.workflow import evaluation
from models.workflow.evaluation import CountRow, Evaluation
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen

MODES = (("unit", "按单位"), ("problem", "按问题"), ("overall", "总体评价"))
VOTE_COLUMNS = ("满意", "基本满意", "不满意")


class EvaluationDialog(EditorDialog):
    """New or correct a 测评. Fill the vote cells and press 保存 (tests call ``save()``)."""

    def __init__(self, window, campaign_id: int, evaluation_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(window.store, "修改满意度测评" if evaluation_id else "新建满意度测评", parent or window)
        self.window_ = window
        self.campaign_id = campaign_id
        self.evaluation_id = evaluation_id
        existing = evaluation.get_evaluation(self.store, evaluation_id) if evaluation_id else None

        self.date_edit = QLineEdit(existing.eval_date if existing else date.today().isoformat(), self)
        self.date_edit.setPlaceholderText("如 2024-12-20 或 2024年12月20日")
        self.add_field("eval_date", "测评日期", self.date_edit, required=True)
        self.occasion_edit = QLineEdit(existing.occasion if existing else "", self)
        self.occasion_edit.setPlaceholderText("如 县人大常委会第二十次会议")
        self.add_field("occasion", "测评场合", self.occasion_edit)
        self.scope_box = QComboBox(self)
        self.scope_box.addItem("全部单位", None)
        for u in evaluation.candidate_units(self.store, campaign_id):
            self.scope_box.addItem(u["label"], u["id"])
        if existing and existing.unit_id is not None:
            index = self.scope_box.findData(existing.unit_id)
            if index < 0:
                self.scope_box.addItem(existing.unit_label, existing.unit_id)
                index = self.scope_box.count() - 1
            self.scope_box.setCurrentIndex(index)
        self.add_field("unit", "测评范围", self.scope_box)

        mode_row = QWidget(self)
        mode_layout = QHBoxLayout(mode_row)
        mode_layout.setContentsMargins(0, 0, 0, 0)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for i, (key, text) in enumerate(MODES):
            b = QRadioButton(text, mode_row)
            self.mode_group.addButton(b, i)
            self.mode_buttons[key] = b
            mode_layout.addWidget(b)
        mode_layout.addStretch(1)
        self.add_field("mode", "测评对象", mode_row)

        self.table = QTableWidget(0, 1 + len(VOTE_COLUMNS), self)
        self.table.setObjectName("evaluation_counts")
        self.table.setHorizontalHeaderLabels(["对象"] + list(VOTE_COLUMNS))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setMinimumHeight(220)
        self.add_field("rows", "票数（空白不计）", self.table, required=True)
        self.notes_edit = QPlainTextEdit(existing.notes if existing else "", self)
        self.notes_edit.setFixedHeight(56)
        self.add_field("notes", "备注", self.notes_edit)

        mode = "unit"
        if existing and existing.rows:
            first = existing.rows[0]
            mode = "problem" if first.problem_id else "unit" if first.unit_id else "overall"
        self.mode_buttons[mode].setChecked(True)
        self._fill(existing.rows if existing else [])
        self.mode_group.idToggled.connect(lambda _id, on: on and self._fill([]))
        self.scope_box.currentIndexChanged.connect(lambda _i: self._fill([]))
        fit_to_screen(self, 620, 600)

    def mode(self) -> str:
        return MODES[max(0, self.mode_group.checkedId())][0]

    def _objects(self) -> list[tuple[int | None, int | None, str]]:
        """(unit_id, problem_id, label) for each row the chosen mode offers."""
        mode, unit = self.mode(), self.scope_box.currentData()
        if mode == "overall":
            return [(None, None, "总体评价")]
        if mode == "problem":
            return [(None, p["id"], p["label"]) for p in
                    evaluation.candidate_problems(self.store, self.campaign_id, unit)]
        units = evaluation.candidate_units(self.store, self.campaign_id)
        if unit is not None:
            units = [u for u in units if u["id"] == unit] or [{"id": unit, "label": self.scope_box.currentText()}]
        return [(u["id"], None, u["label"]) for u in units]

    def _fill(self, existing: list[CountRow]) -> None:
        votes = {(r.unit_id, r.problem_id): r for r in existing}
        objects = self._objects()
        known = {(u, p) for u, p, _ in objects}
        objects += [(r.unit_id, r.problem_id, r.label) for r in existing if (r.unit_id, r.problem_id) not in known]
        self.table.setRowCount(len(objects))
        for row, (unit_id, problem_id, label) in enumerate(objects):
            name = QTableWidgetItem(label)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, (unit_id, problem_id))
            self.table.setItem(row, 0, name)
            old = votes.get((unit_id, problem_id))
            values = (old.satisfied, old.basically_satisfied, old.dissatisfied) if old else ("", "", "")
            for col, v in enumerate(values, start=1):
                item = QTableWidgetItem(str(v))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)

    def set_votes(self, row: int, satisfied: object, basically: object, dissatisfied: object) -> None:
        """Fill one row's vote cells (as typing would)."""
        for col, v in enumerate((satisfied, basically, dissatisfied), start=1):
            self.table.item(row, col).setText(str(v))

    def row_labels(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def collect(self) -> Evaluation:
        rows = []
        for r in range(self.table.rowCount()):
            unit_id, problem_id = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            texts = [self.table.item(r, c).text() if self.table.item(r, c) else "" for c in (1, 2, 3)]
            label = self.table.item(r, 0).text()
            try:
                counts = [evaluation.parse_count(t, f"“{label}”的{v}", "rows") for t, v in zip(texts, VOTE_COLUMNS,
                                                                                               strict=True)]
            except ValidationError as exc:
                self.table.setCurrentCell(r, 1)
                raise exc
            rows.append(CountRow(unit_id, problem_id, *counts))
        return Evaluation(id=self.evaluation_id, campaign_id=self.campaign_id, unit_id=self.scope_box.currentData(),
                          eval_date=self.date_edit.text(), occasion=self.occasion_edit.text(),
                          notes=self.notes_edit.toPlainText(), rows=rows)

    def commit(self) -> int | None:
        ev = self.collect()
        if self.evaluation_id:
            evaluation.update_evaluation(self.store, ev)
            saved = self.evaluation_id
        else:
            saved = evaluation.create_evaluation(self.store, ev)
        return saved
