"""Speed check of the ledger on 100,000 problems: a script that prints figures, not a test.

    python tests/bench_ledger.py [--n 100000] [--db PATH] [--keep]

Builds the database (bulk insert of realistic text, ~30 units), then measures: opening the
store and showing the main window with the ledger filled (offscreen), search and filter
latency (median and worst of several runs per query), sort latency, and peak memory.
pytest does not collect it (only test_*.py files are collected).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import campaigns, deadlines, ledger, search, units  # noqa: E402
from models.demo_data import UNITS, problem_rows  # noqa: E402
from models.domain import Campaign, Unit  # noqa: E402
from models.ledger import LedgerFilter  # noqa: E402
from models.store import Store, now_text  # noqa: E402
from models.vocab import STATUSES  # noqa: E402

TODAY = date(2026, 11, 23)
EXTRA_UNITS = (("某某县石桥镇人民政府", "石桥镇"), ("某某县白沙乡人民政府", "白沙乡"),
               ("某某县南山镇人民政府", "南山镇"), ("某某县北关街道办事处", "北关街道"),
               ("某某县杨庄乡人民政府", "杨庄乡"), ("某某县高庙镇人民政府", "高庙镇"),
               ("某某县龙泉乡人民政府", "龙泉乡"))
VILLAGES = ("王庄村", "李家沟村", "张湾村", "刘庄村", "东岗村", "西河村", "后营村", "前街社区", "朝阳社区",
            "幸福路社区", "中心敬老院", "幸福院", "日间照料中心", "老年助餐点", "卫生院", "养老服务中心")


def build(path: Path, n: int, seed: int = 7) -> int:
    """A database with one campaign of ``n`` problems; returns the campaign id."""
    rng = random.Random(seed)
    store = Store(path)
    cid = campaigns.create_campaign(store, Campaign(name="积极应对人口老龄化 加快发展养老服务", year=2026,
                                                    organizer="某某县人大常委会"))
    for name, short, kind in UNITS:
        units.create_unit(store, Unit(name=name, short_name=short, kind=kind))
    for name, short in EXTRA_UNITS:
        units.create_unit(store, Unit(name=name, short_name=short, kind="乡镇/街道"))
    by_short = {u.short_name: u for u in units.list_units(store)}
    towns = [u for u in by_short.values() if u.kind == "乡镇/街道"]
    templates = problem_rows()
    ts = now_text()
    problems, coop, docs = [], [], []
    for i in range(1, n + 1):
        t = rng.choice(templates)
        town = rng.choice(towns)
        place = town.short_name + rng.choice(VILLAGES)
        # vary the figures so rows differ, keep the wording
        desc = re.sub(r"\d+", lambda m: str(rng.randint(1, 300)), t["description"])
        desc = f"{place}：{desc}"
        lead = by_short[t["lead_unit"]]
        sup = by_short[t["supervisor_unit"]]
        co = [by_short[c] for c in t["cooperating_units"]]
        if rng.random() < 0.3 and town.id != lead.id and town not in co:
            co.append(town)
        status = rng.choice(STATUSES)
        deadline = None if t["kind"] == "长期整改" and rng.random() < 0.5 else \
            (TODAY + timedelta(days=rng.randint(-200, 400))).isoformat()
        number = f"2026-{i:06d}"
        problems.append((i, cid, number, t["source"], t["category"], place, desc, t["suggestion"],
                         t["legal_basis"], lead.id, sup.id, t["kind"], deadline, status,
                         100 if status == "已销号" else rng.randint(0, 90), ts, ts))
        coop.extend((i, u.id, "配合", k) for k, u in enumerate(co))
        docs.append((i, search.index_text([number, desc, place, t["suggestion"]],
                                          [lead.id, sup.id, *(u.id for u in co)])))
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO problems(id, campaign_id, number, source, category, place, description, suggestion, "
            "legal_basis, lead_unit_id, supervisor_unit_id, kind, deadline, status, progress, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", problems)
        conn.executemany("INSERT INTO problem_units(problem_id, unit_id, role, position) VALUES (?, ?, ?, ?)", coop)
        conn.executemany("INSERT INTO problem_search(rowid, grams) VALUES (?, ?)", docs)
    store.conn.execute("PRAGMA optimize")
    store.conn.execute("INSERT INTO problem_search(problem_search) VALUES ('optimize')")
    store.close()
    return cid


def timed(func, repeat: int = 5) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def ledger_refresh(store: Store, flt: LedgerFilter, sort_key: str = "number", desc: bool = False) -> int:
    """What the page does on a filter change: ordered ids, the count, the first screen of rows."""
    ids = ledger.query_ids(store, flt, sort_key, desc)
    ledger.fetch_rows(store, ids[:60])
    return len(ids)


def measure_window(path: Path) -> tuple[float, float, int] | None:
    """(import ms, open+show ms, rows shown) for the real main window, or None if it cannot start."""
    t0 = time.perf_counter()
    try:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from ui.app import create_app
        from ui.main_window import MainWindow
    except Exception as exc:  # the window is built elsewhere; report and go on
        print(f"  （无法导入主窗口：{exc}）")
        return None
    app = create_app([sys.argv[0]])  # noqa: F841 (kept alive while the window lives)
    t1 = time.perf_counter()
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    store = Store(path)
    window = MainWindow(store, settings=settings)
    window.show()
    window.show_page("ledger")
    model = window.ledger_page.model
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        QApplication.processEvents()
        if model is not None and model.rowCount() > 0:
            break
    window.grab()  # paint once: the visible rows are built now
    t2 = time.perf_counter()
    rows = model.rowCount() if model is not None else -1
    window.close()
    store.close()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, rows


_BARE = """
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(QLabel("问题清单"))
w.resize(1280, 720)
w.show()
app.processEvents()
w.grab()
os._exit(0)
"""

# The program as a clerk starts it (main.py: arguments, checks, window), stopped as soon as the
# 问题清单 page shows its rows.
_PROGRAM = """
import os, sys
sys.path.insert(0, sys.argv[1])
sys.argv = ["main.py", "--db", sys.argv[2]]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.app
import main as entry

def check():
    for w in QApplication.topLevelWidgets():
        if type(w).__name__ == "MainWindow" and w.isVisible():
            page = w.show_page("ledger")
            if page.isVisible() and page.model.rowCount():
                w.grab()
                os._exit(0)
    QTimer.singleShot(2, check)

_create = ui.app.create_app
def create_app(argv=None):
    app = _create(argv)
    QTimer.singleShot(0, check)
    return app
ui.app.create_app = create_app
entry.main()
os._exit(3)
"""


def measure_processes(jobs: list[tuple], runs: int = 7) -> list[tuple[float, float, float]]:
    """Per job (code, args, before): (median, best, median CPU) ms from starting a Python process
    running ``code`` until it exits (CPU: user + system time of the process, which load from other
    programs inflates much less). The jobs take turns, one run each, so that all of them meet the
    same load; ``before`` runs ahead of each of its processes (not timed)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "HOME": tempfile.mkdtemp(prefix="bench-home-"), "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": ""}
    # as installed: compiled modules are cached (a shell with PYTHONDONTWRITEBYTECODE would
    # compile every module at every start and measure the compiler, not the program)
    env = {k: v for k, v in env.items() if v != "" and k != "PYTHONDONTWRITEBYTECODE"}
    times: list[list[float]] = [[] for _ in jobs]
    cpu: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for k, (code, args, before) in enumerate(jobs):
            if before is not None:
                before()
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, timeout=120)
            times[k].append((time.perf_counter() - t0) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[k].append((after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime) * 1000)
            if done.returncode != 0:
                print(f"  （进程出错 {done.returncode}：{done.stderr.decode(errors='replace')[-300:]}）")
                return [(float("nan"),) * 3 for _ in jobs]
    return [(statistics.median(t), min(t), statistics.median(c)) for t, c in zip(times, cpu, strict=True)]


def load_text() -> str:
    """The machine's load average (1 and 5 minutes): figures measured on a busy machine say so."""
    one, five, _ = os.getloadavg()
    return f"负载 {one:.1f}/{five:.1f}"


# The file as a clerk's program leaves it at a normal close: opened, fully checked, closed
# (models/safety/seal.py records it, so the next start may leave the quick check out).
_CLOSE_CLEANLY = """
import sys
sys.path.insert(0, sys.argv[1])
from models.safety import opening

class Say:
    def ask(self, title, text, yes):
        print(title, text)
        return False
    warn = error = lambda self, title, text: print(title, text)

store = opening.open_database(sys.argv[2], Say(), check_later=True)
assert opening.after_open(store, daily=False).check
opening.close_database(store)
"""


def compare_start(path: Path) -> None:
    from models.safety import seal

    print(f"  （{load_text()}）")
    subprocess.run([sys.executable, "-c", _CLOSE_CLEANLY, str(ROOT), str(path)], check=True)
    record = seal.record_path(path).read_bytes()
    # each timed start is killed once the ledger shows (no clean close, so it leaves no record):
    # the record of the normal close is put back before each, as after a clerk's day; the other
    # start meets a file without it (killed last time, or changed) and runs the quick check
    (bare, bare_best, bare_cpu), (ours, ours_best, ours_cpu), (checked, checked_best, checked_cpu) = \
        measure_processes([(_BARE, (), None),
                           (_PROGRAM, (str(ROOT), str(path)), lambda: seal.record_path(path).write_bytes(record)),
                           (_PROGRAM, (str(ROOT), str(path)), lambda: seal.forget(path))])
    seal.record_path(path).write_bytes(record)
    skipped = seal.unchanged(path)   # the timed starts left the file as it was
    seal.forget(path)
    print(f"  整个进程（三者轮流各 7 次的中位数）：空白 PySide6 窗口 {bare:.0f} ms（最快 {bare_best:.0f}，CPU {bare_cpu:.0f}）；"
          f"本程序启动到问题清单显示 {ours:.0f} ms（最快 {ours_best:.0f}，CPU {ours_cpu:.0f}），{ours / bare:.1f} 倍"
          f"（CPU {ours_cpu / bare_cpu:.1f} 倍；目标 ≤ 4 倍）"
          f"{'' if skipped else '（注意：文件在计时中被改动，上面的启动也做了快速检查）'}（{load_text()}）")
    print(f"  上次未正常关闭（或文件被改动过）时，启动含快速检查：{checked:.0f} ms（最快 {checked_best:.0f}，"
          f"CPU {checked_cpu:.0f}），{checked / bare:.1f} 倍（CPU {checked_cpu / bare_cpu:.1f} 倍）")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--keep", action="store_true", help="reuse an existing --db instead of rebuilding")
    ap.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--only", choices=("start", "search"), help="measure only the start or only search/sort")
    args = ap.parse_args()
    if args.build_only:
        build(args.db, args.n)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    path = args.db or folder / "bench.db"
    if not (args.keep and path.exists()):
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        t0 = time.perf_counter()
        # in a child process, so the build's lists do not count in the memory figure below
        subprocess.run([sys.executable, __file__, "--build-only", "--n", str(args.n), "--db", str(path)],
                       check=True)
        print(f"建库：{args.n} 条问题，{time.perf_counter() - t0:.1f} 秒，文件 {path.stat().st_size / 1e6:.0f} MB")

    if args.only == "start":
        print("\n启动到问题清单显示")
        compare_start(path)
        return 0
    if args.only != "search":
        print("\n打开并显示问题清单")
        t0 = time.perf_counter()
        store = Store(path)
        cid = store.scalar("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        total = ledger_refresh(store, LedgerFilter(campaign_id=cid, today=TODAY))
        print(f"  打开数据库 + 取全部编号 + 首屏 60 行（无界面）：{(time.perf_counter() - t0) * 1000:.0f} ms，共 {total} 条")
        store.close()
        win = measure_window(path)
        if win:
            print(f"  导入 Qt 与界面模块：{win[0]:.0f} ms（进程启动开销，只发生一次）")
            print(f"  打开数据库 + 显示主窗口并填好问题清单（全部页面，含总览、提醒等）：{win[1]:.0f} ms（表格 {win[2]} 行）")
        print(f"  （到此内存峰值 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB）")
        compare_start(path)

    store = Store(path)
    cid = store.scalar("SELECT id FROM campaigns ORDER BY id LIMIT 1")
    mz = units.find_unit(store, "县民政局").id
    queries = [
        ("搜索“消防”（两字）", dict(search="消防")),
        ("搜索“助餐”（两字）", dict(search="助餐")),
        ("搜索“闲置”（两字）", dict(search="闲置")),
        ("搜索“敬老院”", dict(search="敬老院")),
        ("搜索“护理员 持证”（两词）", dict(search="护理员 持证")),
        ("搜索“适老化改造”", dict(search="适老化改造")),
        ("搜索编号“2026-012345”", dict(search="2026-012345")),
        ("搜索单位“县民政局”", dict(search="县民政局")),
        ("搜索“王庄村”", dict(search="王庄村")),
        ("搜索无结果“火星基地”", dict(search="火星基地")),
        ("筛选 状态=整改中", dict(statuses=("整改中",))),
        ("筛选 牵头单位=县民政局", dict(lead_unit_id=mz)),
        ("筛选 已逾期", dict(deadline_state=deadlines.OVERDUE)),
        ("筛选 15日内到期", dict(deadline_state=deadlines.DUE_SOON)),
        ("筛选 类别=老年助餐 + 来源=群众反映", dict(category="老年助餐", source="群众反映")),
        ("搜索“消防” + 已逾期", dict(search="消防", deadline_state=deadlines.OVERDUE)),
        ("搜索“敬老院” + 状态=整改中 + 县民政局", dict(search="敬老院", statuses=("整改中",), lead_unit_id=mz)),
    ]
    print(f"\n搜索与筛选（编号排序；每项 5 次：中位数 / 最慢，单位 ms；首次：这个词第一次搜，"
          f"单位的问题尚未读过；{load_text()}）")
    all_times = []
    for label, kw in queries:
        flt = LedgerFilter(campaign_id=cid, today=TODAY, **kw)
        t0 = time.perf_counter()
        n = ledger_refresh(store, flt)
        first = (time.perf_counter() - t0) * 1000
        times = timed(lambda flt=flt: ledger_refresh(store, flt))
        all_times.extend(times)
        print(f"  {label:<28} {statistics.median(times):6.1f} / {max(times):6.1f}   首次 {first:6.1f}   命中 {n}")
    print(f"  全部搜索筛选：中位数 {statistics.median(all_times):.1f} ms，最慢 {max(all_times):.1f} ms")

    print("\n排序（全部问题；中位数 / 最慢，ms）")
    sort_times = []
    everything = LedgerFilter(campaign_id=cid, today=TODAY)
    for col in ledger.COLUMNS:
        times = timed(lambda c=col.key: ledger_refresh(store, everything, c, True), repeat=3)
        sort_times.extend(times)
        print(f"  {col.label:<8} {statistics.median(times):6.1f} / {max(times):6.1f}")
    flt = LedgerFilter(campaign_id=cid, today=TODAY, search="消防")
    times = timed(lambda: ledger_refresh(store, flt, "lead_unit", True), repeat=3)
    print(f"  搜索“消防”后按牵头单位倒序 {statistics.median(times):6.1f} / {max(times):6.1f}")
    print(f"  全部排序：中位数 {statistics.median(sort_times):.1f} ms，最慢 {max(sort_times):.1f} ms")
    store.close()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n内存峰值（ru_maxrss）：{peak:.0f} MB")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip Qt's teardown at interpreter exit (it can abort after a window was shown)
