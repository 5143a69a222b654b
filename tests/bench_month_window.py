"""How long the window is busy at a stretch while 月调度 of a province (45,000 problems, 150 offices) is
built: in a background job (a campaign over ui.widgets.lazy.AT_ONCE) and at once on the GUI thread.
A script that prints figures, not a test:

    QT_QPA_PLATFORM=offscreen python tests/bench_month_window.py [--n 45000] [--offices 150]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]
from bench_city_view import mark_foreign  # noqa: E402
from bench_ledger import build  # noqa: E402

from models.store import Store  # noqa: E402
from models.workflow import dispatch  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=45000)
    parser.add_argument("--offices", type=int, default=150)
    args = parser.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    tmp = Path(tempfile.mkdtemp(prefix="bench-month-"))
    cid = build(tmp / "p.db", args.n)
    store = Store(tmp / "p.db")
    mark_foreign(store, cid, args.offices)
    app = QApplication(sys.argv[:1])
    from ui.main_window import MainWindow
    from ui.widgets import lazy

    built = dispatch.month_view

    def month_view(*a, **kw):
        start = time.perf_counter()
        view = built(*a, **kw)
        where = "GUI" if threading.current_thread() is threading.main_thread() else "worker"
        print(f"  month_view on the {where} thread: {time.perf_counter() - start:.2f} s")
        return view
    dispatch.month_view = month_view
    window = MainWindow(store, settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window.settings.setValue("reminders/on_open", "false")
    window.show()
    window.reload_campaigns(select_id=cid)
    page = window.show_page("dispatch")
    while page.job is not None:
        app.processEvents()

    def measure(label: str) -> None:
        page.view = None
        cpu, wall = time.process_time(), time.perf_counter()
        start = time.perf_counter()
        page.refresh()
        longest = time.perf_counter() - start
        while page.job is not None or page.view is None:
            start = time.perf_counter()
            app.processEvents()
            longest = max(longest, time.perf_counter() - start)
        print(f"{label}: {len(page.view.rows)} rows in {time.perf_counter() - wall:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU; longest the GUI thread was busy at a stretch: "
              f"{longest * 1000:.0f} ms; load {os.getloadavg()[0]:.1f}")

    for _ in range(3):
        lazy.AT_ONCE = 5000
        measure("background job")
        lazy.AT_ONCE = 10**9
        measure("at once on the GUI thread")
    window.close()


if __name__ == "__main__":
    main()
