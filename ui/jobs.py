"""Background jobs: a function runs off the GUI thread, its result comes back on the GUI thread.

The Anki way (``aqt.operations``/``aqt.progress``), cut to what this program needs:

- ``Job(parent, title, func, store=..., connection=...)``; ``func(store, progress)`` runs on a
  plain Python thread. Results, errors and progress come back through queued Qt signals, so
  every callback (``on_success``, ``on_failure``, ``on_cancel``) runs on the GUI thread.
- ``progress(done, total)`` reports and returns True; after 取消 it raises ``Cancelled`` (the
  model's transaction rolls back, ``atomic_path`` removes its temporary file).
  ``progress.cancelled()`` asks without raising.
- A progress dialog with 取消 appears only when the job is still running after
  ``SHOW_AFTER_MS`` (quick jobs never flash one); ``quiet=True`` never shows one.
- Known failures reach ``on_failure`` as one Chinese sentence (``describe_error``); a bug is
  logged and shown as "程序出错" (ui/dialogs/messages.program_error), ``on_failure`` not called.
- Connection: ``READER`` opens a read-only connection to the file, read in one snapshot (the
  GUI keeps its own connection and lock; WAL lets the user go on editing); ``WRITER`` opens a
  second writable connection; ``SHARED`` uses the window's store (restore writes into it).
  An in-memory store has no file and is always shared. An own connection is opened on the GUI
  thread and closed as soon as the job ends.
- Closing the window cancels its running jobs and waits for them (no half files, no thread
  left touching the database while Python shuts down).

The thread is a QThread: jobs that paint (PDF) need Qt's per-thread machinery, which a plain
Python thread lacks. (The abort at exit once blamed on QThreads came from PySide 6.12's leak
of ``None``; see ui/qt_compat.py.)
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from models.documents.atomic import Cancelled
from models.store import Store, StoreError, translate_error
from ui.dialogs import messages

SHOW_AFTER_MS = 400       # read at start(): tests set it to 0 to see the dialog at once
EMIT_EVERY_S = 0.25       # progress reaches the GUI at most this often (and always at the end): each report
# wakes the GUI thread, which takes the GIL from the job while the modal dialog's setValue() repaints
# (20 reports a second cost a 50,000-row import about 1.5 s; 4 a second still move the bar smoothly)
SHARED, READER, WRITER = "shared", "reader", "writer"
SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"


def is_known(exc: BaseException) -> bool:
    """A failure with a Chinese sentence (database, files); anything else is a bug."""
    return isinstance(exc, (StoreError, OSError))


def describe_error(exc: BaseException) -> str:
    """One Chinese sentence for a known failure (database, file locked by Excel/WPS, disk full…)."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return ("无法写入文件：文件可能正被其他程序（如 Excel、WPS）打开，或没有写入权限。"
                "请关闭该文件后重试，或另存为其他文件名。")
    if isinstance(exc, OSError):
        if getattr(exc, "errno", None) == 28:
            return "磁盘空间已满，文件没有生成。请清理磁盘后重试。"
        known = translate_error(exc, getattr(exc, "filename", None))
        return str(known) if known is not None else "无法读写文件。"
    return "程序出错，操作没有完成。"   # not reached for bugs: they go to the "程序出错" box


class Progress:
    """Handed to the job: ``progress(done, total)`` and ``progress.cancelled()``."""

    def __init__(self, job: Job):
        self._job = job
        self._last_emit = 0.0

    def cancelled(self) -> bool:
        return self._job._cancel.is_set()

    def __call__(self, done: int, total: int) -> bool:
        if self._job._cancel.is_set():
            raise Cancelled()
        now = time.monotonic()
        if done >= total or now - self._last_emit >= EMIT_EVERY_S:
            self._last_emit = now
            self._job._emit(self._job.progressed, int(done), int(total))
        return True


class Job(QObject):
    """One background job with its delayed progress dialog. Keep a reference while it runs."""

    progressed = Signal(int, int)
    done = Signal(str)                 # succeeded | failed | cancelled, after the callback ran
    _result = Signal(str, object)      # worker → GUI thread
    _go = Signal()                     # start() → the thread starts once the event loop has run

    def __init__(self, parent: QWidget, title: str, func: Callable[[Store, Progress], object], *,
                 store: Store | None = None, connection: str = SHARED, quiet: bool = False,
                 cancellable: bool = True,
                 on_success: Callable[[object], None] | None = None,
                 on_failure: Callable[[str], None] | None = None,
                 on_cancel: Callable[[], None] | None = None,
                 describe: Callable[[BaseException], str] = describe_error):
        super().__init__(parent)
        self.title = title
        self.outcome = ""
        self.dialog: QProgressDialog | None = None
        self.ran_on: threading.Thread | None = None   # tests check it is not the GUI thread
        self._parent = parent
        self._func = func
        self._store = store
        self._connection = connection
        self._quiet = quiet
        self._cancellable = cancellable
        self._callbacks = {SUCCEEDED: on_success, FAILED: on_failure, CANCELLED: on_cancel}
        self._describe = describe
        self._cancel = threading.Event()
        self._thread: _Thread | None = None
        self._own: Store | None = None
        self._own_lock = threading.Lock()   # cancel() may interrupt while the worker closes it
        self._last = (0, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self.progressed.connect(self._on_progress)
        self._result.connect(self._finish)
        self._go.connect(self._begin, Qt.ConnectionType.QueuedConnection)
        self._pending = False

    # ----- control (GUI thread) -----------------------------------------------------------
    def start(self) -> Job:
        store = self._store
        if store is not None and self._connection != SHARED and str(store.path) != ":memory:":
            try:
                self._own = Store(store.path, read_only=self._connection == READER or store.read_only,
                                  create=False)
                self._own.commit_guard = store.commit_guard   # the window's lock, checked at commit
                self._own.user = store.user   # the 操作人 of this computer, not the file's setting
            except StoreError as exc:
                message = self._describe(exc)
                QTimer.singleShot(0, self, lambda: self._finish(FAILED, message))
                return self
        _guard(self._parent).add(self)
        if not self._quiet:
            self._timer.start(SHOW_AFTER_MS)
        self._thread = _Thread(self._run)     # no parent: it must outlive a deleted window
        # The thread starts from the event loop, after the deletions already scheduled there (the
        # dialog that asked for the job, closed a moment ago). Destroying a Python-made widget takes
        # one of Qt's signal-slot locks and then the GIL; a job that paints holds the GIL inside Qt
        # while it takes such a lock (QTextDocument connects its layout): both at once deadlock.
        self._pending = True
        self._go.emit()
        return self

    def _begin(self) -> None:
        if self._pending:
            self._pending = False
            self._thread.start()

    def cancel(self) -> None:
        if not self._cancellable or self.outcome:
            return
        self._cancel.set()
        with self._own_lock:
            if self._own is not None and self._own.read_only:
                self._own.conn.interrupt()   # a long read stops now, not at its next report
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消……")

    def is_running(self) -> bool:
        return self._thread is not None and not self._thread.isFinished()

    def wait(self, ms: int | None = None) -> bool:
        """Block until the thread ends (True) or ``ms`` pass (False). Results still come queued.
        A job whose thread has not started yet (start() was just called) starts now."""
        self._begin()
        if self._thread is not None and self._thread.isRunning():
            if ms is None:
                self._thread.wait()
            else:
                self._thread.wait(ms)
        return not self.is_running()

    # ----- worker thread ------------------------------------------------------------------
    def _run(self) -> None:
        self.ran_on = threading.current_thread()
        store = self._own or self._store
        snapshot = self._own is not None and self._own.read_only
        try:
            if self._cancel.is_set():
                raise Cancelled()
            if snapshot:
                store.conn.execute("BEGIN")    # one consistent snapshot for the whole job
            result = self._func(store, Progress(self))
            outcome, payload = SUCCEEDED, result
        except Exception as exc:  # noqa: BLE001 (every failure is reported, none escapes the thread)
            if self._cancel.is_set() or isinstance(exc, Cancelled):
                outcome, payload = CANCELLED, None
            else:   # a bug travels as the exception: the GUI thread logs it and shows "程序出错"
                outcome, payload = FAILED, self._describe(exc) if is_known(exc) else exc
        finally:
            if snapshot and store.conn.in_transaction:
                try:
                    store.conn.execute("COMMIT")
                except Exception:  # noqa: BLE001 (an interrupted read has nothing to keep)
                    pass
            self._close_own()   # here, not in _finish: the window may be gone before the result lands
        self._emit(self._result, outcome, payload)

    def _close_own(self) -> None:
        with self._own_lock:
            if self._own is not None:
                self._own.close()
                self._own = None

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:      # the window (and this object) is gone: nobody to tell
            pass

    # ----- GUI thread ---------------------------------------------------------------------
    def _show_dialog(self) -> None:
        if self.outcome or self._cancel.is_set():
            return
        dlg = QProgressDialog(f"正在{self.title}……", "取消" if self._cancellable else "", 0, 0, self._parent)
        dlg.setObjectName("job_progress")
        dlg.setWindowTitle(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setMinimumWidth(400)
        if not self._cancellable:
            dlg.setCancelButton(None)
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._on_progress(*self._last)
        if self.dialog is dlg:   # setValue() of a modal dialog runs the event loop: the job may be done
            dlg.show()

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        dlg = self.dialog
        if dlg is None or total <= 0 or self.outcome:
            return
        dlg.setLabelText(f"正在{self.title}……（{done}/{total}）")
        dlg.setMaximum(total)
        dlg.setValue(min(done, total))

    def _finish(self, outcome: str, payload: object) -> None:
        self.outcome = outcome
        self._timer.stop()
        self.wait()
        self._close_own()
        _guard(self._parent).discard(self)
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        callback = self._callbacks[outcome]
        if isinstance(payload, BaseException):
            messages.program_error(self._parent, payload, self.title)
        elif callback is not None:
            callback(*(() if outcome == CANCELLED else (payload,)))
        self.done.emit(outcome)
        self.deleteLater()


class _Thread(QThread):
    """A QThread (not a Python thread): jobs that paint (PDF) need Qt's per-thread machinery."""

    def __init__(self, target: Callable[[], None]):
        super().__init__()
        self._target = target

    def run(self) -> None:  # worker thread
        self._target()


class _CloseGuard(QObject):
    """Closing the main window cancels its running jobs and waits for their threads."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("job_close_guard")
        self.jobs: set[Job] = set()
        window.installEventFilter(self)

    def add(self, job: Job) -> None:
        self.jobs.add(job)

    def discard(self, job: Job) -> None:
        self.jobs.discard(job)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            stop_all(list(self.jobs))
        return False


def _guard(widget: QWidget) -> _CloseGuard:
    """The guard of the main window (a job started from a dialog belongs to the window below it:
    closing the dialog is the dialog's business, e.g. the restore dialog refuses while it works)."""
    window = widget
    while window.parentWidget() is not None:
        window = window.parentWidget()
    guard = window.findChild(_CloseGuard, "job_close_guard", Qt.FindChildOption.FindDirectChildrenOnly)
    return guard or _CloseGuard(window)


def stop_all(jobs: list[Job], ms: int = 15000) -> None:
    """Cancel the jobs (those that can be) and wait for their threads."""
    for job in jobs:
        job.cancel()
    for job in jobs:
        job.wait(ms)


def run(parent: QWidget, title: str, func: Callable[[Store, Progress], object], **kwargs) -> Job:
    """Create and start a job; keep the returned object while it runs."""
    return Job(parent, title, func, **kwargs).start()
