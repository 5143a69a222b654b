"""Exchange with Excel: import a problem list, undo it, export and import units' reply workbooks."""
from __future__ import annotations

from ui.exchange import actions
from ui.exchange.imports_dialog import open_imports


def install(window) -> None:
    file_menu = window.menu("file")
    file_menu.addSeparator()
    window.import_action = window.add_action(
        "file", "导入问题清单…", lambda: actions.open_import_wizard(window),
        tip="从 Excel/WPS 问题清单（.xlsx/.xls）导入问题到当前监督专题", writes=True)
    window.add_action("file", "撤销导入…", lambda: open_imports(window),
                      tip="列出当前监督专题的各次导入，选择一次撤销（删除那次导入添加的问题和单位）")
    file_menu.addSeparator()
    window.add_action("file", "导出反馈表…", lambda: actions.open_reply_export(window),
                      tip="为每个牵头单位导出整改进展反馈表，供单位填写")
    window.add_action("file", "导入反馈表…", lambda: actions.open_reply_import(window),
                      tip="读入单位填好的反馈表，记为整改进展", writes=True)
