"""One order for names: 拼音 as WPS sorts them (甲县 before 乙县, 第2县 before 第10县), for units and
offices alike, in the lists, the pickers and the sheets; never character code."""
from __future__ import annotations

import random
import uuid

from PySide6.QtCore import QCollator, QLocale

from models.names_order import name_key, office_key, sorted_names
from models.paths import resources_dir
from models.sync.export import known_offices, origin_choices
from models.workflow import dispatch, origins
from tests.make_name_order import groups, ignorable
from tests.workflow_data import seed

NAMES = ["乙县人大常委会", "甲县人大常委会", "第10县人大常委会", "第2县人大常委会", "安定区人大常委会",
         "岢岚县人大常委会", "Ａ县人大常委会", "县民政局", "县（市）民政局", "县(市)财政局", "鄞州区人大常委会"]


def _icu() -> QCollator:
    c = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    c.setNumericMode(True)
    return c


def test_names_sort_by_pinyin_with_numbers_as_numbers():
    assert sorted_names(["乙县", "甲县", "丙县"]) == ["丙县", "甲县", "乙县"]      # bǐng, jiǎ, yǐ
    assert sorted_names(["第10县", "第2县", "第1县"]) == ["第1县", "第2县", "第10县"]
    assert sorted(["乙县", "甲县"]) == ["乙县", "甲县"]                             # what character code gives
    assert name_key("某\u00ad县")[0] == name_key("某县")[0]      # a soft hyphen counts for nothing
    assert sorted_names(["县(市)", "县（市）"]) == ["县(市)", "县（市）"] and name_key("（")[0] == name_key("(")[0]


def test_the_order_is_icus_for_any_name():
    icu = _icu()
    rng = random.Random(7)
    pool = ([chr(i) for i in range(0x4E00, 0x9FA6)] + list("县人大常委会民政局乡镇街道第某甲乙（）()、·-") * 300
            + list("0123456789０１") * 100 + list("ABab Ａ") * 20)
    for _ in range(300):
        names = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 9))) for _ in range(25)] + NAMES
        assert sorted(names, key=name_key) == sorted(names, key=icu.sortKey)


def test_the_table_is_what_icu_gives_today():
    skip, rest = ignorable(_icu(), groups())
    assert (resources_dir() / "name_order.txt").read_text(encoding="utf-8") == "\n".join([skip, *rest]) + "\n"


def _offices(store, names_levels):
    cid, ids = seed(store, len(names_levels) + 1)
    sites = []
    with store.transaction() as conn:
        for i, (office, level) in enumerate(names_levels):
            site = uuid.uuid4().hex
            sites.append(site)
            conn.execute("INSERT INTO sync_peers(site, level, office, public_key, first_seen) VALUES (?, ?, ?, '', '')",
                         (site, level, office))
            conn.execute("INSERT INTO sync_rows(uuid, tbl, local_id, origin_site) VALUES (?, 'problems', ?, ?)",
                         (uuid.uuid4().hex, ids[i + 1], site))
    return cid


def test_offices_are_listed_by_level_then_pinyin_everywhere(store):
    offices = [("乙县人大常委会", "县"), ("某省人大常委会", "省"), ("第10县人大常委会", "县"), ("甲县人大常委会", "县"),
               ("第2县人大常委会", "县"), ("某市人大常委会", "市")]
    cid = _offices(store, offices)
    expected = ["第2县人大常委会", "第10县人大常委会", "甲县人大常委会", "乙县人大常委会", "某市人大常委会", "某省人大常委会"]
    assert sorted((o for o, _ in offices), key=lambda o: office_key(dict(offices)[o], o)) == expected
    found = origins.campaign_origins(store, cid)
    assert [o.office for o in found] == ["本机关", *expected]                  # 总览 and 月调度 pickers, sheets
    assert [o for o, _site in origin_choices(store)] == expected              # 问题清单's 来源机关 filter
    assert known_offices(store) == expected                                    # 交换包 recipients
    view = dispatch.month_view(store, cid, 2024, 6)
    assert [s.label for s in view.by_origin()] == ["本机关", "第2县", "第10县", "甲县", "乙县", "某市", "某省"]
