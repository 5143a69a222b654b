"""Starting the program: which file --db/--demo open, and that the demo never touches user data."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import main
from models.store import Store
from ui import startup


def test_default_database_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path, demo = main.resolve_db(main.parse_args([]))
    assert not demo
    assert path.parent == tmp_path / "联动监督问题清单" and path.suffix == ".db"


def test_db_option_opens_that_file(tmp_path):
    path, demo = main.resolve_db(main.parse_args(["--db", str(tmp_path / "别处.db")]))
    assert path == tmp_path / "别处.db" and not demo


def test_demo_without_db_makes_a_new_file_beside_not_over_user_data(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    default, _ = main.resolve_db(main.parse_args([]))
    path, demo = main.resolve_db(main.parse_args(["--demo"]))
    assert demo and path != default and not path.exists()


def test_demo_refuses_an_existing_path_and_leaves_it_alone(tmp_path, capsys):
    mine = tmp_path / "已有.db"
    s = Store(mine)
    s.set_setting("marker", "我的数据")
    s.close()
    before = mine.read_bytes()
    with pytest.raises(SystemExit) as exit_info:
        main.main(["--demo", "--db", str(mine)])
    assert "已存在" in str(exit_info.value.code) and "不会覆盖" in str(exit_info.value.code)
    assert mine.read_bytes() == before


def test_open_store_demo_creates_the_file_with_demo_data(tmp_path):
    store = startup.open_store(tmp_path / "演示.db", demo=True)
    assert store is not None
    assert store.scalar("SELECT COUNT(*) FROM problems") >= 60
    store.close()


def test_open_store_shows_chinese_message_instead_of_crashing(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(startup, "show_error", lambda title, text: shown.append((title, text)))
    bad = tmp_path / "坏.db"
    bad.write_bytes(b"garbage" * 500)
    assert startup.open_store(bad) is None
    assert shown and "不是数据库文件" in shown[0][1]
    existing = tmp_path / "有了.db"
    Store(existing).close()
    assert startup.open_store(existing, demo=True) is None
    assert "已存在" in shown[-1][1]


def test_ci_runs_exactly_the_readme_test_command():
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines()
                   if line.startswith("python3 -m venv") and "pytest" in line)
    assert command in ci.splitlines()
