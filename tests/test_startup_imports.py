"""Opening the window must not import the document, signing or PDF libraries (openpyxl, python-docx,
lxml, PyNaCl, calamine, pypdf, pypdfium2): no export, exchange or import runs at start-up, and
importing them costs a noticeable part of a second. Nor the pages built at their first visit
(交办批次, 月调度, 满意度测评, 专题清单), the 今日提醒 digest (it starts a second after the window
shows), the 交换包 and export code behind the menus."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("openpyxl", "docx", "lxml", "nacl", "python_calamine", "pypdf", "pypdfium2",
         # and what only later pages and menus need: built or loaded at their first use
         "ui.lists.page", "ui.workflow.evaluation_page", "ui.documents.printing", "PySide6.QtPrintSupport",
         "ui.workflow.batches_page", "ui.workflow.dispatch_page", "models.workflow.dispatch",
         "models.workflow.reminders", "ui.workflow.reminders_dialog", "ui.workflow.settings_dialog",
         "ui.sync.actions", "models.sync.units", "models.exchange.unit_names",
         "models.documents.exports", "models.documents.export_data")

SCRIPT = """
import json, sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
tmp = Path(sys.argv[2])

import main  # noqa: F401
import ui.startup  # noqa: F401
from PySide6.QtCore import QSettings
from models.store import Store
from ui.app import create_app
from ui.main_window import MainWindow

app = create_app(sys.argv[:1])
store = Store(tmp / "启动.db")   # made by the test: a new file gets its signing key (PyNaCl) once
window = MainWindow(store, settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
window.show()
app.processEvents()
print(json.dumps({"title": window.windowTitle(), "loaded": [m for m in HEAVY if m in sys.modules]}))
window.close()
store.close()
"""


def test_opening_the_window_imports_no_document_library(tmp_path: Path) -> None:
    from models.campaigns import Campaign, create_campaign
    from models.store import Store

    store = Store(tmp_path / "启动.db")
    create_campaign(store, Campaign(name="养老服务联动监督", year=2026))
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    code = f"HEAVY = {HEAVY!r}\n" + SCRIPT
    done = subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "联动监督问题清单管理系统" in result["title"]
    assert result["loaded"] == []
