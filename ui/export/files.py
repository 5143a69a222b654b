"""Choosing where an export goes: a save dialog that remembers the folder, and never overwriting
an existing file without asking. Message boxes go through small functions tests can replace."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.widgets.file_dialogs import start_dir

LAST_DIR_KEY = "export/last_dir"
FILTERS = {".xlsx": "Excel 工作簿 (*.xlsx)", ".pdf": "PDF 文件 (*.pdf)", ".docx": "Word 文档 (*.docx)"}


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A 是/否 question; tests replace this function."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def get_save_file_name(parent: QWidget | None, title: str, start: str, file_filter: str) -> str:
    """The system save dialog (it asks itself before replacing a file); tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
    return path


def default_dir(settings: QSettings | None) -> Path:
    return start_dir(settings, LAST_DIR_KEY)


def suggested_name(what: str, suffix: str, day: date | None = None) -> str:
    """"整改台账-20251123.xlsx"; characters Windows refuses in names are replaced."""
    clean = "".join("_" if c in '\\/:*?"<>|' else c for c in what).strip() or "导出"
    return f"{clean}-{(day or date.today()):%Y%m%d}{suffix}"


def with_suffix(path: str | Path, suffix: str) -> Path:
    p = Path(path)
    return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)


def confirm_overwrite(parent: QWidget | None, path: Path) -> bool:
    """True when ``path`` is free or the user agreed to replace it."""
    if not path.exists():
        return True
    return ask_yes_no(parent, "文件已存在",
                      f"文件“{path.name}”已存在于\n{path.parent}\n\n要用新导出的内容替换它吗？")


def choose_target(parent: QWidget | None, settings: QSettings | None, title: str, what: str, suffix: str,
                  path: str | Path | None = None) -> Path | None:
    """Where to write: the given ``path`` (asking before replacing an existing file) or one the
    user picks in the save dialog. None when the user backed out."""
    if path is not None:
        target = with_suffix(path, suffix)
        return target if confirm_overwrite(parent, target) else None
    start = default_dir(settings) / suggested_name(what, suffix)
    chosen = get_save_file_name(parent, title, str(start), FILTERS.get(suffix, f"*{suffix}"))
    if not chosen:
        return None
    target = with_suffix(chosen, suffix)
    # the dialog already asked for the name the user typed; a suffix we added may hit another file
    if target != Path(chosen) and not confirm_overwrite(parent, target):
        return None
    if settings is not None:
        settings.setValue(LAST_DIR_KEY, str(target.parent))
    return target
