"""导入问题清单: a five-step dialog. Slow steps (reading, checking, writing) run off the GUI thread.

Steps: 选择文件 → 对应列 → 未登记单位 (skipped when every unit is known) → 预览 → 完成.
Nothing is written before 开始导入; the import itself is one transaction (see
models/exchange/importer.py), so 取消 during it leaves the database as it was.
Tests drive it through ``set_file``, ``go_next`` and ``go_back`` and wait on ``step``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from models.exchange import importer, mapping, preview, reader, rows, unit_names
from models.ledger import distinct_categories
from models.store import StoreError
from models.units import list_units
from ui import style
from ui.dialogs import messages
from ui.dialogs.modal import fit_to_screen
from ui.exchange.undo import undo_import
from ui.exchange.wizard_pages import FilePage, MappingPage, PreviewPage, UnitsPage, samples_for
from ui.jobs import READER, Job
from ui.widgets.file_dialogs import start_dir

FILE, COLUMNS, UNITS, PREVIEW, DONE = range(5)
TITLES = ("第 1 步：选择文件和工作表", "第 2 步：核对各列对应的内容", "第 3 步：处理未登记的单位",
          "第 4 步：预览并修正", "完成")
LAST_DIR_KEY = "import/last_dir"


def choose_file(parent, start: str) -> str:
    """The system open dialog; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "选择问题清单", start,
                                          "Excel 工作簿 (*.xlsx *.xls);;所有文件 (*)")
    return path


class ImportWizard(QDialog):
    step_changed = Signal(int)

    def __init__(self, window):
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # a closed window is gone
        self.window_ = window
        self.store = window.store
        self.campaign_id = window.campaign_id
        self.setWindowTitle("导入问题清单")
        fit_to_screen(self, 1180, 700)
        self.step = FILE
        self.runner: Job | None = None
        self.path: Path | None = None
        self.table = None
        self.header_row = 0
        self.header_texts: list[str] = []
        self.extracted = None
        self.needs = []
        self.preview = None
        self.result: importer.ImportResult | None = None

        self.heading = QLabel(self)
        style.set_role(self.heading, "step_heading")
        self.stack = QStackedWidget(self)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.units_page = UnitsPage(self)
        self.preview_page = PreviewPage(self)
        self.done_label = QLabel(self)
        self.done_label.setWordWrap(True)
        style.set_role(self.done_label, "step_done")
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        for w in (self.file_page, self.mapping_page, self.units_page, self.preview_page, self.done_label):
            self.stack.addWidget(w)
        self.back_button = QPushButton("上一步", self)
        self.next_button = QPushButton("下一步", self)
        self.next_button.setDefault(True)
        self.undo_button = QPushButton("撤销本次导入", self)
        self.close_button = QPushButton("取消", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.file_page.browse_requested.connect(self.browse)
        self.preview_page.year_apply.clicked.connect(lambda: self._build_preview(self.preview_page.year_spin.value()))
        self.mapping_page.header_row_changed.connect(self._header_moved)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.reject)
        self.undo_button.clicked.connect(self.undo)
        self._show(FILE)

    # ----- navigation -------------------------------------------------------------------
    def _show(self, step: int) -> None:
        self.step = step
        self.stack.setCurrentIndex(step)
        self.heading.setText(TITLES[step])
        self.back_button.setVisible(step not in (FILE, DONE))
        self.next_button.setText("开始导入" if step == PREVIEW else "下一步")
        self.next_button.setVisible(step != DONE)
        self.undo_button.setVisible(step == DONE and self.result is not None)
        self.close_button.setText("完成" if step == DONE else "取消")
        self._busy(False)
        self.step_changed.emit(step)

    def _busy(self, busy: bool) -> None:
        for b in (self.back_button, self.next_button):
            b.setEnabled(not busy)

    def go_back(self) -> None:
        if self.step == PREVIEW:
            # names typed in the preview may be new: list them too, keeping earlier answers
            previous = self.units_page.plan() if self.needs else None
            self.needs = unit_names.unknown_units(self.store, self.extracted.rows)
            if self.needs:
                self.units_page.show_needs(self.needs, [(u.id, u.name) for u in list_units(self.store)], previous)
            self._show(UNITS if self.needs else COLUMNS)
        elif self.step in (COLUMNS, UNITS):
            self._show(self.step - 1)

    def go_next(self) -> None:
        if self.runner is not None:
            return
        {FILE: self._read_sheet, COLUMNS: self._extract, UNITS: self._build_preview,
         PREVIEW: self._run_import}.get(self.step, lambda: None)()

    def _run(self, title: str, job, on_success, *, writer: bool = False, error_label=None) -> None:
        def failed(message: str) -> None:
            if error_label is not None:
                error_label.setText(message)
            else:
                self.preview_page.summary.setText(style.span("error", message))

        def finished(_outcome: str) -> None:
            self.runner = None
            self._busy(False)

        self._busy(True)
        if writer:   # the import itself: one action on a worker thread; the pages hear what it added
            self.runner = self.window_.operations.run_slow(title, job, parent=self, on_done=on_success,
                                                           on_failure=failed, cancellable=True)
        else:        # reading and checking the sheet: a read-only snapshot of its own, nothing is written
            self.runner = Job(self, title, job, store=self.store, connection=READER,
                              on_success=on_success, on_failure=failed).start()
        self.runner.done.connect(finished)

    # ----- step 1: file -----------------------------------------------------------------
    def browse(self) -> None:
        settings = self.window_.settings
        path = choose_file(self, str(start_dir(settings, LAST_DIR_KEY)))
        if path:
            settings.setValue(LAST_DIR_KEY, str(Path(path).parent))
            self.set_file(path)

    def set_file(self, path: str | Path) -> bool:
        self.path = Path(path)
        self.file_page.path_edit.setText(str(path))
        self.file_page.error.clear()
        try:
            sheets = reader.list_sheets(self.path)
        except StoreError as exc:
            self.file_page.set_sheets([])
            self.file_page.error.setText(str(exc))
            self.path = None
            return False
        self.file_page.set_sheets(sheets)
        return True

    def _read_sheet(self) -> None:
        sheet = self.file_page.sheet()
        if self.path is None or sheet is None:
            self.file_page.error.setText("请先选择文件和工作表。")
            return
        path = self.path
        self._run("读取工作表", lambda store, progress: reader.read_sheet(path, sheet, progress),
                  self._sheet_read, error_label=self.file_page.error)

    def _sheet_read(self, table) -> None:
        self.table = table
        found = mapping.find_header_row(table)
        head = found or 0
        self.mapping_page.header_spin.blockSignals(True)
        self.mapping_page.header_spin.setMaximum(min(40, len(table.rows)))
        self.mapping_page.header_spin.setValue(head + 1)
        self.mapping_page.header_spin.blockSignals(False)
        self._header_moved(head)
        if found is None:
            self.mapping_page.error.setText(f"在工作表“{table.name}”的前 40 行中找不到表头（如“问题描述”“责任单位”）。"
                                            "请指定表头所在的行，并为各列选择对应的内容。")
        self._show(COLUMNS)

    # ----- step 2: columns --------------------------------------------------------------
    def _header_moved(self, head: int) -> None:
        if self.table is None:
            return
        self.header_row = head
        self.header_texts = mapping.headers(self.table, head)
        chosen, remembered = mapping.mapping_for(self.store, self.header_texts)
        self.mapping_page.show_columns(self.header_texts, samples_for(self.table, head, self.table.width),
                                       chosen, remembered)
        self.mapping_page.error.clear()

    def _extract(self) -> None:
        cols = self.mapping_page.chosen()
        problems = mapping.check_mapping(cols)
        if problems:
            self.mapping_page.error.setText("\n".join(problems))
            return
        table, head = self.table, self.header_row
        known = distinct_categories(self.store, self.campaign_id)

        def job(store, progress):
            extracted = rows.extract_rows(table, head, cols, known)
            return extracted, unit_names.unknown_units(store, extracted.rows)

        self._run("整理各行", job, self._extracted, error_label=self.mapping_page.error)

    def _extracted(self, result) -> None:
        self.extracted, self.needs = result
        if not self.extracted.rows:
            self.mapping_page.error.setText("在表头下面没有找到任何问题行。请检查表头所在行是否正确。")
            return
        if self.needs:
            existing = [(u.id, u.name) for u in list_units(self.store)]
            self.units_page.show_needs(self.needs, existing)
            self._show(UNITS)
        else:
            self._build_preview()

    # ----- step 3/4: units, preview -----------------------------------------------------
    def _build_preview(self, deadline_year: int | None = None) -> None:
        plan = self.units_page.plan() if self.needs else preview.UnitPlan()
        extracted, cid = self.extracted, self.campaign_id
        source = self.mapping_page.default_source.currentData()
        for row in extracted.rows:   # a second pass (after 上一步) starts from the sheet's choice
            row.include = True

        def job(store, progress):
            return preview.build_preview(store, cid, extracted, plan, default_source=source,
                                         progress=progress, cancelled=progress.cancelled, deadline_year=deadline_year)

        label = {COLUMNS: self.mapping_page.error, UNITS: self.units_page.error}.get(self.step)
        self._run("检查各行", job, self._previewed, error_label=label)

    def _previewed(self, pv) -> None:
        self.preview = pv
        self.preview_page.show_preview(pv)
        self._show(PREVIEW)

    # ----- step 5: import ---------------------------------------------------------------
    def _run_import(self) -> None:
        pv = self.preview
        if not pv.importable():
            self.preview_page.summary.setText(style.span("error", "没有可导入的行：请修正有问题的行，"
                                                         "或勾选要导入的行。"))
            return
        if pv.yearless and not pv.year_from and not messages.ask(
                self, "时限的年份", f"表中有 {pv.yearless} 行的整改时限没有写年份（如“6月底”），表题和说明中也没有写明年份。"
                f"\n\n将按 {pv.deadline_year} 年（本专题的年份）理解。确定吗？\n（如不对，请在预览上方改为正确的年份，"
                "再点“按此年份重新检查”。）", yes="按此年份导入", no="返回修改"):
            return
        name, sheet, texts, cols = self.path.name, self.table.name, self.header_texts, self.mapping_page.chosen()

        def job(store, progress):
            return importer.run_import(store, pv, file_name=name, sheet=sheet, header_texts=texts, mapping=cols,
                                       progress=progress, cancelled=progress.cancelled)

        self._run("导入问题", job, self._imported, writer=True)

    def _imported(self, result: importer.ImportResult) -> None:
        self.result = result
        parts = [f"已导入 <b>{result.added}</b> 个问题。"]
        if result.created_units:
            parts.append(f"新建单位 {len(result.created_units)} 个：{'、'.join(result.created_units[:12])}"
                         f"{'等' if len(result.created_units) > 12 else ''}。")
        if result.reports:
            parts.append(f"表中的整改措施和进展已记为 {result.reports} 条整改进展。")
        if result.skipped:
            parts.append(f"有 {result.skipped} 行未导入（有问题、疑似重复或未勾选）。")
        if result.backup:
            parts.append(f"导入前已自动备份数据库：{result.backup}")
        parts.append("如发现导入有误，可点“撤销本次导入”，或以后在“文件”菜单中选“撤销导入…”。")
        self.done_label.setText("<br><br>".join(parts))
        self._show(DONE)

    def undo(self) -> None:
        if self.result is None:
            return
        def undone() -> None:
            self.done_label.setText("本次导入已撤销，导入的问题和新建的单位已删除。")
            self.result = None
            self.undo_button.hide()

        if undo_import(self.window_, self.result.import_id, parent=self, on_done=undone):
            self.undo_button.setEnabled(False)

    def reject(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
            return
        super().reject()
