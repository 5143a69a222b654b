"""One letter, one layout: the PDF of a letter is its own .docx turned into PDF by LibreOffice when
it is installed; the Qt fallback's text layer says 人民政府, not ⼈⺠政府."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from models.documents import office
from models.documents.pdf_text import fix_cmap, unradical

RADICALS = range(0x2E80, 0x2FE0)


def test_radicals_map_back_to_their_ideographs():
    assert unradical("⼈⺠政府⻓⻔⼀⼝⼾") == "人民政府长门一口户"
    cmap = (b"2 beginbfchar\n<2F08> <2F08>\n<0005> <2EA0>\nendbfchar\n"
            b"2 beginbfrange\n<0001> <0003> [<67D0> <2F08> <2F24>]\n<2F00> <2F00> <2F00>\nendbfrange\n")
    fixed = fix_cmap(cmap).decode()
    assert "<2F08> <4EBA>" in fixed               # the source glyph code stays, the character is mapped
    assert "<0005> <6C11>" in fixed
    assert "[<67D0> <4EBA> <5927>]" in fixed
    assert "<2F00> <2F00> <4E00>" in fixed


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.slow
def test_letter_pdf_is_the_docx_through_libreoffice(window, qtbot, tmp_path, monkeypatch):
    from models.documents.docx_writer import write_docx
    from tests.export_data_helpers import fill
    from tests.test_ui_export import _hand_over
    from ui.features import documents as doc_ui

    program = office.find_office()
    if program is None:
        pytest.skip("未安装 LibreOffice：交办函 PDF 走 Qt 排版（见 test_ui_export）")
    monkeypatch.setattr(doc_ui, "run_dialog", lambda dialog: True)
    window.reload_campaigns(select_id=fill(window.store))
    _hand_over(window.store, window.campaign_id)
    contents = window.export_actions.letter_contents()
    pdf = tmp_path / "交办函.pdf"
    runner = window.export_actions.letters_pdf(path=pdf)
    with qtbot.waitSignal(runner.done, timeout=300000):   # LibreOffice starts with a fresh profile
        pass
    assert runner.outcome == "succeeded"

    # the same letter written as .docx by “生成交办函”, turned into PDF by LibreOffice directly
    docx = tmp_path / "direct.docx"
    write_docx(contents[0], docx)
    direct = office.convert([docx], tmp_path, program)[0]
    ours, theirs = PdfReader(pdf).pages, PdfReader(direct).pages
    assert len(ours) == len(theirs) >= 3
    assert [(round(p.mediabox.width), round(p.mediabox.height)) for p in ours] == \
        [(round(p.mediabox.width), round(p.mediabox.height)) for p in theirs]
    text = _text(pdf)
    assert text == _text(direct)
    assert "人民政府" in text and not any(ord(c) in RADICALS for c in text)
