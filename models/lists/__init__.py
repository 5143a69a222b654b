"""The campaign's lists around its problems: timetable (时间节点台账), 法规库 and 学习清单, 责任清单,
内容清单 with site inspections (检查记录), work counts and 评价清单."""

# the printable lists (models/lists/sheets.py writes them): key -> sheet title
LISTS = {
    "timetable": "时间节点台账",
    "study": "学习清单",
    "duties": "责任清单",
    "checklist": "内容清单",
    "inspections": "检查记录",
}
