"""Running a slow import step off the GUI thread, with a progress dialog and 取消.

The job gets ``(store, progress, cancelled)``. Jobs that write get their OWN connection to the
database file (``writer=True``): the GUI thread's connection and its lock stay free, so the
window keeps painting and reading while 50,000 rows go in (WAL mode lets readers see the last
committed state). An in-memory store (tests) has no file and is shared. A cancel makes the
model raise ``Cancelled`` inside its transaction, which rolls everything back.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from models.documents.atomic import Cancelled
from models.store import Store, StoreError

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 300
Job = Callable[[Store, Callable[[int, int], None], Callable[[], bool]], object]


class JobThread(QObject):
    """The job on a plain Python thread; results come back through queued signals.

    Not a QThread: an import writing through its own sqlite connection inside a QThread made
    PySide 6.12 abort at interpreter exit (a refcount error while finalising); on a Python
    thread the same job is clean. Signals emitted from it are delivered on the GUI thread."""
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, store: Store, job: Job, writer: bool, parent: QObject | None = None):
        super().__init__(parent)
        self._job = job
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        # The writer's own connection is opened and closed on the GUI thread (JobRunner): a sqlite
        # connection created and dropped inside a QThread made PySide crash at interpreter exit.
        self.own: Store | None = None
        if writer and str(store.path) != ":memory:":
            self.own = Store(store.path, create=False)
        self.job_store = self.own or store
        self.ran_on: object = None   # the thread the job ran on (tests check it is not the GUI's)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="导入后台任务", daemon=True)
        self._thread.start()

    def wait(self, ms: int | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(None if ms is None else ms / 1000)
            return not self._thread.is_alive()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        """Reports progress; after 取消 it stops the job at its next report (reading included)."""
        if self._cancel.is_set():
            raise Cancelled()
        self.progressed.emit(int(done), int(total))

    def run(self) -> None:  # worker thread
        self.ran_on = threading.current_thread()
        try:
            result = self._job(self.job_store, self._progress, self._cancel.is_set)
        except Cancelled:
            self.cancelled.emit()
        except StoreError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so in Chinese, keep the traceback in the log
            log.exception("import job failed")
            self.failed.emit(f"操作失败，数据库未改动：{exc}")
        else:
            self.succeeded.emit(result)


class JobRunner(QObject):
    """One background job with its (delayed) progress dialog. Keep a reference while it runs."""
    finished = Signal(str)   # succeeded | failed | cancelled

    def __init__(self, parent: QWidget, store: Store, title: str, job: Job, *, writer: bool = False,
                 on_success: Callable[[object], None] | None = None,
                 on_failure: Callable[[str], None] | None = None,
                 on_cancel: Callable[[], None] | None = None):
        super().__init__(parent)
        self.title = title
        self.outcome = ""
        self.dialog: QProgressDialog | None = None
        self.thread = JobThread(store, job, writer, self)
        self._parent = parent
        self._last = (0, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self.thread.progressed.connect(self._on_progress)
        self.thread.succeeded.connect(lambda r: self._finish("succeeded", on_success, r))
        self.thread.failed.connect(lambda m: self._finish("failed", on_failure, m))
        self.thread.cancelled.connect(lambda: self._finish("cancelled", on_cancel))

    def start(self) -> None:
        self._timer.start(SHOW_AFTER_MS)
        self.thread.start()

    def cancel(self) -> None:
        self.thread.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消，已做的改动将全部撤回……")

    def _show_dialog(self) -> None:
        if self.outcome:
            return
        dlg = QProgressDialog(f"正在{self.title}……", "取消", 0, 0, self._parent)
        dlg.setObjectName("exchange_progress")
        dlg.setWindowTitle(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setMinimumWidth(400)
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._on_progress(*self._last)
        dlg.show()

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        dlg = self.dialog  # setValue() of a modal progress dialog runs the event loop: _finish may run
        if dlg is not None and total > 0 and not self.outcome:
            dlg.setLabelText(f"正在{self.title}……（{done}/{total}）")
            dlg.setMaximum(total)
            dlg.setValue(min(done, total))

    def _finish(self, outcome: str, callback, *args) -> None:
        self.outcome = outcome
        self._timer.stop()
        self.thread.wait()
        if self.thread.own is not None:
            self.thread.own.close()
            self.thread.own = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if callback is not None:
            callback(*args)
        self.finished.emit(outcome)
