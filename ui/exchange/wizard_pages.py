"""The pages of the import wizard: file and sheet, columns, unknown units, preview, summary."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.exchange import mapping
from models.exchange.reader import cell_text
from models.vocab import SOURCES
from ui import style
from ui.exchange.preview_model import LEAD, PreviewModel, ProblemsOnlyFilter
from ui.widgets.unit_mapping import Answer, UnitMappingTable

CREATE = "（新建为单位）"


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    style.set_role(label, "note")
    return label


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    style.set_role(label, "error")
    return label


class FilePage(QWidget):
    browse_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint("选择要导入的问题清单（Excel/WPS 的 .xlsx 或 .xls 文件），再选择其中的工作表。", self))
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("尚未选择文件")
        self.browse = QPushButton("选择文件…", self)
        self.browse.clicked.connect(self.browse_requested)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        layout.addWidget(QLabel("工作表：", self))
        self.sheets = QListWidget(self)
        layout.addWidget(self.sheets, 1)
        self.error = _error_label(self)
        layout.addWidget(self.error)

    def set_sheets(self, sheets: list[tuple[str, int]]) -> None:
        self.sheets.clear()
        for name, n in sheets:
            item = QListWidgetItem(f"{name}（约 {n} 行）" if n > 1 else name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.sheets.addItem(item)
        if sheets:
            best = max(range(len(sheets)), key=lambda i: sheets[i][1])
            self.sheets.setCurrentRow(best)

    def sheet(self) -> str | None:
        item = self.sheets.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class MappingPage(QWidget):
    header_row_changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("表头在第", self))
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(1, 40)
        self.header_spin.valueChanged.connect(lambda v: self.header_row_changed.emit(v - 1))
        top.addWidget(self.header_spin)
        top.addWidget(QLabel("行", self))
        top.addSpacing(30)
        top.addWidget(QLabel("问题来源为空时按：", self))
        self.default_source = QComboBox(self)
        self.default_source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.default_source.setMinimumContentsLength(26)   # in Latin widths: the Chinese first item reads whole
        self.default_source.addItem("（不设默认，作为错误提示）", "")
        for s in SOURCES:
            self.default_source.addItem(s, s)
        top.addWidget(self.default_source)
        top.addStretch(1)
        layout.addLayout(top)
        self.remembered = _hint("", self)
        layout.addWidget(self.remembered)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["表中的列", "示例内容", "导入为"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(2, 150)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.error = _error_label(self)
        layout.addWidget(self.error)
        self.combos: list[QComboBox] = []

    def show_columns(self, header_texts: list[str], samples: list[str], chosen: list[str], remembered: bool) -> None:
        self.table.setRowCount(len(header_texts))
        self.combos = []
        for i, (h, s) in enumerate(zip(header_texts, samples, strict=True)):
            self.table.setItem(i, 0, QTableWidgetItem(h or f"（第 {i + 1} 列，无表头）"))
            self.table.setItem(i, 1, QTableWidgetItem(s))
            combo = QComboBox(self.table)
            combo.addItem("不导入", mapping.IGNORE)
            for t in mapping.TARGETS:
                combo.addItem(t.label, t.key)
            combo.setCurrentIndex(max(0, combo.findData(chosen[i])))
            self.table.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.remembered.setText("已按上次对这种表头的选择对应各列，可以修改。" if remembered else
                                "已按列名自动对应，请核对；不需要的列选“不导入”。")

    def chosen(self) -> list[str]:
        return [c.currentData() for c in self.combos]


class UnitsPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint("下列单位在本程序中尚未登记。请为每个单位选择：新建为单位（并选择类别），"
                               "或对应到已有的单位（例如表中写“民政局”，已有“某某县民政局”）。"
                               "在点击“开始导入”之前，不会写入任何数据。", self))
        self.table = UnitMappingTable(create_text=CREATE, where="表", parent=self)
        layout.addWidget(self.table, 1)
        self.error = _error_label(self)
        layout.addWidget(self.error)
        self.needs = []

    @property
    def actions(self) -> list[QComboBox]:
        return self.table.actions

    def show_needs(self, needs, existing: list[tuple[int, str]], previous=None) -> None:
        """One row per unknown name; ``previous`` (the answers before the columns were changed) wins."""
        self.needs = needs
        answers = None
        if previous is not None:
            answers = [Answer(previous.match[n.name], n.kind) if n.name in previous.match else
                       Answer(None, previous.create[n.name]) if n.name in previous.create else None for n in needs]
        self.table.show_questions(needs, existing, answers=answers)

    def plan(self):
        from models.exchange.preview import UnitPlan

        plan = UnitPlan()
        for need, answer in zip(self.needs, self.table.answers(), strict=True):
            if answer.unit_id is None:
                plan.create[need.name] = answer.kind
            else:
                plan.match[need.name] = answer.unit_id
        return plan


class PreviewPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        year_row = QHBoxLayout()
        self.year_label = QLabel("未写年份的时限（如“6月底”）按", self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1990, 2100)
        self.year_after = QLabel("年理解", self)
        self.year_apply = QPushButton("按此年份重新检查", self)
        for w in (self.year_label, self.year_spin, self.year_after, self.year_apply):
            year_row.addWidget(w)
        year_row.addStretch(1)
        layout.addLayout(year_row)
        bar = QHBoxLayout()
        self.only_problems = QCheckBox("只看有问题或疑似重复的行", self)
        self.all_on = QPushButton("全部勾选", self)
        self.all_off = QPushButton("全部不勾选", self)
        bar.addWidget(self.only_problems)
        bar.addStretch(1)
        bar.addWidget(self.all_on)
        bar.addWidget(self.all_off)
        layout.addLayout(bar)
        layout.addWidget(_hint("红色的行有问题，不会导入：双击单元格可直接修改，改对后自动勾选。"
                               "黄色的行疑似与已有问题或前面的行重复，或有需要核对的内容，默认不导入；确需导入请勾选。",
                               self))
        self.view = QTableView(self)
        self.view.setObjectName("import_preview")
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked |
                                  QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        layout.addWidget(self.view, 1)
        self.model: PreviewModel | None = None
        self.proxy = ProblemsOnlyFilter(self)
        self.only_problems.toggled.connect(self.proxy.set_only_problems)
        self.all_on.clicked.connect(lambda: self.model and self.model.set_all(True))
        self.all_off.clicked.connect(lambda: self.model and self.model.set_all(False))

    def show_preview(self, preview) -> None:
        self.model = PreviewModel(preview, self)
        self.proxy.setSourceModel(self.model)
        self.view.setModel(self.proxy)
        for col, width in enumerate((44, 48, 80, 170, 330, 180, 110, 150, 120, 50, 84, 84, 150, 120)):
            self.view.setColumnWidth(col, width)
        self.view.resizeColumnToContents(LEAD)   # "表中写法 → 对应的单位" reads whole, not "…→某某…"
        self.view.setColumnWidth(LEAD, min(max(self.view.columnWidth(LEAD), 180), 460))
        self.model.dataChanged.connect(lambda *_: self.update_summary())
        self.update_summary()

    def update_summary(self) -> None:
        pv = self.model.preview
        c = pv.counts()
        text = (f"共读到 <b>{c['rows']}</b> 行问题：将导入 <b>{c['import']}</b> 行；"
                + style.span("error", f"有问题 {c['errors']} 行") + f"；疑似重复 {c['duplicates']} 行。")
        if c["questions"]:
            text += f"<br>另有 {c['questions']} 行需要您核对（见“提示”列，例如时限离本专题年份太远），确认无误请勾选。"
        if pv.yearless:
            where = pv.year_from or "本专题的年份（表中没有写明年份，请核对）"
            text += (f"<br>有 {pv.yearless} 行的整改时限没有写年份（如“6月底”“年底前”），"
                     f"按 <b>{pv.deadline_year}</b> 年理解，依据：{where}。")
        for w in (self.year_label, self.year_spin, self.year_after, self.year_apply):
            w.setVisible(bool(pv.yearless))
        if self.year_spin.value() != pv.deadline_year:
            self.year_spin.setValue(pv.deadline_year)
        if pv.filled_on:
            text += (f"<br>表中填报日期为 {pv.filled_on.year}年{pv.filled_on.month}月{pv.filled_on.day}日："
                     "“6月底”这类未写年份的时限，若早于该日期，按下一年理解。")
        if pv.new_categories:
            text += f"<br>分组标题中出现新的问题类别，将照原样使用：{'、'.join(pv.new_categories)}。"
        self.summary.setText(text)


def samples_for(table, header_row: int, width: int, limit: int = 3) -> list[str]:
    """A few example values per column, from the rows under the header."""
    out = []
    for c in range(width):
        seen: list[str] = []
        for r in range(header_row + 1, min(len(table.rows), header_row + 40)):
            if r in table.wide_merge_rows:
                continue  # section titles merged across the sheet say nothing about a column
            t = cell_text(table.rows[r][c]).replace("\n", " ")
            if t and t not in seen:
                seen.append(t[:30])
            if len(seen) >= limit:
                break
        out.append("；".join(seen))
    return out
