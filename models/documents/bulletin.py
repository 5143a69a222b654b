"""简报 (bulletin) in the layout of the 联动监督专辑: series line with the issue number in Chinese
numerals, title, body (一、二、三 headings), contributor line, "—１—" page numbers, 报/发 block.

The body starts from a template filled with the campaign's current figures (models.workflow.overview,
the same numbers as the overview page); the user edits the text before export.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from models.documents import content as C
from models.documents.content import DocContent, PageSetup
from models.documents.numerals import chinese_numeral

HEADING1_RE = re.compile(r"^[一二三四五六七八九十]+、")
HEADING2_RE = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass
class BulletinData:
    series: str                # "“积极应对人口老龄化　加快发展养老服务”联动监督专辑"
    issue: int                 # 44 → (四十四)
    title: str                 # one or two lines ("\n" separates them)
    body: str                  # paragraphs separated by line breaks; 一、/（一） lines become headings
    contributor: str           # 供稿单位
    report_to: str             # 报: recipients, one group per line
    send_to: str               # 发: recipients, one group per line


def series_line(series: str, issue: int) -> str:
    """"…联动监督专辑（四十四）"."""
    return f"{series}（{chinese_numeral(issue)}）"


def contributor_line(contributor: str) -> str:
    return f"（{contributor}供稿）"


def body_blocks(doc: DocContent, body: str) -> None:
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if HEADING1_RE.match(line):
            doc.add(C.HEADING1, line)
        elif HEADING2_RE.match(line):
            doc.add(C.HEADING2, line)
        else:
            doc.add(C.PARAGRAPH, line)


def bulletin_content(data: BulletinData) -> DocContent:
    doc = DocContent(kind="bulletin", name=f"简报第{data.issue}期", page=PageSetup(snap_chars=False),
                      page_number="fullwidth")
    doc.add(C.SERIES, series_line(data.series, data.issue))
    doc.add(C.BLANK)
    doc.add(C.TITLE, lines=[t.strip() for t in data.title.splitlines() if t.strip()][:2] or ["简报"])
    doc.add(C.BLANK)
    body_blocks(doc, data.body)
    doc.add(C.BLANK)
    doc.add(C.CONTRIBUTOR, contributor_line(data.contributor))
    rows = [(label, text.strip()) for label, text in (("报", data.report_to), ("发", data.send_to)) if text.strip()]
    if rows:
        doc.add(C.DISTRIBUTION, rows=rows)
    return doc


# docx_writer (python-docx) is imported when first used: keeps start-up fast.
def write_bulletin(data: BulletinData, path: str | os.PathLike) -> list[str]:
    from models.documents.docx_writer import write_docx

    return write_docx(bulletin_content(data), path)
