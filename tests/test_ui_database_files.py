"""文件 → 新建数据库… / 打开数据库… / 最近打开, and the window title naming the open file."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.campaigns import create_campaign
from models.domain import Campaign
from models.store import Store
from ui.features import database_files

pytestmark = pytest.mark.gui


def _menu_texts(window) -> list[str]:
    return [a.text() for a in window.menu("file").actions()]


def test_file_menu_opens_new_and_existing_databases(window, qtbot, tmp_path, monkeypatch):
    assert _menu_texts(window)[:3] == ["新建数据库(&N)…", "打开数据库(&O)…", "最近打开(&R)"]
    assert window.windowTitle().startswith(f"{Path(window.store.path).name} — 联动监督问题清单管理系统")
    assert str(window.store.path) in window.windowTitle()
    first_path = Path(window.store.path)

    new_path = tmp_path / "二〇二六年联动监督"
    monkeypatch.setattr(database_files, "choose_new_path", lambda parent, start: str(new_path) + ".db")
    other = database_files.new_database(window)
    qtbot.addWidget(other)
    assert other is not window and other.isVisible() and not window.isVisible()
    assert Path(other.store.path).name == "二〇二六年联动监督.db" and Path(other.store.path).exists()
    assert other.windowTitle().startswith("二〇二六年联动监督.db — ")
    assert other.campaign_id is None and other.current_page_key() == "start"   # an empty file: 开始 page

    # an existing file opens in its place; a file that exists is never made anew
    existing = tmp_path / "县里的.db"
    s = Store(existing)
    create_campaign(s, Campaign(name="养老服务联动监督", year=2026))
    s.close()
    said = []
    monkeypatch.setattr(database_files.messages, "warn", lambda *a: said.append(a[1:]))
    monkeypatch.setattr(database_files, "choose_new_path", lambda parent, start: str(existing))
    assert database_files.new_database(other) is None and "已经存在" in said[0][1]
    monkeypatch.setattr(database_files, "choose_existing_path", lambda parent, start: str(existing))
    third = database_files.open_database(other)
    qtbot.addWidget(third)
    assert Path(third.store.path) == existing and third.campaign_id is not None
    assert not other.isVisible()

    # 最近打开 lists the other files, newest first, and opens one
    third.recent_menu.aboutToShow.emit()
    recent = [a.toolTip() for a in third.recent_menu.actions()]
    assert recent[:2] == [str((tmp_path / "二〇二六年联动监督.db").resolve()), str(first_path.resolve())]
    third.recent_menu.actions()[1].trigger()
    fourth = database_files.OPEN_WINDOWS[-1]
    qtbot.addWidget(fourth)
    assert Path(fourth.store.path).resolve() == first_path.resolve() and not third.isVisible()
    # the dialogs start where the last database was
    seen = []
    monkeypatch.setattr(database_files, "choose_existing_path", lambda parent, start: seen.append(start) or "")
    database_files.open_database(fourth)
    assert seen == [str(tmp_path)]
