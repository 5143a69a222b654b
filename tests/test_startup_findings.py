"""Start-up says what it really found: a lost database with backups, a WAL alone, a folder, a
text file renamed .db, a mistyped path, a healthy database in a read-only folder."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from safety_data import add_problem, problem_count, seed

from models.safety import backup, lock, opening
from models.store import Store

ROOT = Path(__file__).resolve().parents[1]


class Answers:
    def __init__(self, yes: bool = True):
        self.yes = yes
        self.asked: list[tuple[str, str]] = []
        self.warned: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []

    def ask(self, title, text, yes):
        self.asked.append((title, text))
        return self.yes

    def warn(self, title, text):
        self.warned.append((title, text))

    def error(self, title, text):
        self.errors.append((title, text))

    def said(self) -> list[tuple[str, str]]:
        return self.asked + self.warned + self.errors


def _english(text: str, *paths: Path) -> list[str]:
    for p in paths:
        text = text.replace(str(p), "")
    return re.findall(r"[A-Za-z]{3,}", text)


def _with_backup(db_path: Path, n: int = 12) -> Path:
    s = Store(db_path)
    cid = seed(s)
    for i in range(n):
        add_problem(s, cid, i)
    made = backup.make_backup(s, backup.REASON_MANUAL)
    s.close()
    return made


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ----- point 2: a zero-length or missing file where a database with backups used to be ---------

def test_zero_length_database_with_backups_is_a_loss_and_offers_the_newest_backup(db_path):
    _with_backup(db_path, 12)
    db_path.write_bytes(b"")
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)
    declined = Answers(yes=False)
    before = _snapshot(db_path.parent)
    assert opening.open_database(db_path, declined) is None
    title, text = declined.asked[0]
    assert title == "数据库文件是空的" and "0 字节" in text and "12 个问题" in text
    assert _snapshot(db_path.parent) == before, "declining changes nothing, no empty daily backup"

    answers = Answers(yes=True)
    store = opening.open_database(db_path, answers)
    try:
        assert problem_count(store) == 12
        assert not any(b.problems == 0 for b in backup.list_backups(db_path, with_counts=True))
        assert list(backup.backup_dir(db_path).glob("损坏的文件_*")), "the empty file is kept"
    finally:
        opening.close_database(store)


def test_missing_database_with_backups_is_reported_not_made_new(db_path):
    _with_backup(db_path, 3)
    db_path.unlink()
    answers = Answers(yes=False)
    assert opening.open_database(db_path, answers) is None
    assert answers.asked[0][0] == "数据库文件不见了" and "3 个问题" in answers.asked[0][1]
    assert not db_path.exists() and not lock.lock_path(db_path).exists()
    store = opening.open_database(db_path, Answers(yes=True))
    try:
        assert problem_count(store) == 3
    finally:
        opening.close_database(store)


# ----- point 3: a WAL without its database --------------------------------------------------

def test_wal_without_database_says_what_was_found_and_creates_nothing(tmp_path):
    path = tmp_path / "联动监督.db"
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + os.urandom(8000))
    before = _snapshot(tmp_path)
    answers = Answers()
    assert opening.open_database(path, answers) is None
    title, text = answers.errors[0]
    assert title == "只找到了日志文件" and str(wal) in text and "没有新建" in text
    assert _snapshot(tmp_path) == before


def test_wal_beside_an_empty_database_with_backups_offers_restore_and_keeps_the_wal(db_path):
    _with_backup(db_path, 4)
    db_path.write_bytes(b"")
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + os.urandom(8000))
    answers = Answers(yes=True)
    store = opening.open_database(db_path, answers)
    try:
        assert answers.asked[0][0] == "只找到了日志文件"
        assert problem_count(store) == 4
        assert list(backup.backup_dir(db_path).glob("损坏的文件_*-wal")), "the stray log is kept"
    finally:
        opening.close_database(store)


# ----- point 14: --db to a folder, to a text file, to a path that does not exist ----------------

def test_folder_and_text_file_get_their_own_chinese_message(tmp_path, monkeypatch):
    from ui import startup

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(startup, "show_error", lambda title, text: shown.append((title, text)))
    folder = tmp_path / "数据"
    folder.mkdir()
    assert startup.open_store(folder) is None
    text_file = tmp_path / "清单.db"
    text_file.write_text("这是一个改了扩展名的文本文件\n第二行\n", encoding="utf-8")
    assert startup.open_store(text_file) is None
    (folder_title, folder_text), (text_title, text_text) = shown
    assert "文件夹" in folder_text and "已损坏" not in folder_text
    assert text_title == "不是数据库文件" and "断电" not in text_text
    assert not _english(folder_text, folder) and not _english(text_text, text_file)
    assert list(folder.iterdir()) == [] and text_file.read_text(encoding="utf-8").startswith("这是")


def test_path_that_does_not_exist_asks_before_creating_anything(tmp_path):
    path = tmp_path / "打错的文件夹" / "子文件夹" / "联动监督.db"
    declined = Answers(yes=False)
    assert opening.open_database(path, declined, ask_create=True) is None
    assert declined.asked[0][0] == "新建数据库" and str(tmp_path / "打错的文件夹") in declined.asked[0][1]
    assert list(tmp_path.iterdir()) == []
    store = opening.open_database(path, Answers(yes=True), ask_create=True)
    try:
        assert store is not None and path.exists() and not store.read_only
    finally:
        opening.close_database(store)


# ----- point 14: a healthy database in a read-only folder -------------------------------------

READ_ONLY_CHILD = r"""
import json, sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from models.safety import opening

said = []
class Answers:
    def ask(self, title, text, yes): said.append(["ask", title, text]); return True
    def warn(self, title, text): said.append(["warn", title, text])
    def error(self, title, text): said.append(["error", title, text])

store = opening.open_database(sys.argv[1], Answers())
count = None if store is None else store.scalar("SELECT count(*) FROM problems")
print(json.dumps({"said": said, "count": count, "read_only": bool(store and store.read_only)}, ensure_ascii=False))
"""


def _open_as_plain_user(path: Path) -> dict:
    """Open in a child process that cannot write the folder (root ignores chmod: run as nobody)."""
    command = [sys.executable, "-c", READ_ONLY_CHILD, str(path), str(ROOT), str(ROOT / "tests")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("以 root 运行且没有 setpriv：只读文件夹未检查")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(path.parent.parent)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def read_only_folder():
    top = Path(tempfile.mkdtemp(prefix="只读测试-"))
    folder = top / "只读"
    folder.mkdir()
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(top)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="只在 Linux 上检查（以无写权限的用户运行）")
def test_healthy_database_in_read_only_folder_opens_read_only_not_damaged(read_only_folder):
    path = read_only_folder / "联动监督.db"
    _with_backup(path, 5)
    shutil.rmtree(backup.backup_dir(path))
    for p in [read_only_folder.parent, read_only_folder, path]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    os.chmod(read_only_folder, 0o555)
    result = _open_as_plain_user(path)
    titles = [title for _, title, _ in result["said"]]
    assert result["read_only"] and result["count"] == 5, result
    assert "数据库文件已损坏" not in titles and not any("断电" in text for *_, text in result["said"])
    assert any("只读" in text for *_, text in result["said"])
