"""Running an export off the GUI thread, with a progress dialog that appears only when it is slow.

Threading decision: the job reads through its OWN read-only connection to the database file
(``export_data.open_reader``), inside one read transaction, so it sees one consistent snapshot
and never waits for (or blocks) the GUI thread's connection and its lock; SQLite's WAL mode lets
the reader run while the user keeps editing. Only an in-memory store (tests) is shared.

Cancel: the dialog's 取消 sets a flag; the writer's next progress call returns False, the writer
raises ``Cancelled`` and ``atomic_path`` removes its temporary file, so nothing is written and an
existing target is untouched.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from models.documents import export_data
from models.documents.atomic import Cancelled, ProgressCallback
from models.store import Store, StoreError

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 400   # quicker jobs finish without any dialog flashing up
JobFunc = Callable[[Store, ProgressCallback], object]


def describe_error(exc: BaseException) -> str:
    """A Chinese sentence for a failed export (file locked by Excel, disk full, no permission…)."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return ("无法写入文件：文件可能正被其他程序（如 Excel、WPS）打开，或没有写入权限。"
                "请关闭该文件后重试，或另存为其他文件名。")
    if isinstance(exc, OSError):
        if getattr(exc, "errno", None) == 28:
            return "磁盘空间已满，文件没有生成。请清理磁盘后重试。"
        return f"无法写入文件：{exc.strerror or exc}"
    return f"导出失败：{exc}"


class ExportThread(QThread):
    """Runs ``func(reader_store, progress)`` once; reports through queued signals."""
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, store: Store, func: JobFunc, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._func = func
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> bool:
        if self._cancel.is_set():
            return False
        self.progressed.emit(int(done), int(total))
        return True

    def run(self) -> None:  # worker thread
        try:
            with export_data.reader(self._store) as reader:
                if self._cancel.is_set():
                    raise Cancelled()
                result = self._func(reader, self._progress)
        except Cancelled:
            self.cancelled.emit()
        except (StoreError, OSError) as exc:
            self.failed.emit(describe_error(exc))
        except Exception as exc:  # a bug: say so in Chinese, keep the traceback in the log
            log.exception("export failed")
            self.failed.emit(describe_error(exc))
        else:
            self.succeeded.emit(result)


class ExportRunner(QObject):
    """One background job with its delayed progress dialog. Keep a reference while it runs."""
    done = Signal()

    def __init__(self, parent: QWidget, store: Store, title: str, func: JobFunc,
                 on_success: Callable[[object], None] | None = None,
                 on_failure: Callable[[str], None] | None = None,
                 on_cancel: Callable[[], None] | None = None):
        super().__init__(parent)
        self.title = title
        self.dialog: QProgressDialog | None = None
        self.outcome = ""            # succeeded | failed | cancelled
        self.thread = ExportThread(store, func, self)
        self._parent = parent
        self._last = (0, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        t = self.thread
        t.progressed.connect(self._on_progress)
        t.succeeded.connect(lambda result: self._finish("succeeded", on_success, result))
        t.failed.connect(lambda message: self._finish("failed", on_failure, message))
        t.cancelled.connect(lambda: self._finish("cancelled", on_cancel))

    def start(self) -> None:
        self._timer.start(SHOW_AFTER_MS)
        self.thread.start()

    def cancel(self) -> None:
        self.thread.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消……")

    def wait(self, ms: int = 10000) -> bool:
        return self.thread.wait(ms)

    def _show_dialog(self) -> None:
        if self.outcome or self.thread.is_cancelled():
            return
        dlg = QProgressDialog(f"正在{self.title}……", "取消", 0, 0, self._parent)
        dlg.setWindowTitle(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setMinimumWidth(380)
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._on_progress(*self._last)
        if self.dialog is dlg:  # the job may have finished while the dialog was being set up
            dlg.show()

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        dlg = self.dialog
        if dlg is None or total <= 0 or self.outcome:
            return
        dlg.setLabelText(f"正在{self.title}……（{done}/{total}）")
        dlg.setMaximum(total)
        dlg.setValue(min(done, total))  # a modal dialog processes events here: the job may finish meanwhile

    def _finish(self, outcome: str, callback, *args) -> None:
        self.outcome = outcome
        self._timer.stop()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if callback is not None:
            callback(*args)
        self.done.emit()
