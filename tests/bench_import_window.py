"""Import speed as the clerk waits for it: the import wizard of the real window, step by step.

    python tests/bench_import_window.py [ROWS]

The same workbook as tests/bench_import.py (50,000 rows by default), imported through 文件 →
导入问题清单… in the main window (offscreen), inside Qt's event loop as the program runs: each
step's job on its worker thread, its progress dialog, the pages told what changed. Prints how long
each 下一步 takes until the next page is shown. bench_import.py times the model functions alone;
the difference between the two is what the window adds (it found the trace hook called for every
row of an executemany, and progress repainted 20 times a second).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from models.store import Store
    from tests.bench_import import python_speed, write_ledger
    from tests.exchange_books import campaign
    from ui.app import configure_names, install_translations
    from ui.dialogs import messages
    from ui.exchange import wizard as wz
    from ui.main_window import MainWindow

    messages.ask = lambda *a, **k: True            # the year question: yes, as the clerk would
    messages.inform = lambda *a, **k: None
    messages.warn = lambda parent, title, text: print("提示：", text)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    app = QApplication([])
    configure_names()
    install_translations(app)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_ledger(folder / "问题清单.xlsx", n)
        store = Store(folder / "窗口.db")
        cid = campaign(store, 2024)
        window = MainWindow(store, settings=QSettings(str(folder / "设置.ini"), QSettings.Format.IniFormat))
        window.resize(1366, 768)
        window.show()
        window.reload_campaigns(cid)
        speed = python_speed()
        names = {wz.COLUMNS: "读取 → 对应列", wz.UNITS: "整理各行 → 未登记单位", wz.PREVIEW: "检查各行 → 预览",
                 wz.DONE: "导入 → 完成"}
        times: list[tuple[str, float]] = []
        clock = {"step": 0.0, "start": 0.0, "seen": None}

        def start() -> None:
            next(a for a in window.menu("file").actions() if a.text() == "导入问题清单…").trigger()
            wizard = window.import_wizard

            def check() -> None:
                if wizard.runner is not None or wizard.step not in names or clock["seen"] == wizard.step:
                    return
                clock["seen"] = wizard.step
                times.append((names[wizard.step], time.perf_counter() - clock["step"]))
                if wizard.step == wz.DONE:
                    app.quit()
                else:
                    QTimer.singleShot(0, go)

            def go() -> None:
                clock["step"] = time.perf_counter()
                wizard.go_next()

            timer = QTimer(wizard)
            timer.timeout.connect(check)
            timer.start(20)
            wizard.set_file(path)
            clock["start"] = time.perf_counter()
            go()

        QTimer.singleShot(0, start)
        QTimer.singleShot(600_000, app.quit)
        app.exec()
        total = time.perf_counter() - clock["start"]
        count = store.scalar("SELECT count(*) FROM problems")
        window.close()
        store.close()
    print(f"在窗口中导入 {n} 行（导入 {count} 个问题；两核机器，负载 {os.getloadavg()[0]:.1f}）：")
    for name, secs in times:
        print(f"  {name:14} {secs:6.2f} s")
    print(f"  合计           {total:6.2f} s（目标 ≤ 8 s）")
    print(f"  本机此刻的速度：1000 万步的 Python 循环用 {speed:.2f} s")


if __name__ == "__main__":
    main()
