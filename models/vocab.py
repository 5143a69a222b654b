"""The fixed word lists of the domain; the UI, documents and checks read them from here."""
from __future__ import annotations

LEVELS = ("省", "市", "县")

UNIT_KINDS = ("人民政府", "政府部门", "乡镇/街道", "人大机关/专门委员会", "下级人大常委会", "其他")

SOURCES = ("政府自查", "执法检查", "专题调研", "暗访调查", "群众反映", "代表建议", "常委会审议", "上级交办")

DEFAULT_CATEGORIES = ("设施建设", "医养结合", "老年助餐", "人才队伍", "资金保障", "政策落实",
                      "农村养老", "适老化改造", "智慧养老", "其他")

KINDS = ("立行立改", "限期整改", "长期整改")

# Statuses in the order of the work; transitions live in models/workflow/rules.py.
STATUS_PENDING = "待交办"
STATUS_IN_PROGRESS = "整改中"
STATUS_CLOSE_REQUESTED = "申请销号"
STATUS_CLOSED = "已销号"
STATUS_CARRIED = "转下年度"
STATUSES = (STATUS_PENDING, STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED, STATUS_CLOSED, STATUS_CARRIED)
OPEN_STATUSES = (STATUS_PENDING, STATUS_IN_PROGRESS, STATUS_CLOSE_REQUESTED)

DEFAULT_WARN_DAYS = 15
