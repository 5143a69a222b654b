"""挂图作战: one horizontal bar per lead unit, split by status, drawn with QPainter (no QtCharts)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)
from ui import style

# Left to right along a bar: what is done first, what has not started last.
SEGMENTS: tuple[tuple[str, str], ...] = (      # (status, colour name in resources/colours.json)
    (STATUS_CLOSED, "done"),
    (STATUS_CLOSE_REQUESTED, "close_requested"),
    (STATUS_IN_PROGRESS, "in_progress"),
    (STATUS_PENDING, "pending"),
    (STATUS_CARRIED, "carried"),
)
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LEGEND_HEIGHT = 30
MARGIN = 8


class UnitProgressChart(QWidget):
    """Shows overview GroupRows; a click on a segment emits the Figure behind it."""

    figure_clicked = Signal(object, str)  # models.workflow.overview.Figure, label for the ledger

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list = []
        self.empty_text = "本专题还没有问题。"   # what an empty chart says (the page sets 正在统计…)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName("unit_progress_chart")

    def set_rows(self, rows: list) -> None:
        self.rows = [r for r in rows if r.value("total")]
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _height(self) -> int:
        return LEGEND_HEIGHT + MARGIN * 2 + ROW_HEIGHT * max(1, len(self.rows))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(520, self._height())

    # ----- geometry (also used by tests to click a segment) --------------------------
    def _label_width(self) -> int:
        fm = QFontMetrics(self.font())
        widest = max((fm.horizontalAdvance(f"{r.label}（{r.value('total')}）") for r in self.rows), default=60)
        return min(widest + 12, max(120, self.width() // 3))

    def _text_width(self) -> int:
        return QFontMetrics(self.font()).horizontalAdvance("整改率 100.0%  逾期 99") + 12

    def bar_rect(self, index: int) -> QRectF:
        left = MARGIN + self._label_width()
        right = self.width() - MARGIN - self._text_width()
        top = LEGEND_HEIGHT + MARGIN + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        return QRectF(left, top, max(40, right - left), BAR_HEIGHT)

    def segment_rects(self, index: int) -> list[tuple[str, QRectF]]:
        row = self.rows[index]
        bar = self.bar_rect(index)
        total = row.value("total")
        out, x = [], bar.left()
        for status, _ in SEGMENTS:
            n = row.by_status[status].value
            if not n:
                continue
            w = bar.width() * n / total
            out.append((status, QRectF(x, bar.top(), w, bar.height())))
            x += w
        return out

    def segment_at(self, pos: QPoint) -> tuple[int, str] | None:
        for i in range(len(self.rows)):
            for status, rect in self.segment_rects(i):
                if rect.contains(pos.x(), pos.y()):
                    return i, status
        return None

    # ----- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        x = MARGIN
        for status, colour in SEGMENTS:
            p.fillRect(QRectF(x, MARGIN + 4, 14, 12), style.colour(colour))
            p.setPen(self.palette().text().color())
            p.drawText(int(x + 18), MARGIN + 4 + fm.ascent(), status)
            x += 18 + fm.horizontalAdvance(status) + 14
        if not self.rows:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(MARGIN, LEGEND_HEIGHT + MARGIN + fm.ascent(), self.empty_text)
            return
        for i, row in enumerate(self.rows):
            bar = self.bar_rect(i)
            text_y = int(bar.center().y() + fm.ascent() / 2 - 1)
            p.setPen(self.palette().text().color())
            label = fm.elidedText(f"{row.label}（{row.value('total')}）", Qt.TextElideMode.ElideMiddle,
                                  self._label_width() - 8)
            p.drawText(MARGIN, text_y, label)
            p.fillRect(bar, style.colour("chart_track"))
            for status, rect in self.segment_rects(i):
                p.fillRect(rect, style.colour(dict(SEGMENTS)[status]))
            p.setPen(QPen(style.colour("chart_outline"), 1))
            p.drawRect(bar)
            p.setPen(self.palette().text().color())
            p.drawText(int(bar.right() + 8), text_y, f"整改率 {row.rate.percent_text()}")
            overdue = row.value("overdue")
            if overdue:
                p.setPen(style.colour("error"))
                p.drawText(int(bar.right() + 8 + fm.horizontalAdvance("整改率 100.0%  ")), text_y, f"逾期 {overdue}")
        p.end()

    # ----- interaction ---------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        hit = self.segment_at(event.position().toPoint())
        if hit is None:
            self.unsetCursor()
            QToolTip.hideText()
            return
        i, status = hit
        row = self.rows[i]
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        mean = f"；已交办问题平均完成进度 {row.mean_progress:.0f}%" if row.mean_progress is not None else ""
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{row.label}：{status} {row.by_status[status].value} 项（单击查看）\n"
                          f"{row.rate.describe()}{mean}", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        hit = self.segment_at(event.position().toPoint())
        if hit is not None:
            i, status = hit
            row = self.rows[i]
            self.figure_clicked.emit(row.by_status[status], f"{row.label} {status}")
