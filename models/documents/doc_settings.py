"""Document settings (发文机关, 文号前缀, 主送, 抄送, 印发, 署名, 供稿, 报/发): kept in the
settings table under ``doc.*`` keys, with defaults a county office can print as they are."""
from __future__ import annotations

from dataclasses import dataclass, fields

from models.normalize import normalize_text
from models.store import Store, ValidationError

PREFIX = "doc."
SERIES_DEFAULT = "“积极应对人口老龄化　加快发展养老服务”联动监督专辑"


@dataclass
class DocSettings:
    organ: str = "某某县人大常委会办公室"                # 发文机关标志 (red)
    doc_prefix: str = "某人常办"                         # 文号前缀: 某人常办〔2024〕12号
    main_recipient: str = "县人民政府"                    # 主送机关
    cc: str = "县委办公室，县人大常委会各工作委员会"        # 抄送
    issuer: str = "某某县人大常委会办公室"                 # 印发机关
    signature: str = "某某县人大常委会办公室"              # 发文机关署名
    contact: str = ""                                     # 联系人及电话 (optional line in the letter)
    report_day: str = "25"                                # progress due each month by this day
    series: str = SERIES_DEFAULT                          # 简报 series line (without the number)
    contributor: str = "某某县人大社会建设委员会"          # 供稿单位
    report_to: str = "市人大社会建设委员会\n县委主要领导、县人大常委会主任、副主任"       # 报
    send_to: str = "县人大常委会各工作委员会、办公室\n县人民政府及有关部门\n各乡镇人大"  # 发

    def doc_number(self, year: int | str, number: int | str) -> str:
        return f"{self.doc_prefix}〔{year}〕{number}号"


LABELS = {
    "organ": "发文机关标志", "doc_prefix": "文号前缀", "main_recipient": "主送机关", "cc": "抄送机关",
    "issuer": "印发机关", "signature": "发文机关署名", "contact": "联系人及电话", "report_day": "每月报送日",
    "series": "简报专辑名称", "contributor": "供稿单位", "report_to": "简报报送（报）", "send_to": "简报分送（发）",
}
MULTILINE = ("report_to", "send_to")


def load(store: Store) -> DocSettings:
    values = {}
    for f in fields(DocSettings):
        value = store.get_setting(PREFIX + f.name)
        if value is not None:
            values[f.name] = value
    return DocSettings(**values)


def clean(s: DocSettings) -> DocSettings:
    """Normalise every field; refuse empty required ones and a bad report day."""
    out = {}
    for f in fields(DocSettings):
        value = getattr(s, f.name)
        # the series keeps its full-width space (“…老龄化　加快…”) exactly as typed
        out[f.name] = (value or "").strip() if f.name == "series" else normalize_text(value, multiline=f.name in MULTILINE)
    for key in ("organ", "doc_prefix", "main_recipient", "issuer", "signature", "series", "contributor"):
        if not out[key]:
            raise ValidationError(f"请填写{LABELS[key]}。", field=key)
    if not out["report_day"].isdigit() or not 1 <= int(out["report_day"]) <= 31:
        raise ValidationError("每月报送日应为 1 到 31 之间的数字。", field="report_day")
    return DocSettings(**out)


def save(store: Store, s: DocSettings) -> DocSettings:
    """Write all fields in one transaction."""
    s = clean(s)
    with store.transaction():
        for f in fields(DocSettings):
            store.set_setting(PREFIX + f.name, getattr(s, f.name))
    return s
