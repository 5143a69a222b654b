"""对应单位: units named in the packages that this office does not know. For each: map it to a local
unit or create it (with its kind). Remembered per office, so the next package does not ask again."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from models.sync.units import IncomingUnit
from ui.dialogs.modal import fit_to_screen
from ui.widgets.buttons import accept_cancel
from ui.widgets.unit_mapping import UnitMappingTable

CREATE = "新建为本机单位"


class UnitMappingDialog(QDialog):
    def __init__(self, needs: list[IncomingUnit], existing: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync_units_dialog")
        self.setWindowTitle("导入交换包：对应单位")
        self.needs = needs
        hint = QLabel("交换包中的下列单位在本机尚未登记（按全称和简称都找不到）。请为每个单位选择：对应到本机已有的单位"
                      "（例如包中写“民政局”，本机登记为“某某县民政局”），或新建为本机单位。名称相近的单位列在最前，"
                      "但不会替您选定，请核对是否同一单位。选择会记住，以后同一机关的交换包不再询问；"
                      "在应用变化清单之前，不会写入任何数据。", self)
        hint.setWordWrap(True)
        self.table = UnitMappingTable(create_text=CREATE, where="包", leading=("来自",), parent=self)
        self.table.setObjectName("units_table")
        self.table.show_questions(needs, existing, leading=[(need.office,) for need in needs])
        self.actions, self.kinds = self.table.actions, self.table.kinds
        box, self.ok_button, _cancel = accept_cancel(self, "按此对应，列出变化", "取消导入")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        fit_to_screen(self, 960, 480)

    def choose(self, row: int, unit_id: int | None) -> None:
        """Pick a local unit (or None: create) for one row, as the clerk would in its list."""
        self.table.choose(row, unit_id)

    def senders(self) -> dict[tuple[str, str], str]:
        return {need.key: need.office for need in self.needs}

    def describe(self) -> dict[str, list[str]]:
        """Per sending office, one line per unit as the change list shows it."""
        out: dict[str, list[str]] = {}
        for row, (need, answer) in enumerate(zip(self.needs, self.table.answers(), strict=True)):
            if answer.unit_id is None:
                line = f"单位：“{need.name}”新建为本机单位（{answer.kind}）"
            else:
                line = f"单位：“{need.name}”对应本机的“{self.table.chosen_name(row)}”"
            out.setdefault(need.office, []).append(line)
        return out

    def plan(self) -> dict[tuple[str, str], int | str]:
        return {need.key: (answer.unit_id if answer.unit_id is not None else answer.kind)
                for need, answer in zip(self.needs, self.table.answers(), strict=True)}
