"""交办 dialog: the batch's 文号, date, meeting, organ, deadline, recipients, and its problems."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import deadlines
from models.campaigns import get_campaign
from models.normalize import format_date
from models.vocab import STATUS_PENDING
from models.workflow import batch_edit, handover, rules
from models.workflow.common import today_text
from models.workflow.handover import HandoverForm
from ui.dialogs import messages
from ui.dialogs.base import EditorDialog
from ui.dialogs.modal import fit_to_screen
from ui.operations import Operations
from ui.widgets.unit_edit import MultiUnitEdit, unit_choices
from ui.workflow.batch_fix import open_removal
from ui.workflow.widgets import DateEdit

COLUMNS = ("编号", "问题描述", "牵头单位", "当前状态", "原整改时限", "本次整改时限")
DEADLINE_COL = 5


class HandoverDialog(EditorDialog):
    """New batch for ``problem_ids`` (checked), or ``candidate_ids`` to choose from; or edit ``batch_id``:
    its header, each problem's deadline in it (saved with 保存), taking a problem out (at once, with a
    reason) and deleting the batch once it is empty. ``changed`` tells the window of those at-once changes."""

    changed = Signal()

    def __init__(self, store, campaign_id: int, problem_ids: list[int] | None = None, *,
                 candidate_ids: list[int] | None = None, batch_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(store, "修改交办批次" if batch_id else "交办问题", parent)
        self.setObjectName("handover_dialog")
        self.campaign_id = campaign_id
        self.batch_id = batch_id
        fit_to_screen(self, 960, 760)
        self.doc_number = QLineEdit(self)
        self.doc_number.setPlaceholderText("例：某县人常办〔2024〕12号")
        self.date_edit = DateEdit(today_text(), parent=self)
        self.occasion = QLineEdit(self)
        self.occasion.setPlaceholderText("例：养老服务联动监督问题清单交办会")
        self.organ = QLineEdit(self)
        self.organ.setPlaceholderText("例：某县人大常委会")
        self.default_deadline = DateEdit(placeholder="可不填；各问题时限为空时使用", parent=self)
        self.default_deadline.setFixedWidth(260)   # room for the whole hint
        self.default_deadline.editingFinished.connect(self._show_default)
        self.recipients = MultiUnitEdit(QStringListModel(unit_choices(store), self), self)
        self.recipients.setPlaceholderText("多个单位用“、”分隔，默认为所选问题的牵头单位")
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(48)
        self.add_field("doc_number", "交办文号", self.doc_number)
        self.add_field("handover_date", "交办日期", self.date_edit, required=True)
        self.add_field("occasion", "交办会议", self.occasion)
        self.add_field("organ", "交办机关", self.organ)
        self.add_field("default_deadline", "默认整改时限", self.default_deadline)
        self.add_field("recipients", "承办单位", self.recipients)
        self.add_field("notes", "备注", self.notes)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView(self)
        self.table.setObjectName("handover_problems")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(280)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        picks = QWidget(self)
        pl = QVBoxLayout(picks)
        pl.setContentsMargins(0, 0, 0, 0)
        buttons = ((("移出本批次…", self.remove_selected), ("删除本批次", self.delete_batch)) if batch_id else
                   (("全选", lambda: self.check_all(True)), ("全不选", lambda: self.check_all(False))))
        self.side_buttons: dict[str, QPushButton] = {}
        for text, slot in buttons:
            b = QPushButton(text, picks)
            b.clicked.connect(lambda _c=False, slot=slot: slot())
            pl.addWidget(b)
            self.side_buttons[text] = b
        pl.addStretch(1)
        self.add_field("problems", "交办问题", self.table, required=True, extra=picks)
        self.model.itemChanged.connect(self._item_changed)
        self._recipients_typed = False
        self.recipients.textEdited.connect(lambda _t: setattr(self, "_recipients_typed", True))

        if batch_id:
            self._load_batch(batch_id)
        else:
            checked = list(problem_ids or [])
            shown = checked + [i for i in (candidate_ids or []) if i not in checked]
            self._fill(handover.problem_rows(store, shown), set(checked), editable=True)
            self.recipients.set_names(handover.suggested_recipients(store, checked))
            self.organ.setText(store.get_setting("handover_organ", "") or "")
            self.save_button.setText("交办")
        self._update_title()

    # ----- the problem list ----------------------------------------------------------------
    def _fill(self, rows: list[dict], checked: set[int], *, editable: bool) -> None:
        """``editable``: choosing problems for a new batch (tick boxes); else the rows of ``batch_id``."""
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            first = QStandardItem(r["number"])
            first.setData(r["id"], Qt.ItemDataRole.UserRole)
            first.setEditable(False)
            if editable:
                first.setCheckable(True)
                first.setCheckState(Qt.CheckState.Checked if r["id"] in checked else Qt.CheckState.Unchecked)
            cells = [first]
            again = editable and r["status"] != STATUS_PENDING   # choosing: a second handover of it
            status = r["status"] + ("（再次交办）" if again else "")
            for value in (r["description"], r["lead_unit"] or "", status, format_date(r["deadline"])):
                item = QStandardItem(value)
                item.setEditable(False)
                item.setToolTip(value if len(value) > 20 else "")
                cells.append(item)
            cells[-1].setData(r["deadline"], Qt.ItemDataRole.UserRole)   # the problem's own 整改时限
            deadline = QStandardItem(r.get("item_deadline") or "")
            locked = rules.locked_reason(r["status"])
            deadline.setEditable(editable or not locked)
            deadline.setToolTip(locked or ("双击填写；为空时使用默认整改时限，都为空则保持原时限" if editable else
                                           "双击修改该问题在本批次的整改时限，点“保存”后生效"))
            cells.append(deadline)
            self.model.appendRow(cells)
        self.table.horizontalHeader().resizeSection(1, 300)

    def _row_of(self, problem_id: int) -> int | None:
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).data(Qt.ItemDataRole.UserRole) == problem_id:
                return row
        return None

    def checked_ids(self) -> list[int]:
        out = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item.isCheckable() and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def set_checked(self, problem_id: int, on: bool = True) -> None:
        row = self._row_of(problem_id)
        if row is not None:
            self.model.item(row, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def check_all(self, on: bool) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item.isCheckable():
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_deadline(self, problem_id: int, text: str) -> None:
        row = self._row_of(problem_id)
        if row is not None:
            self.model.item(row, DEADLINE_COL).setText(text)

    def deadlines(self) -> dict[int, str]:
        out = {}
        for row in range(self.model.rowCount()):
            text = self.model.item(row, DEADLINE_COL).text().strip()
            if text:
                out[self.model.item(row, 0).data(Qt.ItemDataRole.UserRole)] = text
        return out

    def _show_default(self) -> None:
        text = self.default_deadline.text().strip()
        self.model.setHeaderData(DEADLINE_COL, Qt.Orientation.Horizontal,
                                 f"本次整改时限（默认 {text}）" if text else "本次整改时限")

    def _item_changed(self, item: QStandardItem) -> None:
        if item.column() == 0 and not self._recipients_typed and not self.batch_id:
            self.recipients.set_names(handover.suggested_recipients(self.store, self.checked_ids()))
        self._update_title()

    def _update_title(self) -> None:
        if self.batch_id:
            return
        n = len(self.checked_ids())
        self.setWindowTitle(f"交办问题（已选 {n} 个）")

    # ----- load / save -------------------------------------------------------------------
    def _load_batch(self, batch_id: int) -> None:
        batch = handover.get_batch(self.store, batch_id)
        self.set_form(handover.form_from_batch(self.store, batch))
        self._load_items()

    def _load_items(self) -> None:
        """(Re)load the batch's problems; deadlines typed but not saved yet are kept."""
        typed = self.changed_deadlines() if hasattr(self, "_saved_deadlines") else {}
        items = handover.batch_items(self.store, self.batch_id)
        self._saved_deadlines = {r["problem_id"]: r["deadline"] or "" for r in items}
        rows = [{"id": r["problem_id"], "number": r["number"], "description": r["description"],
                 "lead_unit": r["lead_unit"], "status": r["status"], "deadline": r["problem_deadline"],
                 "item_deadline": typed.get(r["problem_id"], r["deadline"])} for r in items]
        self._fill(rows, set(), editable=False)
        self.model.setHeaderData(4, Qt.Orientation.Horizontal, "问题当前整改时限")
        self.model.setHeaderData(DEADLINE_COL, Qt.Orientation.Horizontal, "本批次整改时限（双击修改）")
        self.side_buttons["删除本批次"].setEnabled(not items)
        self.side_buttons["移出本批次…"].setEnabled(bool(items))
        self.setWindowTitle(f"修改交办批次（{len(items)} 个问题）" if items else "修改交办批次（已没有问题）")

    def changed_deadlines(self) -> dict[int, str]:
        """Per-problem deadlines edited in the table and not saved yet."""
        return {pid: text for pid, text in self.deadlines().items() if text != self._saved_deadlines.get(pid)}

    def remove_selected(self):
        """移出本批次… for the problem of the current row: asks the reason, removes at once."""
        index = self.table.currentIndex()
        if not index.isValid():
            messages.inform(self, "移出交办批次", "请先在下面的列表中选中要移出的问题。")
            return None
        pid = self.model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        return open_removal(self.store, self.batch_id, pid, self, self._after_removal)

    def _after_removal(self) -> None:
        self._load_items()
        self.changed.emit()
        if self.model.rowCount() == 0 and messages.ask(
                self, "删除交办批次", "本批次已没有问题。要删除这个空的交办批次吗？", yes="删除批次", no="保留"):
            self._delete_now()

    def delete_batch(self) -> bool:
        """删除本批次 (only an empty one); True when deleted."""
        if not messages.ask(self, "删除交办批次", "删除这个已没有问题的交办批次？删除会记入留痕。", yes="删除批次"):
            return False
        return self._delete_now()

    def _delete_now(self) -> bool:
        if Operations.of(self, self.store).run("不能删除交办批次", lambda: batch_edit.delete_batch(
                self.store, self.batch_id) or True, parent=self) is None:
            return False
        self.changed.emit()
        self.reject()      # nothing left to save
        return True

    def set_form(self, form: HandoverForm) -> None:
        self.doc_number.setText(form.doc_number)
        self.date_edit.setText(form.handover_date)
        self.occasion.setText(form.occasion)
        self.organ.setText(form.organ)
        self.default_deadline.setText(form.default_deadline)
        self.recipients.set_names(form.recipients)
        self.notes.setPlainText(form.notes)
        self._show_default()

    def handover_form(self) -> HandoverForm:
        return HandoverForm(doc_number=self.doc_number.text(), handover_date=self.date_edit.text(),
                            occasion=self.occasion.text(), organ=self.organ.text(),
                            default_deadline=self.default_deadline.text(), recipients=self.recipients.names(),
                            notes=self.notes.toPlainText())

    def warnings(self) -> list[str]:
        """Deadlines outside the campaign's years, and kept deadlines already before this handover's
        date (asked, not refused; a deadline typed here before the date is refused by the model)."""
        campaign = get_campaign(self.store, self.campaign_id)
        year = campaign.year if campaign else None
        default = self.default_deadline.text().strip()
        out = deadlines.plausibility_warnings(default, campaign_year=year, label="默认整改时限")
        chosen = set(self.checked_ids()) if not self.batch_id else None
        for row in range(self.model.rowCount()):
            pid = self.model.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if chosen is not None and pid not in chosen:
                continue
            label = f"问题 {self.model.item(row, 0).text()}"
            typed = self.model.item(row, DEADLINE_COL).text().strip()
            if typed:
                out += deadlines.plausibility_warnings(typed, campaign_year=year, label=label)
            elif not default:   # the problem keeps its own deadline
                kept = self.model.item(row, DEADLINE_COL - 1).data(Qt.ItemDataRole.UserRole)
                out += deadlines.plausibility_warnings(kept, campaign_year=year, label=label,
                                                       handover_date=self.date_edit.text())
        return out

    def commit(self) -> int:
        form = self.handover_form()
        if self.batch_id:
            batch_edit.correct_batch(self.store, self.batch_id, form, self.changed_deadlines())
            return self.batch_id
        batch_id = handover.create_batch(self.store, self.campaign_id, form, self.checked_ids(), self.deadlines())
        if form.organ.strip():
            self.store.set_setting("handover_organ", form.organ.strip())  # next batch starts with it
        return batch_id
