"""Make the pictures of the 使用说明 (resources/help/*.png) from the demo data.

Run under a real window manager at 1366×768, e.g.:
    Xvfb :15 -screen 0 1366x768x24 & DISPLAY=:15 openbox & DISPLAY=:15 python tests/help_pictures.py
Each page is grabbed at 1366×768 and saved 680 px wide (small files that still read on screen).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH = 680
PAGES = (("overview", "总览"), ("ledger", "问题清单"), ("batches", "交办批次"), ("dispatch", "月调度"),
         ("evaluation", "满意度测评"))


def main() -> int:
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from models import demo
    from ui.app import create_app
    from ui.main_window import MainWindow

    app = create_app(sys.argv[:1])
    out = ROOT / "resources" / "help"
    tmp = Path(tempfile.mkdtemp(prefix="help-pictures-"))
    store = demo.create_demo_database(tmp / "演示.db")
    window = MainWindow(store, settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window.settings.setValue("reminders/on_open", "false")
    window.showNormal()
    window.resize(1366, 740)
    shots: list[tuple[str, object]] = []

    def settle() -> None:
        for _ in range(20):
            app.processEvents()

    def grab(name: str, widget) -> None:
        settle()
        picture = widget.grab().scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        picture.save(str(out / f"{name}.png"), "PNG")
        shots.append((name, picture.size()))

    def run() -> None:
        for key, _title in PAGES:
            page = window.show_page(key)
            if key == "ledger":
                page.select_ids([page.model.problem_id(2)])
            grab(key, window)
        ledger = window.show_page("ledger")
        ledger.select_ids([ledger.model.problem_id(0)])
        dialog = window.problem_actions.edit_problem()
        grab("problem_dialog", dialog)
        dialog.done(0)
        for name, size in shots:
            print(f"{name}.png {size.width()}×{size.height()}")
        window.close()
        QApplication.quit()

    QTimer.singleShot(500, run)
    app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
