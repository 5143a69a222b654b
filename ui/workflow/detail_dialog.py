"""问题详情: a problem's fields, handovers, progress reports, attachments, checks and full history."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import problems
from models.changes import PROBLEM_WORK, Changes
from models.workflow import attachments, closing, handover, history, progress, rules
from models.workflow.rules import HANDOVER_STATUSES, UNDER_RECTIFICATION
from ui.dialogs import messages
from ui.dialogs.modal import fit_to_screen
from ui.workflow.widgets import fill_table, fit_columns, make_table, open_file, row_key

HISTORY_HEADERS = ["时间", "操作人", "操作", "内容", "所属问题"]


class ProblemDetailDialog(QDialog):
    """Read-only view with the workflow buttons that the problem's status allows."""

    def __init__(self, actions, problem_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.setObjectName("problem_detail_dialog")
        self.actions = actions
        self.store = actions.store
        self.problem_id = problem_id
        fit_to_screen(self, 980, 700)
        self.tabs = QTabWidget(self)
        self.info = QWidget(self)
        self.info_form = QFormLayout(self.info)
        self.info_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)   # the values wrap instead
        scroll.setWidget(self.info)
        self.tabs.addTab(scroll, "基本信息")
        self.handover_view, self.handover_model = make_table(
            self, ["交办日期", "交办文号", "交办会议", "交办机关", "承办单位", "整改时限"], stretch=2)
        self.report_view, self.report_model = make_table(
            self, ["填报日期", "填报单位", "完成进度", "申请销号", "整改措施", "整改成效", "附件"], stretch=4)
        self.report_view.doubleClicked.connect(lambda _i: self.edit_report())
        self.attachment_view, self.attachment_model = make_table(
            self, ["文件名", "用途", "大小", "添加时间", "文件校验"], stretch=0)
        self.attachment_view.doubleClicked.connect(lambda _i: self.open_attachment())
        self.check_view, self.check_model = make_table(
            self, ["核查日期", "核查人", "核查意见", "无佐证材料原因", "销号时间", "销号操作人"], stretch=2)
        self.history_view, self.history_model = make_table(self, HISTORY_HEADERS, stretch=3)
        self.history_view.setObjectName("history_table")
        handover_tab = QWidget(self)
        hl = QVBoxLayout(handover_tab)
        hl.addWidget(self.handover_view)
        self.remove_button = QPushButton("移出所选交办批次…", self)
        self.remove_button.setToolTip("交办有误时，把本问题从所选批次中移出（需写明理由）")
        self.remove_button.clicked.connect(self.remove_from_batch)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        hl.addLayout(row)
        reports_tab = QWidget(self)
        rl = QVBoxLayout(reports_tab)
        rl.addWidget(self.report_view)
        self.edit_report_button = QPushButton("修改所选进展…", self)
        self.edit_report_button.clicked.connect(self.edit_report)
        self.delete_report_button = QPushButton("删除所选进展", self)
        self.delete_report_button.clicked.connect(self.delete_report)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.delete_report_button)
        row.addWidget(self.edit_report_button)
        rl.addLayout(row)
        att_tab = QWidget(self)
        al = QVBoxLayout(att_tab)
        al.addWidget(self.attachment_view)
        open_button = QPushButton("打开所选材料", self)
        open_button.clicked.connect(self.open_attachment)
        row = QHBoxLayout()
        folder_button = QPushButton("打开附件文件夹", self)
        folder_button.clicked.connect(self.open_folder)
        row.addWidget(QLabel("双击打开；材料保存在数据库旁的“附件”文件夹中。", self))
        row.addStretch(1)
        row.addWidget(folder_button)
        row.addWidget(open_button)
        al.addLayout(row)
        for widget, title in ((handover_tab, "交办"), (reports_tab, "整改进展"), (att_tab, "佐证材料"),
                              (self.check_view, "销号核查"), (self.history_view, "留痕")):
            self.tabs.addTab(widget, title)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (
                ("handover", "交办…", lambda: self.actions.open_handover([self.problem_id], parent=self)),
                ("report", "填报进展…", lambda: self.actions.open_report([self.problem_id], parent=self)),
                ("close", "销号…", lambda: self.actions.open_closing([self.problem_id], parent=self)),
                ("send_back", "退回…", lambda: self.actions.open_send_back([self.problem_id], parent=self)),
                ("reopen", "重新打开…", lambda: self.actions.open_reopen([self.problem_id], parent=self)),
                ("carry", "转下年度…", lambda: self.actions.carry_over([self.problem_id], parent=self))):
            b = QPushButton(text, self)
            b.setObjectName(f"detail_{key}")
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)
        close_box = QDialogButtonBox(self)
        close_box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close_box.rejected.connect(self.reject)
        bar.addWidget(close_box)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bar)
        actions.window.data_changed.connect(self._data_changed)
        self._connected = True
        self.reload()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(*PROBLEM_WORK, "audit_log"):
            self.reload()

    def reload(self) -> None:
        p = problems.get_problem(self.store, self.problem_id)
        if p is None:
            self.title_label.setText("该问题已被删除。")
            for b in self.buttons.values():
                b.setEnabled(False)
            return
        self.setWindowTitle(f"问题详情 — {p.number}")
        self.title_label.setText(f"<b style='font-size:14px'>{p.number}</b>　状态：<b>{p.status}</b>　"
                                 f"完成进度：{p.progress}%<br>{p.description}")
        self._fill_info()
        hs = handover.problem_handovers(self.store, self.problem_id)
        fill_table(self.handover_model, [[h["handover_date"], h["doc_number"], h["occasion"], h["organ"],
                                          h["recipients"] or "", h["deadline"] or ""] for h in hs],
                   [h["batch_id"] for h in hs])
        reports = progress.list_reports(self.store, self.problem_id)
        fill_table(self.report_model, [[r["report_date"], r["unit_name"] or "", f"{r['percent']}%",
                                        "是" if r["requests_closing"] else "", r["measures"], r["result"],
                                        r["attachment_count"] or ""] for r in reports], [r["id"] for r in reports])
        atts = attachments.list_attachments(self.store, self.problem_id)
        fill_table(self.attachment_model, [[a["file_name"], a["purpose"], attachments.size_text(a["size"]),
                                            a["added_at"], attachments.check_file(self.store, a) or "完好"]
                                           for a in atts], [a["id"] for a in atts])
        self._attachments = {a["id"]: a for a in atts}
        checks = closing.closure_checks(self.store, self.problem_id)
        fill_table(self.check_model, [[c["check_date"], c["checked_by"], c["opinion"], c["no_evidence_reason"],
                                       c["closed_at"], c["closed_by"]] for c in checks])
        rows = history.problem_history(self.store, self.problem_id)
        fill_table(self.history_model, [[r.at, r.user, r.action, r.change, r.problem or "本问题"] for r in rows])
        for view in (self.handover_view, self.report_view, self.attachment_view, self.check_view, self.history_view):
            fit_columns(view)
        for i, (title, n) in enumerate((("交办", len(hs)), ("整改进展", len(reports)), ("佐证材料", len(atts)),
                                        ("销号核查", len(checks)), ("留痕", len(rows))), start=1):
            self.tabs.setTabText(i, f"{title}（{n}）")
        self.buttons["handover"].setVisible(p.status in HANDOVER_STATUSES)
        self.buttons["report"].setVisible(p.status in UNDER_RECTIFICATION)
        for key, action in (("close", "销号"), ("send_back", "退回"), ("reopen", "重新打开"), ("carry", "转下年度")):
            self.buttons[key].setVisible(rules.can(p.status, action))
        self.remove_button.setEnabled(bool(hs) and not rules.locked_reason(p.status))
        self.edit_report_button.setEnabled(p.status in UNDER_RECTIFICATION)
        self.delete_report_button.setEnabled(p.status in UNDER_RECTIFICATION)

    def _fill_info(self) -> None:
        while self.info_form.rowCount():
            self.info_form.removeRow(0)
        for label, value in history.problem_fields(self.store, self.problem_id):
            text = QLabel(value or "—", self.info)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_form.addRow(f"{label}：", text)
        for relation, pid, title in history.linked_problems(self.store, self.problem_id):
            button = QPushButton(f"{title}（查看）", self.info)
            button.setObjectName(f"linked_{pid}")
            button.clicked.connect(lambda _c=False, pid=pid: self.actions.open_details([pid], parent=self))
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            self.info_form.addRow(f"{relation}：", row)

    def history_texts(self) -> list[str]:
        """The 留痕 tab's 内容 column, top to bottom (what a user reads)."""
        return [self.history_model.item(r, 3).text() for r in range(self.history_model.rowCount())]

    def edit_report(self) -> None:
        rid = row_key(self.report_view)
        if rid is not None:
            self.actions.open_report([self.problem_id], parent=self, report_id=rid)

    def remove_from_batch(self):
        bid = row_key(self.handover_view)
        if bid is None:
            messages.inform(self, "移出交办批次", "请先在上面的列表中选中要移出的那次交办。")
            return None
        return self.actions.remove_from_batch(bid, self.problem_id, parent=self)

    def delete_report(self) -> None:
        rid = row_key(self.report_view)
        if rid is None:
            return
        if messages.ask(self, "删除整改进展", "删除所选的这次整改进展？完成进度将按剩下最近一次进展重算；"
                        "随这次进展上报的佐证材料记录一并删除（文件仍留在附件文件夹中）。删除会记入留痕。",
                        yes="删除"):
            self.actions.window.operations.run("不能删除", progress.delete_report, self.store, rid)

    def open_folder(self) -> None:
        folder = attachments.attachments_dir(self.store) / f"问题{self.problem_id}"
        open_file(folder if folder.is_dir() else folder.parent)

    def open_attachment(self) -> None:
        aid = row_key(self.attachment_view)
        if aid is not None:
            open_file(attachments.file_to_open(self.store, self._attachments[aid]))

    def done(self, result: int) -> None:
        if self._connected:
            self._connected = False
            self.actions.window.data_changed.disconnect(self._data_changed)
        super().done(result)
