"""Split the text of a law or regulation into 章/节/条/款 by its 第…章 / 第…节 / 第…条 headings.

Pure text in, plain records out: no database here. An article heading is a line that starts with
the *next* article number (第一条, 第二条, …) set apart by a space, so a cross-reference that happens to open a wrapped
line ("第十五条规定的……") stays in the text of the article it belongs to. Headings before the first
article (a 目录) only set the chapter that the first article finds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.documents.numerals import chinese_numeral, parse_chinese_numeral
from models.normalize import normalize_text

_NUM = r"[零〇一二两三四五六七八九十百千0-9]+"
_ARTICLE = re.compile(rf"^第({_NUM})条(?:[\s　]+(.*))?$")   # the label stands apart: "第十条规定的…" is text
_CHAPTER = re.compile(rf"^第({_NUM})章[\s　]*(.*)$")
_SECTION = re.compile(rf"^第({_NUM})节[\s　]*(.*)$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SPACES = re.compile(r"[\s　]+")


@dataclass
class Article:
    number: int
    chapter: str = ""
    section: str = ""
    paragraphs: list[str] = field(default_factory=list)  # 款: the article's lines

    @property
    def label(self) -> str:
        return f"第{chinese_numeral(self.number)}条"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class SplitRegulation:
    title: str
    adopted_on: str = ""     # the first date in the preamble (通过/批准), as 2021-07-30
    preamble: str = ""
    articles: list[Article] = field(default_factory=list)


def _heading(kind: str, number: str, name: str) -> str:
    name = _SPACES.sub("", name)
    return f"第{number}{kind}　{name}" if name else f"第{number}{kind}"


def _lines(text: str) -> list[str]:
    out = []
    for raw in normalize_text(text).replace("\r", "\n").split("\n"):
        line = raw.strip(" \t　")
        if line:
            out.append(line)
    return out


def split_regulation(text: str, title: str = "") -> SplitRegulation:
    """The regulation's articles in order. ``title`` defaults to the first line of the text."""
    lines = _lines(text)
    if not title and lines and not _ARTICLE.match(lines[0]) and not _CHAPTER.match(lines[0]):
        title = _SPACES.sub("", lines.pop(0))
    result = SplitRegulation(title=title.strip())
    chapter = section = ""
    current: Article | None = None
    preamble: list[str] = []
    for line in lines:
        m = _ARTICLE.match(line)
        if m:
            try:
                number = parse_chinese_numeral(m.group(1))
            except ValueError:
                number = -1
            expected = current.number + 1 if current else None
            if number > 0 and (expected is None or number == expected):
                current = Article(number=number, chapter=chapter, section=section)
                rest = (m.group(2) or "").strip(" \t　")
                if rest:
                    current.paragraphs.append(rest)
                result.articles.append(current)
                continue
        m = _CHAPTER.match(line)
        if m and _is_number(m.group(1)):
            chapter, section = _heading("章", m.group(1), m.group(2)), ""
            continue
        m = _SECTION.match(line)
        if m and _is_number(m.group(1)):
            section = _heading("节", m.group(1), m.group(2))
            continue
        if current is None:
            preamble.append(line)
        else:
            current.paragraphs.append(line)
    result.preamble = "\n".join(p for p in preamble if _SPACES.sub("", p) not in ("目录",))
    d = _DATE.search(result.preamble)
    if d:
        result.adopted_on = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    return result


def _is_number(text: str) -> bool:
    try:
        return parse_chinese_numeral(text) > 0
    except ValueError:
        return False


_REF = re.compile(rf"第({_NUM})条")


def article_numbers_in(text: str) -> list[int]:
    """Article numbers a search text names ("第十五条", "15条" → [15])."""
    numbers = []
    for m in _REF.finditer(text):
        try:
            numbers.append(parse_chinese_numeral(m.group(1)))
        except ValueError:
            continue
    return numbers
