"""Qt's own file dialog says everything in Chinese, and file choosers start in the documents folder
or the last folder used for that kind of file, never in the program's folder."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

from ui.widgets.file_dialogs import documents_dir, remember_dir, start_dir

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_file_dialog_has_no_english(window, qtbot, tmp_path, mode):
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "台账.xlsx").write_bytes(b"x")
    dialog = QFileDialog(window, "选择问题清单", str(tmp_path), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)   # the dialog Linux offices see
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.show()
    words = [w.text() for w in dialog.findChildren(QLabel)] + \
        [w.text() or w.toolTip() for w in dialog.findChildren(QAbstractButton)]
    tree = next(t for t in dialog.findChildren(QTreeView) if t.objectName() == "treeView")
    def rows() -> list[str]:
        return [tree.model().index(r, 0, tree.rootIndex()).data() for r in range(tree.model().rowCount(tree.rootIndex()))]
    qtbot.waitUntil(lambda: "子文件夹" in rows())
    folder_row = rows().index("子文件夹")
    words.append(tree.model().index(folder_row, 2, tree.rootIndex()).data())     # its type: 文件夹
    words += [tree.model().headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    english = [w for w in words if w and re.search(r"[A-Za-z]{2,}", w.replace("Excel", "").replace("xlsx", ""))]
    assert english == []
    assert "查找范围(&L)：" in words and "文件夹" in words
    QTimer.singleShot(0, dialog.reject)


def test_start_folder_is_documents_then_the_last_used(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert start_dir(settings, "import/last_dir") == documents_dir()
    assert documents_dir() != Path.cwd() or Path.cwd() == Path.home()
    sheet = tmp_path / "台账" / "问题清单.xlsx"
    sheet.parent.mkdir()
    sheet.write_bytes(b"x")
    remember_dir(settings, "import/last_dir", sheet)
    assert start_dir(settings, "import/last_dir") == sheet.parent
    assert start_dir(settings, "replies/last_dir") == documents_dir()   # each kind of file its own folder
    sheet.unlink()
    sheet.parent.rmdir()                                               # a folder gone: documents again
    assert start_dir(settings, "import/last_dir") == documents_dir()


def test_import_wizard_starts_in_documents(window, qtbot, monkeypatch):
    from models.campaigns import create_campaign
    from models.domain import Campaign
    from ui.exchange import wizard as wizard_module
    from ui.exchange.actions import open_import_wizard

    window.reload_campaigns(select_id=create_campaign(window.store, Campaign(name="专题", year=2024)))
    seen = []
    monkeypatch.setattr(wizard_module, "choose_file", lambda parent, start: seen.append(start) or "")
    wizard = open_import_wizard(window)
    qtbot.addWidget(wizard)
    wizard.browse()
    assert seen == [str(documents_dir())]
    wizard.reject()
