"""The 总览 page's pieces: a figure card, a table of figures per group, the 上级交办 line."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.workflow import overview
from ui import style
from ui.widgets.tables import filling

CARD_ROLES = {"done": "figure_done", "rate": "figure_done", "overdue": "figure_overdue",   # resources/style.qss
              "due_soon": "figure_due_soon", "pending_late": "figure_late", "carried": "figure_carried"}
FROM_ABOVE_NUMBERS = 12    # unfinished 上级交办 numbers named in the line; the rest behind a link
TABLE_COLUMNS = (("total", "问题数"), ("handed_over", "已交办"), ("done", "已销号"), ("rate", "整改率"),
                 ("overdue", "已逾期"), ("carried", "转下年度"))


class FigureCard(QFrame):
    """A number with its label; clicking it opens the ledger filtered to those problems."""

    clicked = Signal()

    def __init__(self, key: str, big: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        style.set_role(self, "card")
        self.value_label = QLabel("—", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * (2.0 if big else 1.5))
        font.setBold(True)
        self.value_label.setFont(font)
        if key in CARD_ROLES:
            style.set_role(self.value_label, CARD_ROLES[key])
        self.title_label = QLabel(self)
        self.note_label = QLabel(self)
        style.set_role(self.note_label, "note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.note_label)

    def set_values(self, title: str, value: str, note: str = "", tip: str = "") -> None:
        self.title_label.setText(title)
        self.value_label.setText(value)
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self.setToolTip(tip or f"单击在问题清单中查看这 {value} 个问题")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class GroupTable(QTableWidget):
    """Figures per unit / category / source; a click on a number opens the filtered ledger."""

    figure_clicked = Signal(object, str)

    def __init__(self, first_header: str, parent: QWidget | None = None):
        super().__init__(0, len(TABLE_COLUMNS) + 1, parent)
        self.setHorizontalHeaderLabels([first_header] + [t for _, t in TABLE_COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        for c in range(1, self.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumWidth(470)  # keep unit names readable when the window is narrow
        self._figures: list[tuple[object, str]] = []
        self.cellClicked.connect(self._clicked)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[overview.GroupRow], totals: overview.GroupRow | None = None) -> None:
        self.setSortingEnabled(False)
        with filling(self):
            self._put_rows(rows, totals)

    def _put_rows(self, rows: list[overview.GroupRow], totals: overview.GroupRow | None) -> None:
        self.clearContents()
        self._figures = []
        all_rows = list(rows) + ([totals] if totals else [])
        self.setRowCount(len(all_rows))
        link = style.colour("link")
        for r, row in enumerate(all_rows):
            name = QTableWidgetItem(row.label)
            if row is totals:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            self.setItem(r, 0, name)
            for c, (key, _) in enumerate(TABLE_COLUMNS, start=1):
                if key == "rate":
                    item = QTableWidgetItem(row.rate.percent_text())
                    item.setToolTip(row.rate.describe())
                    figure = row.figures["done"]
                else:
                    figure = row.figures[key]
                    item = QTableWidgetItem(str(figure.value))
                    item.setToolTip(f"单击在问题清单中查看：{row.label} {figure.label}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if figure.value:
                    item.setForeground(link)
                    self._figures.append((figure, f"{row.label} {figure.label}"))
                    item.setData(Qt.ItemDataRole.UserRole, len(self._figures) - 1)
                self.setItem(r, c, item)

    def figure_at(self, row: int, column: int):
        item = self.item(row, column)
        index = item.data(Qt.ItemDataRole.UserRole) if item else None
        return self._figures[index] if index is not None else None

    def _clicked(self, row: int, column: int) -> None:
        hit = self.figure_at(row, column)
        if hit is not None:
            self.figure_clicked.emit(*hit)


def from_above_text(above: overview.FromAbove) -> str:
    """上级交办 in one line; a long list of unfinished numbers is cut (a label of thousands of
    numbers took seconds to lay out) and the rest is one click away."""
    if not above.total.value:
        return "上级交办问题：无"
    text = f"上级交办问题：<a href='total'>{above.sentence}</a>"
    items = above.open_items
    if items:
        numbers = "、".join(i["number"] for i in items[:FROM_ABOVE_NUMBERS])
        more = f"等 <a href='open'>{len(items)} 项</a>" if len(items) > FROM_ABOVE_NUMBERS else ""
        text += f"；未完成的：{numbers}{more}"
    return text
