"""三级联动交换 in the 文件 menu: this office's identity, write/import 交换包, conflicts, undo."""
from __future__ import annotations

from ui.sync import actions


def install(window) -> None:
    menu = window.menu("file").addMenu("三级联动交换")
    menu.setObjectName("sync_menu")
    entries = (
        ("写交换包…", actions.open_export, "为上级或下级机关写交换包（问题、整改进展、销号、佐证材料）"),
        ("导入交换包…", actions.open_import, "读入其他机关的交换包：先列出变化，确认后才应用"),
        ("交换冲突…", actions.open_conflicts, "两个机关改了同一项目时，在这里决定采用哪一个"),
        ("已导入的交换包…", actions.open_packages, "列出导入过的交换包，可撤销最近一次"),
        ("本机关信息…", actions.open_identity, "本机关名称、层级和签名密钥指纹"),
    )
    for text, slot, tip in entries:
        action = menu.addAction(text)
        action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False, slot=slot: slot(window))
        if window.store.read_only and slot is not actions.open_identity:
            action.setEnabled(False)
