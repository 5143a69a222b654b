"""Soak run: a clerk's day on the demo database, over and over, through the real window and actions.

Not a timed test (pytest does not collect it): run it and read the figures.

    QT_QPA_PLATFORM=offscreen python tests/soak_day.py --rounds 2000 --every 100

Each round: switch to another page and back (all pages in turn), search, filter, sort, scroll, open and close the problem,
问题详情, 交办 and 整改进展 dialogs, add a problem and delete it again (undo stack included). It
prints the resident memory (RSS), the live widgets and the time per round (wall clock, and this
process's CPU time, which a machine loaded by other work blurs less); at the end, the growth from
the first report after warm-up to the last. Memory should stay flat (within 50 MB over 2,000 rounds) and
the round time should not grow: a closed window is gone.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, Qt, QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models import demo, ledger, units  # noqa: E402
from models.ledger import LedgerFilter  # noqa: E402
from models.problems import ProblemForm, next_number  # noqa: E402
from models.vocab import STATUS_IN_PROGRESS, STATUS_PENDING  # noqa: E402
from ui.app import create_app  # noqa: E402
from ui.dialogs import messages  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

PAGES = ("overview", "ledger", "batches", "dispatch", "evaluation", "units", "campaigns", "ledger")


def rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak, which only grows)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Day:
    """One round = one clerk's day in small; ``step()`` runs a round and schedules the next."""

    def __init__(self, window: MainWindow, rounds: int, every: int, trace: bool = False):
        self.window = window
        self.trace = trace
        self.traced: tracemalloc.Snapshot | None = None   # Python's allocations after warm-up
        self.rounds = rounds
        self.every = every
        self.done = 0
        self.times: list[float] = []
        self.cpu: list[float] = []       # this process's CPU time: what a loaded machine does not blur
        self.reports: list[tuple[int, float, int, float, float]] = []
        self.page = window.ledger_page
        store, cid = window.store, window.campaign_id
        self.pending = ledger.query_ids(store, LedgerFilter(campaign_id=cid, statuses=(STATUS_PENDING,)))
        self.open = ledger.query_ids(store, LedgerFilter(campaign_id=cid, statuses=(STATUS_IN_PROGRESS,)))
        self.lead_unit = units.list_units(store)[0].name
        if not self.pending or not self.open:
            raise SystemExit("演示数据里没有待交办或整改中的问题，无法运行。")

    def one_round(self) -> None:
        w, page = self.window, self.page
        w.show_page(PAGES[self.done % len(PAGES)])   # one other page per round: every page each 8 rounds
        w.show_page("ledger")
        page.bar.set_values(search="敬老院")
        page.bar.set_values(statuses=(STATUS_IN_PROGRESS,))
        page.bar.reset()
        page.table.sortByColumn(self.done % 6, Qt.SortOrder.DescendingOrder if self.done % 2 else
                                Qt.SortOrder.AscendingOrder)
        bar = page.table.verticalScrollBar()
        bar.setValue(bar.maximum())
        bar.setValue(0)
        pid = self.open[self.done % len(self.open)]
        w.problem_actions.edit_problem(pid).reject()
        w.workflow_actions.open_details([pid]).reject()
        w.workflow_actions.open_handover([self.pending[self.done % len(self.pending)]]).reject()
        w.workflow_actions.open_report([pid]).reject()
        dialog = w.problem_actions.new_problem()
        dialog.set_form(ProblemForm(number=next_number(w.store, w.campaign_id), source="专题调研", category="设施建设",
                                    description="浸泡测试：临时录入的问题", kind="立行立改",
                                    lead_unit=self.lead_unit))
        if not dialog.save():
            raise SystemExit("新建问题没有保存，浸泡测试停止。")
        page.select_ids([dialog.saved_id])
        if not w.problem_actions.delete_selected():
            raise SystemExit("删除问题失败，浸泡测试停止。")

    def step(self) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        self.one_round()
        self.times.append((time.perf_counter() - t0) * 1000)
        self.cpu.append((time.process_time() - c0) * 1000)
        self.done += 1
        if self.done == 1 or self.done % self.every == 0 or self.done == self.rounds:
            recent, cpu = self.times[-self.every:], self.cpu[-self.every:]
            report = (self.done, rss_mb(), len(QApplication.allWidgets()), sum(recent) / len(recent),
                      sum(cpu) / len(cpu))
            self.reports.append(report)
            print(f"第 {report[0]:>5} 轮  内存 {report[1]:7.1f} MB  控件 {report[2]:>6} 个  "
                  f"每轮 {report[3]:6.1f} 毫秒（CPU {report[4]:6.1f} 毫秒）", flush=True)
            if self.trace and self.done == self.every:
                tracemalloc.start(8)
                self.traced = tracemalloc.take_snapshot()
        if self.done >= self.rounds:
            QApplication.instance().quit()
        else:
            QTimer.singleShot(0, self.step)   # back to the event loop: closed windows are deleted there


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="浸泡测试：反复运行一天的操作，打印内存、控件数和每轮用时")
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--trace", action="store_true",
                        help="记录热身后 Python 分配的内存，结束时列出增长最多的代码行（运行会变慢）")
    args = parser.parse_args(argv)
    # the offscreen platform's own notice, once per dialog shown: not a finding
    qInstallMessageHandler(lambda mode, context, text: None if "propagateSizeHints" in text
                           else print(text, file=sys.stderr))
    app = create_app([sys.argv[0]])
    for name in ("ask", "inform", "warn"):   # questions say yes; notices are not waited for
        setattr(messages, name, (lambda *a, **k: True) if name == "ask" else (lambda *a, **k: None))
    with tempfile.TemporaryDirectory() as folder:
        store = demo.create_demo_database(Path(folder) / "演示.db")
        settings = QSettings(str(Path(folder) / "soak.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings=settings)
        window.resize(1400, 900)
        window.show()
        day = Day(window, args.rounds, args.every, args.trace)
        QTimer.singleShot(0, day.step)
        app.exec()
        first, last = day.reports[min(1, len(day.reports) - 1)], day.reports[-1]   # after warm-up
        print(f"共 {last[0]} 轮：内存 {first[1]:.1f} → {last[1]:.1f} MB（增长 {last[1] - first[1]:.1f} MB），"
              f"控件 {first[2]} → {last[2]} 个，每轮 {first[3]:.1f} → {last[3]:.1f} 毫秒"
              f"（CPU {first[4]:.1f} → {last[4]:.1f} 毫秒）")
        if day.traced is not None:
            growth = tracemalloc.take_snapshot().compare_to(day.traced, "traceback")
            total = sum(g.size_diff for g in growth) / 2 ** 20
            print(f"热身后 Python 分配的内存共增长 {total:.2f} MB，增长最多的是：")
            for g in growth[:8]:
                frames = list(g.traceback)[::-1][:4]   # where it was allocated first, then its callers
                where = " ← ".join(f"{Path(f.filename).name}:{f.lineno}" for f in frames)
                print(f"  {g.size_diff / 1024:8.1f} KB  {g.count_diff:+7d} 个  {where}")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
