"""Speed of the city's merged view on a province-sized database: a script that prints figures, not a test.

    python tests/bench_city_view.py [--n 45000] [--offices 150]

Builds one campaign of ``n`` problems (tests/bench_ledger.build), then marks all but a tenth as coming
from ``offices`` other offices (sync_peers + sync_rows, as an import of their 交换包 leaves them), and
times: 总览 of everything without any other office (the county's case), 总览 with the per-office table,
总览 narrowed to one office, the 问题清单 filtered to one office, 月调度 of the current month, all
offices and one.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ledger import TODAY, build  # noqa: E402

from models import ledger  # noqa: E402
from models.ledger import LedgerFilter  # noqa: E402
from models.store import Store  # noqa: E402
from models.workflow import dispatch, overview  # noqa: E402


def timed(func, repeat: int = 3) -> str:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return f"median {statistics.median(runs) * 1000:.0f} ms, worst {max(runs) * 1000:.0f} ms"


def mark_foreign(store: Store, cid: int, offices: int) -> list[str]:
    sites = [uuid.uuid4().hex for _ in range(offices)]
    with store.transaction() as conn:
        conn.executemany("INSERT INTO sync_peers(site, level, office, public_key, first_seen) VALUES (?, '县', ?, '', '')",
                         [(s, f"第{i + 1}县人大常委会") for i, s in enumerate(sites)])
        ids = store.column("SELECT id FROM problems WHERE campaign_id = ? ORDER BY id", (cid,))
        conn.executemany("INSERT INTO sync_rows(uuid, tbl, local_id, origin_site) VALUES (?, 'problems', ?, ?)",
                         [(uuid.uuid4().hex, pid, sites[j % offices])
                          for j, pid in enumerate(pid for i, pid in enumerate(ids) if i % 10)])
    # build() left statistics taken while sync_rows was empty (PRAGMA optimize); with them SQLite scans
    # sync_rows for every problem (8 s for 3,000). The program itself never writes statistics.
    store.conn.execute("ANALYZE sync_rows")
    return sites


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=45000)
    parser.add_argument("--offices", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.db"
        cid = build(path, args.n)
        store = Store(path)
        print(f"{args.n} problems in one campaign")
        print("总览, all this office's own:", timed(lambda: overview.compute(store, cid, today=TODAY)))
        sites = mark_foreign(store, cid, args.offices)
        print(f"… {args.offices} other offices hold 90% of them")
        ov = overview.compute(store, cid, today=TODAY)
        print(f"总览 with {len(ov.by_origin)} office rows:", timed(lambda: overview.compute(store, cid, today=TODAY)))
        print("总览, one office:", timed(lambda: overview.compute(store, cid, today=TODAY, origin=sites[3])))
        flt = LedgerFilter(campaign_id=cid, origin=sites[3])
        print(f"问题清单 filtered to one office ({ledger.count(store, flt)} rows):",
              timed(lambda: ledger.query_ids(store, flt)))
        print("问题清单 sorted by 来源机关:",
              timed(lambda: ledger.query_ids(store, LedgerFilter(campaign_id=cid), "origin")))
        print("月调度 this month, all offices:",
              timed(lambda: dispatch.month_view(store, cid, TODAY.year, TODAY.month, today=TODAY)))
        print("月调度 this month, one office:",
              timed(lambda: dispatch.month_view(store, cid, TODAY.year, TODAY.month, today=TODAY, origin=sites[3])))
        store.close()


if __name__ == "__main__":
    main()
