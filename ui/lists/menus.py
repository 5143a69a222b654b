"""Wiring of the 专题清单 page: the page itself, and its exports in the 导出与打印 menu."""
from __future__ import annotations

from ui.lists.page import ListsPage

ORDER = 65   # after 满意度测评, before 单位


def install(window) -> ListsPage:
    page = ListsPage(window)
    window.add_page("lists", "专题清单", page, order=ORDER)
    menu = window.menu("export").addMenu("专题清单")
    for which, title in (("timetable", "时间节点台账…"), ("study", "学习清单…"), ("duties", "责任清单…"),
                         ("checklist", "内容清单…"), ("inspections", "检查记录…")):
        menu.addAction(title).triggered.connect(lambda _checked=False, w=which: page.export_list(w))
    return page
