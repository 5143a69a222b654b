"""Work counts (工作量) the bulletins quote, computed from the records where they exist and typed
where they do not; and the 评价清单 (what a 满意度测评 asks about)."""
from __future__ import annotations

from dataclasses import dataclass

from models import audit
from models.normalize import normalize_text
from models.store import Store, ValidationError


@dataclass(frozen=True)
class CountKind:
    key: str
    label: str      # on screen
    unit: str       # 家, 名, 场 …
    computed: bool  # read from the records (a typed value still overrides it)


COUNT_KINDS = (
    CountKind("inspections", "开展检查、调研", "次", True),
    CountKind("places", "走访机构", "家", True),
    CountKind("elderly", "面对面交流老年人", "名", True),
    CountKind("meetings", "召开会议", "场", False),
    CountKind("forums", "召开座谈会", "场", False),
    CountKind("problems", "现场反馈问题", "个", True),      # problems made from inspections
    CountKind("suggestions", "现场提出意见建议", "条", True),
)
KIND_BY_KEY = {k.key: k for k in COUNT_KINDS}


@dataclass
class WorkCount:
    kind: CountKind
    computed: int | None   # from the records (None for typed-only counts)
    typed: int | None      # what the clerk typed (overrides)

    @property
    def value(self) -> int:
        if self.typed is not None:
            return self.typed
        return self.computed or 0


def _computed(store: Store, campaign_id: int) -> dict[str, int]:
    row = store.query_one(
        "SELECT (SELECT COUNT(*) FROM inspections WHERE campaign_id = :c) AS inspections,"
        " (SELECT COUNT(DISTINCT place) FROM inspections WHERE campaign_id = :c) AS places,"
        " (SELECT COALESCE(SUM(elderly_met), 0) FROM inspections WHERE campaign_id = :c) AS elderly,"
        " (SELECT COUNT(*) FROM problems WHERE campaign_id = :c AND inspection_result_id IS NOT NULL) AS problems,"
        " (SELECT COUNT(*) FROM problems WHERE campaign_id = :c AND inspection_result_id IS NOT NULL"
        "  AND trim(suggestion) <> '') AS suggestions", {"c": campaign_id})
    return dict(row) if row else {}


def work_counts(store: Store, campaign_id: int) -> list[WorkCount]:
    computed = _computed(store, campaign_id)
    typed = {r["key"]: r["value"] for r in store.query(
        "SELECT key, value FROM work_counts WHERE campaign_id = ?", (campaign_id,))}
    return [WorkCount(k, computed.get(k.key) if k.computed else None, typed.get(k.key)) for k in COUNT_KINDS]


def set_typed_counts(store: Store, campaign_id: int, values: dict[str, object]) -> None:
    """Save typed counts (a blank value means "use the records" / none)."""
    clean: dict[str, int | None] = {}
    for key, raw in values.items():
        if key not in KIND_BY_KEY:
            raise ValidationError(f"未知的工作量项目：{key}")
        text = normalize_text(raw, multiline=False)
        if not text:
            clean[key] = None
            continue
        try:
            n = int(text)
            if n < 0:
                raise ValueError
        except ValueError:
            raise ValidationError(f"“{KIND_BY_KEY[key].label}”应填写 0 或正整数。", field=key) from None
        clean[key] = n
    with store.transaction() as conn:
        for key, n in clean.items():
            old = store.scalar("SELECT value FROM work_counts WHERE campaign_id = ? AND key = ?", (campaign_id, key))
            if n is None:
                conn.execute("DELETE FROM work_counts WHERE campaign_id = ? AND key = ?", (campaign_id, key))
            else:
                conn.execute("INSERT INTO work_counts(campaign_id, key, value) VALUES (?, ?, ?)"
                             " ON CONFLICT(campaign_id, key) DO UPDATE SET value = excluded.value",
                             (campaign_id, key, n))
            if old != n:
                audit.record(store, entity="campaign", entity_id=campaign_id, action="修改工作量",
                             field=KIND_BY_KEY[key].label, old=old, new=n)


def work_sentence(counts: list[WorkCount]) -> str:
    """"走访机构172家，与995名老年人面对面交流，召开座谈会26场，现场反馈问题84个、意见建议114条"
    (only the counts that are not zero; empty when there are none)."""
    v = {c.kind.key: c.value for c in counts}
    parts = []
    if v.get("places"):
        parts.append(f"走访机构{v['places']}家")
    elif v.get("inspections"):
        parts.append(f"开展检查、调研{v['inspections']}次")
    if v.get("elderly"):
        parts.append(f"与{v['elderly']}名老年人面对面交流")
    if v.get("meetings"):
        parts.append(f"召开会议{v['meetings']}场")
    if v.get("forums"):
        parts.append(f"召开座谈会{v['forums']}场")
    found = []
    if v.get("problems"):
        found.append(f"问题{v['problems']}个")
    if v.get("suggestions"):
        found.append(f"意见建议{v['suggestions']}条")
    if found:
        parts.append("现场反馈" + "、".join(found))
    return "，".join(parts)


# ----- 评价清单 ---------------------------------------------------------------------------------
DEFAULT_CRITERIA = ("问题整改是否到位", "整改措施是否具体可行", "整改时限是否落实", "群众是否认可整改成效")


def criteria(store: Store, campaign_id: int) -> list[str]:
    return store.column("SELECT text FROM evaluation_criteria WHERE campaign_id = ? ORDER BY position",
                        (campaign_id,))


def save_criteria(store: Store, campaign_id: int, texts: list[str]) -> None:
    clean = [normalize_text(t, multiline=False) for t in texts]
    clean = [t for t in clean if t]
    if len(set(clean)) != len(clean):
        raise ValidationError("评价内容有重复，请删去重复的一项。")
    with store.transaction() as conn:
        before = "；".join(criteria(store, campaign_id))
        conn.execute("DELETE FROM evaluation_criteria WHERE campaign_id = ?", (campaign_id,))
        conn.executemany("INSERT INTO evaluation_criteria(campaign_id, position, text) VALUES (?, ?, ?)",
                         [(campaign_id, i, t) for i, t in enumerate(clean)])
        audit.record(store, entity="campaign", entity_id=campaign_id, action="修改评价清单", old=before,
                     new="；".join(clean))
