"""逐项检查: one screen per checklist item, keyboard only. Ctrl+1/2/3 give 符合/不符合/不适用, the
remark is typed straight away, PgDn / Ctrl+Enter goes on, Ctrl+G makes the problem. Every answer is
saved as it is given (a remark a moment after the typing stops), so a laptop that sleeps or a
window closed in a hurry loses nothing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.lists import inspections
from ui.dialogs.modal import fit_to_screen
from ui.lists.inspection_dialogs import ProblemFromItemDialog
from ui.operations import Operations

SAVE_AFTER_MS = 800   # a remark is stored this long after the last key


class InspectionWalker(QDialog):
    def __init__(self, store, campaign_id: int, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store, self.campaign_id, self.inspection_id = store, campaign_id, inspection_id
        self.inspection = inspections.get_inspection(store, inspection_id)
        self.setWindowTitle(f"逐项检查 — {self.inspection.visit_date}　{self.inspection.place}")
        fit_to_screen(self, 900, 560)
        self.rows: list[dict] = []
        self.index = 0
        self.shown: int | None = None   # the row whose answer the screen holds (nothing is saved before)
        self.problem_dialog: ProblemFromItemDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_current)

        self.items = QListWidget(self)
        self.items.setObjectName("walker_items")
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.currentRowChanged.connect(self.go)
        self.position = QLabel(self)
        self.position.setObjectName("walker_position")
        self.item_text = QLabel(self)
        self.item_text.setObjectName("walker_item_text")
        self.item_text.setWordWrap(True)
        font = self.item_text.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.item_text.setFont(font)
        self.basis = QLabel(self)
        self.basis.setWordWrap(True)
        self.verdicts = QButtonGroup(self)
        self.verdicts.setExclusive(True)
        row = QHBoxLayout()
        for i, (text, key) in enumerate((("符合", "1"), ("不符合", "2"), ("不适用", "3"))):
            b = QRadioButton(f"{text}（Ctrl+{key}）", self)
            self.verdicts.addButton(b, i)
            row.addWidget(b)
        row.addStretch(1)
        self.verdicts.idClicked.connect(lambda _i: self.save_current())
        self.remark = QPlainTextEdit(self)
        self.remark.setObjectName("walker_remark")
        self.remark.setPlaceholderText("在此记录检查情况（直接输入；停顿片刻即自动保存）")
        self.remark.setTabChangesFocus(True)
        self.remark.textChanged.connect(self._timer.start)
        self.photos = QLabel(self)
        self.saved = QLabel(self)
        self.saved.setObjectName("walker_saved")
        self.prev_button = QPushButton("上一项（PgUp）", self)
        self.next_button = QPushButton("下一项（PgDn）", self)
        self.photo_button = QPushButton("添加照片…（Ctrl+P）", self)
        self.problem_button = QPushButton("生成问题…（Ctrl+G）", self)
        close = QPushButton("完成", self)
        self.prev_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        self.photo_button.clicked.connect(lambda: self.add_photos())
        self.problem_button.clicked.connect(self.make_problem)
        close.clicked.connect(self.close)
        # the keys work wherever the focus is in this window (the remark, a button, the list)
        self._keys = {
            (Qt.Key.Key_1, True): lambda: self.set_verdict(0), (Qt.Key.Key_2, True): lambda: self.set_verdict(1),
            (Qt.Key.Key_3, True): lambda: self.set_verdict(2),
            (Qt.Key.Key_PageUp, False): lambda: self.go(self.index - 1),
            (Qt.Key.Key_PageDown, False): lambda: self.go(self.index + 1),
            (Qt.Key.Key_Return, True): lambda: self.go(self.index + 1),
            (Qt.Key.Key_Enter, True): lambda: self.go(self.index + 1),
            (Qt.Key.Key_P, True): self.add_photos, (Qt.Key.Key_G, True): self.make_problem,
        }

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.addWidget(self.position)
        rl.addWidget(self.item_text)
        rl.addWidget(self.basis)
        rl.addLayout(row)
        rl.addWidget(self.remark, 1)
        rl.addWidget(self.photos)
        buttons = QHBoxLayout()
        for b in (self.prev_button, self.next_button, self.photo_button, self.problem_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.saved)
        buttons.addWidget(close)
        rl.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.items)
        split.addWidget(right)
        split.setSizes([330, 570])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        for w in (self.remark, self.items, *self.verdicts.buttons()):
            w.installEventFilter(self)
        self.reload()
        self.go(0)

    def _key(self, event) -> bool:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        action = self._keys.get((event.key(), ctrl))
        if action is None:
            return False
        action()
        return True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if not self._key(event):
            super().keyPressEvent(event)

    # ----- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.rows = inspections.results(self.store, self.inspection_id)
        self.items.blockSignals(True)
        self.items.clear()
        for n, r in enumerate(self.rows, 1):
            self.items.addItem(self._label(n, r))
            self.items.item(n - 1).setToolTip(r["item_text"])
        self.items.blockSignals(False)
        self.items.setCurrentRow(self.index)

    @staticmethod
    def _label(n: int, r: dict) -> str:
        mark = {"符合": "✓", "不符合": "✗", "不适用": "—"}.get(r["verdict"], "　")
        return f"{mark} {n}. {r['item_text']}"

    def current(self) -> dict | None:
        return self.rows[self.index] if 0 <= self.index < len(self.rows) else None

    def go(self, index: int) -> None:
        if not self.rows:
            self.position.setText("本专题的内容清单还没有检查项：请先在“内容清单”中添加或导入。")
            for w in (self.remark, self.prev_button, self.next_button, self.photo_button, self.problem_button):
                w.setEnabled(False)
            return
        if not 0 <= index < len(self.rows):
            return
        self.save_current()
        self.index = index
        r = self.rows[index]
        self.items.blockSignals(True)
        self.items.setCurrentRow(index)
        self.items.blockSignals(False)
        done = sum(1 for x in self.rows if x["verdict"])
        failed = sum(1 for x in self.rows if x["verdict"] == "不符合")
        where = "　".join(x for x in (r["aspect"], r["item_kind"]) if x)
        self.position.setText(f"第 {index + 1} 项，共 {len(self.rows)} 项（已填 {done} 项，不符合 {failed} 项）　{where}")
        self.item_text.setText(r["item_text"])
        self.basis.setText(f"依据：{r['legal_basis']}" if r["legal_basis"] else "")
        self.verdicts.setExclusive(False)
        for b in self.verdicts.buttons():
            b.setChecked(False)
        self.verdicts.setExclusive(True)
        if r["verdict"]:
            self.verdicts.button(("符合", "不符合", "不适用").index(r["verdict"])).setChecked(True)
        self.remark.blockSignals(True)
        self.remark.setPlainText(r["remark"])
        self.remark.blockSignals(False)
        self.remark.setFocus()
        self.shown = index
        self.photos.setText(f"现场照片 {r['photos']} 张" if r["photos"] else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        r = self.current()
        read_only = self.store.read_only
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.rows) - 1)
        self.problem_button.setEnabled(bool(r) and not read_only and self.verdict() == "不符合" and not r["problem_id"])
        self.problem_button.setText(f"已生成问题 {r['problem_number']}" if r and r["problem_id"] else "生成问题…（Ctrl+G）")
        self.photo_button.setEnabled(not read_only)
        for b in self.verdicts.buttons():
            b.setEnabled(not read_only)
        self.remark.setReadOnly(read_only)

    def verdict(self) -> str:
        i = self.verdicts.checkedId()
        return ("符合", "不符合", "不适用")[i] if i >= 0 else ""

    def set_verdict(self, i: int) -> None:
        if self.store.read_only or not self.rows:
            return
        self.verdicts.button(i).setChecked(True)
        self.save_current()

    # ----- saving -----------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Store the current item's answer if it changed; True when nothing is left unsaved."""
        self._timer.stop()
        r = self.current()
        if r is None or self.store.read_only or self.shown != self.index:
            return True
        verdict, remark = self.verdict(), self.remark.toPlainText()
        if verdict == r["verdict"] and remark == r["remark"]:
            return True
        ok = Operations.of(self, self.store).run(
            "无法保存检查结果", lambda: inspections.save_result(self.store, r["id"], verdict, remark) or True,
            parent=self)
        if not ok:
            return False
        r["verdict"], r["remark"] = verdict, remark
        self.items.item(self.index).setText(self._label(self.index + 1, r))
        self.saved.setText("已保存")
        self._update_buttons()
        return True

    def add_photos(self, paths: list[str] | None = None) -> None:
        r = self.current()
        if r is None or self.store.read_only:
            return
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "添加现场照片", "", "图片 (*.jpg *.jpeg *.png *.heic *.bmp)")
            if not paths:
                return
        if Operations.of(self, self.store).run("无法添加照片", inspections.add_photos, self.store, r["id"],
                                               [Path(p) for p in paths], parent=self) is not None:
            self._refresh_row()

    def make_problem(self) -> ProblemFromItemDialog | None:
        if not self.save_current() or not self.problem_button.isEnabled():
            return None
        self.problem_dialog = ProblemFromItemDialog(self.store, self.campaign_id, self.current(), self.inspection, self)
        self.problem_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.problem_dialog.finished.connect(lambda _r: self._refresh_row())
        self.problem_dialog.open()
        return self.problem_dialog

    def _refresh_row(self) -> None:
        self.problem_dialog = None
        keep = self.index
        self.shown = None
        self.reload()
        self.go(keep)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.save_current()
        super().closeEvent(event)

    def reject(self) -> None:   # Esc saves what was typed and closes: nothing typed on site is thrown away
        self.save_current()
        super().reject()
