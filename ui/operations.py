"""The one way a user action reaches the database, and the one place its failures are caught.

A click calls ``Operations.run(title, model_function, …)`` (or ``run_slow`` for work that can
take a while: it goes to a worker thread with its own connection). The model function runs
inside ``Store.action()``: one transaction, begun at its first write, committed at its end,
rolled back on any failure (files copied in for it are removed again). What it wrote comes
back as a ``Changes`` record on ``changed``; the window passes that on as ``data_changed`` and
each page reloads only when a table it shows was written.

Failures: a ``ValidationError`` is the user's to fix (shown on the field or in a box), a
``StoreError`` is a known failure with its Chinese sentence (disk full, read-only, locked…);
anything else is a bug: "程序出错", the traceback in the log file (models/logbook.py).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from models.changes import Changes
from models.store import Store, StoreError, ValidationError
from ui import jobs
from ui.dialogs import messages


class Operations(QObject):
    """Runs user actions for one window. ``changed`` carries each action's ``Changes``."""

    changed = Signal(object)

    def __init__(self, window: QWidget, store: Store):
        super().__init__(window)
        self.setObjectName("operations")
        self.store = store

    @staticmethod
    def of(widget: QWidget, store: Store) -> Operations:
        """The runner of the window ``widget`` sits in (a dialog opened without one gets its own)."""
        top = widget.window()
        while top.parentWidget() is not None:
            top = top.parentWidget().window()
        found = top.findChild(Operations, "operations", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None and found.store is store else Operations(top, store)

    def run(self, title: str, func: Callable, *args, parent: QWidget | None = None,
            invalid: Callable[[ValidationError], bool] | None = None,
            problems: tuple[int, ...] | list[int] = (), **kwargs):
        """Run ``func(*args, **kwargs)`` as one action on this thread; its result, or None when it
        failed (the reason already shown). ``invalid`` may take a ValidationError (a dialog marks
        the field; True = handled). ``problems`` names the problems the action is about."""
        where = parent or self.parent()
        try:
            with self.store.action() as log:
                result = func(*args, **kwargs)
        except ValidationError as exc:
            if invalid is None or not invalid(exc):
                messages.warn(where, title, str(exc))
            return None
        except (StoreError, OSError) as exc:   # known: disk full, read-only, a file open in Excel…
            messages.warn(where, title, jobs.describe_error(exc))
            return None
        except Exception as exc:  # noqa: BLE001 (a bug: logged and shown as one, never a crash)
            messages.program_error(where, exc, title)
            return None
        log.name_problems(problems)
        self.publish(log.frozen())
        return result

    def run_slow(self, title: str, func: Callable, *, parent: QWidget | None = None,
                 on_done: Callable[[object], None] | None = None,
                 on_failure: Callable[[str], None] | None = None,
                 cancellable: bool = False, quiet: bool = False) -> jobs.Job:
        """``func(store, progress)`` on a worker thread with its own writable connection, as one
        action; ``on_done(result)`` then runs on the GUI thread after the pages heard the change."""
        where = parent or self.parent()

        def work(own: Store, progress):
            with own.action() as log:
                result = func(own, progress)
            return result, log.frozen()

        def done(payload) -> None:
            result, changes = payload
            self.publish(changes)
            if on_done is not None:
                on_done(result)

        return jobs.Job(where, title, work, store=self.store, connection=jobs.WRITER, quiet=quiet,
                        cancellable=cancellable, on_success=done,
                        on_failure=_failure(where, title, on_failure)).start()

    def replace_database(self, title: str, func: Callable, *, parent: QWidget | None = None,
                         on_done: Callable[[object], None] | None = None,
                         on_failure: Callable[[str], None] | None = None) -> jobs.Job:
        """The whole database replaced by a backup (从备份恢复, and the restore the full check
        offers): ``func(store, progress)`` — models/safety/restore.restore_into, which ends in
        ``Store.replace_content`` — runs on a worker thread on the window's own store, not a
        connection of its own: the copy goes into the window's connection under its lock, the
        one connection that must see the new content (and a backup of another page size can only
        be taken in when no second connection of ours holds the file). Not an action: there is no
        transaction of ours around it. Every page then hears that everything changed, before
        ``on_done(result)`` runs."""
        where = parent or self.parent()

        def done(result) -> None:
            self.publish(Changes.everything())
            if on_done is not None:
                on_done(result)

        return jobs.Job(where, title, func, store=self.store, connection=jobs.SHARED, quiet=True,
                        cancellable=False, on_success=done,
                        on_failure=_failure(where, title, on_failure)).start()

    def publish(self, changes: Changes) -> None:
        """Tell the pages; an action that wrote nothing says nothing."""
        if changes:
            self.changed.emit(changes)


def _failure(where: QWidget | None, title: str, on_failure: Callable[[str], None] | None) -> Callable[[str], None]:
    """What a slow job does with its Chinese failure message: the caller's handler, or a warning box."""
    return on_failure if on_failure is not None else (lambda message: messages.warn(where, title, message))
