"""Word documents from the window: 交办函, 简报, 销号审批表, 满意度测评表/结果, 公文格式设置."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton

from ui.dialogs.modal import exec_once
from ui.documents import files

# the document writers and their dialogs (python-docx, the letter and bulletin models) are
# imported at the click that uses them: the menus are built at every start, the documents rarely
if TYPE_CHECKING:
    from models.documents import letter_data


def run_dialog(dialog: QDialog) -> bool:
    """Show a modal dialog; tests replace this to fill fields and accept. The dialog is deleted
    once this click's work is done (its fields are still read right after)."""
    return exec_once(dialog) == QDialog.DialogCode.Accepted


def choose_folder(parent, title: str, start: str) -> str:
    """A folder for several files (one letter per unit); tests replace this."""
    return QFileDialog.getExistingDirectory(parent, title, start)


def _done(window, paths: list[Path], warnings: list[str]) -> None:
    """Say where the files went; name missing fonts once per session."""
    text = "已生成：\n" + "\n".join(str(p) for p in paths)
    if warnings and not window.fonts_warned:
        window.fonts_warned = True
        text += "\n\n字体提示：\n" + "\n".join(dict.fromkeys(warnings))
    window.statusBar().showMessage(f"已生成 {len(paths)} 个文档：{paths[0].parent if paths else ''}", 8000)
    files.show_info(window, "生成完成", text)


def _run(window, func, *args, **kwargs):
    """Gather or write through the window's one runner ("生成失败" with the reason, or 程序出错)."""
    return window.operations.run("生成失败", func, *args, **kwargs)


def current_batch_id(window) -> int | None:
    """The batch selected on the 交办批次 page, else the campaign's newest batch."""
    bid = window.batches_page.current_batch_id()
    if bid:
        return bid
    if window.campaign_id is None:
        return None
    from models.workflow.handover import list_batches

    batches = list_batches(window.store, window.campaign_id)
    return batches[0]["id"] if batches else None


def ensure_office_names(window) -> bool:
    """Before the first letter: ask once for this office's own names (no letter is signed with a
    placeholder). False when the office backed out."""
    from models.documents import doc_settings
    from ui.documents.dialogs import DocSettingsDialog

    if not doc_settings.missing_for_letter(doc_settings.load(window.store)):
        return True
    return run_dialog(DocSettingsDialog(window.store, window, first_letter=True))


def ask_letters(window, batch_id: int | None = None) -> tuple[list, letter_data.LetterOptions] | None:
    """Ask the 交办函 options for a batch (the selected one by default) and plan the letters with
    their 文号; shared by "生成交办函…" and the letter's print preview / PDF. None when the user
    backed out or the letters cannot be made (said in Chinese)."""
    from models.documents import letter_data
    from ui.documents.dialogs import LetterOptionsDialog

    batch_id = batch_id or current_batch_id(window)
    if not batch_id:
        files.show_error(window, "生成交办函", "请先在“交办批次”页选择一个交办批次。")
        return None
    from models.workflow.handover import get_batch

    batch = get_batch(window.store, batch_id)
    if batch is None:
        files.show_error(window, "生成交办函", "交办批次不存在或已被删除。")
        return None
    if not ensure_office_names(window):
        return None
    dialog = LetterOptionsDialog(window.store, batch_id, batch.label, window)
    if not run_dialog(dialog):
        return None
    options = _run(window, dialog.options)
    letters = options and _run(window, letter_data.plan_letters, window.store, batch_id, options)
    return (letters, options) if letters else None


def make_letters(window, batch_id: int | None = None) -> list[Path]:
    from models.documents import exports, letter_data

    batch_id = batch_id or current_batch_id(window)
    asked = ask_letters(window, batch_id)
    if asked is None:
        return []
    letters, options = asked
    per_unit = options.mode == letter_data.MODE_UNITS
    if per_unit:
        folder = choose_folder(window, "选择保存交办函的文件夹", str(files.default_dir(window.settings)))
        if not folder:
            return []
        targets = exports.letter_paths(letters, Path(folder), per_unit=True)   # one file per unit
        for target in targets:
            if not files.confirm_overwrite(window, target):
                return []
    else:
        stem = exports.letter_stem(letters[0], per_unit=False)
        target = files.choose_target(window, window.settings, "保存交办函", stem, ".docx")
        if target is None:
            return []
        targets = [target]
    # each letter written registers its 文号 in the 发文登记
    written = exports.write_letters(letters, targets, store=window.store, batch_id=batch_id)
    if written.failed:   # the others were written all the same
        files.show_error(window, "部分交办函没有生成",
                         f"以下 {len(written.failed)} 个文件没有生成：\n{written.failure_text()}")
    if written.paths:
        _done(window, written.paths, written.warnings)
    return written.paths


def make_bulletin(window) -> Path | None:
    from models.documents import data
    from models.documents.bulletin import write_bulletin
    from ui.documents.dialogs import BulletinEditor

    if window.campaign_id is None:
        files.show_error(window, "编辑简报", "请先选择一个监督专题。")
        return None
    issue = int(window.store.get_setting("doc.last_issue", "0") or 0) + 1
    bulletin = _run(window, data.bulletin_data, window.store, window.campaign_id, issue=issue)
    if bulletin is None:
        return None
    editor = BulletinEditor(bulletin, window)
    if not run_dialog(editor):
        return None
    content = _run(window, editor.data)
    if content is None:
        return None
    target = files.choose_target(window, window.settings, "保存简报", f"简报第{content.issue}期", ".docx")
    if target is None or _run(window, write_bulletin, content, target) is None:
        return None
    _run(window, window.store.set_setting, "doc.last_issue", str(content.issue))
    _done(window, [target], [])
    return target


def _write_one(window, title: str, name: str, gather, writer) -> Path | None:
    d = _run(window, gather)
    if d is None:
        return None
    target = files.choose_target(window, window.settings, title, name, ".docx")
    if target is None:
        return None
    warnings = _run(window, writer, d, target)
    if warnings is None:
        return None
    _done(window, [target], warnings)
    return target


def make_closing_form(window) -> Path | None:
    from models.documents import data, forms

    ids = window.ledger_page.selected_problem_ids()
    if len(ids) != 1:
        files.show_error(window, "销号审批表", "请在问题清单中选择一个问题。")
        return None
    return _write_one(window, "保存销号审批表", "销号审批表", lambda: data.closing_form_data(window.store, ids[0]),
                      forms.write_closing_form)


def make_ballot(window) -> Path | None:
    from models.documents import data, forms

    if window.campaign_id is None:
        files.show_error(window, "满意度测评表", "请先选择一个监督专题。")
        return None
    return _write_one(window, "保存满意度测评表", "满意度测评表",
                      lambda: data.ballot_data(window.store, window.campaign_id), forms.write_ballot)


def make_results(window) -> Path | None:
    from models.documents import data, forms

    eid = window.evaluation_page.selected_id()
    if not eid:
        files.show_error(window, "测评结果表", "请在“满意度测评”页选择一次测评。")
        return None
    return _write_one(window, "保存测评结果表", "满意度测评结果", lambda: data.results_data(window.store, eid),
                      forms.write_results)


def edit_settings(window) -> bool:
    from ui.documents.dialogs import DocSettingsDialog

    dialog = DocSettingsDialog(window.store, window)
    return run_dialog(dialog)


def install(window) -> None:
    """Word documents in the 导出与打印 menu, 公文格式设置 in 工具 (生成交办函 on the 交办批次 page:
    ``add_letter_button``, when that page is built)."""
    window.add_action("export", "生成交办函…", lambda: make_letters(window),
                      tip="为所选交办批次生成问题交办函（Word），附问题清单")
    window.add_action("export", "编辑并导出简报…", lambda: make_bulletin(window),
                      tip="按当前专题的统计数字生成简报正文，编辑后导出 Word")
    window.add_action("export", "导出销号审批表…", lambda: make_closing_form(window))
    window.add_action("export", "导出满意度测评表…", lambda: make_ballot(window))
    window.add_action("export", "导出测评结果表…", lambda: make_results(window))
    window.add_action("tools", "公文格式设置…", lambda: edit_settings(window),
                      tip="发文机关、文号前缀、主送、抄送、印发、署名、供稿单位、简报报送范围", writes=True)


def add_letter_button(window, batches_page) -> None:
    button = QPushButton("生成交办函…", batches_page)   # beside the page's own buttons: acts on its batch
    button.setObjectName("make_letter_button")
    button.clicked.connect(lambda: make_letters(window))
    batches_page.add_button(button)
