"""导出与打印: Excel ledgers in the background, print preview and PDF of the problem list.

Every export: choose a file (never replacing one without asking), gather and write on a worker
thread with its own read-only connection, a progress dialog if it takes a while, 取消 leaves no
file. The problem list is exactly the ledger view: its filter, visible columns in screen order
and sort (or the selected rows).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from models import ledger
from ui.dialogs.modal import exec_once
from ui.documents import files
from ui.jobs import READER, Job

PREVIEW_WARN_ROWS = 3000
# xlsx_ledgers / table_html (openpyxl), doc_print (python-docx) and printing (Qt's print support)
# are imported when first used: keeps start-up fast.

if TYPE_CHECKING:
    from models.documents.export_data import LedgerView


def _exports():
    from models.documents import exports  # the sheets' makers load at the first export

    return exports


def _export_data():
    from models.documents import export_data

    return export_data


def exec_dialog(dialog) -> int:
    """Show a modal dialog; tests replace this function. Deleted once this click's work is done."""
    return exec_once(dialog)


def choose_month(parent, months: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Pick the month of the 月调度表 (newest first); tests replace this function."""
    labels = [f"{y}年{m}月" for y, m in months]
    text, ok = QInputDialog.getItem(parent, "导出月调度表", "调度月份：", labels, 0, False)
    return months[labels.index(text)] if ok and text in labels else None


class ExportActions:
    """The 导出与打印 menu's work; methods take an optional path so tests skip the file dialog."""

    def __init__(self, window, ledger_page):
        self.window = window
        self.ledger_page = ledger_page
        self.runner: Job | None = None     # closing the window cancels it (ui.jobs)
        self.last_target: Path | None = None
        self.last_preview = None   # the PdfPreview last shown (it deletes itself when closed)

    # ----- what the ledger shows ---------------------------------------------------------
    def ledger_view(self, ids: list[int] | None = None) -> LedgerView:
        page = self.ledger_page
        note = page.extra_label.text() if not page.extra_label.isHidden() else ""
        return _export_data().LedgerView(page.current_filter(), tuple(page.visible_column_keys()), page.model.sort_key,
                          bool(page.model.descending), ids=list(ids) if ids else None, note=note)

    # ----- running -----------------------------------------------------------------------
    def busy(self) -> bool:
        return self.runner is not None

    def _run(self, title: str, what: str, suffix: str, job: Callable, path: str | Path | None) -> Job | None:
        w = self.window
        if w.campaign_id is None:
            files.show_error(w, title, "请先选择或新建一个监督专题。")
            return None
        if self.busy():
            files.show_error(w, title, "已有一项导出正在进行，请等它完成或取消后再试。")
            return None
        target = files.choose_target(w, w.settings, title, what, suffix, path)
        if target is None:
            return None

        def work(reader, progress):
            job(reader, target, progress)
            return target

        runner = Job(w, title, work, store=w.store, connection=READER, on_success=self._succeeded,
                     on_failure=lambda message: files.show_error(w, f"{title}失败", message),
                     on_cancel=lambda: w.statusBar().showMessage("已取消导出，没有生成文件。", 8000))
        runner.done.connect(self._finished)
        self.runner = runner
        runner.start()
        return runner

    def _succeeded(self, target: Path) -> None:
        self.last_target = target
        self.window.statusBar().showMessage(f"已保存：{target}", 15000)

    def _finished(self, _outcome: str = "") -> None:
        self.runner = None

    # ----- Excel -------------------------------------------------------------------------
    def export_sheets(self, title: str, what: str, specs: Callable, path: str | Path | None = None):
        """Write the sheets ``specs(reader)`` gathers to one workbook, in the background (the
        专题清单 page's lists go out this way too)."""
        from models.documents import xlsx_ledgers

        def job(reader, target, progress):
            xlsx_ledgers.write_sheets(target, specs(reader), progress)
        return self._run(title, what, ".xlsx", job, path)

    def export_problem_list(self, path: str | Path | None = None, ids: list[int] | None = None):
        """问题清单 as on screen (current filter), or the given rows."""
        view = self.ledger_view(ids)
        return self.export_sheets("导出问题清单", "问题清单", lambda r: _exports().problem_list_specs(r, view), path)

    def export_rectification(self, path: str | Path | None = None):
        cid = self.window.campaign_id
        return self.export_sheets("导出整改台账", "整改台账", lambda r: _exports().rectification_specs(r, cid), path)

    def export_closed(self, path: str | Path | None = None):
        cid = self.window.campaign_id
        return self.export_sheets("导出销号清单", "销号清单", lambda r: _exports().closed_specs(r, cid), path)

    def export_dispatch(self, path: str | Path | None = None, year: int | None = None, month: int | None = None):
        cid = self.window.campaign_id
        if cid is not None and (year is None or month is None):
            from models.workflow.dispatch import report_months

            today = date.today()
            months = [(today.year, today.month)]
            months += [m for m in report_months(self.window.store, cid) if m != months[0]]
            chosen = choose_month(self.window, months)
            if chosen is None:
                return None
            year, month = chosen
        # a city narrowed the 月调度 page to one county: the sheet is that county's
        origin = self.window.dispatch_page.origin_key()
        return self.export_sheets("导出月调度表", f"月调度表-{year}年{month}月",
                            lambda r: _exports().dispatch_specs(r, cid, year, month, origin=origin), path)

    def export_statistics(self, path: str | Path | None = None):
        cid = self.window.campaign_id
        return self.export_sheets("导出统计表", "整改情况统计", lambda r: _exports().statistics_specs(r, cid), path)

    def export_all(self, path: str | Path | None = None):
        """One workbook: 问题清单 (all problems), 整改台账, 销号清单 and the 统计 sheets."""
        cid = self.window.campaign_id
        return self.export_sheets("导出完整台账", "联动监督台账", lambda r: _exports().all_specs(r, cid), path)

    # ----- print -------------------------------------------------------------------------
    def problem_list_html(self, store=None, view: LedgerView | None = None) -> str:
        return self.problem_list_print(store, view)[0]

    def problem_list_print(self, store=None, view: LedgerView | None = None):
        """The printed problem list and how to rebuild it with rows kept whole on their page."""
        from models.documents import table_html, xlsx_ledgers

        data = _export_data().problem_list(store or self.window.store, view or self.ledger_view())
        spec = xlsx_ledgers.problem_list_spec(data)
        return table_html.sheets_html([spec]), lambda breaks: table_html.sheets_html([spec], breaks)

    def preview_problem_list(self):
        """Qt print preview of the problem list as on screen (A4 landscape, header on every page)."""
        from ui.documents import printing

        w = self.window
        if w.campaign_id is None:
            files.show_error(w, "打印预览", "请先选择或新建一个监督专题。")
            return None
        view = self.ledger_view()
        rows = len(view.ids) if view.ids is not None else ledger.count(w.store, view.flt)
        if rows > PREVIEW_WARN_ROWS and not files.ask_yes_no(
                w, "打印预览", f"当前共 {rows} 行，预览需要较长时间排版。要继续吗？\n（也可先筛选后再预览。）"):
            return None
        printed = w.operations.run("无法打印预览", self.problem_list_print, view=view)
        if printed is None:
            return None
        html, rebuild = printed
        dialog = printing.preview_dialog(w, html, landscape=True, title="打印预览 — 问题清单", rebuild=rebuild)
        exec_dialog(dialog)
        return dialog

    def problem_list_pdf(self, path: str | Path | None = None):
        """问题清单 (as on screen) saved as PDF, laid out like the preview."""
        from ui.documents import printing

        view = self.ledger_view()

        def job(reader, target, progress):
            html, rebuild = self.problem_list_print(reader, view)
            printing.write_pdf(target, html, landscape=True, title="问题清单", progress=progress, rebuild=rebuild)
        return self._run("问题清单另存为 PDF", "问题清单", ".pdf", job, path)


    # ----- letters and bulletins (the documents area's content, printed without Word) ----------
    def letter_contents(self) -> list | None:
        """The 交办函 of the current batch, asking the same options as "生成交办函…"."""
        from models.documents.letter import letter_content
        from ui.documents import word as doc_ui

        asked = doc_ui.ask_letters(self.window)
        return [letter_content(letter) for letter in asked[0]] if asked else None

    def bulletin_contents(self) -> list | None:
        """The 简报 as edited in the same editor as "编辑并导出简报…"."""
        from models.documents import data as doc_data
        from models.documents.bulletin import bulletin_content
        from ui.documents import word as doc_ui
        from ui.documents.dialogs import BulletinEditor

        w = self.window
        if w.campaign_id is None:
            files.show_error(w, "简报", "请先选择一个监督专题。")
            return None
        issue = int(w.store.get_setting("doc.last_issue", "0") or 0) + 1
        bulletin = w.operations.run("简报", doc_data.bulletin_data, w.store, w.campaign_id, issue=issue)
        if bulletin is None:
            return None
        editor = BulletinEditor(bulletin, w)
        if not doc_ui.run_dialog(editor):
            return None
        edited = w.operations.run("简报", editor.data)
        return [bulletin_content(edited)] if edited else None

    def _document_pdf(self, contents: list, what: str):
        """``write(target, progress)`` for these documents: their own .docx through LibreOffice
        when it is installed (one layout for file, paper and PDF), else Qt's drawing of the same
        content with a text layer that holds the real characters."""
        from models.documents import office
        from ui.documents import printing

        program = office.find_office()
        if program:
            return lambda target, progress: office.write_pdf(target, contents, office=program, title=what,
                                                             progress=progress)
        from ui.documents import doc_print

        parts = doc_print.documents_parts(contents)   # Qt page layouts: built here, on the GUI thread
        return lambda target, progress: printing.write_pdf_parts(target, parts, title=what, progress=progress)

    def preview_documents(self, contents: list | None, title: str, what: str = "文档"):
        """Lay the documents out as PDF in the background, then show its pages (PdfPreview)."""
        if not contents:
            return None
        import tempfile

        from ui.documents.pdf_preview import PdfPreview

        w = self.window
        if self.busy():
            files.show_error(w, title, "已有一项导出正在进行，请等它完成或取消后再试。")
            return None
        write = self._document_pdf(contents, what)
        folder = Path(tempfile.mkdtemp(prefix="liandong-preview-"))
        target = folder / f"{what}.pdf"

        def work(reader, progress):
            write(target, progress)
            return target

        def show(pdf: Path) -> None:
            dialog = PdfPreview(w, pdf, title, folder)
            self.last_preview = dialog
            exec_dialog(dialog)

        def drop(*_args) -> None:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)

        def failed(message: str) -> None:
            drop()
            files.show_error(w, "无法打印预览", message)

        runner = Job(w, title, work, store=w.store, connection=READER, on_success=show,
                     on_failure=failed, on_cancel=drop)
        runner.done.connect(self._finished)
        self.runner = runner
        runner.start()
        return runner

    def documents_pdf(self, contents: list | None, what: str, path: str | Path | None = None):
        if not contents:
            return None
        write = self._document_pdf(contents, what)
        return self._run(f"{what}另存为 PDF", what, ".pdf", lambda reader, target, progress: write(target, progress),
                         path)

    def preview_letters(self):
        return self.preview_documents(self.letter_contents(), "打印预览 — 问题交办函", "问题交办函")

    def letters_pdf(self, path: str | Path | None = None):
        return self.documents_pdf(self.letter_contents(), "问题交办函", path)

    def preview_bulletin(self):
        return self.preview_documents(self.bulletin_contents(), "打印预览 — 简报", "简报")

    def bulletin_pdf(self, path: str | Path | None = None):
        return self.documents_pdf(self.bulletin_contents(), "简报", path)


def install(window, page, actions: ExportActions) -> None:
    """The 导出与打印 menu, and 导出所选问题/导出当前筛选 on the ledger's right-click."""
    add = window.add_action
    add("export", "导出问题清单（当前筛选）…", actions.export_problem_list,
        tip="把问题清单页当前显示的行和列导出为 Excel（按屏幕上的筛选、列和排序）")
    add("export", "导出整改台账…", actions.export_rectification, tip="每个问题及其各次整改进展，导出为 Excel")
    add("export", "导出销号清单…", actions.export_closed, tip="已销号问题及核查意见，导出为 Excel")
    add("export", "导出月调度表…", actions.export_dispatch, tip="选定月份的在办问题、报送情况和单位排名")
    add("export", "导出统计表…", actions.export_statistics, tip="总览页的各项数字，导出为 Excel")
    add("export", "导出完整台账（多个工作表）…", actions.export_all,
        tip="问题清单、整改台账、销号清单和统计放在一个 Excel 工作簿里")
    window.menu("export").addSeparator()
    add("export", "打印预览问题清单…", actions.preview_problem_list, shortcut="Ctrl+P",
        tip="按当前筛选预览并打印问题清单（A4 横向，每页重复表头）")
    add("export", "问题清单另存为 PDF…", actions.problem_list_pdf, tip="不需要 Word 或 WPS")
    add("export", "打印预览交办函…", actions.preview_letters, tip="与生成的 Word 交办函内容、顺序一致")
    add("export", "交办函另存为 PDF…", actions.letters_pdf, tip="不需要 Word 或 WPS")
    add("export", "打印预览简报…", actions.preview_bulletin)
    add("export", "简报另存为 PDF…", actions.bulletin_pdf)
    page.add_context_action("导出所选问题…", lambda ids: actions.export_problem_list(ids=ids or None))
    page.add_context_action("导出当前筛选…", lambda ids: actions.export_problem_list())
