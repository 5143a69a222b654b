"""The ledger's search box and filters, with the "共 N 条" count. Emits ``changed`` (debounced)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from models import deadlines, ledger, search
from models.sync.export import origin_choices
from models.units import list_units
from models.vocab import KINDS, SOURCES, STATUSES
from models.workflow.rules import OPEN_STATUSES
from ui import style
from ui.widgets.collation import units_in_order

SEARCH_DELAY_MS = 250
ALL = None  # item data of the "全部…" entries


class _Combo(QComboBox):
    """A combo that can refresh its choices just before they are used: its list opens, it takes the
    keyboard focus (arrow keys and typing pick from the closed box), or the wheel turns over it."""

    before_popup = None

    def _before(self) -> None:
        if callable(self.before_popup):
            self.before_popup()

    def showPopup(self) -> None:  # noqa: N802 (Qt name)
        self._before()
        super().showPopup()

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._before()
        super().focusInEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._before()
        super().wheelEvent(event)


def _combo(name: str, placeholder: str, items: list[tuple[str, object]], width: int = 0) -> QComboBox:
    box = _Combo()
    box.setObjectName(name)
    box.addItem(placeholder, ALL)
    for text, data in items:
        box.addItem(text, data)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    if width:
        box.setMinimumWidth(width)
    return box


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("ledger_search")
        self.search_edit.setPlaceholderText("搜索编号、描述、地点、单位、建议")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.setToolTip("输入两个字以上，在编号、问题描述、地点、单位名称和意见建议中查找（Ctrl+F）")
        self.hint = QLabel(self)
        self.hint.setObjectName("search_hint")
        style.set_role(self.hint, "hint")
        self.status_box = _combo("filter_status", "全部状态",
                                 [("未办结", "、".join(OPEN_STATUSES))] + [(s, s) for s in STATUSES])
        self.unit_box = _combo("filter_unit", "全部牵头单位", [], 130)
        self.source_box = _combo("filter_source", "全部来源", [(s, s) for s in SOURCES])
        self.category_box = _combo("filter_category", "全部类别", [])
        self.kind_box = _combo("filter_kind", "全部类型", [(k, k) for k in KINDS])
        self.deadline_box = _combo("filter_deadline", "全部时限", [])
        # 来源机关: shown once problems from other offices came in a 交换包 (the merged view)
        self.origin_box = _combo("filter_origin", "全部来源机关", [], 130)
        self.origin_box.setToolTip("按问题来自哪个机关（交换包）筛选：本机关自己的，或某个县、市报来的")
        self.reset_button = QPushButton("清除筛选", self)
        self.reset_button.setObjectName("filter_reset")
        self.count_label = QLabel("共 0 条", self)
        self.count_label.setObjectName("ledger_count")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumWidth(90)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit, 2)
        layout.addWidget(self.hint)
        for box in self.combos():
            layout.addWidget(box)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)
        layout.addWidget(self.count_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_settled)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self.flush)   # Enter searches at once
        for box in self.combos():
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.reset_button.clicked.connect(self.reset)
        self._search_text = ""
        self._campaign_id: int | None = None
        self._categories_stale = False
        self.category_box.before_popup = self._categories_before_popup
        self.reload_choices(None)

    def combos(self) -> list[QComboBox]:
        return [self.status_box, self.unit_box, self.source_box, self.category_box, self.kind_box,
                self.deadline_box, self.origin_box]

    # ----- choices -------------------------------------------------------------------
    def reload_choices(self, campaign_id: int | None, *, categories: bool = True) -> None:
        """Units, categories and deadline labels can change; keep what is selected.

        The categories need a scan of the campaign's problems (15 ms at 100,000), so they are read
        when the box is next used, unless a category is chosen and the campaign changed (it stays
        chosen only if the new campaign has it)."""
        self._campaign_id = campaign_id
        self._refill(self.unit_box, [(u.display, u.id) for u in units_in_order(list_units(self.store))])
        if categories and self.category_box.currentData() is not ALL:
            self._reload_categories()
        else:
            self._categories_stale = True
        labels = deadlines.bucket_labels(deadlines.warn_days(self.store))
        self._refill(self.deadline_box, list(zip(labels, deadlines.states(), strict=True)))
        origins = origin_choices(self.store)
        self._refill(self.origin_box, [(ledger.LOCAL_ORIGIN, ledger.LOCAL_ORIGIN)] + origins)
        self.origins_present = bool(origins)
        self.origin_box.setVisible(bool(origins) or bool(self.origin_box.currentData()))

    def _reload_categories(self) -> None:
        self._categories_stale = False
        used = ledger.distinct_categories(self.store, self._campaign_id)
        self._refill(self.category_box, [(c, c) for c in used])

    def _categories_before_popup(self) -> None:
        if self._categories_stale:
            self._reload_categories()

    def _refill(self, box: QComboBox, items: list[tuple[str, object]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, data in items:
            box.addItem(text, data)
        index = box.findData(current) if current is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    # ----- search --------------------------------------------------------------------
    def _search_settled(self, emit: bool = True) -> None:
        text = self.search_edit.text().strip()
        try:
            search.match_expression(text)
        except ValueError:
            self.hint.setText("请输入至少两个字")
            text = ""
        else:
            self.hint.clear()
        if text != self._search_text:
            self._search_text = text
            if emit:
                self.changed.emit()

    def flush(self) -> None:
        """Apply a pending search now instead of after the short delay."""
        if self._timer.isActive():
            self._timer.stop()
            self._search_settled()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ----- values --------------------------------------------------------------------
    def values(self) -> dict:
        """The LedgerFilter fields this bar decides."""
        return {
            "search": self._search_text,
            "statuses": tuple((self.status_box.currentData() or "").split("、")) if self.status_box.currentData() else (),
            "lead_unit_id": self.unit_box.currentData(),
            "source": self.source_box.currentData() or "",
            "category": self.category_box.currentData() or "",
            "kind": self.kind_box.currentData() or "",
            "deadline_state": self.deadline_box.currentData() or "",
            "origin": self.origin_box.currentData() or "",
        }

    def set_values(self, *, search: str = "", statuses: tuple[str, ...] = (), lead_unit_id: int | None = None,
                   source: str = "", category: str = "", kind: str = "", deadline_state: str = "",
                   origin: str = "") -> None:
        """Show the given filter (unknown choices are added to their list). Emits ``changed`` once."""
        for box in self.combos():
            box.blockSignals(True)
        self._select(self.status_box, "、".join(statuses) or None, "、".join(statuses))
        self._select(self.unit_box, lead_unit_id, f"单位 {lead_unit_id}")
        self._select(self.source_box, source or None, source)
        self._select(self.category_box, category or None, category)
        self._select(self.kind_box, kind or None, kind)
        self._select(self.deadline_box, deadline_state or None, deadline_state)
        self._select(self.origin_box, origin or None, origin)
        for box in self.combos():
            box.blockSignals(False)
        self._timer.stop()
        self.search_edit.blockSignals(True)
        self.search_edit.setText(search)
        self.search_edit.blockSignals(False)
        self._search_text = ""
        self.hint.clear()
        if search.strip():
            self._search_settled(emit=False)
        self.changed.emit()

    @staticmethod
    def _select(box: QComboBox, data, text: str) -> None:
        index = box.findData(data) if data is not None else 0
        if index < 0:
            box.addItem(text, data)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def reset(self) -> None:
        self.set_values()

    def is_filtered(self) -> bool:
        v = self.values()
        return any(v[k] for k in v)

    def set_count(self, shown: int, total: int | None = None) -> None:
        text = f"共 {shown} 条"
        if total is not None and total != shown:
            text += f"（本专题 {total} 条）"
        self.count_label.setText(text)
