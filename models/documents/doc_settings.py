"""Document settings (发文机关, 文号前缀, 主送, 抄送, 印发, 署名, 联系人, 供稿, 报/发): kept in the
settings table under ``doc.*`` keys.

A new database holds none of this office's own names: they are empty, the dialog shows HINTS in
grey, and no letter is written until the office has filled them in (``require_letter_fields``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from models.normalize import normalize_text
from models.store import Store, ValidationError

PREFIX = "doc."
SERIES_DEFAULT = "“积极应对人口老龄化　加快发展养老服务”联动监督专辑"


@dataclass
class DocSettings:
    organ: str = ""                                       # 发文机关标志 (red)
    doc_prefix: str = ""                                  # 文号前缀: 某人常办〔2024〕12号
    main_recipient: str = "县人民政府"                    # 主送机关
    cc: str = "县委办公室，县人大常委会各工作委员会"        # 抄送
    issuer: str = ""                                      # 印发机关
    signature: str = ""                                   # 发文机关署名
    contact: str = ""                                     # 联系人及电话 (附注 under the date)
    report_day: str = "25"                                # progress due each month by this day
    series: str = SERIES_DEFAULT                          # 简报 series line (without the number)
    contributor: str = ""                                 # 供稿单位
    report_to: str = "市人大社会建设委员会\n县委主要领导、县人大常委会主任、副主任"       # 报
    send_to: str = "县人大常委会各工作委员会、办公室\n县人民政府及有关部门\n各乡镇人大"  # 发

    def doc_number(self, year: int | str, number: int | str) -> str:
        return f"{self.doc_prefix}〔{year}〕{number}号"


LABELS = {
    "organ": "发文机关标志", "doc_prefix": "文号前缀", "main_recipient": "主送机关", "cc": "抄送机关",
    "issuer": "印发机关", "signature": "发文机关署名", "contact": "联系人及电话", "report_day": "每月报送日",
    "series": "简报专辑名称", "contributor": "供稿单位", "report_to": "简报报送（报）", "send_to": "简报分送（发）",
}
# grey hints in the empty fields: examples, never values
HINTS = {
    "organ": "例如：某某县人大常委会办公室", "doc_prefix": "例如：某县人常办（文号为 某县人常办〔2026〕8号）",
    "issuer": "例如：某某县人大常委会办公室", "signature": "例如：某某县人大常委会办公室（与发文机关标志同一机关）",
    "contact": "例如：张三，0379-12345678", "contributor": "例如：某某县人大社会建设委员会",
}
MULTILINE = ("report_to", "send_to")
# what a letter cannot go out without: this office's own names, asked for before the first letter
LETTER_FIELDS = ("organ", "signature", "issuer", "doc_prefix", "contact")
# always required (they have defaults a county office can print as they are)
REQUIRED = ("main_recipient", "series")
# the placeholders older versions stored as values: a letter must never be signed with them
_OLD_PLACEHOLDERS = {"organ": "某某县人大常委会办公室", "doc_prefix": "某人常办", "issuer": "某某县人大常委会办公室",
                     "signature": "某某县人大常委会办公室", "contributor": "某某县人大社会建设委员会"}


def load(store: Store) -> DocSettings:
    demo = store.get_setting("demo") == "1"
    values = {}
    for f in fields(DocSettings):
        value = store.get_setting(PREFIX + f.name)
        if value is None:
            continue
        if not demo and _OLD_PLACEHOLDERS.get(f.name) == value:
            value = ""
        values[f.name] = value
    return DocSettings(**values)


def organ_base(organ: str) -> str:
    """The organ a 发文机关标志 names: "某某县人大常委会办公室文件" → "某某县人大常委会办公室"."""
    return re.sub(r"文件$", "", organ.strip())


def clean(s: DocSettings) -> DocSettings:
    """Normalise every field; refuse empty required ones, a bad report day, and a 署名 naming
    another organ than the 发文机关标志."""
    out = {}
    for f in fields(DocSettings):
        value = getattr(s, f.name)
        # the series keeps its full-width space (“…老龄化　加快…”) exactly as typed
        out[f.name] = (value or "").strip() if f.name == "series" else normalize_text(value, multiline=f.name in MULTILINE)
    for key in REQUIRED:
        if not out[key]:
            raise ValidationError(f"请填写{LABELS[key]}。", field=key)
    if not out["report_day"].isdigit() or not 1 <= int(out["report_day"]) <= 31:
        raise ValidationError("每月报送日应为 1 到 31 之间的数字。", field="report_day")
    if out["doc_prefix"] and re.search(r"[〔〕\[\]()（）【】号\d]", out["doc_prefix"]):
        raise ValidationError("文号前缀只填机关代字，如“某县人常办”；年份和序号由程序编排。", field="doc_prefix")
    if out["organ"] and out["signature"] and organ_base(out["organ"]) != out["signature"]:
        raise ValidationError(f"发文机关署名应与发文机关标志为同一机关（标志为“{out['organ']}”，"
                              f"署名应为“{organ_base(out['organ'])}”）。", field="signature")
    return DocSettings(**out)


def missing_for_letter(s: DocSettings) -> list[str]:
    """Names (Chinese) of this office's own fields still empty."""
    return [LABELS[k] for k in LETTER_FIELDS if not getattr(s, k).strip()]


def require_letter_fields(s: DocSettings) -> None:
    """Refuse to write a letter while any of this office's own names is empty."""
    missing = missing_for_letter(s)
    if missing:
        raise ValidationError(f"请先在“工具 → 公文格式设置”中填写本机关的{'、'.join(missing)}，再生成交办函。",
                              field=next(k for k in LETTER_FIELDS if LABELS[k] == missing[0]))


def save(store: Store, s: DocSettings) -> DocSettings:
    """Write all fields in one transaction."""
    s = clean(s)
    with store.transaction():
        for f in fields(DocSettings):
            store.set_setting(PREFIX + f.name, getattr(s, f.name))
    return s


def place_name(s: DocSettings) -> str:
    """The place this office serves, for a 简报 title ("某某县：…", "洛阳：…"): read from the 署名
    (else the 供稿单位); a city drops its 市 as the bulletins print it; "" when none can be read."""
    for text in (s.signature, s.organ, s.contributor):
        m = re.match(r"^(.+?[省市县区旗])(?:人大|人民代表大会)", text or "")
        if m:
            name = m.group(1)
            return name[:-1] if name.endswith("市") and len(name) > 2 else name
    return ""
