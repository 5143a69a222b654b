"""帮助: the manual with its pictures, the colour legend, 关于."""
from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextDocument

from models.paths import resources_dir
from ui.dialogs import help as help_feature

pytestmark = pytest.mark.gui


def test_manual_shows_every_step_with_pictures(window, qtbot):
    texts = [a.text() for a in window.menu("help").actions() if a.text()]
    assert "使用说明…" in texts and "表格颜色说明…" in texts and texts[-1] == "关于…"
    dialog = help_feature.show_manual(window)
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    for step in ("一、准备", "二、梳理问题清单", "三、交办", "四、跟踪整改", "五、销号", "六、满意度测评",
                 "七、统计、简报和台账", "八、年底：转下年度", "九、数据安全"):
        assert step in text
    assert "待交办已超过计划时限" in text and "15日内到期" in text   # the legend is filled in
    html = (resources_dir() / help_feature.MANUAL).read_text(encoding="utf-8")
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 5
    for name in pictures:
        path = resources_dir() / "help" / name
        assert path.exists() and path.stat().st_size < 120_000         # small files
        image = dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                                     dialog.browser.document().baseUrl().resolved(name))
        assert image is not None and not image.isNull(), name
    assert not re.search(r"[A-Za-z]{4,}", text.replace("Excel", "").replace("Word", "").replace("Ctrl", "")
                         .replace("Enter", "").replace("WPS", "").replace("Esc", ""))
    dialog.close()


def test_about_names_version_files_and_qt(window):
    text = help_feature.about_text(window)
    assert help_feature.VERSION in text and str(window.store.path) in text
    assert "数据文件夹" in text and "Qt 6." in text and "Python 3." in text


def test_legend_matches_the_row_colours(window):
    from ui import style
    from ui.ledger.legend import legend_line
    from ui.ledger.table_model import STATE_COLOURS

    html = help_feature.legend_html(15)
    line = legend_line(15)
    for bg, _fg in STATE_COLOURS.values():
        # the palette's colour, not its role name (rich text draws an unknown name as a black box)
        assert style.hex_of(bg) in html and style.hex_of(bg) in line
        assert f"background:{bg}" not in html and f"background:{bg}" not in line
    assert "已逾期" in html and "15日内到期" in html and "待交办已超过计划时限" in html


def test_version_matches_pyproject():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{help_feature.VERSION}"' in text


def test_ledger_shows_the_colour_key(window):
    page = window.show_page("ledger")
    assert page.legend.isVisible()
    for word in ("已逾期", "15日内到期", "待交办已超过计划时限"):
        assert word in page.legend.text()
