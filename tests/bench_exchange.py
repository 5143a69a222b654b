"""Speed check of the 三级联动 exchange: a script that prints figures, not a test.

    python tests/bench_exchange.py [--problems 1000] [--reports 3000] [--mb 200] [--counties 150] [--each 300]

Part 1: a county with 1,000 problems, 3,000 progress reports and 200 MB of 佐证材料 writes a package for
the city (goal ≤ 10 s); the city reads it and gets its change list (≤ 3 s) and applies it (≤ 10 s).
Part 2: a province imports 150 county packages of 300 problems each (≤ 60 s in all).
Data is bulk-inserted (it is the exchange being measured, not data entry). pytest does not collect it.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import campaigns, units  # noqa: E402
from models.domain import Campaign, Unit  # noqa: E402
from models.store import Store, now_text  # noqa: E402
from models.sync import export, identity, merge  # noqa: E402
from models.sync.package import read_package  # noqa: E402

CAMPAIGN = "积极应对人口老龄化 加快发展养老服务"
UNITS = ("民政局", "卫生健康委员会", "财政局", "住房和城乡建设局", "应急管理局")


def county(path: Path, office: str, problems: int, reports: int, mb: int) -> Store:
    store = Store(path)
    identity.set_office(store, office, "县")
    cid = campaigns.create_campaign(store, Campaign(name=CAMPAIGN, year=2026, level="县", organizer=office))
    unit_ids = [units.create_unit(store, Unit(name=f"{office[:-6]}{u}", kind="政府部门")) for u in UNITS]
    ts = now_text()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO problems(campaign_id, number, source, category, place, description, suggestion, lead_unit_id, "
            "kind, deadline, status, progress, created_at, updated_at) VALUES (?, ?, '专题调研', '设施建设', ?, ?, ?, ?, "
            "'限期整改', '2026-12-31', '整改中', 0, ?, ?)",
            [(cid, f"2026-{i:04d}", f"某某乡{i % 40}村", f"第{i}家养老机构消防设施不达标，疏散通道被占用，需要整改落实",
              "限期完成消防改造并组织演练", unit_ids[i % len(unit_ids)], ts, ts) for i in range(1, problems + 1)])
        pids = [r[0] for r in conn.execute("SELECT id FROM problems ORDER BY id")]
        batch = conn.execute("INSERT INTO handover_batches(campaign_id, doc_number, handover_date, created_at, updated_at) "
                             "VALUES (?, '某县人常办〔2026〕1号', '2026-01-10', ?, ?)", (cid, ts, ts)).lastrowid
        conn.executemany("INSERT INTO handover_items(batch_id, problem_id, deadline, position) VALUES (?, ?, '2026-12-31', ?)",
                         [(batch, pid, n) for n, pid in enumerate(pids)])
        conn.executemany(
            "INSERT INTO progress_reports(problem_id, report_date, unit_id, measures, result, percent, created_at, "
            "updated_at) VALUES (?, ?, ?, '完成消防设施更换，组织疏散演练', '已完成阶段任务', ?, ?, ?)",
            [(pids[i % len(pids)], f"2026-0{1 + i % 6}-15", unit_ids[i % len(unit_ids)], (i * 7) % 100, ts, ts)
             for i in range(reports)])
        if mb:
            folder = path.parent / f"{path.stem}_附件" / "问题1"
            folder.mkdir(parents=True, exist_ok=True)
            rows = []
            for n in range(mb // 2):
                data = os.urandom(2 * 1024 * 1024)  # photos and scans do not compress
                f = folder / f"现场照片{n + 1}.jpg"
                f.write_bytes(data)
                rows.append((pids[n % len(pids)], f.relative_to(path.parent).as_posix(), hashlib.sha256(data).hexdigest(),
                             len(data), f.name, ts))
            conn.executemany("INSERT INTO attachments(problem_id, purpose, stored_path, sha256, size, file_name, added_at) "
                             "VALUES (?, '整改进展', ?, ?, ?, ?, ?)", rows)
    return store


def timed(label: str, goal: float, func):
    """Wall time against the goal, and this process's CPU time (the machine may be shared and busy)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    took, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label}：{took:.2f} 秒（目标 ≤ {goal:g} 秒；本进程 CPU {used:.2f} 秒；机器负载 {os.getloadavg()[0]:.1f}）"
          f"{'' if took <= goal else '  ← 超过目标'}", flush=True)
    return result


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--problems", type=int, default=1000)
    p.add_argument("--reports", type=int, default=3000)
    p.add_argument("--mb", type=int, default=200)
    p.add_argument("--counties", type=int, default=150)
    p.add_argument("--each", type=int, default=300)
    args = p.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    print(f"机器负载（1 分钟平均）：{os.getloadavg()[0]:.1f}，CPU 核数：{os.cpu_count()}")
    print(f"第一部分：一个县 {args.problems} 个问题、{args.reports} 条整改进展、{args.mb} MB 佐证材料")
    c = county(root / "county.db", "某某县人大常委会", args.problems, args.reports, args.mb)
    city = Store(root / "city.db")
    identity.set_office(city, "某某市人大常委会", "市")
    pkg_path = root / "county1.zip"
    result = timed("写交换包", 10, lambda: export.export_package(c, to_office="某某市人大常委会", out=pkg_path))
    print(f"  {result.change_count} 条变更，{result.blob_count} 个文件，包大小 {pkg_path.stat().st_size / 1024 ** 2:.0f} MB")

    pkg = timed("读包并核对（签名、每个文件的校验值）", 3, lambda: read_package(pkg_path))
    preview = timed("列出变化清单（试做后回滚）", 3, lambda: merge.import_package(city, pkg, dry_run=True))
    print(f"  新增问题 {preview.new_rows['problems']}，整改进展 {preview.new_rows['progress_reports']}")
    # as in the window: the package read for the change list is the one applied
    timed("应用（含自动备份、写入佐证材料）", 10, lambda: merge.import_package(city, pkg))
    c.close()
    city.close()

    print(f"第二部分：省里导入 {args.counties} 个县的交换包，每包 {args.each} 个问题")
    province = Store(root / "province.db")
    identity.set_office(province, "某某省人大常委会", "省")
    packages = []
    for n in range(args.counties):
        s = county(root / f"c{n}.db", f"第{n + 1}县人大常委会", args.each, 0, 0)
        out = root / f"c{n}.zip"
        export.export_package(s, to_office="某某省人大常委会", out=out)
        s.close()
        packages.append(out)

    results = timed(f"成批导入 {args.counties} 个交换包（一次备份）", 60, lambda: merge.import_many(province, packages, fast_commits=True))
    assert all(isinstance(r, merge.ChangeList) and r.applied for r in results)
    print(f"  省里现有问题 {province.scalar('SELECT count(*) FROM problems')} 个")
    province.close()


if __name__ == "__main__":
    main()
