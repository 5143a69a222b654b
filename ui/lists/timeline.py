"""The timetable as a strip: one block per dated phase, today's position as a line (总览 and the
时间节点 tab show it)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.lists.timetable import Phase, position_today


class TimelineStrip(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timeline_strip")
        self.phases: list[Phase] = []
        self.today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_phases(self, phases: list[Phase], today: date | None = None) -> None:
        self.phases = [p for p in phases if p.start_date and p.end_date]
        self.today = today or date.today()
        self.setVisible(bool(self.phases))
        tips = [f"{p.name}：{p.start_date} 至 {p.end_date}（{p.state(self.today)}）" for p in self.phases]
        self.setToolTip("\n".join(tips))
        self.update()

    def current_phase(self) -> Phase | None:
        for p in self.phases:
            if p.state(self.today) == "进行中":
                return p
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(600, self.fontMetrics().height() * 3 + 12)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        if not self.phases:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        first = min(date.fromisoformat(x.start_date) for x in self.phases)
        last = max(date.fromisoformat(x.end_date) for x in self.phases)
        span = max(1, (last - first).days + 1)
        w = self.width() - 8
        h = self.fontMetrics().height() * 2
        top = 4
        lanes = _lanes(self.phases)
        lane_h = h / (max(lanes) + 1)
        for ph, lane in zip(self.phases, lanes, strict=True):
            x0 = 4 + w * (date.fromisoformat(ph.start_date) - first).days / span
            x1 = 4 + w * ((date.fromisoformat(ph.end_date) - first).days + 1) / span
            state = ph.state(self.today)
            pal = self.palette()
            colour = (pal.highlight().color() if state == "进行中" else pal.mid().color() if state == "已结束"
                      else pal.button().color())
            rect = QRectF(x0, top + lane * lane_h, max(2.0, x1 - x0 - 2), lane_h - 1)
            p.fillRect(rect, colour)
            p.setPen(pal.highlightedText().color() if state == "进行中" else pal.text().color())
            text = p.fontMetrics().elidedText(ph.name, Qt.TextElideMode.ElideRight, int(rect.width()) - 4)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        where = position_today(self.phases, self.today)
        if where is not None and first <= self.today <= last:
            x = 4 + w * ((self.today - first).days + 0.5) / span
            p.setPen(QPen(QColor(Qt.GlobalColor.red), 2))
            p.drawLine(int(x), top - 2, int(x), top + h + 2)
            label = f"今天 {self.today.month}月{self.today.day}日"
            tw = p.fontMetrics().horizontalAdvance(label)
            p.drawText(int(min(max(4, x - tw / 2), self.width() - tw - 4)), top + h + p.fontMetrics().ascent() + 3,
                       label)
        p.end()


def _lanes(phases: list[Phase]) -> list[int]:
    """Overlapping phases (自查自纠 still running when 调研检查 starts) go on a lane of their own."""
    ends: list[str] = []
    out = []
    for ph in phases:
        for lane, end in enumerate(ends):
            if end < ph.start_date:
                ends[lane] = ph.end_date
                out.append(lane)
                break
        else:
            ends.append(ph.end_date)
            out.append(len(ends) - 1)
    return out
