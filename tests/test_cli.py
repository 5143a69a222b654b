"""The command line: ``main.py export KIND`` writes what the menus write, prints one path a line,
and refuses bad arguments with a Chinese sentence; ``main.py check`` gives a one-line verdict."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import main
from models import demo
from models.documents import letter_data
from models.store import Store
from models.workflow.handover import list_batches

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = re.compile(r"\b(usage|options|error|arguments?|required|invalid|choose)\b", re.I)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "演示.db"
    store = Store(path)
    demo.fill_demo(store)
    store.close()
    return path


def _run(capsys, *argv) -> tuple[int, list[str], str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if line], err


@pytest.mark.parametrize("kind,count", [("ledger", 1), ("rectification", 1), ("closed", 1), ("stats", 1),
                                        ("bulletin", 1)])
def test_each_export_prints_the_files_it_wrote(capsys, demo_db, tmp_path, kind, count):
    code, lines, err = _run(capsys, "export", kind, "--db", str(demo_db), "--out", str(tmp_path / "出"))
    assert code == 0 and err == ""
    assert len(lines) == count and all(Path(p).is_file() and Path(p).parent == tmp_path / "出" for p in lines)


def test_the_ledger_holds_every_problem_of_the_campaign(capsys, demo_db, tmp_path):
    _code, lines, _err = _run(capsys, "export", "ledger", "--db", str(demo_db), "--out", str(tmp_path))
    ws = load_workbook(lines[0]).active
    numbers = {c.value for c in ws["B"] if c.value and re.fullmatch(r"\d{4}-\d{3}", str(c.value))}
    store = Store(demo_db, read_only=True, create=False)
    try:
        cid = int(store.get_setting("start_campaign_id"))
        expected = set(store.column("SELECT number FROM problems WHERE campaign_id = ?", (cid,)))
    finally:
        store.close()
    assert numbers == expected


def test_dispatch_takes_a_month(capsys, demo_db, tmp_path):
    code, lines, _err = _run(capsys, "export", "dispatch", "--db", str(demo_db), "--month", "2026-06",
                             "--out", str(tmp_path))
    assert code == 0 and Path(lines[0]).name == "月调度表-2026年6月.xlsx"


def test_letters_of_every_batch_in_every_mode(capsys, demo_db, tmp_path):
    code, lines, err = _run(capsys, "export", "letters", "--db", str(demo_db), "--out", str(tmp_path))
    assert code == 0 and err == ""
    store = Store(demo_db, read_only=True, create=False)
    try:
        cid = int(store.get_setting("start_campaign_id"))
        batches = list_batches(store, cid)
        expected = sum(2 * (2 + len(letter_data.batch_lead_units(store, b["id"]))) for b in batches)
    finally:
        store.close()
    assert len(lines) == len(set(lines)) == expected
    assert all(Path(p).is_file() for p in lines)
    folders = {Path(p).parent.name for p in lines}
    assert folders == {f"{m}-{f}" for m in ("主送", "各牵头单位", "分别") for f in ("公文", "信函")}
    one = [p for p in lines if "分别-公文" in p][0]
    assert "问题清单" in "\n".join(c.text for t in Document(one).tables for r in t.rows for c in r.cells) or \
        any("附件" in p.text for p in Document(one).paragraphs)


def test_one_batch_one_mode(capsys, demo_db, tmp_path):
    store = Store(demo_db, read_only=True, create=False)
    try:
        batch = list_batches(store, int(store.get_setting("start_campaign_id")))[0]
    finally:
        store.close()
    code, lines, _err = _run(capsys, "export", "letters", "--db", str(demo_db), "--batch", batch["doc_number"],
                             "--mode", "主送", "--form", "信函", "--out", str(tmp_path))
    assert code == 0 and len(lines) == 1 and "主送-信函" in lines[0]


def test_forms(capsys, demo_db, tmp_path):
    code, lines, _err = _run(capsys, "export", "forms", "--db", str(demo_db), "--out", str(tmp_path))
    names = [Path(p).name for p in lines]
    assert code == 0 and "满意度测评表.docx" in names and any(n.startswith("销号审批表-") for n in names)


@pytest.mark.parametrize("argv,words", [
    (["export"], "缺少必需的参数"),
    (["export", "ledgr", "--db", "x.db", "--out", "o"], "不是可选的值"),
    (["export", "ledger", "--db", "没有这个文件.db", "--out", "o"], "数据库文件不存在"),
    (["export", "ledger", "--db", "{db}", "--campaign", "没有这个专题", "--out", "{out}"], "找不到监督专题"),
    (["export", "dispatch", "--db", "{db}", "--month", "六月", "--out", "{out}"], "无法识别"),
    (["export", "letters", "--db", "{db}", "--batch", "某县〔1999〕1号", "--out", "{out}"], "找不到交办批次"),
    (["export", "letters", "--db", "{db}", "--mode", "随便", "--out", "{out}"], "不是可选的值"),
    (["check"], "缺少必需的参数"),
])
def test_bad_arguments_say_why_in_chinese(capsys, demo_db, tmp_path, argv, words):
    argv = [a.format(db=demo_db, out=tmp_path) for a in argv]
    code, lines, err = _run(capsys, *argv)
    assert code == 2 and lines == []
    assert words in err and not ENGLISH.search(err)


def test_help_is_chinese(capsys):
    for argv in (["export", "--help"], ["check", "--help"], ["--help"]):
        with pytest.raises(SystemExit) as exit_info:   # the window's own --help exits through argparse
            code = main.main(argv)
            raise SystemExit(code)
        assert exit_info.value.code in (0, None)
        out = capsys.readouterr().out
        assert "用法" in out and not ENGLISH.search(out.replace("main.py", ""))
    main.main(["export", "--help"])
    assert "letters" in capsys.readouterr().out


def test_check_says_healthy_or_damaged(capsys, demo_db, tmp_path):
    code, lines, _err = _run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and len(lines) == 1 and lines[0].startswith("完好")
    broken = tmp_path / "坏.db"
    shutil.copy(demo_db, broken)
    size = broken.stat().st_size
    with open(broken, "r+b") as f:    # scribble over pages in the middle of the file
        for offset in range(4096 * 3, size - 4096, 4096 * 4):
            f.seek(offset + 100)
            f.write(b"\xff" * 600)
    code, lines, _err = _run(capsys, "check", "--db", str(broken))
    assert code == 1 and len(lines) == 1 and lines[0].startswith("已损坏")
    text = tmp_path / "说明.db"
    text.write_text("这不是数据库" * 500, encoding="utf-8")
    code, lines, _err = _run(capsys, "check", "--db", str(text))
    assert code == 1 and "已损坏" in lines[0] or "不是" in lines[0]


def test_a_separate_process_exits_with_the_code(demo_db, tmp_path):
    ok = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--db", str(demo_db)],
                        capture_output=True, text=True, timeout=120, encoding="utf-8")
    assert ok.returncode == 0 and ok.stdout.startswith("完好")
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "stats", "--db", str(tmp_path / "无.db"),
                          "--out", str(tmp_path)], capture_output=True, text=True, timeout=120, encoding="utf-8")
    assert bad.returncode == 2 and "数据库文件不存在" in bad.stderr and bad.stdout == ""
