"""Gathering: reads the store and returns the plain data the document builders take.

The builders and writers never query the database; everything they print comes through here.
"""
from __future__ import annotations

from datetime import date

from models.documents import doc_settings
from models.documents.bulletin import BulletinData
from models.documents.content import cjk_spaces
from models.documents.forms import BallotData, ClosingFormData, ResultRow, ResultsData
from models.ledger import LOCAL_ORIGIN
from models.lists import counts as work_counts
from models.normalize import format_date_cn
from models.store import Store, ValidationError
from models.sync import identity
from models.vocab import (
    STATUS_CARRIED,
    STATUS_CLOSE_REQUESTED,
    STATUS_IN_PROGRESS,
    STATUS_PENDING,
)
from models.workflow import overview as overview_model
from models.workflow.rate import Rate
from models.workflow.rules import OPEN_STATUSES


def _campaign(store: Store, campaign_id: int) -> dict:
    row = store.query_one("SELECT name, year FROM campaigns WHERE id = ?", (campaign_id,))
    if row is None:
        raise ValidationError("监督专题不存在或已被删除。")
    return {**row, "name": cjk_spaces(row["name"])}


# --- 简报 body -------------------------------------------------------------------------------
# Every number below is read from models.workflow.overview (the 总览 page's figures); none is recounted.
BULLETIN_UNITS_NAMED = 3        # units named as doing well
BULLETIN_OVERDUE_NAMED = 5      # units named with overdue problems, then "等N个单位"
BULLETIN_CATEGORIES_NAMED = 3   # categories named with most open problems


def percent_text(rate: Rate) -> str:
    """The overview's 整改率 without a useless ".0": "27.3%", "100%"; never "0%" for a non-zero share."""
    text = rate.percent_text()
    if rate.numerator and rate.numerator < rate.denominator:
        if text == "100.0%":
            return "99.9%"
        if text == "0.0%":
            return "不足0.1%"
    return text[:-3] + "%" if text.endswith(".0%") else text


def _names(items: list[str]) -> str:
    return "、".join(items)


def _open_count(row: overview_model.GroupRow) -> int:
    return sum(row.by_status[s].value for s in OPEN_STATUSES)


def _basic_paragraphs(ov: overview_model.Overview, campaign: dict, work: str = "", level: str = "县") -> list[str]:
    """一、基本情况: the work counts, found, handed over, done (with the bulletins' "以上"), overdue,
    carried, 上级交办; for a city holding its counties' problems the whole city's figures first
    ("市、县两级共梳理…"), then one line per county."""
    v = ov.value
    work = f"{work}，" if work else ""
    merged = len(ov.by_origin) > 1
    intro = (f"{campaign['year']}年，{level}人大常委会围绕“{campaign['name']}”开展联动监督，{work}"
             f"坚持清单式交办、对账式销号。截至{ov.today.year}年{ov.today.month}月{ov.today.day}日，"
             + (f"{_levels(level)}两级" if merged else ""))
    if not v("total"):
        return [intro + "本专题尚未梳理出具体问题。"]
    carried_in = f"（含上年度转入{v('carried_in')}个）" if v("carried_in") else ""
    if not v("handed_over"):
        return [intro + f"共梳理具体问题{v('total')}个{carried_in}，均尚未交办。"]
    text = intro + f"共梳理具体问题{v('total')}个{carried_in}"
    text += f"，尚待交办{v('pending')}个；" if v("pending") else "，"
    text += f"{_levels(level)}人大常委会" if merged else ""
    text += f"已交办政府及相关部门{v('handed_over')}个，"
    rate = ov.rate
    if not rate.numerator:
        states = ["目前尚未有问题整改完成"]
    elif rate.numerator == rate.denominator:
        states = ["已全部整改完成（销号）"]
    else:
        at_least = rate.at_least_text()
        share = "" if at_least.startswith("0%") else f"交办问题{at_least}已整改完成"
        states = [f"其中已销号{v('done')}个，" + (f"{share}（整改率{percent_text(rate)}）" if share
                                                 else f"整改率{percent_text(rate)}")]
    if v("close_requested"):
        states.append(f"已申请销号、待核查验收{v('close_requested')}个")
    if v("in_progress"):
        states.append(f"正在整改{v('in_progress')}个")
    text += states[0] + ("；" + "，".join(states[1:]) if states[1:] else "") + "。"
    if v("overdue"):
        text += f"逾期未完成的问题{v('overdue')}个"
        text += "；" if v("carried") else "。"
    else:
        text += "目前没有逾期未完成的问题；" if v("carried") else "目前没有逾期未完成的问题。"
    if v("carried"):
        text += f"转下年度继续整改{v('carried')}个。"
    paragraphs = [text]
    above = ov.from_above
    if above.total.value:
        paragraphs.append(_from_above_sentence(above))
    if merged:
        paragraphs += [_origin_sentence(row, level) for row in ov.by_origin if row.value("total")]
    return paragraphs


# The level below each level, for "市、县两级" and "市、县人大常委会" (the Sanmenxia bulletin's words).
_LOWER = {"省": "市", "市": "县"}


def _levels(level: str) -> str:
    return f"{level}、{_LOWER[level]}" if level in _LOWER else level


def _origin_sentence(row: overview_model.GroupRow, level: str) -> str:
    """One office's line in a city's bulletin: "甲县：梳理问题4个，已交办4个，已整改完成（销号）2个，
    整改率50%，逾期未完成1个。" (this office's own problems are "市本级")."""
    name = f"{level}本级" if row.key == LOCAL_ORIGIN else row.label
    v = row.value
    text = f"{name}：梳理问题{v('total')}个，"
    if not v("handed_over"):
        return text + "均尚未交办。"
    text += f"已交办{v('handed_over')}个，"
    if not v("done"):
        text += "尚未有问题整改完成"
    elif v("done") == v("handed_over"):
        text += f"已全部整改完成（销号{v('done')}个）"
    else:
        text += f"已整改完成（销号）{v('done')}个，整改率{percent_text(row.rate)}"
    if v("overdue"):
        text += f"，逾期未完成{v('overdue')}个"
    return text + "。"


def _from_above_sentence(above: overview_model.FromAbove) -> str:
    """"上级交办问题3个，2个已整改到位；1个正在整改，已完成74%。" (the Sanmenxia bulletin's way)."""
    if above.done.value == above.total.value:
        return f"上级交办问题{above.total.value}个，均已整改到位。"
    parts = [f"{above.done.value}个已整改到位" if above.done.value else "尚未有整改到位的"]
    by_status: dict[str, list[dict]] = {}
    for item in above.open_items:
        by_status.setdefault(item["status"], []).append(item)
    working = by_status.get(STATUS_IN_PROGRESS, [])
    if working:
        progress = sorted((int(i["progress"] or 0) for i in working), reverse=True)
        done_text = (f"已完成{progress[0]}%" if len(progress) == 1
                     else "完成进度分别为" + _names([f"{p}%" for p in progress]))
        if len(working) == above.total.value:
            return f"上级交办问题{above.total.value}个，均正在整改，{done_text}。"
        parts.append(f"{len(working)}个正在整改，{done_text}")
    for status, words in ((STATUS_CLOSE_REQUESTED, "已申请销号"), (STATUS_PENDING, "尚待交办"),
                          (STATUS_CARRIED, "转下年度继续整改")):
        if by_status.get(status):
            parts.append(f"{len(by_status[status])}个{words}")
    return f"上级交办问题{above.total.value}个，" + "；".join(parts) + "。"


def _leaders_sentence(ov: overview_model.Overview) -> str:
    """一是: units that finished all their handed-over problems, then those with the best rate."""
    rows = [r for r in ov.by_unit if r.key is not None and r.value("handed_over") and r.value("done")]
    if not rows:
        return "一是各单位正在按照整改清单推进整改，尚未有问题整改完成。"
    finished = sorted((r for r in rows if r.value("done") == r.value("handed_over")),
                      key=lambda r: -r.value("done"))
    others = sorted((r for r in rows if r.value("done") < r.value("handed_over")),
                    key=lambda r: (-(r.rate.value or 0), -r.value("done")))
    parts = []
    if finished and len(finished) == len([r for r in ov.by_unit if r.value("handed_over")]):
        return "一是各牵头单位交办的问题均已全部整改完成。"
    if finished:
        named = finished[:BULLETIN_UNITS_NAMED]
        if len(finished) == 1:
            parts.append(f"{named[0].label}牵头的{named[0].value('done')}个交办问题已全部整改完成")
        else:
            more = f"等{len(finished)}个单位" if len(finished) > len(named) else ""
            parts.append(_names([f"{r.label}（{r.value('done')}个）" for r in named]) + more
                         + "牵头的交办问题已全部整改完成")
    room = BULLETIN_UNITS_NAMED - min(len(finished), BULLETIN_UNITS_NAMED)
    if others and room:
        parts.append("，".join(f"{r.label}已整改完成{r.value('done')}个、整改率{percent_text(r.rate)}"
                              for r in others[:room]) + "，整改进度较快")
    return "一是部分单位整改成效明显。" + "；".join(parts) + "。"


def _overdue_sentence(ov: overview_model.Overview) -> str:
    """二是: units with problems overdue after handover (with counts), then what falls due soon."""
    handed = ov.value("overdue")
    unhanded = ov.value("pending_late")
    soon = ov.value("due_soon")
    extra = [f"{unhanded}个待交办问题已超过计划时限，需尽快交办"] if unhanded else []
    extra += [f"{soon}个问题将在{ov.warn_days}日内到期，需提前督促"] if soon else []
    tail = ("另有" + "；".join(extra) + "。") if extra else ""
    if not handed:
        return "二是整改总体按期推进，交办的问题目前没有逾期未完成的。" + tail
    rows = sorted((r for r in ov.by_unit if r.value("overdue")), key=lambda r: -r.value("overdue"))
    named = _names([f"{r.label}{r.value('overdue')}个" for r in rows[:BULLETIN_OVERDUE_NAMED]])
    if len(rows) == 1:
        who = f"{rows[0].label}牵头的{handed}个交办问题逾期未完成"
    elif len(rows) > BULLETIN_OVERDUE_NAMED:
        who = f"{named}等{len(rows)}个单位牵头的交办问题逾期未完成，合计{handed}个"
    else:
        who = f"{named}，{len(rows)}个单位牵头的交办问题逾期未完成，合计{handed}个"
    return f"二是部分问题整改滞后。{who}，需加快推进。" + tail


def _categories_sentence(ov: overview_model.Overview) -> str:
    """三是: the categories holding most problems not yet closed."""
    rows = sorted((r for r in ov.by_category if _open_count(r)), key=lambda r: -_open_count(r))
    if not rows:
        return "三是各类问题均已整改完成" + ("或列入下年度监督计划。" if ov.value("carried") else "。")
    open_total = sum(_open_count(r) for r in ov.by_category)
    scope = "除转下年度的问题外，尚未销号的" if ov.value("carried") else "尚未销号的"
    named = _names([f"{r.label}（{_open_count(r)}个）" for r in rows[:BULLETIN_CATEGORIES_NAMED]])
    more = "等方面" if len(rows) > BULLETIN_CATEGORIES_NAMED else "方面"
    return (f"三是部分领域问题较为集中。{scope}{open_total}个问题主要集中在{named}{more}，"
            "需要相关部门协同攻坚、持续用力。")


def _next_steps(ov: overview_model.Overview, level: str = "县") -> str:
    v = ov.value
    if not v("total"):
        return f"{level}人大常委会将按照监督方案梳理问题清单，及时交办、跟踪督办，确保件件有着落、事事有回音。"
    steps = []
    if v("close_requested"):
        steps.append(f"对已申请销号的{v('close_requested')}个问题及时组织核查验收、对账销号")
    if v("overdue"):
        steps.append(f"对逾期未完成的{v('overdue')}个问题重点督办、限期整改")
    if v("in_progress") or v("pending"):
        steps.append("对正在整改的问题持续跟踪督办")
    if v("carried"):
        steps.append(f"把转下年度的{v('carried')}个问题列入下年度监督计划、跨年再盯")
    if not steps:
        steps.append("巩固整改成果，适时组织满意度测评，防止问题反弹")
    return (f"{level}人大常委会将坚持“整改不到位、监督不停止”，" + "，".join(steps) + "，"
            + "确保件件有着落、事事有回音。")


def bulletin_body(ov: overview_model.Overview, campaign: dict, work: str = "", level: str = "县") -> str:
    """The editable body text, filled with the overview's figures (same numbers as the overview page)
    and the campaign's work counts ("走访机构172家，与995名老年人面对面交流……"); ``level`` is this
    office's (省/市/县), which speaks in the text."""
    lines = ["一、基本情况", *_basic_paragraphs(ov, campaign, work, level), "二、整改推进情况"]
    if ov.value("handed_over"):
        lines += [_leaders_sentence(ov), _overdue_sentence(ov), _categories_sentence(ov)]
    else:
        lines.append("问题清单交办后，将按牵头单位逐项跟踪整改进度。")
    lines += ["三、下一步工作", _next_steps(ov, level)]
    return "\n".join(lines)


def bulletin_data(store: Store, campaign_id: int, *, issue: int = 1, today: date | None = None) -> BulletinData:
    camp = _campaign(store, campaign_id)
    s = doc_settings.load(store)
    ov = overview_model.compute(store, campaign_id, today=today)
    place = doc_settings.place_name(s)
    level = identity.identity(store).level
    return BulletinData(series=s.series, issue=issue,
                        title=f"{place + '：' if place else ''}坚持清单式交办　对账式销号\n推动联动监督问题整改落到实处",
                        body=bulletin_body(ov, camp, work_counts.work_sentence(
                            work_counts.work_counts(store, campaign_id)), level), contributor=s.contributor,
                        report_to=s.report_to, send_to=s.send_to)


def closing_form_data(store: Store, problem_id: int) -> ClosingFormData:
    p = store.query_one(
        "SELECT p.*, c.name AS campaign, lu.name AS lead_unit, su.name AS supervisor FROM problems p "
        "JOIN campaigns c ON c.id = p.campaign_id LEFT JOIN units lu ON lu.id = p.lead_unit_id "
        "LEFT JOIN units su ON su.id = p.supervisor_unit_id WHERE p.id = ?", (problem_id,))
    if p is None:
        raise ValidationError("该问题已被删除。")
    coop = store.column("SELECT u.name FROM problem_units pu JOIN units u ON u.id = pu.unit_id "
                        "WHERE pu.problem_id = ? ORDER BY pu.position", (problem_id,))
    reports = store.query("SELECT report_date, measures, result FROM progress_reports WHERE problem_id = ? "
                          "ORDER BY report_date, id", (problem_id,))
    measures = "\n".join(f"{r['report_date']}：{r['measures']}" for r in reports if r["measures"])
    result = next((r["result"] for r in reversed(reports) if r["result"]), "")
    evidence = store.column("SELECT file_name FROM attachments WHERE problem_id = ? ORDER BY id", (problem_id,))
    check = store.query_one("SELECT * FROM closure_checks WHERE problem_id = ? ORDER BY id DESC LIMIT 1",
                            (problem_id,)) or {}
    return ClosingFormData(campaign=p["campaign"], number=p["number"], description=p["description"],
                           lead_unit=p["lead_unit"] or "", cooperating="、".join(coop),
                           supervisor=p["supervisor"] or "", deadline=p["deadline"] or "", measures=measures,
                           result=result, evidence=evidence, no_evidence_reason=check.get("no_evidence_reason", ""),
                           check_opinion=check.get("opinion", ""), checked_by=check.get("checked_by", ""),
                           check_date=check.get("check_date", ""))


def ballot_data(store: Store, campaign_id: int, occasion: str = "") -> BallotData:
    """The units to vote on: lead units of the campaign's handed-over problems."""
    camp = _campaign(store, campaign_id)
    units = store.column(
        f"SELECT u.name FROM units u WHERE u.id IN (SELECT p.lead_unit_id FROM problems p WHERE p.campaign_id = ? "
        f"AND ({overview_model.HANDED_OVER_SQL})) ORDER BY u.name", (campaign_id,))
    return BallotData(campaign=camp["name"], occasion=occasion, units=units,
                      criteria=work_counts.criteria(store, campaign_id))


def results_data(store: Store, evaluation_id: int) -> ResultsData:
    from models.workflow.evaluation import get_evaluation

    ev = get_evaluation(store, evaluation_id)
    if ev is None:
        raise ValidationError("该测评记录不存在或已被删除。")
    camp = _campaign(store, ev.campaign_id)

    def row(r) -> ResultRow:
        return ResultRow(r.label or "总体", r.satisfied, r.basically_satisfied, r.dissatisfied,
                         r.rate.percent_text(), r.pure_rate.percent_text())

    who = f"（{ev.unit_label}）" if ev.unit_label else ""
    title = f"{format_date_cn(ev.eval_date)} {ev.occasion or '满意度测评'}{who}".strip()
    return ResultsData(campaign=camp["name"], title=title, rows=[row(r) for r in ev.rows],
                       total=row(ev.totals) if len(ev.rows) > 1 else None,
                       criteria=work_counts.criteria(store, ev.campaign_id))
