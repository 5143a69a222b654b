"""The campaign's lists as print-ready Excel sheets (through the ledgers' one sheet writer):
时间节点台账, 学习清单, 责任清单, 内容清单, 检查记录."""
from __future__ import annotations

from datetime import date

from models.documents.xlsx_style import DATE, INT, SheetColumn, SheetSpec
from models.lists import checklist, counts, duties, inspections, regulations, timetable
from models.store import Store


def _title(store: Store, campaign_id: int, what: str) -> str:
    c = store.query_one("SELECT name, year FROM campaigns WHERE id = ?", (campaign_id,)) or {"name": "", "year": ""}
    return f"{c['year']}年“{c['name']}”{what}"


def _iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def timetable_spec(store: Store, campaign_id: int, today: date) -> SheetSpec:
    cols = (SheetColumn("n", "序号", INT), SheetColumn("name", "阶段", max_width=16),
            SheetColumn("start", "开始日期", DATE), SheetColumn("end", "结束日期", DATE),
            SheetColumn("owner", "负责部门", max_width=24), SheetColumn("state", "状态", max_width=8),
            SheetColumn("notes", "工作内容及要求", max_width=60))
    rows = [[i, p.name, _iso(p.start_date), _iso(p.end_date), p.owner, p.state(today), p.notes]
            for i, p in enumerate(timetable.list_phases(store, campaign_id), 1)]
    return SheetSpec("时间节点台账", _title(store, campaign_id, "时间节点台账"), cols, rows,
                     subtitle=f"截至{today.year}年{today.month}月{today.day}日")


def study_spec(store: Store, campaign_id: int) -> SheetSpec:
    cols = (SheetColumn("n", "序号", INT), SheetColumn("title", "法律法规名称", max_width=40),
            SheetColumn("issuer", "制定机关", max_width=30), SheetColumn("adopted", "通过日期", DATE),
            SheetColumn("effective", "施行", max_width=20), SheetColumn("articles", "条数", INT))
    rows = [[i, f"《{r['title']}》", r["issuer"], _iso(r["adopted_on"] or None), r["effective_on"], r["articles"]]
            for i, r in enumerate(regulations.study_list(store, campaign_id), 1)]
    return SheetSpec("学习清单", _title(store, campaign_id, "学习清单"), cols, rows)


def duties_spec(store: Store, campaign_id: int) -> SheetSpec:
    cols = (SheetColumn("n", "序号", INT), SheetColumn("unit", "责任单位", max_width=24),
            SheetColumn("text", "主要职责", max_width=60), SheetColumn("basis", "法律依据", max_width=36),
            SheetColumn("problems", "涉及问题", INT))
    rows = [[i, r["unit_name"], r["text"], r["legal_basis"], r["problems"]]
            for i, r in enumerate(duties.list_duties(store, campaign_id), 1)]
    units = len({r[1] for r in rows})
    return SheetSpec("责任清单", _title(store, campaign_id, "责任清单"), cols, rows,
                     subtitle=f"共{units}个单位、{len(rows)}项职责")


def checklist_spec(store: Store, campaign_id: int) -> SheetSpec:
    cols = (SheetColumn("n", "序号", INT), SheetColumn("aspect", "方面", max_width=20),
            SheetColumn("kind", "类型", max_width=8), SheetColumn("text", "调研内容／检查指标", max_width=60),
            SheetColumn("basis", "依据", max_width=36))
    items = checklist.list_items(store, campaign_id)
    rows = [[i, r["aspect"], r["kind"], r["text"], r["legal_basis"]] for i, r in enumerate(items, 1)]
    research = sum(1 for r in items if r["kind"] == "调研内容")
    parts = len({r["aspect"] for r in items})
    return SheetSpec("内容清单", _title(store, campaign_id, "内容清单"), cols, rows,
                     subtitle=f"共{parts}个方面，调研内容{research}项、检查指标{len(items) - research}项")


def inspections_specs(store: Store, campaign_id: int) -> list[SheetSpec]:
    cols = (SheetColumn("n", "序号", INT), SheetColumn("date", "检查日期", DATE),
            SheetColumn("kind", "方式", max_width=10), SheetColumn("place", "地点／机构", max_width=30),
            SheetColumn("unit", "被检查单位", max_width=24), SheetColumn("members", "参加人员", max_width=24),
            SheetColumn("elderly", "走访老年人", INT), SheetColumn("failed", "不符合项", INT),
            SheetColumn("problems", "生成问题", INT))
    rows = [[i, _iso(r["visit_date"]), r["kind"], r["place"], r["unit_name"] or "", r["members"], r["elderly_met"],
             r["failed"], r["problems"]] for i, r in enumerate(inspections.list_inspections(store, campaign_id), 1)]
    sentence = counts.work_sentence(counts.work_counts(store, campaign_id))
    sheets = [SheetSpec("检查记录", _title(store, campaign_id, "检查记录"), cols, rows, subtitle=sentence)]
    detail_cols = (SheetColumn("date", "检查日期", DATE), SheetColumn("place", "地点／机构", max_width=24),
                   SheetColumn("item", "检查项", max_width=44), SheetColumn("verdict", "结果", max_width=8),
                   SheetColumn("remark", "情况记录", max_width=44), SheetColumn("problem", "问题编号", max_width=12))
    detail = []
    for r in inspections.list_inspections(store, campaign_id):
        for x in inspections.results(store, r["id"]):
            if x["verdict"] or x["remark"]:
                detail.append([_iso(r["visit_date"]), r["place"], x["item_text"], x["verdict"] or "未填",
                               x["remark"], x["problem_number"] or ""])
    sheets.append(SheetSpec("检查情况明细", _title(store, campaign_id, "检查情况明细"), detail_cols, detail))
    return sheets


def list_specs(store: Store, campaign_id: int, which: str, today: date | None = None) -> list[SheetSpec]:
    today = today or date.today()
    if which == "timetable":
        return [timetable_spec(store, campaign_id, today)]
    if which == "study":
        return [study_spec(store, campaign_id)]
    if which == "duties":
        return [duties_spec(store, campaign_id)]
    if which == "checklist":
        return [checklist_spec(store, campaign_id)]
    if which == "inspections":
        return inspections_specs(store, campaign_id)
    raise ValueError(which)
