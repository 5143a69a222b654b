"""The article splitter on regulations written in the real format (generated, and one of our own)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.documents.numerals import chinese_numeral, parse_chinese_numeral
from models.lists.splitter import article_numbers_in, split_regulation

_WORDS = st.sampled_from(["养老服务", "县级以上人民政府", "应当", "加强", "消防安全", "医养结合",
                          "老年人", "设施建设", "按照规定", "民政部门", "依照本条例第三条规定", "第十条"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=6).map(lambda ws: "，".join(ws) + "。")
_ARTICLE_BODY = st.lists(_SENTENCE, min_size=1, max_size=3)
_SEP = st.sampled_from(["　", " ", "  ", "　　"])


@st.composite
def regulations(draw):
    chapters = draw(st.lists(st.lists(st.integers(1, 4), min_size=0, max_size=3), min_size=1, max_size=5))
    lines = ["某某省养老服务条例", "（2021年7月30日某某省第十三届人民代表大会常务委员会第二十五次会议通过）"]
    with_toc = draw(st.booleans())
    if with_toc:
        lines.append("目　　录")
        lines += [f"第{chinese_numeral(i)}章　第{i}章名" for i in range(1, len(chapters) + 1)]
    expected = []
    number = 0
    for c, sections in enumerate(chapters, start=1):
        lines.append(f"第{chinese_numeral(c)}章{draw(_SEP)}章名{c}")
        groups = sections or [draw(st.integers(1, 4))]
        for s, count in enumerate(groups, start=1):
            if sections:
                lines.append(f"第{chinese_numeral(s)}节{draw(_SEP)}节名{s}")
            for _ in range(count):
                number += 1
                body = draw(_ARTICLE_BODY)
                lines.append(f"第{chinese_numeral(number)}条{draw(_SEP)}{body[0]}")
                lines += body[1:]
                if draw(st.booleans()):
                    lines.append("")
                expected.append((number, f"第{chinese_numeral(c)}章　章名{c}",
                                 f"第{chinese_numeral(s)}节　节名{s}" if sections else "", body))
    return "\n".join(lines), expected


@settings(max_examples=60, deadline=None)
@given(regulations())
def test_every_article_is_found_in_order_with_its_chapter_section_and_paragraphs(case):
    text, expected = case
    reg = split_regulation(text)
    assert reg.title == "某某省养老服务条例"
    assert reg.adopted_on == "2021-07-30"
    assert [a.number for a in reg.articles] == [e[0] for e in expected]
    for art, (number, chapter, section, body) in zip(reg.articles, expected, strict=True):
        assert art.label == f"第{chinese_numeral(number)}条"
        assert art.chapter == chapter
        assert art.section == section
        assert art.paragraphs == body


@given(st.integers(0, 9999))
def test_chinese_numerals_read_back(n):
    assert parse_chinese_numeral(chinese_numeral(n)) == n


def test_a_cross_reference_opening_a_line_stays_in_its_article():
    text = "示例条例\n第一条　为了规范养老服务，制定本条例。\n第二条　违反本条例\n第一条规定的，依法处理。\n第三条　本条例自公布之日起施行。"
    reg = split_regulation(text)
    assert [a.number for a in reg.articles] == [1, 2, 3]
    assert reg.articles[1].paragraphs == ["违反本条例", "第一条规定的，依法处理。"]


def test_arabic_numbers_and_hundreds():
    body = "\n".join(f"第{chinese_numeral(i)}条 内容{i}。" for i in range(1, 121))
    reg = split_regulation("长条例\n" + body)
    assert len(reg.articles) == 120
    assert reg.articles[104].label == "第一百零五条"
    assert article_numbers_in("查第十五条和第105条") == [15, 105]
