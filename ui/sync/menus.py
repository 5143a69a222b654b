"""三级联动交换 in the 文件 menu: this office's identity, write/import 交换包, conflicts, undo."""
from __future__ import annotations


def _actions():
    from ui.sync import actions  # (with the package reader, signing and unit mapping) loads at first use

    return actions


def install(window) -> None:
    """文件 → 三级联动交换 submenu."""
    menu = window.menu("file").addMenu("三级联动交换")
    menu.setObjectName("sync_menu")
    entries = (   # (text, what it opens, tip, writes: disabled in a read-only window)
        ("写交换包…", lambda: _actions().open_export(window), "为上级或下级机关写交换包（问题、整改进展、销号、佐证材料）", True),
        ("导入交换包…", lambda: _actions().open_import(window), "读入其他机关的交换包：先列出变化，确认后才应用", True),
        ("交换冲突…", lambda: _actions().open_conflicts(window), "两个机关改了同一项目时，在这里决定采用哪一个", True),
        ("已导入的交换包…", lambda: _actions().open_packages(window), "列出导入过的交换包，可撤销最近一次", True),
        ("本机关信息…", lambda: _actions().open_identity(window), "本机关名称、层级和签名密钥指纹", False),
    )
    for text, slot, tip, writes in entries:
        action = menu.addAction(text)
        action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False, slot=slot: slot())
        if window.store.read_only and writes:
            action.setEnabled(False)
