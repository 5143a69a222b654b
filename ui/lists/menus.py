"""Menu entries of the 专题清单 page: its printable lists in 导出与打印."""
from __future__ import annotations


def install(window) -> None:
    """The page is built when first used (ui.main_window builds it on its first showing)."""
    menu = window.menu("export").addMenu("专题清单")
    for which, title in (("timetable", "时间节点台账…"), ("study", "学习清单…"), ("duties", "责任清单…"),
                         ("checklist", "内容清单…"), ("inspections", "检查记录…")):
        menu.addAction(title).triggered.connect(lambda _checked=False, w=which: window.lists_page.export_list(w))
